"""The link stage: reverse maps (backlinks), mentions, quote anchors and figure series.

Everything a page shows about records other than its own is computed here once, as plain maps
from ids to sorted lists of ids, so templates only loop.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from generator.check.resolved import QuoteKey, Resolved
from generator.core.kinds import ENTITIES, SITE_ORDER
from generator.core.model import Agency, Claim, Dossier, Person
from generator.history.changelog import NO_CHANGELOG, Changelog
from generator.history.dates import NO_HISTORY, History
from generator.link.cache import LinkCache, Spread
from generator.link.groups import group, regrouped
from generator.link.related import related
from generator.link.timeline import timeline
from generator.text import quotes
from generator.text.mentions import MentionFinder, Mentions, names_to_entities
from generator.text.quotes import Location


@dataclass(frozen=True, slots=True)
class Passage:
    """A located quote on a source page: where it is, its anchor id, and who cites it."""

    location: Location
    anchor: str
    quote: str
    claims: tuple[str, ...]
    people: tuple[str, ...]
    """People whose roles cite this passage."""


@dataclass(frozen=True, slots=True)
class Links:
    resolved: Resolved
    anchors: Mapping[QuoteKey, str]
    passages: Mapping[str, tuple[Passage, ...]]
    """Source id → its cited passages, in text order."""
    claims_by: Mapping[str, tuple[str, ...]]
    claims_about: Mapping[str, tuple[str, ...]]
    claims_citing: Mapping[str, tuple[str, ...]]
    """Source id → claims (and only claims) that cite it."""
    values_of: Mapping[str, tuple[str, ...]]
    """Figure id → claims reporting a value for it, in date order."""
    roles_at: Mapping[str, tuple[tuple[str, int], ...]]
    """Agency id → (person id, index of the role in the person's roles)."""
    children: Mapping[str, tuple[str, ...]]
    related: Mapping[str, tuple[str, ...]]
    mentioned_in: Mapping[str, tuple[str, ...]]
    """Person or agency id → sources whose text mentions it."""
    authored: Mapping[str, tuple[str, ...]]
    """Person id → sources it wrote."""
    supported_by: Mapping[str, tuple[str, ...]]
    disputed_by: Mapping[str, tuple[str, ...]]
    basis_for: Mapping[str, tuple[str, ...]]
    revised_by: Mapping[str, tuple[str, ...]]
    """Claim id → the later claims whose `revises` names it (docs/content.md, "Claims")."""
    source_mentions: Mapping[str, Mentions]
    finder: MentionFinder
    entity_kinds: Mapping[str, str]
    """Person, agency or figure id → "person", "agency" or "figure"."""
    timeline: Mapping[int, tuple[str, ...]]
    """Page number (from 1) → the claims on that page of the timeline, in date order."""
    disputing: Mapping[str, tuple[str, ...]]
    """"" → every claim that disputes another, latest first (the home page shows the first few)."""
    history: History = NO_HISTORY
    """When the dossier and its content files last changed, from git (set by the build after linking)."""
    changelog: Changelog = NO_CHANGELOG
    """Each record's changes commit by commit, from git (set by the build after linking; docs/history.md)."""
    names: Mapping[str, str] = field(default_factory=dict)
    """The names `finder` links: name or alias → entity id."""

    @property
    def dossier(self) -> Dossier:
        return self.resolved.dossier

    def entries(self, which: LinkMap) -> Mapping[Any, Sequence]:
        """One of the maps, by its member of LinkMap."""
        return _ENTRIES[which](self)

    @property
    def records(self) -> dict[str, Mapping]:
        """Records by kind name ("person", ...), each by id, in the site's order of kinds."""
        return {kind.name: kind.records(self.resolved.dossier) for kind in SITE_ORDER}


def anchor_id(quote: str) -> str:
    """`q-<first words>-<hash>`: from the quote alone, so other content cannot shift it."""
    folded = quotes.fold_quote(quote)
    words = re.findall(r"[a-z0-9]+", folded.lower())[:6]
    digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:8]
    return "-".join(["q", *words, digest])


