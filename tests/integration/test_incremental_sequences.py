"""Sequences of edits (shared quotes, moved lines, failures and reverts, duplicate ids, the no-change
shortcut) whose rebuilds in one kept Builder must equal full builds, diagnostics included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.dossiers import REPO, assert_same_tree, fresh_copy, full_build, full_check, tree
from support.edits import CLAIMS, SAMPLE_EDITS, Edit, delete, edited, replace, write

from generator.build import Builder, build

OVER_300 = "abykayev-over-300-kazakhs-in-is"
ROLE_QUOTE = "The chairman of the National Security Committee of Kazakhstan Nurtai Abykayev"
SECOND_QUOTE = "quote: 'gave the number of Kazakhs in the ranks of the Islamic State – more than 300'"
WOMEN_QUOTE = "'And half of those three hundred are women'"
FIGURE_ORIGINS = "content/claims/figure-origins.yaml"


def run(sample: Path, tmp_path: Path, steps, hinted: bool, defer: bool = False) -> list[str]:
    """Build, then make each edit and rebuild with one kept Builder, comparing each rebuild with a
    full build of the same files; returns the outcome of each step ("ok" / "failed")."""
    builder = Builder(sample / "config.yaml", defer_data=defer)
    first = builder.build()
    assert first.report is not None, [d.format() for d in first.checked.diagnostics]
    outcomes = []
    for number, edit in enumerate(steps):
        changed = edited(sample, edit)
        result = builder.build(changed=changed if hinted else None)
        if result.finish is not None:
            result.finish()
        got = [d.format() for d in result.checked.diagnostics]
        expected, site = fresh(sample, tmp_path)
        assert got == expected, f"diagnostics differ after step {number}"
        assert (result.report is not None) == (site is not None), f"outcome differs after step {number}"
        if result.report is not None:
            assert_same_tree(tree(sample / "site"), site, f"the site differs from a full build after step {number}")
            outcomes.append("ok")
        else:
            outcomes.append("failed")
    return outcomes


def fresh(root: Path, tmp: Path) -> tuple[list[str], dict[str, bytes] | None]:
    """The diagnostics and the site (None when it fails) of a full build of a copy of `root`."""
    copy = fresh_copy(root, tmp / "fresh")
    result = build(copy / "config.yaml")
    return [d.format() for d in result.checked.diagnostics], tree(copy / "site") if result.report else None


def both(test):
    return pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told"])(test)


def there_and_back(relative: str, old: str, new: str) -> list[Edit]:
    """An edit and the edit that takes it back."""
    return [replace(relative, old, new), replace(relative, new, old)]


# --- content that becomes unreadable ----------------------------------------------------------------

@both
def test_a_claims_file_with_broken_yaml_reports_what_a_full_check_reports(sample, tmp_path, hinted):
    steps = [replace(CLAIMS, "value: 300", "value: [300"), replace(CLAIMS, "value: [300", "value: 300")]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "ok"]


@both
def test_a_person_file_with_broken_yaml_reports_what_a_full_check_reports(sample, tmp_path, hinted):
    person = "content/people/sergei-strelnikov.yaml"
    steps = [lambda root: (root / person).write_text("name: [broken\n"),
             lambda root: (root / person).write_text((REPO / person).read_text())]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "ok"]


@both
def test_a_claims_file_emptied_and_refilled(sample, tmp_path, hinted):
    text = (sample / CLAIMS).read_text()
    steps = [lambda root: (root / CLAIMS).write_text(""), lambda root: (root / CLAIMS).write_text(text)]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "ok"]


# --- quotes shared and unshared -------------------------------------------------------------------

@both
def test_a_claim_quote_becomes_a_role_quote_and_back(sample, tmp_path, hinted):
    shared = f"quote: '{ROLE_QUOTE}'"
    steps = [replace(CLAIMS, SECOND_QUOTE, shared), replace(CLAIMS, shared, SECOND_QUOTE)]
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


@both
def test_a_claim_quote_becomes_another_claims_quote_and_back(sample, tmp_path, hinted):
    shared = f"quote: {WOMEN_QUOTE}"
    steps = [replace(CLAIMS, SECOND_QUOTE, shared), replace(CLAIMS, shared, SECOND_QUOTE)]
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


@both
def test_the_other_claim_drops_a_shared_quote(sample, tmp_path, hinted):
    shared = f"quote: {WOMEN_QUOTE}"
    steps = [replace(CLAIMS, SECOND_QUOTE, shared),
             replace(CLAIMS, f"quote: {WOMEN_QUOTE}\n    - source: tengrinews-2014-11-20-300-kazakhstanis\n"
                             "      quote: 'Half of them are women, Tengrinews reports.'",
                     "quote: 'Half of them are women, Tengrinews reports.'"),
             replace(CLAIMS, shared, SECOND_QUOTE)]
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok", "ok"]


@both
def test_a_claim_cites_the_same_quote_twice_then_once(sample, tmp_path, hinted):
    twice = (SECOND_QUOTE + "\n    - source: tengrinews-2014-11-20-300-kazakhstanis\n      " + SECOND_QUOTE)
    steps = there_and_back(CLAIMS, SECOND_QUOTE, twice)
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


@both
def test_a_quote_made_ambiguous_and_back(sample, tmp_path, hinted):
    """An ambiguous quote is a warning (citations link to its first occurrence): both builds succeed."""
    steps = there_and_back(CLAIMS, "quote: 'Half of them were women.'", "quote: 'Islamic State'")
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


# --- references changed ------------------------------------------------------------------------------

@both
def test_by_about_figure_changes(sample, tmp_path, hinted):
    steps = [replace(CLAIMS, "by: nurtai-abykayev\n  about: [knb, islamic-state]",
                     "by: sergei-strelnikov\n  about: [knb, islamic-state, dinara-urazova]"),
             replace(CLAIMS, "figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than",
                     "figure: kazakh-women-in-is\n  value: 300\n  qualifier: more than"),
             replace(CLAIMS, "by: sergei-strelnikov\n  about: [knb, islamic-state, dinara-urazova]",
                     "by: nurtai-abykayev\n  about: [knb, islamic-state]"),
             replace(CLAIMS, "figure: kazakh-women-in-is\n  value: 300\n  qualifier: more than",
                     "figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than")]
    assert run(sample, tmp_path, steps, hinted) == ["ok"] * 4


def _claim_referencing(root: Path, person: str) -> tuple[Path, str]:
    for path in sorted((root / "content" / "claims").glob("*.yaml")):
        text = path.read_text()
        if f"by: {person}" in text:
            return path, f"by: {person}"
        if person in text:
            return path, person
    raise AssertionError(person)


@both
def test_the_only_reference_to_a_person_goes_and_comes_back(sample, tmp_path, hinted):
    path, written = _claim_referencing(sample, "sergei-strelnikov")
    relative = path.relative_to(sample).as_posix()
    gone = written.replace("sergei-strelnikov", "tantv") if written.startswith("by:") else "tantv"
    assert run(sample, tmp_path, there_and_back(relative, written, gone), hinted) == ["ok", "ok"]


@both
def test_an_unreferenced_entity_becomes_referenced_and_back(sample, tmp_path, hinted):
    steps = there_and_back(CLAIMS, "about: [knb, islamic-state]", "about: [knb, islamic-state, sofia-state-university]")
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


@pytest.mark.parametrize("defer", [False, True], ids=["whole", "pages first"])
@both
def test_a_name_in_markdown_and_source_texts_comes_goes_and_goes_with_its_entity(sample, tmp_path, hinted, defer):
    """"Syria" is in claims' statements, a person's description and source texts: an agency of that
    name links its mentions; an alias of it taken out is looked for in every text, while the
    texts that linked an agency deleted are known from what they read (text/mentions.gone_names)."""
    agency = "content/agencies/zz-syria.yaml"
    steps = [write(agency, "name: Syria\n"), delete(agency),
             write(agency, "name: Syrian Arab Republic\naliases: [Syria]\n"),
             write(agency, "name: Syrian Arab Republic\n"), write(agency, "name: Syria\n"), delete(agency)]
    assert run(sample, tmp_path, steps, hinted, defer) == ["ok"] * len(steps)


@both
def test_supports_disputes_based_on_added_and_removed(sample, tmp_path, hinted):
    steps = [replace(CLAIMS, "likely}\n  note: >-\n    The figure",
                     "likely}\n"
                     "  supports: [knb-recruiters-radicalise-young-people]\n"
                     "  disputes: [knb-self-radicalisation-online]\n  note: >-\n    The figure"),
             replace(CLAIMS, "  disputes: [knb-self-radicalisation-online]\n", ""),
             replace(CLAIMS, "  supports: [knb-recruiters-radicalise-young-people]\n", "")]
    assert run(sample, tmp_path, steps, hinted) == ["ok"] * 3


CYCLE = (replace(CLAIMS, "  qualifier: about\n  status: disputed\n  note: >-\n    RFE/RL's summary",
                 "  qualifier: about\n  status: disputed\n  based_on: [knb-self-radicalisation-online]\n"
                 "  note: >-\n    RFE/RL's summary"),
         replace(CLAIMS, "- id: knb-self-radicalisation-online\n",
                 "- id: knb-self-radicalisation-online\n  based_on: [knb-around-300-kazakhs-in-is]\n"))
LINE_ABOVE = replace(CLAIMS, "    More than 300 Kazakh nationals are fighting in the ranks of the Islamic\n",
                     "    More than 300 Kazakh nationals are fighting in the ranks\n    of the Islamic\n")


@both
def test_a_based_on_cycle_then_lines_shift_above_it(sample, tmp_path, hinted):
    """A cycle error; an edit that moves the cycle's claims down a line; then the cycle undone."""
    steps = [lambda root: [edit(root) for edit in CYCLE], LINE_ABOVE,
             replace(CLAIMS, "  based_on: [knb-around-300-kazakhs-in-is]\n", "")]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "failed", "ok"]


