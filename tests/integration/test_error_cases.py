"""One small broken dossier per kind of mistake, with the exact messages and positions expected.

Each case starts from the complete fixture dossier and replaces, adds or deletes a few files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

GAZETTE = (Path(__file__).parent.parent / "fixtures/complete/content/sources/gazette-2021-03-04-harbour-fund.txt"
           ).read_text(encoding="utf-8")

CASES = [
    pytest.param(
        {'content/people/ana-lind.yaml': 'name: Ana: Lind\n'},
        1,
        [       'content/people/ana-lind.yaml:1:10: error: invalid YAML: mapping values are not allowed in this '
        "context (a value containing ': ' must be quoted)"],
        id='yaml-syntax',
    ),
    pytest.param(
        {'content/people/ana-lind.yaml': 'name: Ana Lind\naliases:\n\t- Lind\n'},
        1,
        [       'content/people/ana-lind.yaml:3:1: error: invalid YAML: found character that cannot start any token '
        '(YAML does not allow tabs for indentation; use spaces)'],
        id='tab',
    ),
    pytest.param(
        {'content/people/ana-lind.yaml': 'name: Ana Lind\naliases: [Lind]\nname: Anna Lind\n'},
        1,
        [       "content/people/ana-lind.yaml:3:1: error: duplicate key 'name' (first defined at line 1) (remove one "
        'of them; YAML keeps only the last)'],
        id='duplicate-key',
    ),
    pytest.param(
        {'content/people/ana-lind.yaml': 'name: Ana Lind\naliases: [Lind]\nalias: [A. Lind]\n'},
        1,
        ["content/people/ana-lind.yaml:3:1: error: unknown key 'alias' in a person (did you mean 'aliases'?)"],
        id='unknown-key',
    ),
    pytest.param(
        {'content/figures/harbour-fund-loss-2020.yaml': 'name: Money lost\n'},
        1,
        ["content/figures/harbour-fund-loss-2020.yaml:1:1: error: a figure is missing the required key 'unit'"],
        id='missing-key',
    ),
    pytest.param(
        {'content/people/ana-lind.yaml': 'name: [Ana, Lind]\naliases: Lind\n'},
        1,
        [       "content/people/ana-lind.yaml:1:7: error: 'name' must be text, not a list",
        "content/people/ana-lind.yaml:2:10: error: 'aliases' must be a list, not text (write it as a list: "
        '[Lind])'],
        id='wrong-type',
    ),
    pytest.param(
        {'content/people/Ana_Lind.yaml': 'name: Ana Lind\n'},
        1,
        [       "content/people/Ana_Lind.yaml:1:1: error: the file name is not a valid id: 'Ana_Lind' (ids are "
        "lowercase ASCII letters and digits joined by single hyphens, e.g. 'ana-lind')"],
        id='bad-id-stem',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: Extra Claim\n'
                                     '  statement: x\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/claims/extra.yaml:1:7: error: 'id' is not a valid id: 'Extra Claim' (ids are lowercase "
        "ASCII letters and digits joined by single hyphens, e.g. 'extra-claim')"],
        id='bad-claim-id',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: lind-no-money-lost\n'
                                     '  statement: x\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/claims/fund.yaml:1:7: error: duplicate claim id 'lind-no-money-lost' (first defined at "
        'content/claims/extra.yaml:1:7)',
        "content/people/ana-lind.yaml:1:1: warning: person 'ana-lind' is not referenced by any claim, role, "
        'parent or source (add a claim by or about it, or remove it)'],
        id='duplicate-claim-id',
    ),
    pytest.param(
        {'content/agencies/ana-lind.yaml': 'name: Ana Lind Ltd\nkind: other\n'},
        1,
        [       "content/agencies/ana-lind.yaml:1:1: error: agency id 'ana-lind' is also the id of a person (ids "
        'must be unique across people, agencies and figures)'],
        id='collision',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: x\n'
                                     '  by: jonas-brg\n'
                                     '  about: [harbour-fnd, nobody]\n'
                                     '  figure: harbour-loss\n'
                                     '  value: 3\n'
                                     '  supports: [berg-fund-lost-2-milion]\n'
                                     '  disputes: [nope]\n'
                                     '  based_on: [lind-no-money-lost]\n'
                                     '  citations:\n'
                                     '    - source: gazette-2021\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/claims/extra.yaml:3:7: error: claim 'extra' is by unknown person or agency 'jonas-brg' (did "
        "you mean 'jonas-berg'?)",
        "content/claims/extra.yaml:4:11: error: claim 'extra' is about unknown person, agency or figure "
        "'harbour-fnd' (did you mean 'harbour-fund'?)",
        "content/claims/extra.yaml:4:24: error: claim 'extra' is about unknown person, agency or figure "
        "'nobody'",
        "content/claims/extra.yaml:5:11: error: claim 'extra' reports a value of unknown figure "
        "'harbour-loss' (did you mean 'harbour-fund-loss-2020'?)",
        "content/claims/extra.yaml:6:10: warning: value 3 is not stated in its quote, which gives no number "
        "(add `derivation:` to say how it was derived, or cite a passage that states it)",
        "content/claims/extra.yaml:7:14: error: claim 'extra' supports unknown claim "
        "'berg-fund-lost-2-milion' (did you mean 'berg-fund-lost-2-million'?)",
        "content/claims/extra.yaml:8:14: error: claim 'extra' disputes unknown claim 'nope'",
        "content/claims/extra.yaml:11:15: error: claim 'extra' cites unknown source 'gazette-2021'"],
        id='dangling',
    ),
    pytest.param(
        {       'content/agencies/harbour-fund.yaml': 'name: Harbour Fund\nparent: state-audit\n',
        'content/people/ana-lind.yaml': 'name: Ana Lind\n'
                                        'roles:\n'
                                        '  - title: Director\n'
                                        '    agency: harbour-fnd\n'
                                        '    citations:\n'
                                        '      - source: fund-statement-2021-03\n'
                                        '        quote: said director Ana Lind\n'},
        1,
        [       "content/agencies/harbour-fund.yaml:2:9: error: agency 'harbour-fund' has as parent unknown agency "
        "'state-audit' (did you mean 'state-audit-office'?)",
        "content/people/ana-lind.yaml:4:13: error: role of 'ana-lind' names unknown person or agency "
        "'harbour-fnd' (did you mean 'harbour-fund'?)"],
        id='dangling-agency-parent',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: x\n'
                                     '  value: 3\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'
                                     '- id: extra2\n'
                                     '  statement: y\n'
                                     '  figure: harbour-fund-loss-2020\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/claims/extra.yaml:3:10: error: claim gives a 'value' but names no 'figure' (add 'figure: "
        "<figure id>')",
        "content/claims/extra.yaml:3:10: warning: value 3 is not stated in its quote, which gives no number "
        "(add `derivation:` to say how it was derived, or cite a passage that states it)",
        "content/claims/extra.yaml:9:11: error: claim names a figure but gives no 'value' (add 'value: "
        "<number>' or '[low, high]')"],
        id='value-without-figure',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: x\n'
                                     '  figure: harbour-fund-loss-2020\n'
                                     '  value: two million\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'
                                     '- id: extra2\n'
                                     '  statement: y\n'
                                     '  figure: harbour-fund-loss-2020\n'
                                     "  value: '300'\n"
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'
                                     '- id: extra3\n'
                                     '  statement: y\n'
                                     '  figure: harbour-fund-loss-2020\n'
                                     '  value: 2,000,000\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/claims/extra.yaml:4:10: error: 'value' must be a number, not 'two million'",
        "content/claims/extra.yaml:11:10: error: 'value' must be a number, not the text '300' (remove the "
        'quotes)',
        "content/claims/extra.yaml:18:10: error: 'value' must be a number, not '2,000,000' (write it without "
        'thousands separators)'],
        id='non-numeric',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: x\n'
                                     '  figure: harbour-fund-loss-2020\n'
                                     '  value: [5, 1]\n'
                                     '  as_of: [2021, 2020-05]\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/claims/extra.yaml:4:10: error: 'value' range must go from low to high, not [5, 1]",
        "content/claims/extra.yaml:5:10: error: 'as_of' starts after it ends: [2021, 2020-05]"],
        id='bad-range',
    ),
    pytest.param(
        {       'content/agencies/harbour-fund.yaml': 'name: Harbour Fund\nkind: goverment\n',
        'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: x\n'
                                     '  status: disputd\n'
                                     '  figure: harbour-fund-loss-2020\n'
                                     '  value: 1\n'
                                     '  qualifier: roughly\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/agencies/harbour-fund.yaml:2:7: error: unknown kind 'goverment' (did you mean "
        "'government'?)",
        "content/claims/extra.yaml:3:11: error: unknown status 'disputd' (did you mean 'disputed'?)",
        "content/claims/extra.yaml:5:10: warning: value 1 is not stated in its quote, which gives no number "
        "(add `derivation:` to say how it was derived, or cite a passage that states it)",
        "content/claims/extra.yaml:6:14: error: unknown qualifier 'roughly' (one of: exactly, about, more "
        'than, at least, less than, at most, up to)'],
        id='enum',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: x\n'
                                     '  date: 2021-02-30\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'
                                     '- id: extra2\n'
                                     '  statement: x\n'
                                     '  date: 4 March 2021\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'
                                     '- id: extra3\n'
                                     '  statement: x\n'
                                     '  date: 2021-13\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments\n'},
        1,
        [       "content/claims/extra.yaml:3:9: error: 'date' is not a valid date: '2021-02-30' (February 2021 has "
        '28 days)',
        "content/claims/extra.yaml:9:9: error: 'date' must be a date written YYYY-MM-DD, YYYY-MM or YYYY, "
        "not '4 March 2021'",
        "content/claims/extra.yaml:15:9: error: 'date' is not a valid date: '2021-13' (months go from 01 to "
        '12)'],
        id='dates',
    ),
    pytest.param(
        {'content/people/ana-lind.yaml': b'name: Ana Lind\ndescription: caf\xe9 owner\n'},
        1,
        [       'content/people/ana-lind.yaml:2:17: error: byte 0xE9 is not valid UTF-8 (the file looks like '
        'Windows-1252 or Latin-1; save it as UTF-8)'],
        id='non-utf8',
    ),
    pytest.param(
        {'content/people/ana-lind.yaml': '\n  \n'},
        1,
        ['content/people/ana-lind.yaml:1:1: error: file is empty'],
        id='empty',
    ),
    pytest.param(
        {'content/sources/fund-statement-2021-03.md': 'title: x\n---\nbody\n'},
        1,
        [       'content/sources/fund-statement-2021-03.md:1:1: error: source has no front matter (front matter must '
        'start with `---` on the first line; remove what comes before it)'],
        id='no-front-matter',
    ),
    pytest.param(
        {'content/sources/fund-statement-2021-03.md': '---\ntitle: x\nbody\n'},
        1,
        [       'content/sources/fund-statement-2021-03.md:1:1: error: front matter is not closed (end it with a '
        'line containing only ---)'],
        id='unclosed-front-matter',
    ),
    pytest.param(
        {       'content/sources/gazette-2021-03-04-harbour-fund.txt': '---\n'
                                                               'title: t\n'
                                                               'publisher: p\n'
                                                               'date: 2021\n'
                                                               'url: javascript:alert(1)\n'
                                                               'archive_url: ftp://x.example/a\n'
                                                               'language: "en\\"><script>"\n'
                                                               '---\n'
                                                               'The Harbour Fund lost about 2 '
                                                               'million euros in 2020, the state '
                                                               'auditor Jonas Berg said.\n'},
        1,
        [       "content/people/mira-holt.yaml:1:1: warning: person 'mira-holt' is not referenced by any claim, "
        'role, parent or source (add a claim by or about it, or remove it)',
        "content/sources/gazette-2021-03-04-harbour-fund.txt:5:6: error: 'url' must be an http or https URL, "
        "not 'javascript:alert(1)'",
        "content/sources/gazette-2021-03-04-harbour-fund.txt:6:14: error: 'archive_url' must be an http or "
        "https URL, not 'ftp://x.example/a'",
        "content/sources/gazette-2021-03-04-harbour-fund.txt:7:11: error: 'language' must be a language tag "
        "such as 'en' or 'kk-Cyrl', not 'en\"><script>'"],
        id='url',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: x\n'
                                     '  citations:\n'
                                     '    - source: fund-statement-2021-03\n'
                                     '      quote: All payments were documented, said director '
                                     'Anna Lind.\n'},
        1,
        [       "content/claims/extra.yaml:5:14: error: quote not found in source 'fund-statement-2021-03'; closest "
        'passage: "2020. All payments were documented, said director Ana Lind" (the quote differs where marked '
        '[quote→source]: "… documented, said director An[n→]a Lind.")'],
        id='quote-not-found',
    ),
    pytest.param(
        {       'content/claims/x.md': '# hi\n',
        'content/notes.txt': 'hello\n',
        'content/people/x.yml': 'name: X\n',
        'content/peoples/x.yaml': 'name: X\n'},
        1,
        [       'content/claims/x.md:1:1: error: files in content/claims/ must end in .yaml (source documents go in '
        'content/sources/)',
        'content/notes.txt:1:1: error: file outside the record folders is not read (move it into one of: '
        'sources/, people/, agencies/, figures/, claims/, captures/)',
        'content/people/x.yml:1:1: error: files in content/people/ must end in .yaml (rename it to .yaml)',
        "content/peoples:1:1: error: unknown folder 'peoples' in content (did you mean 'people'?)"],
        id='wrong-place',
    ),
    pytest.param(
        {       'content/people/ana-lind.yaml': 'name: !!python/object/apply:os.system [touch '
                                        '/tmp/pwned]\n',
        'content/people/jonas-berg.yaml': 'name: &n Jonas\naliases: [*n]\n'},
        1,
        [       'content/people/ana-lind.yaml:1:7: error: YAML tags (!!python/object/apply:os.system) are not '
        "allowed (remove the tag; values are typed by the dossier's schema)",
        'content/people/jonas-berg.yaml:1:7: error: YAML anchors (&n) are not allowed (write each value out '
        'in full)'],
        id='tags-alias',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n'
                                     '  statement: <b>bold</b> and [x](javascript:alert(1))\n'
                                     '  citations:\n'
                                     '    - source: gazette-2021-03-04-harbour-fund\n'
                                     '      quote: Berg\n',
        'content/figures/unused.yaml': 'name: Unused\nunit: things\n',
        'content/people/ana-lind.yaml': 'name: Ana Lind\n'
                                        'aliases: [Berg]\n'
                                        'roles:\n'
                                        '  - title: Director\n'
                                        '    agency: harbour-fund\n'
                                        '    citations:\n'
                                        '      - source: fund-statement-2021-03\n'
                                        '        quote: said director Ana Lind\n',
        'content/sources/unused.txt': '---\ntitle: t\npublisher: p\ndate: 2021\n---\ntext\n'},
        0,
        [       "content/claims/extra.yaml:2:14: warning: link to 'javascript:alert(1)' is not allowed (only http, "
        'https, mailto and relative links are)',
        "content/claims/extra.yaml:2:14: warning: raw HTML '</b>' is not allowed (it is shown as text, not "
        'rendered; use Markdown instead)',
        "content/claims/extra.yaml:2:14: warning: raw HTML '<b>' is not allowed (it is shown as text, not "
        'rendered; use Markdown instead)',
        'content/claims/extra.yaml:5:14: warning: quote occurs more than once in source '
        "'gazette-2021-03-04-harbour-fund'; citations link to the first (quote a longer passage so that it "
        'is unique)',
        "content/figures/unused.yaml:1:1: warning: figure 'unused' is not referenced by any claim, role, "
        'parent or source (add a claim by or about it, or remove it)',
        "content/people/jonas-berg.yaml:2:11: warning: 'Berg' names both 'ana-lind' and 'jonas-berg' "
        '(mentions of it cannot be linked; keep it on one of them)',
        "content/sources/unused.txt:1:1: warning: source 'unused' is not cited by any claim or role"],
        id='warnings',
    ),
    pytest.param(
        {       'content/claims/extra.yaml': '- id: extra\n  statement: x\n  figure: harbour-fund-loss-2020\n'
                                     '  value: ' + '9' * 5000 + '\n  citations:\n'
                                     '    - source: fund-statement-2021-03\n      quote: said director Ana Lind\n'},
        1,
        ["content/claims/extra.yaml:4:10: error: 'value' is written with 5,000 characters; a number has at most 40 "
         "(and is at most 10^18) (give the figure a larger unit, such as 'billion euros')"],
        id='number-too-long',
    ),
    pytest.param(
        {'content/people/mira-holt.yaml': 'name: ' + 'M' * 600 + '\n'},
        1,
        ["content/people/mira-holt.yaml:1:7: error: 'name' is 600 characters long; it may have at most 500 (names, "
         "titles and other short fields have at most 500 characters; put more in a description or note)"],
        id='text-too-long',
    ),
    pytest.param(
        {'content/sources/gazette-2021-03-04-harbour-fund.txt': GAZETTE.replace('rejected the', 'rejected\u202e the')},
        1,
        ['content/sources/gazette-2021-03-04-harbour-fund.txt:12:40: error: the text contains the invisible bidi '
         'control U+202E (right-to-left override) (bidi controls can make text display differently from what it '
         'says; remove it)'],
        id='bidi-in-text-body',
    ),
    pytest.param(
        {'content/sources/fund-statement-2021-03.md': '---\ntitle: t\npublisher: p\ndate: 2021\n---\n'
                                                      'The Harbour Fund **did not lose** any money in 2020.\n'
                                                      'All payments were *documented*, said director Ana Lind.\n\n'
                                                      'See `<!--` and\n\n    <!-- code\n\n'
                                                      'The loss the auditor reports is at most 0.5 million euros '
                                                      '<!-- private -->.\n'},
        0,
        ['content/sources/fund-statement-2021-03.md:13:59: warning: HTML comment is removed, never published'],
        id='comment-in-code-kept',
    ),
    pytest.param(
        {       'content/agencies/state-audit-office.yaml': 'name: NO\n'
                                                    'short_name: 01234\n'
                                                    'country: 10:00\n'
                                                    'kind: government\n'},
        0,
        [],
        id='norway',
    ),
]


@pytest.mark.parametrize(("files", "exit_code", "expected"), CASES)
def test_check_reports_each_mistake_at_its_position(dossier, cli, files, exit_code, expected):
    run = cli("check", cwd=dossier(files))
    assert run.lines == expected
    assert run.code == exit_code
    assert "Traceback" not in run.err
