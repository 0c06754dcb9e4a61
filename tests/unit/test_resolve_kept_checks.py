"""A kept resolve cache across edits of records other than claims (generator/check/resolve.py,
ResolveCache.renew_context): only the checks of the claims that name what changed are made again,
and the outcome equals a resolve from scratch."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest
from support.records import CLAIM_FILE, base, claim, source, validated

from generator.check.parts import ResolveCache
from generator.check.resolve import resolve
from generator.core.model import Dossier
from generator.read.validate import Validation

OTHER = "sources/other.txt"
CLAIMS = claim("a") + claim("b", quote="other words", more="  figure: loss\n  value: 2000000\n").replace(
    "source: gazette", "source: other") + claim("c", by="anna")  # an unknown speaker, nearest 'ana'
BEFORE = base(**{OTHER: source("Some other words here."), CLAIM_FILE: CLAIMS})
EDITS = {
    "the other source's text": {OTHER: source("Some other words here, and more.")},
    "the other source's quote gone": {OTHER: source("Nothing of it.")},
    "a new source": {"sources/new.txt": source("New.")},
    "the speaker removed": {"people/ana.yaml": None},
    "a speaker added where one was unknown": {"people/anna.yaml": "name: Anna Berg\n"},
    "the figure's unit": {"figures/loss.yaml": "name: Loss of the fund\nunit: dollars\n"},
}


def edited(before: Validation, changes: dict[str, str | None]) -> tuple[Dossier, Mapping[str, set[str]]]:
    """The dossier after `changes` (path → new text, None: deleted), its claims and unchanged sources
    the same objects as `before`'s, as a kept Builder has them."""
    files = {**BEFORE, **{path: text for path, text in changes.items() if text is not None}}
    after = validated({path: text for path, text in files.items() if changes.get(path, "") is not None})
    old = before.dossier.sources
    sources = {source_id: old[source_id] if old.get(source_id) == new else new
               for source_id, new in after.dossier.sources.items()}
    return dataclasses.replace(after.dossier, claims=before.dossier.claims, sources=sources), after.broken


@pytest.mark.parametrize("edit", EDITS)
def test_a_resolve_with_kept_claim_checks_equals_one_made_from_scratch(edit):
    cache = ResolveCache()
    before = validated(BEFORE)
    resolve(before.dossier, before.broken, cache)
    dossier, broken = edited(before, EDITS[edit])
    kept, kept_problems = resolve(dossier, broken, cache)
    fresh, fresh_problems = resolve(dossier, broken)
    assert kept.locations == fresh.locations
    assert sorted(kept_problems, key=str) == sorted(fresh_problems, key=str)


def test_a_source_edit_checks_again_only_the_claims_citing_it():
    cache = ResolveCache()
    before = validated(BEFORE)
    resolve(before.dossier, before.broken, cache)
    checks = dict(cache.claims)
    resolve(*edited(before, EDITS["the other source's text"]), cache)
    assert cache.claims["a"] is checks["a"], "claim a cites the gazette only"
    assert cache.claims["b"] is not checks["b"]