class Anchors(Mapping[QuoteKey, str]):
    """The anchor of each located quote, made when first asked for and kept in `made` (quote →
    anchor) for the next link: an anchor depends on its quote alone, so a rebuild after a source
    came or went need not go over every quote to find the new ones (docs/performance.md)."""

    __slots__ = ("locations", "made")

    def __init__(self, locations: Mapping[QuoteKey, object], made: dict[str, str]) -> None:
        self.locations, self.made = locations, made

    def __getitem__(self, key: QuoteKey) -> str:
        if key not in self.locations:
            raise KeyError(key)
        anchor = self.made.get(key[1])
        if anchor is None:
            anchor = self.made[key[1]] = anchor_id(key[1])
        return anchor

    def __iter__(self) -> Iterator[QuoteKey]:
        return iter(self.locations)

    def __len__(self) -> int:
        return len(self.locations)


class LinkMap(Enum):
    """The maps of Links that pages read by key (see site/reading.py); a member's value is its field."""

    CLAIMS_BY = "claims_by"
    CLAIMS_ABOUT = "claims_about"
    CLAIMS_CITING = "claims_citing"
    VALUES_OF = "values_of"
    ROLES_AT = "roles_at"
    CHILDREN = "children"
    RELATED = "related"
    MENTIONED_IN = "mentioned_in"
    AUTHORED = "authored"
    SUPPORTED_BY = "supported_by"
    DISPUTED_BY = "disputed_by"
    BASIS_FOR = "basis_for"
    REVISED_BY = "revised_by"
    PASSAGES = "passages"
    SOURCE_MENTIONS = "source_mentions"
    TIMELINE = "timeline"
    DISPUTING = "disputing"


_ENTRIES: dict[LinkMap, Callable[[Links], Mapping[Any, Sequence]]] = {
    LinkMap.CLAIMS_BY: lambda links: links.claims_by,
    LinkMap.CLAIMS_ABOUT: lambda links: links.claims_about,
    LinkMap.CLAIMS_CITING: lambda links: links.claims_citing,
    LinkMap.VALUES_OF: lambda links: links.values_of,
    LinkMap.ROLES_AT: lambda links: links.roles_at,
    LinkMap.CHILDREN: lambda links: links.children,
    LinkMap.RELATED: lambda links: links.related,
    LinkMap.MENTIONED_IN: lambda links: links.mentioned_in,
    LinkMap.AUTHORED: lambda links: links.authored,
    LinkMap.SUPPORTED_BY: lambda links: links.supported_by,
    LinkMap.DISPUTED_BY: lambda links: links.disputed_by,
    LinkMap.BASIS_FOR: lambda links: links.basis_for,
    LinkMap.REVISED_BY: lambda links: links.revised_by,
    LinkMap.PASSAGES: lambda links: links.passages,
    LinkMap.SOURCE_MENTIONS: lambda links: links.source_mentions,
    LinkMap.TIMELINE: lambda links: links.timeline,
    LinkMap.DISPUTING: lambda links: links.disputing,
}


