"""The relation graph as plain data (docs/relations.md): the people and agencies a person or an
agency is related to, how (roles, parent and child agencies, claims by, about and naming both) and
how strongly; and the whole network of agencies with their people for the overview page.

Everything is read through `Views`, so a page depends on exactly what its graph shows: the claims
are read as their kept views (`Views.claim`), which the page's claim lists read anyway.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.core.kinds import AGENCY, PERSON
from generator.link.links import LinkMap
from generator.site.view_objects import Ref
from generator.site.views import Views

SHOWN = 50
"""The most neighbours a graph draws: the strongest (docs/relations.md, "Strength")."""

ROLE, PARENT, CHILD, CLAIMS_MADE, CLAIMED_BY, NAMED_WITH = (
    "role", "parent", "child", "claims-made", "claimed-by", "named-with")
KINDS = (ROLE, PARENT, CHILD, CLAIMS_MADE, CLAIMED_BY, NAMED_WITH)
"""Every kind of relation, strongest first: a neighbour is drawn in the group of its first kind."""
STRUCTURAL = frozenset((ROLE, PARENT, CHILD))
"""Relations the records state outright: they rank before any number of shared claims."""
HEADINGS: dict[str, str | dict[str, str]] = {
    ROLE: {PERSON.name: "Has a role at", AGENCY.name: "People with a role here"}, PARENT: "Part of",
    CHILD: "Parts of it", CLAIMS_MADE: "It made claims about", CLAIMED_BY: "Made claims about it",
    NAMED_WITH: "Named with it in claims"}
"""The heading of each kind's group, in the graph and in the list (a role's depends on the page)."""
EDGE_WORDS = {ROLE: "role", PARENT: "part of", CHILD: "has as a part", CLAIMS_MADE: "made claims about",
              CLAIMED_BY: "claims about it by", NAMED_WITH: "named together in"}
"""How an edge's title names each kind."""
ENTITY_KINDS = frozenset((PERSON.name, AGENCY.name))


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A person or agency related to the page's record, and every way it is."""

    ref: Ref
    kinds: tuple[str, ...]
    """Its kinds of relation, in the order of KINDS: the first is the group it is drawn in."""
    claims: int
    """How many claims name both: the strength after roles and parents."""
    details: dict[str, str]
    """Kind → what the list says of it: the role's title, "2 claims"."""

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def summary(self) -> str:
        """Every relation in one line, for the edge's title: "role: Director; made claims about: 2 claims"."""
        return "; ".join(f"{EDGE_WORDS[kind]}: {self.details[kind]}" if self.details[kind] else EDGE_WORDS[kind]
                         for kind in self.kinds)


@dataclass(frozen=True, slots=True)
class Group:
    """The neighbours related in one way, for the text list."""

    kind: str
    heading: str
    members: tuple[Neighbour, ...]
    entries: tuple[tuple[str, str, str], ...]
    """(href, name, detail) of each member, as the list shows it (templates unpack it)."""


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """A record's graph: who is drawn, who is left out, and the same relations as groups of text."""

    centre: Ref
    neighbours: tuple[Neighbour, ...]
    """Every neighbour, strongest first."""
    groups: tuple[Group, ...]

    @property
    def shown(self) -> tuple[Neighbour, ...]:
        return self.neighbours[:SHOWN]

    @property
    def left_out(self) -> int:
        return max(0, len(self.neighbours) - SHOWN)


@dataclass(slots=True)
class _Found:
    """What is known of one neighbour while the relations are read."""

    ref: Ref
    claims: dict[str, set[str]] = field(default_factory=dict)
    """Kind → the claims relating them that way (empty for roles and parents)."""
    roles: list[str] = field(default_factory=list)


def neighbourhood(views: Views, kind: str, entity_id: str) -> Neighbourhood:
    """The graph of a person's or an agency's page."""
    found: dict[str, _Found] = {}
    if kind == PERSON.name:
        person = views.record(kind, entity_id)
        for role in person.roles:
            _add(found, views.entity(role.agency), ROLE).roles.append(role.title)
    else:
        _agency_relations(views, entity_id, found)
    _claim_relations(views, entity_id, found)
    found.pop(entity_id, None)
    neighbours = tuple(sorted((_neighbour(item) for item in found.values()), key=strength))
    return Neighbourhood(views.entity(entity_id), neighbours, _groups(neighbours, kind))


def _agency_relations(views: Views, agency_id: str, found: dict[str, _Found]) -> None:
    """An agency's people (by their roles there), its parent and its parts."""
    for person_id, index in views.lookup(LinkMap.ROLES_AT, agency_id):
        title = views.record(PERSON.name, person_id).roles[index].title
        _add(found, views.entity(person_id), ROLE).roles.append(title)
    parent = views.record(AGENCY.name, agency_id).parent
    if parent:
        _add(found, views.entity(parent), PARENT)
    for child in views.lookup(LinkMap.CHILDREN, agency_id):
        _add(found, views.entity(child), CHILD)


