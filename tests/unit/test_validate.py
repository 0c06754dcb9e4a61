"""Records read from each file against their kind's schema (generator/read/records.py) and assembled
by id (generator/read/validate.py): duplicate and shared ids are errors at their positions, a record
with errors is left out but its id is known, and a validation made again from a previous one says
which records it replaced."""

from __future__ import annotations

import pytest
from support.records import (
    ANA,
    CLAIM_FILE,
    CONFIG,
    FUND,
    base,
    claim,
    codes,
    content,
    only,
    revalidated,
    source,
    validated,
)

from generator.core.diagnostics import Span
from generator.core.kinds import KINDS
from generator.core.model import Hedge, PartialDate
from generator.read import validate as validate_module
from generator.read.load import RecordFile
from generator.read.records import validate_file
from generator.read.validate import validate


def test_records_are_assembled_by_id_in_id_order_whatever_their_files():
    validation = validated(base(**{"claims/b.yaml": claim("zeta") + claim("alpha"), "claims/a.yaml": claim("mid")}))
    assert list(validation.dossier.claims) == ["alpha", "mid", "zeta"]
    assert list(validation.dossier.people) == ["ana"]
    assert validation.diagnostics == [] and validation.clean_ids
    assert validation.broken == {"sources": set(), "people": set(), "agencies": set(), "figures": set(),
                                 "claims": set()}


def test_defaults_come_from_the_schema_and_the_config():
    dossier = validated(base(**{CLAIM_FILE: claim("a")})).dossier
    assert dossier.sources["gazette"].language == CONFIG.language
    assert dossier.sources["gazette"].kind == "news"
    assert dossier.sources["gazette"].date == PartialDate(2021, 3, 4)
    assert dossier.agencies["fund"].kind == "other"
    assert dossier.claims["a"].status == "reported"


def test_a_second_claim_with_the_same_id_is_an_error_that_points_at_the_first():
    validation = validated(base(**{"claims/b.yaml": claim("a"), "claims/a.yaml": claim("a")}))
    problem = only(validation.diagnostics, "id.duplicate")
    assert problem.message == "duplicate claim id 'a' (first defined at content/claims/a.yaml:1:7)"
    assert problem.span == Span("content/claims/b.yaml", 1, 7)
    assert list(validation.dossier.claims) == ["a"]
    assert validation.dossier.claims["a"].span.path == "content/claims/a.yaml"
    assert not validation.clean_ids


def test_an_id_shared_by_a_person_and_an_agency_is_an_error_at_the_later_kind():
    validation = validated({**dict([ANA, FUND]), "people/fund.yaml": "name: Fund Person\n"})
    problem = only(validation.diagnostics, "id.collision")
    assert problem.message == "agency id 'fund' is also the id of a person"
    assert problem.span == Span("content/agencies/fund.yaml")
    assert problem.hint == "ids must be unique across people, agencies and figures"
    assert not validation.clean_ids


def test_a_record_with_a_bad_field_is_left_out_and_its_id_is_broken():
    validation = validated({"people/ana.yaml": "name: Ana\nroles: nobody\n", **dict([FUND])})
    assert "ana" not in validation.dossier.people
    assert validation.broken["people"] == {"ana"}
    assert validation.diagnostics and all(p.span.path == "content/people/ana.yaml" for p in validation.diagnostics)


def test_a_claim_with_errors_is_kept_apart_as_read_in_part():
    validation = validated(base(**{CLAIM_FILE: claim("a") + claim("b", more="  status: maybe\n")}))
    assert list(validation.dossier.claims) == ["a"]
    assert list(validation.dossier.partial_claims) == ["b"]
    assert validation.dossier.partial_claims["b"].by == "ana"
    assert validation.broken["claims"] == {"b"}


def test_a_figure_and_a_value_go_together_and_a_qualifier_needs_a_value():
    files = {CLAIM_FILE: claim("a", more="  figure: loss\n") + claim("b", more="  value: 3\n")
             + claim("c", more="  qualifier: about\n")}
    problems = validated(files).diagnostics
    assert codes(problems) == ["claim.value-missing", "claim.figure-missing", "claim.qualifier-alone"]
    assert [problem.span.line for problem in problems] == [5, 13, 21]


