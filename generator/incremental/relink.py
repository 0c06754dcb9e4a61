"""The link stage redone in part: when only a few claims changed since the last build, the backlink
maps are patched (the entries those claims add or leave) instead of rebuilt from every record.

A patched Links equals a rebuilt one; the tests of incremental builds compare whole sites to prove
it. What counts as "a few claims only" is decided in changes.py; anything else takes the full path.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from generator.check.resolved import Resolved
from generator.core.kinds import AGENCY, PERSON, SOURCE
from generator.core.model import Claim, Dossier
from generator.incremental.changes import EVERYTHING, Change, changed_records, compared
from generator.link import links as linking
from generator.link.cache import LinkCache, Spread
from generator.link.groups import regrouped
from generator.link.links import Anchors, LinkMap, Links, Passage
from generator.link.related import patched_related
from generator.link.timeline import patched_timeline
from generator.site import keys
from generator.site.keys import InputKey

_GROUPS: dict[LinkMap, Callable[[Claim], Iterable[str]]] = {
    LinkMap.CLAIMS_BY: lambda claim: (claim.by,) if claim.by else (),
    LinkMap.CLAIMS_ABOUT: lambda claim: claim.about,
    LinkMap.CLAIMS_CITING: lambda claim: {citation.source for citation in claim.citations},
    LinkMap.SUPPORTED_BY: lambda claim: claim.supports,
    LinkMap.DISPUTED_BY: lambda claim: claim.disputes,
    LinkMap.BASIS_FOR: lambda claim: claim.based_on,
    LinkMap.REVISED_BY: lambda claim: claim.revises,
}
"""The maps made by grouping claims: the keys each claim files itself under."""


def relink(previous: Links | None, resolved: Resolved, cache: LinkCache, change: Change = EVERYTHING,
           spread: Spread | None = None) -> tuple[Links, set[InputKey] | None]:
    """The links of `resolved`, patched from `previous` when only claims changed since (see
    changes.Change: when validate could not tell, the dossiers are compared). Returns the links
    and, when patched from a change validate told, the page inputs (see reading.LinkReader) that
    differ from `previous`'s (None: compare them). `spread`: see cache.Spread."""
    if previous is None or cache.finder is not previous.finder:
        return linking.link(resolved, cache, spread=spread), None
    if change.claims is None:
        change = compared(previous.dossier, resolved.dossier)
    if change.claims is None or change.others:
        return linking.link(resolved, cache, reused(previous, resolved, cache, change)), None
    ids, known = change.claims, change.told
    old_claims, new_claims = previous.dossier.claims, resolved.dossier.claims
    olds = [old_claims[i] for i in sorted(ids) if i in old_claims]
    news = [new_claims[i] for i in sorted(ids) if i in new_claims]
    same_dates = known and _same_dates(olds, news)
    same_disputes = _same_disputes(olds, news)
    patched = _claim_maps(previous, resolved.dossier, olds, news, same_dates)
    anchors = Anchors(resolved.locations, cache.anchors)
    same_parties = _same_parties(olds, news, old_claims)
    patched[LinkMap.RELATED] = _related(previous, resolved.dossier, olds, news, patched)
    patched[LinkMap.PASSAGES] = patched_passages(previous.passages, resolved, anchors, _cited(olds, news),
                                                 patched[LinkMap.CLAIMS_CITING])
    fields: dict[str, Any] = {which.value: entries for which, entries in patched.items()}
    links = dataclasses.replace(previous, resolved=resolved, anchors=anchors, **fields)
    if not known:
        return links, None
    inputs = {keys.record("claim", claim_id) for claim_id in ids}
    if not change.same_ids:
        inputs |= _claims_came_or_went(olds, news)
    for which, touched in _touched_keys(olds, news, same_parties, same_dates, same_disputes).items():
        before, after = previous.entries(which), links.entries(which)
        candidates = touched if touched is not None else before.keys() | after.keys()
        inputs.update(keys.entry(which, key) for key in candidates if before.get(key) != after.get(key))
    return links, inputs