@both
def test_a_claim_error_then_lines_shift_above_it(sample, tmp_path, hinted):
    """A claim's own error below an edit that adds a line."""
    steps = [replace(CLAIMS, "by: knb\n  date: 2014-11", "by: knb-nope\n  date: 2014-11"), LINE_ABOVE]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "failed"]


def test_a_based_on_cycle_entered_from_a_claim_with_a_smaller_id_is_reported(sample, tmp_path):
    """Not incremental: a full check of a based_on cycle that a claim with a smaller id leads into."""
    video = "content/claims/figure-origins.yaml"
    replace(video, "- id: video-2013-around-150-kazakh-militants\n",
            "- id: video-2013-around-150-kazakh-militants\n  based_on: [" + OVER_300 + "]\n")(sample)
    assert any("ref.cycle" in d or "based on each other" in d for d in full_check(sample, tmp_path))


def _find_claim_file(root: Path, needle: str) -> str:
    for path in sorted((root / "content" / "claims").glob("*.yaml")):
        if needle in path.read_text():
            return path.relative_to(root).as_posix()
    raise AssertionError(needle)


@both
def test_dates_removed_and_changed(sample, tmp_path, hinted):
    steps = [replace(CLAIMS, "  date: 2014-11-18\n  figure: kazakh-nationals-in-is",
                     "  figure: kazakh-nationals-in-is"),
             replace(CLAIMS, "  figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than",
                     "  date: 2012\n  figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than"),
             replace(CLAIMS, "  date: 2012\n", "  date: 2014-11-18\n  as_of: 2013\n"),
             replace(CLAIMS, "  as_of: 2013\n", "")]
    assert run(sample, tmp_path, steps, hinted) == ["ok"] * 4


