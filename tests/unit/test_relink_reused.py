"""The link stage after an edit of records other than claims (incremental/relink.reused): the maps
made from the claims alone are taken from the last links, the passages are made again only for the
sources whose quotes moved, and every map equals the one a link from scratch makes."""

from __future__ import annotations

import dataclasses

import pytest
from support.records import CLAIM_FILE, GAZETTE, base, claim, validated

from generator.check.resolve import resolve
from generator.incremental.relink import reused
from generator.link.cache import LinkCache
from generator.link.links import CLAIM_MAPS, LinkMap, Links, link

BEFORE = base(**{CLAIM_FILE: claim("a") + claim("b", quote="the auditors said", by="fund")})
EDITS = {
    "the source's text moved": {GAZETTE[0]: GAZETTE[1].replace("The harbour fund", "Reportedly, the harbour fund")},
    "a person's description": {"people/ana.yaml": "name: Ana Lind\ndescription: Clerk.\n"},
    "a new person": {"people/mira.yaml": "name: Mira Holt\n"},
}


def linked(files: dict[str, str], cache: LinkCache, previous: Links | None = None) -> Links:
    validation = validated(files)
    dossier = validation.dossier
    if previous is not None:  # a kept Builder has the same claim objects while the claims file is unchanged
        dossier = dataclasses.replace(dossier, claims=previous.dossier.claims)
    resolved, _ = resolve(dossier, validation.broken)
    return link(resolved, cache, reused(previous, resolved, cache) if previous is not None else None)


@pytest.mark.parametrize("edit", EDITS)
def test_links_reusing_the_last_ones_equal_links_made_from_scratch(edit):
    cache = LinkCache()
    before = linked(BEFORE, cache)
    after = linked({**BEFORE, **EDITS[edit]}, cache, before)
    fresh = linked({**BEFORE, **EDITS[edit]}, LinkCache())
    for which in LinkMap:
        assert after.entries(which) == fresh.entries(which), which
    for which in CLAIM_MAPS:
        assert after.entries(which) is before.entries(which), which


def test_passages_are_made_again_only_for_the_sources_whose_quotes_moved():
    cache = LinkCache()
    before = linked(BEFORE, cache)
    after = linked({**BEFORE, **EDITS["a person's description"]}, cache, before)
    assert after.passages["gazette"] is before.passages["gazette"]
    moved = linked({**BEFORE, **EDITS["the source's text moved"]}, cache, before)
    assert moved.passages["gazette"] != before.passages["gazette"]


MIRA = {"people/mira.yaml": "name: Mira Holt\n", CLAIM_FILE: BEFORE[CLAIM_FILE] + claim("m", by="mira")}
WITH_CLAIMS = {  # (the dossier before, the files changed: None for a file removed)
    "a new source and a claim citing it": (BEFORE, {
        "sources/audit.txt": "---\ntitle: Audit\npublisher: The Gazette\ndate: 2021-05-01\n---\nAudited in May.\n",
        CLAIM_FILE: BEFORE[CLAIM_FILE] + claim("c", by="fund").replace("source: gazette", "source: audit").replace(
            "lost two million euros", "Audited in May")}),
    "a claim gone with a person's description": (BEFORE, {
        "people/ana.yaml": "name: Ana Lind\ndescription: Clerk.\n", CLAIM_FILE: claim("a")}),
    "a new person and a claim by them about another": (BEFORE, {
        "people/mira.yaml": "name: Mira Holt\n",
        CLAIM_FILE: BEFORE[CLAIM_FILE] + claim("m", by="mira").replace("about: [fund]", "about: [ana]")}),
    "a person gone whom a remaining claim names": ({**BEFORE, **MIRA}, {"people/mira.yaml": None}),
}


@pytest.mark.parametrize("edit", WITH_CLAIMS)
def test_links_patched_for_a_few_claims_and_other_records_equal_links_made_from_scratch(edit):
    start, changes = WITH_CLAIMS[edit]
    cache = LinkCache()
    old = validated(start)
    before = link(resolve(old.dossier, old.broken)[0], cache)
    validation = validated({path: text for path, text in {**start, **changes}.items() if text is not None})
    resolved, _ = resolve(validation.dossier, validation.broken)
    after = link(resolved, cache, reused(before, resolved, cache))
    fresh = link(resolved, LinkCache())
    for which in LinkMap:
        assert after.entries(which) == fresh.entries(which), which
