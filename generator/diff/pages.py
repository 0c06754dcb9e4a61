"""Which files of the site a change touches, worked out from the records alone (nothing is built).

The rules follow what each page shows (see templates/): a claim's card (statement, author, date,
status, value, about, citations, related claims) appears on its own page, on the timeline, on
the pages of its `by` and `about` entities, on its figure's page and, when it disputes another
claim, on the home page; a source page shows the statements and authors of the claims that cite
it; an entity's name appears wherever a claim by or about it, a related entity or a role shows
it; the network page shows the names, roles and parents of people and agencies. Each side's
version of a record is looked at, so pages that stop showing it count too. The
open data files, the full-text index and the claim pages' JSON-LD are worked out from the tables
their own modules make them from (open_data.SHOWN, bibliography.SHOWN, search_records.INDEXED,
linked_data.WORK_FIELDS); the full-text index is one entry, `pagefind/` (docs/review.md).

It is an estimate that errs on the side of listing a page: mentions of names in texts are found
by plain substring search, and on a timeline of several pages only its first page is listed.
A change to config.yaml changes every page, but for the settings of SETTING_PAGES. Dates from git
are left out, and so is the history from git (the History sections, the Changes pages and
changes.xml): both sides are built outside git (docs/history.md, "In `dossier diff`"). Records
that cannot be read on a side are left out: how their pages will look is not known until they
can be read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from generator.core import kinds, urls
from generator.core.model import RELATIONS, Agency, Claim, Dossier, Figure, Person, Source
from generator.site import bibliography, open_data
from generator.site.captures import published_path
from generator.site.linked_data import WORK_FIELDS
from generator.site.search_entries import SEARCHED
from generator.site.search_records import INDEXED

if TYPE_CHECKING:
    from generator.diff.changes import RecordChange
    from generator.history.fields import FieldChange

HOME = urls.HOME
TIMELINE = urls.section_page(kinds.CLAIM.section)
EVERYTHING = frozenset({"*"})
"""The changed fields of a record added, removed, renamed or unreadable on one side."""
_NOT_ON_CARDS = frozenset({"note"})
_ON_TIMELINE = frozenset({"statement", "by", "date", "status"})
_ON_SOURCE_PAGES = frozenset({"statement", "by", "citations"})
_ON_FIGURE_SUMMARIES = frozenset({"figure", "value", "date", "as_of", "status"})
_NAMES = frozenset({"name", "aliases", "short_name"})
_ON_NETWORK = frozenset({"name", "roles", "parent"})
"""What the network page shows of people and agencies (docs/relations.md, "The overview")."""
_SOURCE_CITATION_FIELDS = frozenset({"title", "publisher", "date", "url"})
DATA_FILES: dict[str, dict[str, frozenset[str]]] = {**open_data.SHOWN,
                                                    bibliography.PATH: {kinds.SOURCE.name: bibliography.SHOWN}}
"""Each open data file → record kind → the fields of that kind's records it shows."""
_VALUES = "data/figures.csv"
"""The data file whose rows are the claims that report a value (docs/open-data.md)."""
SETTING_PAGES: dict[str, frozenset[str]] = {
    "contact": frozenset({urls.ABOUT}), "about": frozenset({urls.ABOUT}),
    "license": frozenset({urls.ABOUT, urls.DATA}), "license_url": frozenset({urls.ABOUT, urls.DATA, HOME}),
    "curator": frozenset({urls.ABOUT, urls.DATA, HOME})}
"""Settings that only some pages show, and those pages (every other setting changes every page):
the About page shows them all, the Dataset of the home and Data pages its licence and curator.
Besides, the curator is named in every record page's citation, and `license` is in the Dataset
only when `license_url` is not set (see _setting_pages)."""