@both
def test_a_disputing_claim_dated_later(sample, tmp_path, hinted):
    steps = there_and_back(FIGURE_ORIGINS, "  date: 2014-11\n  disputes:", "  date: 2019-01\n  disputes:")
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


# --- ids: order, duplicates ------------------------------------------------------------------------

def _swap_first_two_claims(root: Path) -> None:
    path = root / CLAIMS
    text = path.read_text()
    head, *claims = text.split("\n- id: ")
    claims[0], claims[1] = claims[1].rstrip("\n") + "\n", claims[0].rstrip("\n") + "\n"
    path.write_text("\n- id: ".join([head, *claims]))


@both
def test_claims_reordered_in_their_file(sample, tmp_path, hinted):
    steps = [_swap_first_two_claims, SAMPLE_EDITS["claim-value"], _swap_first_two_claims]
    assert run(sample, tmp_path, steps, hinted) == ["ok"] * 3


@both
def test_a_duplicate_id_appears_and_disappears(sample, tmp_path, hinted):
    other = "content/claims/figure-origins.yaml"
    first_id = (sample / other).read_text().split("- id: ", 1)[1].split("\n", 1)[0]
    steps = [replace(other, f"- id: {first_id}\n", f"- id: {OVER_300}\n"),
             SAMPLE_EDITS["claim-value"],
             replace(other, f"- id: {OVER_300}\n", f"- id: {first_id}\n"),
             SAMPLE_EDITS["claim-statement"]]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "failed", "ok", "ok"]


