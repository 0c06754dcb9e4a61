"""Claims read as a fact-checker reads them (docs/content.md, "Claims"): values traced to their quotes,
revisions, independent support, hedged relations, and every mistake of a claim reported at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.build import check
from generator.site import conflicts

BREACH = ("---\ntitle: Retailer breached\npublisher: The Coastal Gazette\ndate: 2014-09-02\nkind: news\n---\n"
          "Hackers obtained 209,000 U.S. credit card numbers from the retailer, the company said.\n\n"
          "The company said more than 300 stores were affected.\n\n"
          "Later it said 56 million cards were exposed.\n\n"
          "In its last count it said 60 million cards were exposed.\n\n"
          "Card numbers were obtained by hackers over several months.\n")
CARDS = "name: Credit card numbers stolen\nunit: cards\n"
BASE = {"content/sources/breach.txt": BREACH, "content/figures/cards-stolen.yaml": CARDS}


def claim(claim_id: str, quote: str, *lines: str, by: str = "jonas-berg", source: str = "breach") -> str:
    """One claim as YAML: its extra `lines` (already indented) go before the citation."""
    body = "".join(f"  {line}\n" for line in lines)
    return (f"- id: {claim_id}\n  statement: s\n  by: {by}\n  date: 2014-09\n{body}"
            f"  citations:\n    - source: {source}\n      quote: '{quote}'\n")


def run_check(cli, dossier, *claims: str, extra: dict[str, str] | None = None):
    files = {**BASE, "content/claims/probe.yaml": "\n".join(claims), **(extra or {})}
    return cli("check", cwd=dossier(files))


def probe_lines(run) -> list[str]:
    return [line for line in run.lines if line.startswith("content/claims/probe.yaml")]


# Values traced to quotes ----------------------------------------------------------------------------------

def test_a_value_its_quote_does_not_state_is_a_warning_naming_both_numbers(cli, dossier):
    run = run_check(cli, dossier, claim("cards", "Hackers obtained 209,000 U.S. credit card numbers",
                                        "figure: cards-stolen", "value: 1200", "as_of: 2014"))
    [line] = probe_lines(run)
    assert line.startswith("content/claims/probe.yaml:6:10: warning: value 1200 is not stated in its quote, "
                           "which gives 209,000")
    assert run.code == 0
    assert cli("check", "--strict", cwd=Path.cwd()).code == 1


def test_a_derivation_silences_the_value_and_qualifier_checks(cli, dossier):
    run = run_check(cli, dossier, claim("cards", "Hackers obtained 209,000 U.S. credit card numbers",
                                        "figure: cards-stolen", "value: 1200", "qualifier: more than",
                                        "derivation: a typo for 209,000, kept to test the check"))
    assert probe_lines(run) == []


def test_a_qualifier_the_quote_contradicts_is_a_warning_at_that_quote(cli, dossier):
    run = run_check(cli, dossier, claim("stores", "The company said more than 300 stores were affected.",
                                        "figure: cards-stolen", "value: 300"))
    [line] = probe_lines(run)
    assert line.startswith('content/claims/probe.yaml:9:14: warning: value 300 has no qualifier (exactly 300), '
                           'but its quote says "more than 300" (set `qualifier: more than`')


def test_the_figure_unit_scales_the_value(cli, dossier):
    extra = {"content/figures/cards-stolen.yaml": "name: Cards\nunit: million cards\n"}
    run = run_check(cli, dossier, claim("cards", "Later it said 56 million cards were exposed.",
                                        "figure: cards-stolen", "value: 56"), extra=extra)
    assert probe_lines(run) == []


# Revisions ------------------------------------------------------------------------------------------------

def test_a_revision_of_another_speakers_claim_is_an_error(cli, dossier):
    run = run_check(cli, dossier,
                    claim("first", "Later it said 56 million cards were exposed.", "figure: cards-stolen",
                          "value: 56000000", by="ana-lind"),
                    claim("second", "In its last count it said 60 million cards were exposed.",
                          "figure: cards-stolen", "value: 60000000", "revises: [first]"))
    assert run.code == 1
    assert any("error: claim 'second' revises 'first', which is by 'ana-lind', not by 'jonas-berg'" in line
               for line in probe_lines(run))


def test_a_revision_of_a_later_claim_is_an_error(cli, dossier):
    first = claim("first", "Later it said 56 million cards were exposed.", "figure: cards-stolen",
                  "value: 56000000", "revises: [second]").replace("date: 2014-09", "date: 2014-08")
    second = claim("second", "In its last count it said 60 million cards were exposed.", "figure: cards-stolen",
                   "value: 60000000")
    run = run_check(cli, dossier, first, second)
    assert any("error: claim 'first' (2014-08) revises 'second', which was made later (2014-09)" in line
               for line in probe_lines(run))


def test_three_revisions_by_one_speaker_show_no_disagreement(dossier):
    counts = [("count-1", 40), ("count-2", 56), ("count-3", 60)]
    quotes = {40: "Hackers obtained 209,000", 56: "Later it said 56 million cards were exposed.",
              60: "In its last count it said 60 million cards were exposed."}
    claims = [claim(claim_id, quotes[value], "figure: cards-stolen", f"value: {value}", "as_of: 2014",
                    "derivation: test values", *([f"revises: [{counts[index - 1][0]}]"] if index else []))
              .replace("date: 2014-09", f"date: 2014-{9 + index:02d}")
              for index, (claim_id, value) in enumerate(counts)]
    root = dossier({**BASE, "content/claims/probe.yaml": "\n".join(claims)})
    checked = check(root / "config.yaml", strict=True)
    assert checked.ok, [problem.format() for problem in checked.diagnostics]
    values = [claim for claim in checked.resolved.dossier.claims.values() if claim.figure == "cards-stolen"]
    assert len(values) == 3
    assert conflicts.disagreements(values) == []
    unrevised = [dataclasses.replace(claim, revises=()) for claim in values]
    assert conflicts.disagreements(unrevised) != [], "without `revises`, the three values would disagree"


def test_a_value_with_no_period_is_never_flagged(dossier):
    claims = [claim("dated", "Later it said 56 million cards were exposed.", "figure: cards-stolen",
                    "value: 56000000", "as_of: 2014"),
              claim("undated", "In its last count it said 60 million cards were exposed.", "figure: cards-stolen",
                    "value: 60000000", by="ana-lind")]
    root = dossier({**BASE, "content/claims/probe.yaml": "\n".join(claims)})
    checked = check(root / "config.yaml", strict=True)
    assert checked.ok, [problem.format() for problem in checked.diagnostics]
    values = [claim for claim in checked.resolved.dossier.claims.values() if claim.figure == "cards-stolen"]
    assert conflicts.disagreements(values) == []


# Independence ---------------------------------------------------------------------------------------------

def test_support_by_the_same_speaker_is_not_independent(cli, dossier):
    run = run_check(cli, dossier,
                    claim("a", "Hackers obtained 209,000 U.S. credit card numbers"),
                    claim("b", "The company said more than 300 stores were affected.", "supports: [a]"))
    assert any("warning: claim 'b' supports 'a', but it is not independent: both are by 'jonas-berg'" in line
               for line in probe_lines(run))


def test_support_citing_the_same_passage_is_not_independent(cli, dossier):
    run = run_check(cli, dossier,
                    claim("a", "Hackers obtained 209,000 U.S. credit card numbers"),
                    claim("b", "209,000 U.S. credit card numbers from the retailer", "supports: [a]", by="ana-lind"))
    assert any("warning: claim 'b' supports 'a', but it is not independent: both cite the same passage of source "
               "'breach'" in line for line in probe_lines(run))


def test_independent_support_is_no_warning(cli, dossier):
    run = run_check(cli, dossier,
                    claim("a", "Hackers obtained 209,000 U.S. credit card numbers", "status: corroborated"),
                    claim("b", "The Harbour Fund lost about 2 million euros", "supports: [a]", by="ana-lind",
                          source="gazette-2021-03-04-harbour-fund"))
    assert probe_lines(run) == []


@pytest.mark.parametrize("supporter", [
    pytest.param(None, id="no support"),
    pytest.param(("jonas-berg", "gazette-2021-03-04-harbour-fund"), id="same speaker"),
    pytest.param(("ana-lind", "breach"), id="same source"),
])
def test_corroborated_without_independent_support_is_a_warning(cli, dossier, supporter):
    claims = [claim("a", "Hackers obtained 209,000 U.S. credit card numbers", "status: corroborated")]
    if supporter:
        quote = "The company said more than 300 stores" if supporter[1] == "breach" else "The Harbour Fund lost"
        claims.append(claim("b", quote, "supports: [a]", by=supporter[0], source=supporter[1]))
    run = run_check(cli, dossier, *claims)
    assert any("warning: claim 'a' is 'corroborated', but no claim by another speaker citing another source "
               "supports it" in line for line in probe_lines(run))


# Hedged relations -----------------------------------------------------------------------------------------

def test_a_hedged_relation_is_read_with_its_hedge(dossier):
    claims = [claim("a", "Hackers obtained 209,000 U.S. credit card numbers"),
              claim("b", "The company said more than 300 stores", "based_on:", "  - {claim: a, hedge: likely}",
                    "disputes: [{claim: a, hedge: possibly}]")]
    root = dossier({**BASE, "content/claims/probe.yaml": "\n".join(claims)})
    checked = check(root / "config.yaml")
    b = checked.resolved.dossier.claims["b"]
    assert (b.based_on, b.disputes) == (("a",), ("a",))
    assert (b.hedge("based_on", "a"), b.hedge("disputes", "a"), b.hedge("supports", "a")) == (
        "likely", "possibly", None)


@pytest.mark.parametrize(("item", "message"), [
    ("{claim: a, hedge: maybe}", "unknown hedge 'maybe'"),
    ("{hedge: likely}", "is missing the required key 'claim'"),
    ("{claim: a, certainty: likely}", "unknown key 'certainty'"),
    ("{claim: nope, hedge: likely}", "claim 'b' is based on unknown claim 'nope'"),
])
def test_a_wrong_hedged_relation_is_an_error(cli, dossier, item, message):
    run = run_check(cli, dossier, claim("a", "Hackers obtained 209,000 U.S. credit card numbers"),
                    claim("b", "The company said more than 300 stores", f"based_on: [{item}]"))
    assert run.code == 1
    assert any(message in line for line in probe_lines(run)), run.lines


def test_the_same_claim_twice_in_a_relation_is_an_error(cli, dossier):
    run = run_check(cli, dossier, claim("a", "Hackers obtained 209,000 U.S. credit card numbers"),
                    claim("b", "The company said more than 300 stores", "supports: [a, {claim: a, hedge: likely}]"))
    assert any("error: 'a' is listed twice in 'supports'" in line for line in probe_lines(run))


# All errors at once ---------------------------------------------------------------------------------------

def test_a_claim_with_an_invalid_field_still_has_its_quote_reference_and_value_checked(cli, dossier):
    run = run_check(cli, dossier, claim("a", "Hackers obtianed 209,000 U.S. credit card numbers",
                                        "status: maybe", "about: [nobody]", "figure: cards-stolen", "value: 1200"))
    lines = probe_lines(run)
    assert any("error: unknown status 'maybe'" in line for line in lines)
    assert any("error: claim 'a' is about unknown person, agency or figure 'nobody'" in line for line in lines)
    assert any("warning: value 1200 is not stated in its quote" in line for line in lines)
    assert any("error: quote not found in source 'breach'" in line for line in lines)


def test_a_quote_miss_marks_the_words_that_differ(cli, dossier):
    run = run_check(cli, dossier, claim("a", "Card numbers were obtianed by hackers over several months."))
    [line] = [line for line in probe_lines(run) if "quote not found" in line]
    assert line.endswith('(the quote differs where marked [quote→source]: "Card numbers were obt[ia→ai]ned by '
                         'hackers over …")')


@pytest.mark.parametrize("broken", [
    pytest.param("status: maybe", id="claim with an invalid field"),
    pytest.param("value: 12", id="claim with a value and no figure"),
])
def test_a_record_left_out_for_errors_does_not_make_what_it_names_unreferenced(cli, dossier, broken):
    person = {"content/people/kim-park.yaml": "name: Kim Park\n"}
    run = run_check(cli, dossier, claim("a", "Hackers obtained 209,000", broken, by="kim-park"), extra=person)
    assert run.code == 1
    assert not [line for line in run.lines if "'kim-park' is not referenced" in line], run.lines


def test_a_person_left_out_for_errors_does_not_make_its_agency_unreferenced(cli, dossier):
    files = {"content/agencies/port-authority.yaml": "name: Port Authority\n",
             "content/people/kim-park.yaml": "name: Kim Park\nrole: x\nroles:\n  - title: Head\n"
                                             "    agency: port-authority\n    citations:\n"
                                             "      - source: breach\n        quote: Hackers obtained\n"}
    run = run_check(cli, dossier, claim("a", "Hackers obtained 209,000", by="kim-park"), extra=files)
    assert run.code == 1
    assert not [line for line in run.lines if "port-authority' is not referenced" in line], run.lines