def changed_pages(base: Dossier | None, head: Dossier | None, settings: tuple[FieldChange, ...],
                  records: tuple[RecordChange, ...]) -> tuple[str, ...]:
    """Site files (`people/ana/index.html`, `dossier.json`…) that differ between the two builds."""
    changes = [change for change in records if change.status != "unchanged" and change.unreadable is None]
    pages = set().union(*(_setting_pages(base, head, change.field) for change in settings))
    if not changes:
        return tuple(sorted(pages))
    pages.add(urls.DOSSIER_JSON)
    for change in changes:
        fields = EVERYTHING if change.status != "changed" else _field_names(change.fields)
        pages |= _search_indexes(change.kind, fields)
        for dossier, record_id in ((base, change.old_id or change.id), (head, change.id)):
            record = kinds.BY_NAME[change.kind].records(dossier).get(record_id) if dossier else None
            if dossier is not None and record is not None:
                pages |= set(_pages_of(dossier, record, fields))
                pages |= _data_files(dossier, change.kind, record, fields)
        if change.kind == kinds.SOURCE.name and change.status == "changed" and "body" in fields and base and head:
            pages |= _mentions_changed(base, head, change.id)
        if change.status in ("added", "removed", "renamed"):
            pages |= {HOME, urls.section_page(kinds.BY_NAME[change.kind].section)}
            if any(d is not None and d.config.base_url for d in (base, head)):
                pages.add("sitemap.xml")
    return tuple(sorted(pages | {urls.DATA}))


def all_pages(dossier: Dossier | None) -> Iterator[str]:
    if dossier is None:
        return
    yield from (HOME, urls.DOSSIER_JSON, urls.SEARCH, urls.SEARCH_INDEX, urls.SEARCH_BUNDLE, urls.ABOUT, urls.DATA,
                urls.NETWORK, *urls.DATA_FILES, *(urls.section_page(kind.section) for kind in kinds.SITE_ORDER))
    if dossier.config.base_url:
        yield "sitemap.xml"
    yield from record_pages(dossier)
    yield from published_captures(dossier, dossier.sources.values())


def published_captures(dossier: Dossier, sources: Iterable[Source]) -> set[str]:
    """The sources' capture downloads in the site (`captures/<file>.bin`), when it publishes them."""
    if not dossier.config.publish_captures:
        return set()
    return {published_path(source.capture.file) for source in sources if source.capture is not None}


def record_pages(dossier: Dossier | None) -> Iterator[str]:
    if dossier is not None:
        for kind in kinds.SITE_ORDER:
            yield from (urls.record_page(kind.name, record_id) for record_id in kind.records(dossier))


def _setting_pages(base: Dossier | None, head: Dossier | None, setting: str) -> set[str]:
    """The files a change of one setting of config.yaml changes."""
    if setting not in SETTING_PAGES:
        return set(all_pages(base)) | set(all_pages(head))
    pages = set(SETTING_PAGES[setting])
    if setting == "curator":
        pages |= set(record_pages(base)) | set(record_pages(head))
    if setting == "license" and any(d is not None and not d.config.license_url for d in (base, head)):
        pages.add(HOME)
    return pages


def _field_names(changes: Iterable[FieldChange]) -> frozenset[str]:
    """The record fields that changed: `capture.sha256` is a change of `capture`."""
    return frozenset(change.field.split(".", 1)[0] for change in changes)


def _search_indexes(kind: str, fields: frozenset[str]) -> set[str]:
    """`search-index.js` and the full-text index (`pagefind/`, named as one entry) when the change
    reaches what they hold."""
    indexes = set()
    if _touches(fields, SEARCHED[kinds.BY_NAME[kind]].fields):
        indexes.add(urls.SEARCH_INDEX)
    if _touches(fields, INDEXED[kind]):
        indexes.add(urls.SEARCH_BUNDLE)
    return indexes


def _data_files(dossier: Dossier, kind: str, record: Any, fields: frozenset[str]) -> set[str]:
    """The open data files whose rows show the changed fields of `record`."""
    return {path for path, shown in DATA_FILES.items()
            if kind in shown and _touches(fields, shown[kind]) and _has_row(dossier, path, kind, record)}


def _has_row(dossier: Dossier, path: str, kind: str, record: Any) -> bool:
    """Whether the file at `path` shows `record`: a claim is in the values file when it reports a
    value; a person, agency or figure shows in a claims file when a row's claim names it."""
    if kind == kinds.CLAIM.name:
        return path != _VALUES or record.figure is not None
    if kinds.CLAIM.name not in DATA_FILES[path]:
        return True
    return any(record.id in (claim.by, claim.figure) for claim in dossier.claims.values()
               if path != _VALUES or claim.figure is not None)


def _pages_of(dossier: Dossier, record: Any, fields: frozenset[str]) -> Iterable[str]:
    if isinstance(record, Claim):
        return _claim_pages(dossier, record, fields)
    if isinstance(record, (Person, Agency)):
        return _entity_pages(dossier, record, fields)
    if isinstance(record, Figure):
        return _figure_pages(dossier, record, fields)
    return _source_pages(dossier, record, fields)


