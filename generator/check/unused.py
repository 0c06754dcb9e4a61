"""Checks of the people, agencies, sources and figures as a whole: records that nothing cites or
names, and names shared by two entities (docs/content.md, "Errors and warnings")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.core.diagnostics import Diagnostic, Span, warning
from generator.core.kinds import AGENCY, CLAIM, ENTITIES, FIGURE, PERSON, SOURCE, Kind
from generator.core.model import Agency, Dossier, Person


def maybe_named_by_broken(dossier: Dossier, broken: Mapping[str, set[str]]) -> frozenset[Kind]:
    """The kinds of records that a record left out for its errors may name (a person its roles'
    agencies or people and sources, an agency its parent, a claim anything), unless it was read in part: none
    of them may be called "not referenced" until it is fixed (docs/content.md, "Errors and warnings")."""
    kinds: set[Kind] = set()
    if broken.get(CLAIM.folder, set()) - dossier.partial_claims.keys():
        kinds |= {PERSON, AGENCY, FIGURE, SOURCE}
    if broken.get(PERSON.folder):
        kinds |= {PERSON, AGENCY, SOURCE}
    if broken.get(AGENCY.folder):
        kinds.add(AGENCY)
    return frozenset(kinds)


def unreferenced(dossier: Dossier, targets: Mapping[tuple[tuple[str, ...], str], int], unknown: frozenset[Kind]
                  ) -> Iterator[Diagnostic]:
    """Warnings for sources nothing cites and entities nothing names; `targets`: (kinds, id) → how
    many references name it; records of the `unknown` kinds are left alone (see maybe_named_by_broken)."""
    cited: set[str] = set()
    referenced: set[str] = set()
    for (kinds, target), uses in targets.items():
        if uses > 0:
            (cited if kinds == (SOURCE.folder,) else referenced).add(target)
    for source_id, source in dossier.sources.items():
        if source_id not in cited and SOURCE not in unknown:
            yield warning("unused.source", f"source '{source_id}' is not cited by any claim or role",
                          Span(source.span.path))
    author_names = {author.casefold() for source in dossier.sources.values() for author in source.authors}
    for person_id, person in dossier.people.items():
        if {name.casefold() for name in (person.name, *person.aliases)} & author_names:
            referenced.add(person_id)
    for kind in ENTITIES:
        for record_id, record in kind.records(dossier).items():
            if record_id not in referenced and kind not in unknown:
                yield warning("unused.entity", f"{kind.name} '{record_id}' is not referenced by any claim, role, "
                                               "parent or source", Span(record.span.path),
                              "add a claim by or about it, or remove it")


def shared_aliases(dossier: Dossier) -> Iterator[Diagnostic]:
    """A name that points at two entities makes mentions ambiguous."""
    owners: dict[str, str] = {}
    entities: list[Person | Agency] = [*dossier.people.values(), *dossier.agencies.values()]
    for record in entities:
        names = [("name", record.name)] + [(f"aliases[{index}]", alias) for index, alias in enumerate(record.aliases)]
        if isinstance(record, Agency) and record.short_name:
            names.append(("short_name", record.short_name))
        for field_name, name in names:
            key = name.casefold()
            owner = owners.setdefault(key, record.id)
            if owner != record.id:
                span = record.spans.get(field_name, record.span)
                yield warning("alias.shared", f"'{name}' names both '{owner}' and '{record.id}'", span,
                              "mentions of it cannot be linked; keep it on one of them")
