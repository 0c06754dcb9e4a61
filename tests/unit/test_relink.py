"""The link stage redone in part (generator/incremental/relink.py): Links patched for a few changed
claims equal Links made from scratch on the same resolved dossier, and a change validate told comes
with the page inputs (site/keys.py) that differ."""

from __future__ import annotations

import dataclasses

import pytest
from support.records import CLAIM_FILE, base, claim, revalidated, source, validated

from generator.check.parts import ResolveCache
from generator.check.resolve import resolve
from generator.incremental.changes import EVERYTHING, reported
from generator.incremental.inputs import changed_inputs
from generator.incremental.relink import relink
from generator.link.cache import LinkCache
from generator.link.links import LinkMap, Links, link
from generator.site import keys

BEFORE = (claim("a", more="  date: 2020-01-02\n  figure: loss\n  value: 2000000\n")
          + claim("b", quote="the auditors said", by="fund", more="  disputes: [a]\n"))
EDITS = {
    "a statement": BEFORE.replace("The fund lost money.", "The fund lost cash.", 1),
    "a speaker": BEFORE.replace("by: fund", "by: ana"),
    "a quote": BEFORE.replace("quote: the auditors said", "quote: in 2020"),
    "a citation's source": BEFORE.replace("gazette\n      quote: the auditors", "audit\n      quote: the auditors"),
    "a date": BEFORE.replace("date: 2020-01-02", "date: 2019-05"),
    "a value": BEFORE.replace("value: 2000000", "value: [1, 3]"),
    "a period": BEFORE.replace("value: 2000000", "value: 2000000\n  as_of: [2018, 2019-06]"),
    "a value taken out": BEFORE.replace("  figure: loss\n  value: 2000000\n", ""),
    "a value added": BEFORE.replace("  disputes: [a]\n", "  disputes: [a]\n  figure: loss\n  value: 1\n"),
    "a hedge": BEFORE.replace("disputes: [a]", "disputes: [{claim: a, hedge: possibly}]"),
    "a dispute": BEFORE.replace("  disputes: [a]\n", ""),
    "a relation": BEFORE.replace("  disputes: [a]\n", "  supports: [a]\n  based_on: [a]\n"),
    "a claim added": BEFORE + claim("c", quote="harbour fund", by="fund"),
    "a revision added": BEFORE + claim("c", more="  date: 2021\n  revises: [a]\n"),
    "a claim removed": BEFORE.split("- id: b")[0],
}
FILES = {"sources/audit.txt": source("The harbour fund, the auditors said."),
         "people/ana.yaml": "name: Ana Lind\nroles:\n  - title: Auditor\n    agency: fund\n    citations:\n"
                            "      - source: audit\n        quote: the auditors said\n"}
"""Ana's role cites the audit: a claim's citation moved there shares the passage."""


def fields(links: Links) -> dict:
    """What Links hold, but for the mention finder (an object made by the cache, compared by identity)."""
    return {field.name: getattr(links, field.name) for field in dataclasses.fields(links) if field.name != "finder"}


def stages(before: str, after: str):
    """(the links of `before`, the link cache, the resolved `after`, the change validate told)."""
    first = validated(base(**FILES, **{CLAIM_FILE: before}))
    cache, resolve_cache = LinkCache(), ResolveCache()
    previous = link(resolve(first.dossier, first.broken, resolve_cache)[0], cache)
    second = validated(base(**FILES, **{CLAIM_FILE: after}), previous=first)
    change = reported(second.changed, second.same_ids)
    resolved, problems = resolve(second.dossier, second.broken, resolve_cache, second.replaced)
    assert not [problem for problem in problems if problem.is_error], [problem.format() for problem in problems]
    return previous, cache, resolved, change


@pytest.mark.parametrize("edit", EDITS)
def test_links_patched_for_an_edit_equal_links_made_from_scratch(edit):
    previous, cache, resolved, change = stages(BEFORE, EDITS[edit])
    patched, _ = relink(previous, resolved, cache, change)
    assert fields(patched) == fields(link(resolved))


@pytest.mark.parametrize("edit", EDITS)
def test_links_patched_after_comparing_the_dossiers_equal_links_made_from_scratch(edit):
    previous, cache, resolved, _ = stages(BEFORE, EDITS[edit])
    patched, inputs = relink(previous, resolved, cache, EVERYTHING)
    assert fields(patched) == fields(link(resolved))
    assert inputs is None


def test_a_told_change_names_the_claim_and_the_entries_it_moved():
    previous, cache, resolved, change = stages(BEFORE, EDITS["a speaker"])
    assert change.claims == frozenset({"b"}) and change.told
    _, inputs = relink(previous, resolved, cache, change)
    assert inputs == {keys.record("claim", "b"), keys.entry(LinkMap.CLAIMS_BY, "fund"),
                      keys.entry(LinkMap.CLAIMS_BY, "ana")}


def test_an_unchanged_entry_is_not_an_input_that_differs():
    previous, cache, resolved, change = stages(BEFORE, EDITS["a statement"])
    _, inputs = relink(previous, resolved, cache, change)
    assert inputs == {keys.record("claim", "a")}


def test_without_previous_links_everything_is_linked():
    _, cache, resolved, change = stages(BEFORE, EDITS["a statement"])
    links, inputs = relink(None, resolved, cache, change)
    assert fields(links) == fields(link(resolved)) and inputs is None