def _touches(fields: frozenset[str], names: Iterable[str]) -> bool:
    return fields is EVERYTHING or not fields.isdisjoint(names)


def entity_kind(dossier: Dossier, entity_id: str | None) -> kinds.Kind[Any] | None:
    for kind in kinds.ENTITIES:
        if entity_id in kind.records(dossier):
            return kind
    return None


def entity_pages(dossier: Dossier, entity_ids: Iterable[str | None]) -> set[str]:
    """The pages of those of `entity_ids` that are people, agencies or figures of `dossier`."""
    pages = set()
    for entity_id in entity_ids:
        kind = entity_kind(dossier, entity_id)
        if kind is not None and entity_id is not None:
            pages.add(urls.record_page(kind.name, entity_id))
    return pages


def card_pages(dossier: Dossier, claim: Claim) -> set[str]:
    """Every page that shows the claim's card (the timeline shows less: see _ON_TIMELINE)."""
    pages = {urls.record_page("claim", claim.id)}
    pages |= entity_pages(dossier, (claim.by, *claim.about, claim.figure))
    if claim.disputes:
        pages.add(HOME)
    return pages


def _related_claims(dossier: Dossier, claim: Claim) -> set[str]:
    """Claims whose cards name this one (it supports, disputes or is based on them, or the reverse)."""
    related: set[str] = {*claim.supports, *claim.disputes, *claim.based_on}
    related |= {other.id for other in dossier.claims.values()
                if claim.id in (*other.supports, *other.disputes, *other.based_on)}
    return related & set(dossier.claims)


def _claim_pages(dossier: Dossier, claim: Claim, fields: frozenset[str]) -> set[str]:
    pages = {urls.record_page("claim", claim.id)}
    if fields is EVERYTHING or fields - _NOT_ON_CARDS:
        pages |= card_pages(dossier, claim)
    if _touches(fields, _ON_TIMELINE):
        pages.add(TIMELINE)
    if _touches(fields, _ON_SOURCE_PAGES):
        pages |= {urls.record_page("source", c.source) for c in claim.citations if c.source in dossier.sources}
    if _touches(fields, {"statement"}):
        for other in _related_claims(dossier, claim):
            pages |= card_pages(dossier, dossier.claims[other])
    if _touches(fields, set(RELATIONS)):
        for other in set(claim.supports) | set(claim.disputes) | set(claim.based_on):
            if other in dossier.claims:
                pages |= card_pages(dossier, dossier.claims[other])
    if claim.figure and _touches(fields, _ON_FIGURE_SUMMARIES):
        pages |= {HOME, urls.section_page(kinds.FIGURE.section)}
    if _touches(fields, {"by", "about"}):
        pages |= {urls.section_page(kind.section) for i in (claim.by, *claim.about)
                  if (kind := entity_kind(dossier, i)) is not None}
    if _touches(fields, {"citations"}):
        pages.add(urls.section_page(kinds.SOURCE.section))
    return pages


def _claims_naming(dossier: Dossier, entity_id: str) -> Iterator[Claim]:
    return (claim for claim in dossier.claims.values()
            if entity_id in (claim.by, claim.figure, *claim.about))


def _entity_pages(dossier: Dossier, entity: Person | Agency, fields: frozenset[str]) -> set[str]:
    kind = kinds.PERSON if isinstance(entity, Person) else kinds.AGENCY
    pages = {urls.record_page(kind.name, entity.id)}
    if _touches(fields, {"name", "short_name", "description", "kind"}):
        pages.add(urls.section_page(kind.section))
    if _touches(fields, _ON_NETWORK):
        pages.add(urls.NETWORK)
    if _touches(fields, {"name"}):
        for claim in _claims_naming(dossier, entity.id):
            pages |= card_pages(dossier, claim)
            if claim.by == entity.id:
                pages.add(TIMELINE)
                pages |= {urls.record_page("source", c.source) for c in claim.citations if c.source in dossier.sources}
        pages |= entity_pages(dossier, _neighbours(dossier, entity))
    if _touches(fields, _NAMES):
        pages |= _pages_mentioning(dossier, (entity.name, *entity.aliases, getattr(entity, "short_name", None)))
    if _touches(fields, {"roles"}) and isinstance(entity, Person):
        pages |= entity_pages(dossier, (role.agency for role in entity.roles))
        pages |= {urls.record_page("source", c.source) for role in entity.roles for c in role.citations
                  if c.source in dossier.sources}
    parent = entity.parent if isinstance(entity, Agency) else None
    if _touches(fields, {"parent"}) and parent is not None and parent in dossier.agencies:
        pages.add(urls.record_page("agency", parent))
    return pages