def _claim_relations(views: Views, entity_id: str, found: dict[str, _Found]) -> None:
    """Who its claims are about, who made claims about it, and who is named with it."""
    for claim_id in views.lookup(LinkMap.CLAIMS_BY, entity_id):
        for ref in _entities(views.claim(claim_id).about):
            _add(found, ref, CLAIMS_MADE).claims[CLAIMS_MADE].add(claim_id)
    for claim_id in views.lookup(LinkMap.CLAIMS_ABOUT, entity_id):
        claim = views.claim(claim_id)
        if claim.by and claim.by.id == entity_id:
            continue
        if claim.by and claim.by.kind in ENTITY_KINDS:
            _add(found, claim.by, CLAIMED_BY).claims[CLAIMED_BY].add(claim_id)
        for ref in _entities(claim.about):
            _add(found, ref, NAMED_WITH).claims[NAMED_WITH].add(claim_id)


def _entities(refs: Iterable[Ref]) -> Iterable[Ref]:
    """People and agencies only: a figure a claim is about has no place in the graph."""
    return (ref for ref in refs if ref.kind in ENTITY_KINDS)


def _add(found: dict[str, _Found], ref: Ref, kind: str) -> _Found:
    item = found.setdefault(ref.id, _Found(ref))
    item.claims.setdefault(kind, set())
    return item


def _neighbour(item: _Found) -> Neighbour:
    kinds = tuple(kind for kind in KINDS if kind in item.claims)
    shared = set().union(*item.claims.values())
    details = {kind: _detail(kind, item) for kind in kinds}
    return Neighbour(item.ref, kinds, len(shared), details)


def _detail(kind: str, item: _Found) -> str:
    if kind == ROLE:
        return ", ".join(item.roles)
    count = len(item.claims[kind])
    return "" if not count else f"{count} claim" if count == 1 else f"{count} claims"


def strength(neighbour: Neighbour) -> tuple[bool, int, str, str]:
    """Sort key, strongest first: a role or a parent, then more shared claims, then by name."""
    return (not STRUCTURAL.intersection(neighbour.kinds), -neighbour.claims, name_key(neighbour.ref.name),
            neighbour.ref.id)


def name_key(name: str) -> str:
    """A name as lists sort it: case and accents folded."""
    folded = name.casefold()
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in folded if not unicodedata.combining(char))


def _groups(neighbours: tuple[Neighbour, ...], centre_kind: str) -> tuple[Group, ...]:
    groups = []
    for kind in KINDS:
        members = tuple(neighbour for neighbour in neighbours if kind in neighbour.kinds)
        if members:
            entries = tuple((member.ref.href, member.ref.name, member.details[kind]) for member in members)
            groups.append(Group(kind, heading(kind, centre_kind), members, entries))
    return tuple(groups)


def heading(kind: str, centre_kind: str) -> str:
    """The heading of a kind's group on a person's or an agency's page."""
    text = HEADINGS[kind]
    return text if isinstance(text, str) else text[centre_kind]


@dataclass(frozen=True, slots=True)
class Cluster:
    """An agency on the overview: its depth under its parents, and the people with a role there."""

    agency: Ref | None
    """None: the people with no role at any agency."""
    parent: Ref | None
    depth: int
    people: tuple[Ref, ...]


def network(views: Views) -> tuple[Cluster, ...]:
    """Every agency under its parent, each with its people, then the people with no role.

    It reads people and agencies only, never claims: a claim edit does not render the overview
    again (docs/relations.md, "The overview").
    """
    agencies = {agency_id: views.record(AGENCY.name, agency_id) for agency_id in views.all_ids(AGENCY.name)}
    members: dict[str, list[Ref]] = {agency_id: [] for agency_id in agencies}
    unaffiliated = []
    for person_id in views.all_ids(PERSON.name):
        person, ref = views.record(PERSON.name, person_id), views.entity(person_id)
        at = sorted({role.agency for role in person.roles if role.agency in members})
        for agency_id in at:
            members[agency_id].append(ref)
        if not at:
            unaffiliated.append(ref)
    children: dict[str | None, list[str]] = {}
    for agency_id, agency in agencies.items():
        children.setdefault(agency.parent if agency.parent in agencies else None, []).append(agency_id)
    refs = {agency_id: views.entity(agency_id) for agency_id in agencies}
    clusters = [Cluster(refs[agency_id], refs.get(agencies[agency_id].parent or ""), depth,
                        _by_name(members[agency_id]))
                for agency_id, depth in _tree_order(children, refs)]
    if unaffiliated:
        clusters.append(Cluster(None, None, 0, _by_name(unaffiliated)))
    return tuple(clusters)


def _tree_order(children: dict[str | None, list[str]], refs: dict[str, Ref]) -> list[tuple[str, int]]:
    """(agency, depth), each parent before its parts, siblings by name (parents never form a cycle:
    check refuses one)."""
    order: list[tuple[str, int]] = []
    stack = [(agency_id, 0) for agency_id in reversed(_sorted_ids(children.get(None, ()), refs))]
    while stack:
        agency_id, depth = stack.pop()
        order.append((agency_id, depth))
        stack += [(child, depth + 1) for child in reversed(_sorted_ids(children.get(agency_id, ()), refs))]
    return order


def _sorted_ids(ids: Iterable[str], refs: dict[str, Ref]) -> list[str]:
    return sorted(ids, key=lambda agency_id: (name_key(refs[agency_id].name), agency_id))


def _by_name(refs: list[Ref]) -> tuple[Ref, ...]:
    return tuple(sorted(refs, key=lambda ref: (name_key(ref.name), ref.id)))