def link(resolved: Resolved, cache: LinkCache | None = None, reuse: Mapping[LinkMap, Mapping] | None = None,
         spread: Spread | None = None) -> Links:
    """The links of `resolved`; `reuse`: maps taken as they are, which the caller knows were made
    from the same inputs (incremental/relink.py), and the last mentions, whose index is taken as
    it is when every source's mentions are the same (kept) ones; `spread`: see Spread."""
    dossier = resolved.dossier
    cache = cache if cache is not None else LinkCache()
    reuse = reuse if reuse is not None else {}
    entity_kinds = _entity_kinds(dossier)
    finder = cache.finder_for(names_to_entities(_entity_names(dossier)), resolved.visible_texts, entity_kinds,
                              reuse.get(LinkMap.MENTIONED_IN))
    anchors = Anchors(resolved.locations, cache.anchors)
    source_mentions = cache.all_mentions(dossier, resolved.visible_texts, spread)
    made = {which: reuse[which] if which in reuse else make(dossier) for which, make in _CLAIM_MAPS.items()}
    made[LinkMap.MENTIONED_IN] = _mentioned_in(reuse, source_mentions)
    made[LinkMap.RELATED] = reuse[LinkMap.RELATED] if LinkMap.RELATED in reuse else related(dossier)
    made[LinkMap.PASSAGES] = reuse[LinkMap.PASSAGES] if LinkMap.PASSAGES in reuse else _passages(resolved, anchors)
    return Links(
        resolved=resolved,
        anchors=anchors,
        passages=made[LinkMap.PASSAGES],
        claims_by=made[LinkMap.CLAIMS_BY],
        claims_about=made[LinkMap.CLAIMS_ABOUT],
        claims_citing=made[LinkMap.CLAIMS_CITING],
        values_of=made[LinkMap.VALUES_OF],
        roles_at=group(((role.agency, (person.id, index)) for person in dossier.people.values()
                         for index, role in enumerate(person.roles)), sort=True),
        children=group((agency.parent, agency.id) for agency in dossier.agencies.values() if agency.parent),
        related=made[LinkMap.RELATED],
        mentioned_in=made[LinkMap.MENTIONED_IN],
        authored=_authored(dossier),
        supported_by=made[LinkMap.SUPPORTED_BY],
        disputed_by=made[LinkMap.DISPUTED_BY],
        basis_for=made[LinkMap.BASIS_FOR],
        revised_by=made[LinkMap.REVISED_BY],
        source_mentions=source_mentions,
        finder=finder,
        names=cache.names,
        entity_kinds=entity_kinds,
        timeline=made[LinkMap.TIMELINE],
        disputing=made[LinkMap.DISPUTING],
    )


def _mentioned_in(reuse: Mapping[LinkMap, Mapping], mentions: Mapping[str, Mentions]
                  ) -> Mapping[str, tuple[str, ...]]:
    """Entity → the sources that mention it: the last map (in `reuse`, with the last mentions)
    patched for the sources whose mentions are not the same (kept) ones, else made from them all."""
    last, before = reuse.get(LinkMap.MENTIONED_IN), reuse.get(LinkMap.SOURCE_MENTIONS)
    if last is None or before is None:
        return group((mention.entity, source_id) for source_id, found in mentions.items() for mention in found)
    changed = [source_id for source_id in before.keys() | mentions.keys()
               if before.get(source_id) is not mentions.get(source_id)]
    return regrouped(last, _mention_pairs(before, changed), _mention_pairs(mentions, changed))


def _mention_pairs(mentions: Mapping[str, Mentions], sources: Iterable[str]) -> Iterator[tuple[str, str]]:
    return ((mention.entity, source_id) for source_id in sources for mention in mentions.get(source_id, ()))





def _claims_grouped(keys_of: Callable[[Claim], Iterable[str]]) -> Callable[[Dossier], dict]:
    return lambda dossier: group((key, claim.id) for claim in dossier.claims.values() for key in keys_of(claim))


def disputing(dossier: Dossier) -> dict[str, tuple[str, ...]]:
    claims = [claim for claim in dossier.claims.values() if claim.disputes]
    latest = sorted(claims, key=lambda claim: (claim.date.sort_key() if claim.date else (0, 0, 0), claim.id),
                    reverse=True)
    return {"": tuple(claim.id for claim in latest)}


def _entity_kinds(dossier: Dossier) -> dict[str, str]:
    """Entity id → its kind's name; where ids collide (an error of check), a person wins over an
    agency and an agency over a figure."""
    return {record_id: kind.name for kind in reversed(ENTITIES) for record_id in kind.records(dossier)}


def _entity_names(dossier: Dossier) -> Iterable[tuple[str, list[str]]]:
    entities: list[Person | Agency] = [*dossier.people.values(), *dossier.agencies.values()]
    for record in entities:
        yield record.id, names_of(record)


def names_of(record: Person | Agency) -> list[str]:
    names = [record.name, *record.aliases]
    if isinstance(record, Agency) and record.short_name:
        names.append(record.short_name)
    return names