@both
def test_a_duplicate_id_in_the_same_file_appears_and_disappears(sample, tmp_path, hinted):
    dup = "- id: knb-around-300-kazakhs-in-is\n"
    steps = [replace(CLAIMS, "- id: abykayev-half-of-kazakhs-in-is-are-women\n", dup),
             replace(CLAIMS, "value: 150", "value: 151"),
             replace(CLAIMS, "value: 151", "value: 150"),
             lambda root: (root / CLAIMS).write_text((REPO / CLAIMS).read_text()),
             SAMPLE_EDITS["claim-value"]]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "failed", "failed", "ok", "ok"]


@both
def test_an_entity_id_collides_then_not(sample, tmp_path, hinted):
    steps = [lambda root: shutil.copy(root / "content/people/sergei-strelnikov.yaml",
                                      root / "content/agencies/sergei-strelnikov.yaml"),
             SAMPLE_EDITS["claim-value"],
             delete("content/agencies/sergei-strelnikov.yaml"),
             SAMPLE_EDITS["claim-statement"]]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "failed", "ok", "ok"]


# --- failures and reverts ----------------------------------------------------------------------------

BROKEN_QUOTE = replace(CLAIMS, "quote: 'said that \"over 300\" Kazakh militants in Islamic State'",
                       "quote: 'said that \"over 900\" Kazakh militants in Islamic State'")
FIXED_QUOTE = replace(CLAIMS, "\"over 900\"", "\"over 300\"")


@both
def test_edits_accumulated_across_failed_builds(sample, tmp_path, hinted):
    steps = [SAMPLE_EDITS["claim-value"], BROKEN_QUOTE,
             replace(CLAIMS, "by: nurtai-abykayev\n  about: [knb, islamic-state]", "by: knb\n  about: [islamic-state]"),
             SAMPLE_EDITS["claim-dated-later"],
             replace(CLAIMS, "about: [islamic-state]\n  date: 2015-06-01", "about: [knb-bogus]\n  date: 2015-06-01"),
             FIXED_QUOTE,
             replace(CLAIMS, "about: [knb-bogus]", "about: [islamic-state]")]
    assert run(sample, tmp_path, steps, hinted)[-1] == "ok"


@both
def test_an_edit_then_a_failure_then_its_revert(sample, tmp_path, hinted):
    steps = [SAMPLE_EDITS["claim-quote-shortened"], BROKEN_QUOTE, FIXED_QUOTE,
             replace(CLAIMS, "quote: 'gave the number of Kazakhs in the ranks of the Islamic State'",
                     "quote: 'gave the number of Kazakhs in the ranks of the Islamic State – more than 300'")]
    assert run(sample, tmp_path, steps, hinted) == ["ok", "failed", "ok", "ok"]


@both
def test_unknown_reference_then_revert_of_a_shared_quote(sample, tmp_path, hinted):
    shared = f"quote: '{ROLE_QUOTE}'"
    steps = [replace(CLAIMS, SECOND_QUOTE, shared), replace(CLAIMS, "by: nurtai-abykayev", "by: nobody-known"),
             replace(CLAIMS, shared, SECOND_QUOTE), replace(CLAIMS, "by: nobody-known", "by: nurtai-abykayev")]
    assert run(sample, tmp_path, steps, hinted)[-1] == "ok"