def reused(previous: Links, resolved: Resolved, cache: LinkCache, change: Change = EVERYTHING
           ) -> dict[LinkMap, Mapping]:
    """The maps of `previous` that the link of `resolved` can take as they are, when records other
    than claims changed: those made from the claims alone, patched for the claims that changed; the
    related entities and the passages (those of the sources whose quotes moved made again) when
    roles and parents are the same too; and the mentions, for link to tell whether they are the
    same. `change`: what changed, when validate told (else the dossiers are compared)."""
    dossier, before = resolved.dossier, previous.dossier
    reuse: dict[LinkMap, Mapping] = {}
    ids = change.claims if change.known else changed_records(before.claims, dossier.claims)
    if ids is not None:
        olds = [before.claims[i] for i in sorted(ids) if i in before.claims]
        news = [dossier.claims[i] for i in sorted(ids) if i in dossier.claims]
        reuse = _claim_maps(previous, dossier, olds, news, _same_dates(olds, news))
        if _same_roles_and_parents(before, dossier, change):
            moved = _moved_quotes(previous.resolved, resolved, change)
            anchors = Anchors(resolved.locations, cache.anchors)
            if _unrelated_came_or_went(previous, dossier):
                reuse[LinkMap.RELATED] = _related(previous, dossier, olds, news, reuse)
            reuse[LinkMap.PASSAGES] = patched_passages(previous.passages, resolved, anchors,
                                                       moved | _cited(olds, news), reuse[LinkMap.CLAIMS_CITING])
    reuse[LinkMap.SOURCE_MENTIONS] = previous.source_mentions
    reuse[LinkMap.MENTIONED_IN] = previous.mentioned_in
    return reuse


def _same_dates(olds: list[Claim], news: list[Claim]) -> bool:
    """Whether the claims that changed (`olds` as they were, `news` as they are, by id) kept their
    ids and dates: the timeline is then the same."""
    return [old.id for old in olds] == [new.id for new in news] and all(
        old.date == new.date for old, new in zip(olds, news))


def _claim_maps(previous: Links, dossier: Dossier, olds: list[Claim], news: list[Claim], same_dates: bool
                ) -> dict[LinkMap, Mapping]:
    """The maps made from the claims alone (linking.CLAIM_MAPS), `previous`'s patched for the claims
    that changed (`olds` as they were, `news` as they are, by id); `same_dates`: they kept their dates
    and ids, so that the timeline is the same."""
    patched: dict[LinkMap, Mapping] = {which: _patched(_grouped(previous, which), olds, news, keys_of)
                                       for which, keys_of in _GROUPS.items()}
    patched[LinkMap.VALUES_OF] = _patched_values(previous.values_of, olds, news, dossier.claims)
    patched[LinkMap.TIMELINE] = previous.timeline if same_dates else patched_timeline(
        previous.timeline, previous.dossier.claims, dossier.claims, olds, news)
    patched[LinkMap.DISPUTING] = previous.disputing if _same_disputes(olds, news) else linking.disputing(dossier)
    return patched


def _same_disputes(olds: list[Claim], news: list[Claim]) -> bool:
    """Whether the claims that dispute others are the same, in the same order, when the claims
    changed from `olds` to `news`: when none of them disputes any, before or after."""
    return not any(claim.disputes for claim in [*olds, *news])


def _related(previous: Links, dossier: Dossier, olds: list[Claim], news: list[Claim],
             maps: Mapping[LinkMap, Mapping]) -> Mapping:
    """The related entities when the claims changed from `olds` to `news` (and roles, parents and
    the people and agencies they can name are the same): `previous`'s, patched for their parties."""
    if _same_parties(olds, news, previous.dossier.claims):
        return previous.related
    return patched_related(previous.related, dossier, _parties([*olds, *news]), maps[LinkMap.CLAIMS_BY],
                           maps[LinkMap.CLAIMS_ABOUT])


def _same_roles_and_parents(before: Dossier, dossier: Dossier, change: Change) -> bool:
    """Whether the roles and parents are the same: when validate told that no person and no agency
    changed, they are."""
    if change.known and not change.others.keys() & {PERSON.folder, AGENCY.folder}:
        return True
    return _roles_and_parents(before) == _roles_and_parents(dossier)


def _moved_quotes(before: Resolved, resolved: Resolved, change: Change) -> set[str]:
    """The sources whose quotes may be located elsewhere, or no more, since `before` (with the same
    roles, and besides the sources the changed claims cite): when validate told, the sources that
    changed, came or went; else those whose quotes' locations differ."""
    old, new = before.locations, resolved.locations
    if old is new:
        return set()
    if change.known:
        return set(change.others.get(SOURCE.folder, ()))
    return {key[0] for key in old.keys() | new.keys()
            if (before_at := old.get(key)) is not (now_at := new.get(key)) and before_at != now_at}


def _roles_and_parents(dossier: Dossier) -> tuple:
    """What besides the claims relates entities and places people's quotes: roles and parents."""
    return (tuple((person.id, person.roles) for person in dossier.people.values() if person.roles),
            tuple((agency.id, agency.parent) for agency in dossier.agencies.values() if agency.parent))


def _unrelated_came_or_went(previous: Links, dossier: Dossier) -> bool:
    """Whether the people and agencies that came or went are named by no claim, role or parent: the
    related entities are then the same (with the same claims, roles and parents)."""
    before = previous.dossier
    came_or_went = (before.people.keys() ^ dossier.people.keys()) | (before.agencies.keys() ^ dossier.agencies.keys())
    return not any(entity in named for entity in came_or_went for named in (
        previous.claims_by, previous.claims_about, previous.roles_at, previous.children))