def _passages(resolved: Resolved, anchors: Mapping[QuoteKey, str]) -> dict[str, tuple[Passage, ...]]:
    claims_by_key: dict[QuoteKey, set[str]] = defaultdict(set)
    for claim in resolved.dossier.claims.values():
        for citation in claim.citations:
            claims_by_key[(citation.source, citation.quote)].add(claim.id)
    people = people_by_key(resolved.dossier)
    located = located_by_source(resolved)
    return {source_id: source_passages(located[source_id], anchors, claims_by_key, people)
            for source_id in sorted(located)}


def people_by_key(dossier: Dossier) -> dict[QuoteKey, set[str]]:
    """(source, quote) → the people whose roles cite it."""
    people: dict[QuoteKey, set[str]] = defaultdict(set)
    for person in dossier.people.values():
        for role in person.roles:
            for citation in role.citations:
                people[(citation.source, citation.quote)].add(person.id)
    return people


def located_by_source(resolved: Resolved) -> dict[str, list]:
    """The located quotes of each source."""
    located: dict[str, list] = defaultdict(list)
    for key, location in resolved.locations.items():
        located[key[0]].append((key, location))
    return located


def source_passages(located: list, anchors: Mapping[QuoteKey, str], claims_by_key: Mapping[QuoteKey, set[str]],
                    people: Mapping[QuoteKey, set[str]]) -> tuple[Passage, ...]:
    """The cited passages of one source, in text order, with the claims and people citing each."""
    found = [Passage(location, anchors[key], key[1], tuple(sorted(claims_by_key.get(key, ()))),
                     tuple(sorted(people.get(key, ()))))
             for key, location in located]
    return tuple(sorted(found, key=lambda p: (p.location.start, -p.location.end, p.anchor, p.quote)))


def claim_period(claim: Claim):
    """The time a claim's value describes: `as_of`, else the date it was made."""
    return claim.as_of or claim.date


def _values_of(dossier: Dossier) -> dict[str, tuple[str, ...]]:
    series: dict[str, list[Claim]] = defaultdict(list)
    for claim in dossier.claims.values():
        if claim.figure:
            series[claim.figure].append(claim)
    return {figure: tuple(claim.id for claim in sorted(claims, key=date_order))
            for figure, claims in sorted(series.items())}


def date_order(claim: Claim) -> tuple:
    period = claim_period(claim)
    start = getattr(period, "start", period)
    return (start is None, start.sort_key() if start else (0, 0, 0), claim.id)


def _authored(dossier: Dossier) -> dict[str, tuple[str, ...]]:
    people_by_name = names_to_entities((person.id, [name.casefold() for name in (person.name, *person.aliases)])
                                       for person in dossier.people.values())
    return group((people_by_name[author.casefold()], source.id) for source in dossier.sources.values()
                  for author in source.authors if author.casefold() in people_by_name)


_CLAIM_MAPS: dict[LinkMap, Callable[[Dossier], Mapping]] = {
    LinkMap.CLAIMS_BY: _claims_grouped(lambda claim: (claim.by,) if claim.by else ()),
    LinkMap.CLAIMS_ABOUT: _claims_grouped(lambda claim: claim.about),
    LinkMap.CLAIMS_CITING: _claims_grouped(lambda claim: [citation.source for citation in claim.citations]),
    LinkMap.VALUES_OF: lambda dossier: _values_of(dossier),
    LinkMap.SUPPORTED_BY: _claims_grouped(lambda claim: claim.supports),
    LinkMap.DISPUTED_BY: _claims_grouped(lambda claim: claim.disputes),
    LinkMap.BASIS_FOR: _claims_grouped(lambda claim: claim.based_on),
    LinkMap.REVISED_BY: _claims_grouped(lambda claim: claim.revises),
    LinkMap.TIMELINE: lambda dossier: timeline(dossier),
    LinkMap.DISPUTING: lambda dossier: disputing(dossier),
}
"""How each map made from the claims alone is made (its keys: CLAIM_MAPS)."""
CLAIM_MAPS = tuple(_CLAIM_MAPS)
"""The maps made from the claims alone."""