def test_links_made_with_another_cache_are_not_patched():
    previous, _, resolved, change = stages(BEFORE, EDITS["a speaker"])
    links, inputs = relink(previous, resolved, LinkCache(), change)
    assert fields(links) == fields(link(resolved)) and inputs is None


@pytest.mark.parametrize("edit", EDITS)
def test_a_told_change_names_every_entry_that_differs(edit):
    previous, cache, resolved, change = stages(BEFORE, EDITS[edit])
    patched, inputs = relink(previous, resolved, cache, change)
    if not change.told or change.claims is None:
        assert inputs is None
        return
    assert inputs is not None
    differing = {keys.entry(which, key) for which in LinkMap
                 for key in previous.entries(which).keys() | patched.entries(which).keys()
                 if previous.entries(which).get(key) != patched.entries(which).get(key)}
    assert differing <= inputs
    unread = {keys.outline("claim", claim_id) for claim_id in change.claims}  # nothing reads a claim's outline
    assert changed_inputs(previous, patched, {}) - unread <= inputs


@pytest.mark.parametrize("edit", ["a claim added", "a claim removed"])
def test_a_told_change_of_claims_that_came_or_went_names_which_claims_there_are(edit):
    previous, cache, resolved, change = stages(BEFORE, EDITS[edit])
    assert change.told and not change.same_ids
    _, inputs = relink(previous, resolved, cache, change)
    assert inputs is not None and keys.every("claim") in inputs


def test_a_claim_moved_to_another_file_is_told_with_its_date_from_git():
    files = base(**FILES, **{CLAIM_FILE: BEFORE})
    first = validated(files)
    cache, resolve_cache = LinkCache(), ResolveCache()
    previous = link(resolve(first.dossier, first.broken, resolve_cache)[0], cache)
    before, moved = BEFORE.split("- id: b")
    second = validated({**files, CLAIM_FILE: before, "claims/more.yaml": "- id: b" + moved}, previous=first)
    change = reported(second.changed, second.same_ids)
    assert change.claims == frozenset({"b"}) and change.told and not change.same_ids
    resolved, _ = resolve(second.dossier, second.broken, resolve_cache, second.replaced)
    patched, inputs = relink(previous, resolved, cache, change)
    assert fields(patched) == fields(link(resolved))
    assert inputs is not None and keys.last_changed("claim", "b") in inputs and keys.every("claim") not in inputs


OTHER_FILES = {**FILES, "people/bo.yaml": "name: Bo Berg\n", "sources/old.txt": source("An old note.")}
MEMO = ("- id: m\n  statement: A memo.\n  by: fund\n  about: [fund]\n"
        "  citations:\n    - source: memo\n      quote: memo of the fund\n")
OTHER_EDITS: dict[str, dict[str, str | None]] = {
    "a source's text": {"sources/audit.txt": source("The harbour fund, the auditors said, lost two million euros.")},
    "a source's quote gone and its claims with it": {
        "sources/gazette.txt": source("Nothing here."), CLAIM_FILE: "[]\n",
        "people/ana.yaml": "name: Ana Lind\n"},
    "a source added with a claim citing it": {"sources/memo.txt": source("A memo of the fund."),
                                              "claims/memo.yaml": MEMO},
    "a source that nothing cites deleted": {"sources/old.txt": None},
    "a person's role": {"people/ana.yaml": FILES["people/ana.yaml"].replace("Auditor", "Chief auditor")},
    "a person's role cites elsewhere": {"people/ana.yaml": FILES["people/ana.yaml"].replace(
        "quote: the auditors said", "quote: The harbour fund")},
    "a person added": {"people/dee.yaml": "name: Dee Dale\n"},
    "a person that nothing names deleted": {"people/bo.yaml": None},
    "a person renamed": {"people/bo.yaml": "name: Bo Harbour\n"},
    "an agency added under another": {"agencies/sub.yaml": "name: Sub Fund\nparent: fund\n"},
    "a figure renamed": {"figures/loss.yaml": "name: Losses\nunit: euros\n"},
    "a claim and a source at once": {CLAIM_FILE: EDITS["a speaker"],
                                     "sources/audit.txt": source("Then the auditors said so.")},
}


@pytest.mark.parametrize("edit", OTHER_EDITS)
def test_links_relinked_for_other_records_told_equal_links_made_from_scratch(edit):
    """Records other than claims changed, came or went, as validate tells: the links are made again,
    reusing the maps they cannot have changed, and equal links made from scratch."""
    files = base(**OTHER_FILES, **{CLAIM_FILE: BEFORE})
    first = validated(files)
    cache, resolve_cache = LinkCache(), ResolveCache()
    previous = link(resolve(first.dossier, first.broken, resolve_cache)[0], cache)
    second = revalidated(files, OTHER_EDITS[edit], first)
    change = reported(second.changed, second.same_ids)
    assert change.known and change.others, change
    resolved, problems = resolve(second.dossier, second.broken, resolve_cache, second.replaced)
    assert not [problem for problem in problems if problem.is_error], [problem.format() for problem in problems]
    patched, inputs = relink(previous, resolved, cache, change)
    assert fields(patched) == fields(link(resolved)) and inputs is None
    assert changed_inputs(previous, patched, {}, change.ids()) == changed_inputs(previous, patched, {})