def test_a_relation_may_be_hedged_but_not_listed_twice():
    files = {CLAIM_FILE: claim("a", more="  supports: [b, {claim: c, hedge: likely}]\n")
             + claim("d", more="  disputes: [b, b]\n")}
    validation = validated(files)
    assert validation.dossier.claims["a"].supports == ("b", "c")
    assert validation.dossier.claims["a"].hedges == (Hedge("supports", "c", "likely"),)
    assert validation.dossier.claims["a"].hedge("supports", "b") is None
    problem = only(validation.diagnostics, "value.repeated")
    assert problem.message == "'b' is listed twice in 'disputes'"


def test_a_claims_file_must_be_a_list():
    problem = only(validated({CLAIM_FILE: "id: a\n"}).diagnostics, "type.list")
    assert problem.span == Span("content/claims/main.yaml", 1, 1)


def test_citations_may_not_be_an_empty_list():
    problem = only(validated({CLAIM_FILE: "- id: a\n  statement: S\n  citations: []\n"}).diagnostics, "citation.none")
    assert problem.span.line == 3


def test_a_role_may_not_end_before_it_starts():
    role = ("name: Ana\nroles:\n  - title: Clerk\n    agency: fund\n    since: 2020\n    until: 2019-05\n"
            "    citations:\n      - source: gazette\n        quote: lost\n")
    problem = only(validated({"people/ana.yaml": role}).diagnostics, "range.order")
    assert problem.message == "role starts (2020) after it ends (2019-05)"
    assert problem.span.line == 6


def test_a_source_needs_text_after_its_front_matter():
    problem = only(validated({"sources/empty.txt": source("")}).diagnostics, "source.empty-body")
    assert problem.span == Span("content/sources/empty.txt", 6)


def test_validate_file_reads_one_file_alone():
    [parsed] = content({CLAIM_FILE: claim("a") + claim("b", more="  status: maybe\n")}).parsed.values()
    assert isinstance(parsed, RecordFile)
    records = validate_file(parsed, CONFIG)
    assert (records.path, records.folder) == ("content/claims/main.yaml", "claims")
    assert [claim.id for claim in records.records] == ["a"]
    assert [claim.id for claim in records.partial] == ["b"]
    assert records.broken == frozenset({"b"})
    assert codes(list(records.diagnostics)) == ["value.unknown"]


def test_validating_again_reports_the_records_that_differ():
    before = validated(base(**{CLAIM_FILE: claim("a") + claim("b")}))
    after = validated(base(**{CLAIM_FILE: claim("a") + claim("b", quote="the auditors said")}), previous=before)
    assert after.changed == {"claims": {"b"}} and after.replaced == {"claims": {"b"}}
    assert after.dossier.claims["a"] is before.dossier.claims["a"]
    assert after.dossier.people["ana"] is before.dossier.people["ana"]


def test_a_record_moved_to_other_lines_is_replaced_but_not_changed():
    before = validated(base(**{CLAIM_FILE: claim("a") + claim("b")}))
    moved = "# a comment\n" + claim("a") + claim("b")
    after = validated(base(**{CLAIM_FILE: moved}), previous=before)
    assert after.changed == {} and after.replaced == {"claims": {"a", "b"}}
    assert after.dossier.claims["a"].span.line == 2


def test_when_ids_come_or_go_the_records_replaced_say_which():
    before = validated(base(**{CLAIM_FILE: claim("a")}))
    after = validated(base(**{CLAIM_FILE: claim("a") + claim("b")}), previous=before)
    assert after.changed == {"claims": {"b"}} and after.replaced == {"claims": {"b"}} and not after.same_ids
    assert list(after.dossier.claims) == ["a", "b"]


def test_after_a_duplicate_id_nothing_is_patched():
    files = base(**{"claims/a.yaml": claim("a"), "claims/b.yaml": claim("a")})
    before = validated(files)
    after = validated(files, previous=before)
    assert after.replaced is None and codes(after.diagnostics) == ["id.duplicate"]