@both
def test_a_person_edit_while_a_claim_is_broken(sample, tmp_path, hinted):
    steps = [BROKEN_QUOTE, SAMPLE_EDITS["person-renamed"], SAMPLE_EDITS["claim-value"], FIXED_QUOTE]
    assert run(sample, tmp_path, steps, hinted)[-1] == "ok"


@both
def test_deferred_data_across_failures(sample, tmp_path, hinted):
    steps = [SAMPLE_EDITS["claim-value"], BROKEN_QUOTE, SAMPLE_EDITS["claim-added"], FIXED_QUOTE,
             SAMPLE_EDITS["claim-basis-dropped"]]
    assert run(sample, tmp_path, steps, hinted, defer=True)[-1] == "ok"


def _custom_card_template(root: Path) -> None:
    """A project template that fails for an undated claim (a content-dependent template error)."""
    partial = root / "templates" / "partials" / "claim.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    text = (REPO / "templates" / "partials" / "claim.html").read_text()
    partial.write_text("{% if not claim.date %}{{ claim.date.year.nope() }}{% endif %}" + text)


@pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told"])
def test_a_content_dependent_template_error_then_another_edit(sample, tmp_path, hinted):
    _custom_card_template(sample)
    undated = replace(CLAIMS, "  date: 2014-11-18\n  figure: kazakh-nationals-in-is",
                      "  figure: kazakh-nationals-in-is")
    redated = replace(CLAIMS, "  figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than",
                      "  date: 2013-01-01\n  figure: kazakh-nationals-in-is\n  value: 300\n  qualifier: more than")
    outcomes = run(sample, tmp_path, [undated, redated, SAMPLE_EDITS["claim-value"]], hinted)
    assert outcomes == ["failed", "ok", "ok"]


# --- the no-change shortcut -----------------------------------------------------------------------

def _cli_build(cli, root: Path):
    return cli("build", cwd=root)


def test_the_shortcut_after_a_stray_file_in_assets(sample, tmp_path, cli):
    assert _cli_build(cli, sample).code == 0
    (sample / "site" / "assets" / "stray.css").write_text("left over")
    again = _cli_build(cli, sample)
    assert "nothing changed" not in again.err, "a stray file is pruned"
    assert not (sample / "site" / "assets" / "stray.css").exists()


def test_a_stray_file_in_a_page_folder_is_left_by_the_shortcut_and_pruned_by_the_next_real_build(
        sample, tmp_path, cli):
    """Documented in the README: a page's own folder is not checked by the no-change shortcut
    (one more stat per page would double its cost)."""
    assert _cli_build(cli, sample).code == 0
    stray = sample / "site" / "people" / "sergei-strelnikov" / "stray.html"
    stray.write_text("left over")
    assert "nothing changed" in _cli_build(cli, sample).err
    SAMPLE_EDITS["claim-value"](sample)
    assert _cli_build(cli, sample).code == 0
    assert not stray.exists()
    marker = {".dossier-site": (sample / "site" / ".dossier-site").read_bytes()}
    assert_same_tree(tree(sample / "site"), full_build(sample, tmp_path) | marker, "differs from a full build")


def test_the_shortcut_after_a_page_folder_removed_by_hand(sample, tmp_path, cli):
    assert _cli_build(cli, sample).code == 0
    shutil.rmtree(sample / "site" / "people" / "sergei-strelnikov")
    assert "nothing changed" not in _cli_build(cli, sample).err
    assert (sample / "site" / "people" / "sergei-strelnikov" / "index.html").is_file()


def test_the_shortcut_after_a_hand_edit_keeping_size_and_mtime(sample, tmp_path, cli):
    import os
    assert _cli_build(cli, sample).code == 0
    page = sample / "site" / "people" / "index.html"
    info = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Sergei", b"Sxrgei"))
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    _cli_build(cli, sample)
    assert page.read_bytes() == data