def _neighbours(dossier: Dossier, entity: Person | Agency) -> set[str]:
    """Entities whose pages name this one: in the same claims, through roles, as parent or child."""
    found: set[str] = set()
    for claim in _claims_naming(dossier, entity.id):
        found |= {i for i in (claim.by, *claim.about) if i}
    for person in dossier.people.values():
        for role in person.roles:
            if entity.id in (person.id, role.agency):
                found |= {person.id, role.agency}
    for agency in dossier.agencies.values():
        if entity.id in (agency.id, agency.parent):
            found |= {agency.id, agency.parent or agency.id}
    return found - {entity.id}


def _pages_mentioning(dossier: Dossier, names: Iterable[str | None]) -> set[str]:
    """Pages whose texts (source texts and notes, statements, notes, descriptions) contain a name."""
    wanted = [name for name in names if name]

    def mentions(text: str | None) -> bool:
        return text is not None and any(name in text for name in wanted)

    pages = set()
    for source in dossier.sources.values():
        if mentions(str(source.body)) or mentions(source.note):
            pages.add(urls.record_page("source", source.id))
    for claim in dossier.claims.values():
        if mentions(claim.statement):
            pages |= card_pages(dossier, claim)
        if mentions(claim.note):
            pages.add(urls.record_page("claim", claim.id))
    for kind in kinds.ENTITIES:
        for record in kind.records(dossier).values():
            if mentions(record.description):
                pages |= {urls.record_page(kind.name, record.id), urls.section_page(kind.section)}
    if mentions(dossier.config.description):
        pages.add(HOME)
    return pages


def _figure_pages(dossier: Dossier, figure: Figure, fields: frozenset[str]) -> set[str]:
    pages = {urls.record_page("figure", figure.id), urls.section_page(kinds.FIGURE.section)}
    if _touches(fields, {"name", "unit"}):
        pages.add(HOME)
        for claim in _claims_naming(dossier, figure.id):
            pages |= card_pages(dossier, claim)
    return pages


def _source_pages(dossier: Dossier, source: Source, fields: frozenset[str]) -> set[str]:
    pages = {urls.record_page("source", source.id)}
    if _touches(fields, {"title", "publisher", "date"}):
        pages.add(urls.section_page(kinds.SOURCE.section))
    citing = [claim for claim in dossier.claims.values() if any(c.source == source.id for c in claim.citations)]
    if _touches(fields, WORK_FIELDS):  # the claim pages' JSON-LD: the source as their `appearance`
        pages |= {urls.record_page("claim", claim.id) for claim in citing}
    if _touches(fields, _SOURCE_CITATION_FIELDS):
        for claim in citing:
            pages |= card_pages(dossier, claim)
        for person in dossier.people.values():
            if any(c.source == source.id for role in person.roles for c in role.citations):
                pages.add(urls.record_page("person", person.id))
                pages |= entity_pages(dossier, (role.agency for role in person.roles))
    if _touches(fields, {"authors"}):
        authors = {author.casefold() for author in source.authors}
        pages |= {urls.record_page("person", person.id) for person in dossier.people.values()
                  if {name.casefold() for name in (person.name, *person.aliases)} & authors}
    if fields is EVERYTHING:
        pages |= entity_pages(dossier, named_in(dossier, str(source.body)))
    if _touches(fields, {"capture"}):
        pages |= published_captures(dossier, (source,))
    return pages


def named_in(dossier: Dossier, text: str) -> set[str]:
    """People and agencies a text names (their pages list the sources that mention them)."""
    found: set[str] = set()
    entities: list[Person | Agency] = [*dossier.people.values(), *dossier.agencies.values()]
    for record in entities:
        names = (record.name, *record.aliases, getattr(record, "short_name", None))
        if any(name and name in text for name in names):
            found.add(record.id)
    return found


def _mentions_changed(base: Dossier, head: Dossier, source_id: str) -> set[str]:
    """When a source's text changes: pages of the entities it starts or stops naming."""
    before = named_in(base, str(base.sources[source_id].body))
    after = named_in(head, str(head.sources[source_id].body))
    return entity_pages(base, before - after) | entity_pages(head, after - before)