def _parties(claims: list[Claim]) -> set[str]:
    """Who the claims are by and about."""
    return {party for claim in claims for party in (*claim.about, *((claim.by,) if claim.by else ()))}


def _cited(olds: list[Claim], news: list[Claim]) -> set[str]:
    return {citation.source for claim in [*olds, *news] for citation in claim.citations}


def _claims_came_or_went(olds: list[Claim], news: list[Claim]) -> set[InputKey]:
    """The page inputs besides the claims themselves that claims which came, went or moved to
    another file change: which claims there are, and the date from git of those that moved."""
    inputs = {keys.every("claim")} if {old.id for old in olds} != {new.id for new in news} else set()
    paths = {old.id: old.span.path for old in olds}
    return inputs | {keys.last_changed("claim", new.id) for new in news
                     if paths.get(new.id, new.span.path) != new.span.path}


def _touched_keys(olds: list[Claim], news: list[Claim], same_parties: bool, same_dates: bool,
                  same_disputes: bool) -> dict[LinkMap, Iterable | None]:
    """The keys of each map that the changed claims can have changed (None: any key)."""
    claims = [*olds, *news]
    touched: dict[LinkMap, Iterable | None] = {which: {key for claim in claims for key in keys_of(claim)}
                                               for which, keys_of in _GROUPS.items()}
    touched[LinkMap.VALUES_OF] = {claim.figure for claim in claims if claim.figure}
    touched[LinkMap.PASSAGES] = touched[LinkMap.CLAIMS_CITING]
    touched[LinkMap.RELATED] = () if same_parties else _parties(claims)
    touched[LinkMap.TIMELINE] = () if same_dates else None
    touched[LinkMap.DISPUTING] = () if same_disputes else None
    return touched


def _grouped(links: Links, which: LinkMap) -> Mapping[str, tuple[str, ...]]:
    """One of the maps made by `group` from the claims (a map of tuples, unlike the mentions)."""
    return cast(Mapping[str, tuple[str, ...]], links.entries(which))


def _patched(old: Mapping[str, tuple[str, ...]], olds: list[Claim], news: list[Claim],
             keys_of: Callable[[Claim], Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    return regrouped(old, ((key, claim.id) for claim in olds for key in keys_of(claim)),
                     ((key, claim.id) for claim in news for key in keys_of(claim)))


def _patched_values(old: Mapping[str, tuple[str, ...]], olds: list[Claim], news: list[Claim],
                    claims: Mapping[str, Claim]) -> Mapping[str, tuple[str, ...]]:
    figures = {claim.figure for claim in [*olds, *news] if claim.figure}
    if not figures:
        return old
    result = dict(old)
    for figure in figures:
        ids = set(old.get(figure, ())) - {claim.id for claim in olds} | {c.id for c in news if c.figure == figure}
        if ids:
            result[figure] = tuple(sorted(ids, key=lambda i: linking.date_order(claims[i])))
        else:
            result.pop(figure, None)
    return dict(sorted(result.items())) if figures - old.keys() else result


def _same_parties(olds: list[Claim], news: list[Claim], old_claims: Mapping[str, Claim]) -> bool:
    """True when no claim was added or removed and none changed who it is by or about."""
    if len(olds) != len(news):
        return False
    return all(old.id == new.id and old.by == new.by and old.about == new.about for old, new in zip(olds, news))


def patched_passages(passages: Mapping[str, tuple[Passage, ...]], resolved: Resolved, anchors: Mapping,
                     sources: set[str], citing: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[Passage, ...]]:
    """`passages` with those of `sources` made again, from the citations of the claims (`citing`:
    source id → the claims citing it) and roles that cite them (not from every located quote)."""
    dossier = resolved.dossier
    claims_by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source_id in sources:
        for claim_id in citing.get(source_id, ()):
            for citation in dossier.claims[claim_id].citations:
                if citation.source == source_id:
                    claims_by_key[(citation.source, citation.quote)].add(claim_id)
    result = dict(passages)
    people = linking.people_by_key(dossier)
    located: dict[str, list] = defaultdict(list)
    for key in sorted({*claims_by_key, *(key for key in people if key[0] in sources)}):
        if key in resolved.locations:
            located[key[0]].append((key, resolved.locations[key]))
    for source_id in sources:
        found = linking.source_passages(located.get(source_id, []), anchors, claims_by_key, people)
        if found:
            result[source_id] = found
        else:
            result.pop(source_id, None)
    return dict(sorted(result.items())) if sources - passages.keys() else result