def test_unreadable_files_make_their_stems_broken():
    loaded = content({**dict([ANA]), "people/bad.yaml": "name: [unclosed\n"})
    assert loaded.unreadable == {"people": {"bad"}}
    validation = validate(loaded, CONFIG)
    assert validation.broken["people"] == {"bad"}
    assert list(validation.dossier.people) == ["ana"]


CAME_OR_WENT_STEPS = {
    "a claims file added": {"claims/more.yaml": claim("c") + claim("d")},
    "a claim added to a file": {CLAIM_FILE: claim("a") + claim("b") + claim("e")},
    "a claim taken out of a file": {CLAIM_FILE: claim("a")},
    "a claim moved to another file": {CLAIM_FILE: claim("b"), "claims/more.yaml": claim("a")},
    "a claims file deleted": {"claims/more.yaml": None},
    "a person added": {"people/dee.yaml": "name: Dee Dale\n"},
    "a person deleted": {"people/bo.yaml": None},
    "a source added": {"sources/memo.txt": source("A memo.")},
    "a figure renamed (its file)": {"figures/loss.yaml": None, "figures/losses.yaml": "name: Losses\nunit: euros\n"},
    "an id taken twice": {"claims/twice.yaml": claim("a")},
    "an id twice in one file": {CLAIM_FILE: claim("a") + claim("b") + claim("b")},
    "an id shared by two kinds": {"agencies/ana.yaml": "name: Ana Agency\n"},
    "a record with an error added": {"people/cy.yaml": "name: [Cy]\n"},
    "a claim read in part added": {"claims/part.yaml": claim("p", more="  status: wrong\n")},
}


assemble = validate_module._assembled
ASSEMBLED_AGAIN = {"an id taken twice", "an id twice in one file", "an id shared by two kinds",
                   "a record with an error added", "a claim read in part added"}


@pytest.mark.parametrize("step", CAME_OR_WENT_STEPS)
def test_when_ids_come_or_go_the_last_dossier_is_patched_as_it_would_be_assembled(step, monkeypatch):
    """Files that came or went, or whose ids changed: the records are put in and taken out, in id
    order; an id defined twice or shared by two kinds, a record with errors, or one read in part
    make the dossier assembled again, which reports them."""
    files = base(**{CLAIM_FILE: claim("a") + claim("b"), "claims/more.yaml": claim("c"),
                    "people/bo.yaml": "name: Bo\n"})
    before = validated(files)
    assembled = []
    with monkeypatch.context() as patching:
        patching.setattr(validate_module, "_assembled", lambda *args: assembled.append(1) or assemble(*args))
        after = revalidated(files, CAME_OR_WENT_STEPS[step], before)
    assert bool(assembled) == (step in ASSEMBLED_AGAIN)
    fresh = validated({path: text for path, text in {**files, **CAME_OR_WENT_STEPS[step]}.items() if text is not None})
    for kind in KINDS:
        assert list(kind.records(after.dossier).items()) == list(kind.records(fresh.dossier).items()), kind
    assert after.dossier == fresh.dossier
    assert after.broken == fresh.broken and after.clean_ids == fresh.clean_ids
    assert sorted(after.diagnostics, key=str) == sorted(fresh.diagnostics, key=str)
    if step in ASSEMBLED_AGAIN:
        assert after.changed is None and after.replaced is None
    else:
        old_ids = {(kind.plural, record_id) for kind in KINDS for record_id in kind.records(before.dossier)}
        new_ids = {(kind.plural, record_id) for kind in KINDS for record_id in kind.records(after.dossier)}
        assert not after.same_ids
        for told in (after.changed, after.replaced):
            told_ids = {(kind, record_id) for kind, ids in (told or {}).items() for record_id in ids}
            assert told_ids >= old_ids ^ new_ids
            assert step != "a claim moved to another file" or ("claims", "a") in told_ids


def test_a_claim_taken_out_of_its_file_is_the_only_record_replaced():
    """The other claims of the file keep their ids: they are replaced only if they moved (and a
    rebuild patches its stages for the one claim that went, not for the whole file)."""
    files = base(**{CLAIM_FILE: claim("a") + claim("b")})
    before = validated(files)
    after = revalidated(files, {CLAIM_FILE: claim("a")}, before)
    assert after.replaced == {"claims": {"b"}}