def test_the_shortcut_after_a_data_file_edit(sample, tmp_path, cli):
    assert _cli_build(cli, sample).code == 0
    data = sample / "site" / "dossier.json"
    original = data.read_bytes()
    data.write_bytes(original + b" ")
    assert "nothing changed" not in _cli_build(cli, sample).err
    assert data.read_bytes() == original


# --- positions of records that compare equal ------------------------------------------------------

AMBIGUOUS = replace(CLAIMS, "quote: 'Half of them were women.'", "quote: 'Islamic State'")


@both
def test_a_warning_below_a_line_added_above(sample, tmp_path, hinted):
    """The build succeeds (a warning), so the stale line is what the user is shown."""
    steps = [AMBIGUOUS, LINE_ABOVE]
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


@both
def test_a_comment_line_added_at_the_top_of_a_claims_file_with_a_warning(sample, tmp_path, hinted):
    steps = [AMBIGUOUS, lambda root: (root / CLAIMS).write_text("# one more line\n" + (root / CLAIMS).read_text())]
    assert run(sample, tmp_path, steps, hinted) == ["ok", "ok"]


@both
def test_a_line_shift_then_a_source_edit_that_breaks_a_quote_below_it(sample, tmp_path, hinted):
    """The claims keep their old positions into later builds, even full resolves."""
    source = "content/sources/tengrinews-2014-11-20-300-kazakhstanis.txt"
    steps = [LINE_ABOVE, replace(source, "self-radicalization", "self-radicalisation")]
    assert run(sample, tmp_path, steps, hinted) == ["ok", "failed"]


@both
def test_a_comment_line_added_to_a_person_with_a_role_error(sample, tmp_path, hinted):
    person = "content/people/nurtai-abykayev.yaml"
    steps = [replace(person, "agency: knb", "agency: knb-nope"),
             lambda root: (root / person).write_text("# a comment\n" + (root / person).read_text())]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "failed"]


@both
def test_broken_yaml_then_another_file_then_the_fix_builds_like_a_full_build(sample, tmp_path, hinted):
    """Only the final build is compared: the build after the file becomes readable again."""
    builder = Builder(sample / "config.yaml")
    builder.build()
    for edit in (replace(CLAIMS, "value: 300", "value: [300"), SAMPLE_EDITS["person-renamed"],
                 replace(FIGURE_ORIGINS, "value: 150", "value: 151")):
        changed = edited(sample, edit)
        assert builder.build(changed=changed if hinted else None).report is None
    changed = edited(sample, replace(CLAIMS, "value: [300", "value: 320"))
    result = builder.build(changed=changed if hinted else None)
    expected, site = fresh(sample, tmp_path)
    assert [d.format() for d in result.checked.diagnostics] == expected
    assert tree(sample / "site") == site


@both
def test_a_quote_error_in_a_second_citation_then_a_comment_line_between_the_citations(sample, tmp_path, hinted):
    """Only a citation moves, not the claim's own fields: the error must follow it."""
    broken = replace(CLAIMS, "quote: 'said that \"over 300\" Kazakh militants in Islamic State'",
                     "quote: 'said that \"over 900\" Kazakh militants in Islamic State'")
    comment = replace(CLAIMS, "    - source: rferl-2014-11-150-kazakh-women\n      quote: 'said that",
                      "    # a comment line\n    - source: rferl-2014-11-150-kazakh-women\n      quote: 'said that")
    assert run(sample, tmp_path, [broken, comment], hinted) == ["failed", "failed"]


@both
def test_a_claim_read_in_part_edited_again_reports_what_a_full_check_reports(sample, tmp_path, hinted):
    partial = replace(CLAIMS, "  qualifier: more than\n  status: disputed", "  qualifier: more than\n  status: wrong")
    unknown_speaker = replace(CLAIMS, "  by: nurtai-abykayev\n  about: [knb, islamic-state]\n  date: 2014-11-18",
                              "  by: nobody-known\n  about: [knb, islamic-state]\n  date: 2014-11-18")
    steps = [partial, unknown_speaker, replace(CLAIMS, "by: nobody-known", "by: nurtai-abykayev"),
             replace(CLAIMS, "status: wrong", "status: disputed")]
    assert run(sample, tmp_path, steps, hinted) == ["failed", "failed", "failed", "ok"]
