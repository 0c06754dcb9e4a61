"""Checks of the people, agencies, sources and figures as a whole: records that nothing cites or
names, and names shared by two entities (docs/content.md, "Errors and warnings")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from generator.check.references import TARGET_KINDS, Target
from generator.core.diagnostics import Diagnostic, Span, warning
from generator.core.kinds import AGENCY, BY_PLURAL, CLAIM, ENTITIES, FIGURE, PERSON, SOURCE, Kind
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


RecordKey = tuple[str, str]
"""(kind's folder, id)."""
_NAMED_AS = {kind.folder: tuple(kinds for kinds in TARGET_KINDS if kind.folder in kinds)
             for kind in (SOURCE, *ENTITIES)}
"""A kind's folder → the kinds of targets that may name a record of it."""


def unreferenced(dossier: Dossier, targets: Mapping[Target, int], unknown: frozenset[Kind],
                 keys: Iterable[RecordKey] | None = None) -> Iterator[tuple[RecordKey, Diagnostic]]:
    """Warnings for sources nothing cites and entities nothing names, each with its record's key:
    of every record, or of those of `keys` still there (a patched resolve: check/patch.py);
    `targets`: (kinds, id) → how many references name it, a record being named by those that may
    name its kind (a claim that `supports` an id is no reference to an agency of that id); records
    of the `unknown` kinds are left alone (see maybe_named_by_broken)."""
    records = {kind.folder: kind.records(dossier) for kind in (SOURCE, *ENTITIES) if kind not in unknown}
    if keys is None:
        keys = [(folder, record_id) for folder, kind_records in records.items() for record_id in kind_records]
    authors: set[str] | None = None
    for folder, record_id in keys:
        record = records.get(folder, {}).get(record_id)
        if record is None or any(targets.get((kinds, record_id), 0) > 0 for kinds in _NAMED_AS[folder]):
            continue
        if folder == SOURCE.folder:
            yield (folder, record_id), warning("unused.source", f"source '{record_id}' is not cited by any claim "
                                               "or role", Span(record.span.path))
            continue
        if folder == PERSON.folder:
            authors = _author_names(dossier) if authors is None else authors
            if not authors.isdisjoint(name.casefold() for name in (record.name, *record.aliases)):
                continue
        yield (folder, record_id), warning("unused.entity", f"{BY_PLURAL[folder].name} '{record_id}' is not "
                                           "referenced by any claim, role, parent or source", Span(record.span.path),
                                           "add a claim by or about it, or remove it")


def _author_names(dossier: Dossier) -> set[str]:
    """Every source's authors, folded: a person who wrote a source is referenced."""
    return {author.casefold() for source in dossier.sources.values() for author in source.authors}


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
