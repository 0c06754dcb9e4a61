"""The one decision about what changed (generator/incremental/changes.py): nothing, some claims only
(every other record and every id the same), or anything; beyond MAX_CHANGED claims, everything."""

from __future__ import annotations

import dataclasses

from support.records import CLAIM_FILE, base, claim, dossier

from generator.incremental.changes import EVERYTHING, MAX_CHANGED, NOTHING, Change, compared, reported


def claims(count: int, quote: str = "lost two million euros") -> str:
    return "".join(claim(f"c{number:03}", quote=quote) for number in range(count))


def test_validate_reporting_nothing_replaced_is_no_change():
    assert reported({}) == NOTHING
    assert NOTHING.known and NOTHING.claims == frozenset() and not NOTHING.others


def test_validate_reporting_claims_only_is_a_claims_only_change_it_can_tell():
    change = reported({"claims": {"a", "b"}})
    assert change == Change(frozenset({"a", "b"}), told=True)
    assert change.known and not change.others


def test_other_records_replaced_are_told_by_kind_and_a_dossier_assembled_again_is_everything():
    assert reported({"claims": {"a"}, "people": {"ana"}}, same_ids=False) == Change(
        frozenset({"a"}), True, False, {"people": frozenset({"ana"})})
    assert reported({"sources": set()}) == NOTHING
    assert reported(None) is EVERYTHING
    assert not EVERYTHING.known


def test_more_than_max_changed_records_is_everything():
    assert reported({"claims": {str(n) for n in range(MAX_CHANGED)}}).claims is not None
    assert reported({"claims": {str(n) for n in range(MAX_CHANGED + 1)}}) is EVERYTHING
    assert reported({"claims": {"a"}, "sources": {str(n) for n in range(MAX_CHANGED)}}) is EVERYTHING


def test_changes_in_a_row_add_up_and_are_told_only_if_each_was():
    first, later = Change(frozenset({"a"})), Change(frozenset({"b"}), told=False)
    assert first.then(Change(frozenset({"b"}))) == Change(frozenset({"a", "b"}), told=True)
    assert first.then(later) == Change(frozenset({"a", "b"}), told=False)
    assert first.then(EVERYTHING) is EVERYTHING and EVERYTHING.then(first) is EVERYTHING
    assert Change(frozenset(), same_ids=False, others={"people": frozenset({"ana"})}).then(
        Change(frozenset({"a"}), others={"people": frozenset({"bo"})})) == Change(
        frozenset({"a"}), told=True, same_ids=False, others={"people": frozenset({"ana", "bo"})})
    many = Change(frozenset(str(n) for n in range(MAX_CHANGED)))
    assert many.then(Change(frozenset({"one more"}))) is EVERYTHING


def test_comparing_a_dossier_with_itself_finds_nothing():
    same = dossier(base(**{CLAIM_FILE: claim("a")}))
    assert compared(same, same) == Change(frozenset(), told=False)


def test_comparing_finds_claims_that_changed_came_or_went():
    old = dossier(base(**{CLAIM_FILE: claim("a") + claim("b") + claim("gone")}))
    new = dossier(base(**{CLAIM_FILE: claim("a") + claim("b", by="fund") + claim("new")}))
    assert compared(old, new) == Change(frozenset({"b", "gone", "new"}), told=False)


def test_equal_records_read_again_are_not_changes():
    files = base(**{CLAIM_FILE: claim("a")})
    assert compared(dossier(files), dossier(files)).claims == frozenset()


def test_comparing_finds_everything_when_any_other_record_or_the_config_changed():
    old = dossier(base(**{CLAIM_FILE: claim("a")}))
    assert compared(old, dossier(base(**{CLAIM_FILE: claim("a"), "people/ana.yaml": "name: Ana L.\n"}))) is EVERYTHING
    assert compared(old, dossier(base(**{CLAIM_FILE: claim("a"), "people/bo.yaml": "name: Bo\n"}))) is EVERYTHING
    other_config = dataclasses.replace(old, config=dataclasses.replace(old.config, title="Another"))
    assert compared(old, other_config) is EVERYTHING


def test_comparing_more_than_max_changed_claims_is_everything():
    old = dossier(base(**{CLAIM_FILE: claims(MAX_CHANGED + 1)}))
    new = dossier(base(**{CLAIM_FILE: claims(MAX_CHANGED + 1, quote="the auditors said")}))
    assert compared(old, new) is EVERYTHING
    few = dossier(base(**{CLAIM_FILE: claims(MAX_CHANGED, quote="the auditors said")}))
    assert len(compared(dossier(base(**{CLAIM_FILE: claims(MAX_CHANGED)})), few).claims or ()) == MAX_CHANGED
