"""What the full-text search index holds: one record per person, agency, figure and source.

Records are made from the dossier, not from the rendered pages, so each text is indexed once: a
crawl of the pages would index each claim on every page that lists it. A source's record holds its
whole text, and, as sections of their own, the claims that cite it first: a query for a statement
finds the claim as a sub-result of its source. The index's size per query grows with the number of
records, and a dossier has three claims for every source, so claims are sections rather than
records of their own (docs/search.md). Each record carries the filters of the search page (kind,
year, status, publisher, speaker: a source has the statuses and speakers of its claims) and what a
result shows besides its excerpt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.core import kinds, urls
from generator.core.kinds import Kind
from generator.core.model import Agency, Claim, Figure, PartialDate, Person, Source
from generator.core.shelf import Text, kept
from generator.link.links import Links
from generator.text import markdown

FILTERS = ("kind", "year", "status", "publisher", "speaker")
"""The search page's filters, in the order it shows them."""


INDEXED: dict[str, frozenset[str]] = {
    "person": frozenset({"name", "aliases", "description", "roles"}),
    "agency": frozenset({"name", "short_name", "aliases", "kind", "country", "description"}),
    "figure": frozenset({"name", "unit", "description"}),
    "source": frozenset({"title", "publisher", "authors", "date", "body"}),
    "claim": frozenset({"statement", "by", "date", "status", "about", "note", "citations"}),
}
"""Record kind → the fields of its records that the index holds (a claim's, in the section of the
source it cites first); the names of people, agencies and figures also show in the records that
name them. The diff reads it to tell whether a change reaches the index (diff/pages.py)."""


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a record found on its own: a claim, under the source it cites first."""

    anchor: str
    """`claim-<id>`: the source page's element for it, in its list of citing claims."""
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search result: its page, the text it is found by, and what a result shows of it."""

    url: str
    """The page, from the site root, with a leading `/` (the search page puts the site's own path
    in front, so results work under any sub-path)."""
    title: str
    kind: Kind
    content: Text
    """Its text (a source's, as kept: core/shelf.py)."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """Filter name (one of FILTERS but kind) → the record's values."""
    date: str | None = None
    """Shown with the result: the record's date as written (`2014-11`)."""
    sections: tuple[Section, ...] = ()
    lead: str = ""
    """A line indexed before `content` (a source's publisher and authors), kept apart so that a
    source's record holds its text itself, not a copy (48 MB at 10,000 sources, docs/performance.md)."""

    @property
    def size(self) -> int:
        """About what indexing it costs, in characters."""
        return (len(self.lead) + len(self.content) + len(self.title)
                + sum(len(s.title) + len(s.text) for s in self.sections))


def search_records(links: Links) -> Iterator[SearchRecord]:
    """Every record of the dossier, as the search index holds it, kind by kind in the site's order."""
    dossier = links.dossier
    directory = dossier.config.link_style == "directory"
    names = _names(links)
    for kind in kinds.SITE_ORDER:
        if kind is kinds.CLAIM:
            continue
        make = _MAKERS[kind.name]
        for record_id, record in kind.records(dossier).items():
            page = urls.record_page(kind.name, record_id)
            url = "/" + (page.removesuffix("index.html") if directory else page)
            yield make(links, record, url, names)


def _names(links: Links) -> dict[str, str]:
    """Person, agency and figure id → the name results show."""
    dossier = links.dossier
    return {**{i: p.name for i, p in dossier.people.items()}, **{i: a.name for i, a in dossier.agencies.items()},
            **{i: f.name for i, f in dossier.figures.items()}}


def _text(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


def _plain(text: str | None) -> str | None:
    return markdown.visible_text(text) if text else None


def _year(date: PartialDate | None) -> dict[str, list[str]]:
    return {"year": [str(date.year)]} if date else {}


def _person(links: Links, person: Person, url: str, names: dict[str, str]) -> SearchRecord:
    roles = [f"{role.title} ({names[role.agency]})" if role.agency else role.title for role in person.roles]
    return SearchRecord(url, person.name, kinds.PERSON,
                        _text(" · ".join(person.aliases), _plain(person.description), "; ".join(roles)))


def _agency(links: Links, agency: Agency, url: str, names: dict[str, str]) -> SearchRecord:
    other_names = " · ".join(name for name in (agency.short_name, *agency.aliases) if name)
    return SearchRecord(url, agency.name, kinds.AGENCY,
                        _text(other_names, agency.kind, agency.country, _plain(agency.description)))


def _figure(links: Links, figure: Figure, url: str, names: dict[str, str]) -> SearchRecord:
    return SearchRecord(url, figure.name, kinds.FIGURE, _text(figure.unit, _plain(figure.description)))


def _source(links: Links, source: Source, url: str, names: dict[str, str]) -> SearchRecord:
    text = kept(links.resolved.visible_texts, source.id)
    byline = " · ".join([source.publisher, *source.authors])
    claims = [claim for claim in (links.dossier.claims[i] for i in links.claims_citing.get(source.id, ()))
              if claim.citations[0].source == source.id]
    filters = {**_year(source.date), "publisher": [source.publisher],
               "status": sorted({claim.status for claim in claims}),
               "speaker": sorted({names[claim.by] for claim in claims if claim.by})}
    return SearchRecord(url, source.title, kinds.SOURCE, text,
                        {name: values for name, values in filters.items() if values}, str(source.date),
                        tuple(_claim(claim, names) for claim in claims), byline)


def _claim(claim: Claim, names: dict[str, str]) -> Section:
    """A claim as a section of its source's record: its statement, then who said it, its status, its
    value, what it is about and its note."""
    statement = markdown.plain_text(claim.statement) or f"Claim: {claim.id}"
    about = ", ".join(names[target] for target in claim.about)
    said = " · ".join(part for part in (names.get(claim.by or ""), str(claim.date or ""), claim.status) if part)
    return Section(f"claim-{claim.id}", statement, _text(said, about and f"About {about}", _plain(claim.note)))


_MAKERS: dict[str, Callable[[Links, Any, str, dict[str, str]], SearchRecord]] = {
    kinds.PERSON.name: _person, kinds.AGENCY.name: _agency, kinds.FIGURE.name: _figure, kinds.SOURCE.name: _source}
