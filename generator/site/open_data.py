"""The open data tables of `site/data/`: claims, figures (one row per reported value), people,
agencies and sources as CSV files (docs/open-data.md lists every column).

UTF-8, RFC 4180 (CRLF line ends, a header row). A text cell that a spreadsheet would run as a
formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`
(OWASP, "CSV Injection"); numbers the generator writes itself (a value, a bound, a length) are
left as they are. A list of ids is joined with "; "; a list of texts (quotes, aliases, authors,
roles) has one item per line of the cell, each item's white space folded to single spaces.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.core import urls
from generator.core.kinds import ENTITIES
from generator.core.model import Agency, Claim, DateRange, PartialDate, Person, Source
from generator.core.shelf import text_length
from generator.core.steps import Pace
from generator.link.links import Links, claim_period
from generator.site.captures import shown_capture

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may take for the start of a formula."""
ID_SEPARATOR = "; "
ITEM_SEPARATOR = "\n"
ROLE_SEPARATOR = " | "
"""Between a role's title, agency, start and end, on the role's line of people.csv's `roles`."""

Cell = str | int | float | None
Row = dict[str, Cell]
"""A record's cells by column."""


def defused(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would run it as a formula (CSV injection)."""
    return "'" + text if text.startswith(DANGEROUS_STARTS) else text


def cell_text(value: Cell) -> str:
    """What a CSV cell holds: nothing for None, a number as written by Python, text defused."""
    if value is None:
        return ""
    if isinstance(value, str):
        return defused(value)
    return str(value)


def csv_line(row: Sequence[Cell]) -> str:
    """One record of an RFC 4180 file, with its CRLF."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([cell_text(value) for value in row])
    return buffer.getvalue()


def csv_file(columns: Sequence[str], lines: Iterable[str]) -> bytes:
    """A CSV file: the header row, then lines made by `csv_line`."""
    return (csv_line(columns) + "".join(lines)).encode("utf-8")


def ids(values: Iterable[str]) -> str:
    return ID_SEPARATOR.join(values)


def items(values: Iterable[str]) -> str:
    """Texts, one per line of the cell (a text's own line breaks become spaces)."""
    return ITEM_SEPARATOR.join(" ".join(value.split()) for value in values)


def when(value: PartialDate | DateRange | None) -> str | None:
    """An ISO 8601 date as precise as written (`2014`, `2014-11`, `2014-11-18`), a period as
    `start/end` (ISO 8601's interval)."""
    if isinstance(value, DateRange):
        return f"{value.start}/{value.end}"
    return None if value is None else str(value)


class Rows:
    """Each record's row (column → cell), read from the link stage's result."""

    def __init__(self, links: Links) -> None:
        self.links = links
        self.names = {entity_id: record.name for kind in ENTITIES
                      for entity_id, record in kind.records(links.dossier).items()}

    def name(self, entity_id: str | None) -> str | None:
        return None if entity_id is None else self.names[entity_id]

    def value_cells(self, claim: Claim) -> Row:
        """A claim's value: a single number in `value`, a range in `low` and `high`."""
        low, high = claim.value if isinstance(claim.value, tuple) else (None, None)
        return {"value": None if isinstance(claim.value, tuple) else claim.value, "low": low, "high": high,
                "qualifier": claim.qualifier, "as_of": when(claim.as_of)}

    def citations(self, claim: Claim) -> Row:
        """The sources and quotes a claim cites, and the passages' addresses, in the order written."""
        anchors = self.links.anchors
        return {"source_ids": ids(cited.source for cited in claim.citations),
                "quotes": items(cited.quote for cited in claim.citations),
                "passage_urls": ids(f"{urls.record_page('source', cited.source)}#{anchors[(cited.source, cited.quote)]}"
                                    for cited in claim.citations)}

    def claim(self, claim: Claim) -> Row:
        def related(relation: str, targets: tuple[str, ...]) -> str:
            return ids(f"{target} ({hedge})" if (hedge := claim.hedge(relation, target)) else target
                       for target in targets)

        return {"id": claim.id, "url": urls.record_page("claim", claim.id), "statement": claim.statement,
                "date": when(claim.date), "by_id": claim.by, "by_name": self.name(claim.by),
                "about_ids": ids(claim.about), "figure_id": claim.figure, **self.value_cells(claim),
                "status": claim.status, "derivation": claim.derivation,
                "supports": related("supports", claim.supports), "disputes": related("disputes", claim.disputes),
                "based_on": related("based_on", claim.based_on), "revises": ids(claim.revises), "note": claim.note,
                **self.citations(claim)}

    def value(self, claim: Claim) -> Row:
        assert claim.figure is not None, "only claims with a figure report a value"
        figure = self.links.dossier.figures[claim.figure]
        return {"figure_id": figure.id, "figure_name": figure.name, "unit": figure.unit, "claim_id": claim.id,
                **self.value_cells(claim), "period": when(claim_period(claim)), "date": when(claim.date),
                "speaker_id": claim.by, "speaker_name": self.name(claim.by), "status": claim.status,
                "derivation": claim.derivation, **self.citations(claim),
                "claim_url": urls.record_page("claim", claim.id)}

    def person(self, person: Person) -> Row:
        roles = ITEM_SEPARATOR.join(ROLE_SEPARATOR.join([items([role.title]), role.agency, when(role.since) or "",
                                                         when(role.until) or ""]) for role in person.roles)
        return {"id": person.id, "url": urls.record_page("person", person.id), "name": person.name,
                "aliases": items(person.aliases), "description": person.description, "roles": roles}

    def agency(self, agency: Agency) -> Row:
        return {"id": agency.id, "url": urls.record_page("agency", agency.id), "name": agency.name,
                "short_name": agency.short_name, "aliases": items(agency.aliases), "kind": agency.kind,
                "country": agency.country, "parent_id": agency.parent, "description": agency.description}

    def source(self, source: Source) -> Row:
        resolved = self.links.resolved
        shown = shown_capture(source.capture, resolved.captures.get(source.id),
                              self.links.dossier.config.publish_captures)
        return {"id": source.id, "url": urls.record_page("source", source.id), "title": source.title,
                "publisher": source.publisher, "date": when(source.date), "authors": items(source.authors),
                "kind": source.kind, "language": source.language, "format": source.format,
                "original_url": source.url, "archive_url": source.archive_url, "accessed": when(source.accessed),
                "note": source.note, "text_length": text_length(resolved.visible_texts, source.id),
                "capture_file": shown.file if shown else None, "capture_sha256": shown.sha256 if shown else None,
                "captured": shown.captured if shown else None, "capture_download": shown.download if shown else None}


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV file: its columns, and its records with the row each makes."""

    path: str
    columns: tuple[str, ...]
    records: Callable[[Links], Iterable[Any]]
    row: Callable[[Rows, Any], Row]
    shown: Callable[[Rows, Any], tuple] = lambda rows, record: ()
    """What a record's row shows besides the record itself (the name of who said a claim…)."""


def _values(links: Links) -> Iterable[Claim]:
    """Every claim that reports a value, by figure (in id order), then in the figure's order."""
    for claim_ids in links.values_of.values():
        yield from (links.dossier.claims[claim_id] for claim_id in claim_ids)


TABLES = (
    Table("data/claims.csv", ("id", "url", "statement", "date", "by_id", "by_name", "about_ids", "figure_id", "value",
                              "low", "high", "qualifier", "as_of", "status", "derivation", "supports", "disputes",
                              "based_on", "revises", "note", "source_ids", "quotes", "passage_urls"),
          lambda links: links.dossier.claims.values(), Rows.claim, lambda rows, claim: (rows.name(claim.by),)),
    Table("data/figures.csv", ("figure_id", "figure_name", "unit", "claim_id", "value", "low", "high", "qualifier",
                               "as_of", "period", "date", "speaker_id", "speaker_name", "status", "derivation",
                               "source_ids", "quotes", "passage_urls", "claim_url"),
          _values, Rows.value,
          lambda rows, claim: (rows.links.dossier.figures[claim.figure], rows.name(claim.by))),
    Table("data/people.csv", ("id", "url", "name", "aliases", "description", "roles"),
          lambda links: links.dossier.people.values(), Rows.person),
    Table("data/agencies.csv", ("id", "url", "name", "short_name", "aliases", "kind", "country", "parent_id",
                                "description"),
          lambda links: links.dossier.agencies.values(), Rows.agency),
    Table("data/sources.csv", ("id", "url", "title", "publisher", "date", "authors", "kind", "language", "format",
                               "original_url", "archive_url", "accessed", "note", "text_length", "capture_file",
                               "capture_sha256", "captured", "capture_download"),
          lambda links: links.dossier.sources.values(), Rows.source,
          lambda rows, source: (rows.links.resolved.captures.get(source.id),
                                rows.links.dossier.config.publish_captures)),
)

SHOWN: dict[str, dict[str, frozenset[str]]] = {
    "data/claims.csv": {"claim": frozenset({"statement", "date", "by", "about", "figure", "value", "qualifier",
                                            "as_of", "status", "derivation", "supports", "disputes", "based_on",
                                            "hedges", "revises", "note", "citations"}),
                        "person": frozenset({"name"}), "agency": frozenset({"name"})},
    "data/figures.csv": {"claim": frozenset({"figure", "value", "qualifier", "as_of", "date", "by", "status",
                                             "derivation", "citations"}),
                         "figure": frozenset({"name", "unit"}), "person": frozenset({"name"}),
                         "agency": frozenset({"name"})},
    "data/people.csv": {"person": frozenset({"name", "aliases", "description", "roles"})},
    "data/agencies.csv": {"agency": frozenset({"name", "short_name", "aliases", "kind", "country", "parent",
                                               "description"})},
    "data/sources.csv": {"source": frozenset({"title", "publisher", "date", "authors", "kind", "language", "format",
                                              "url", "archive_url", "accessed", "note", "body", "capture"})},
}
"""Each file of TABLES → record kind → the fields of that kind's records its rows show: a row's own
record, and the names a claim's row gives of who said it and of its figure. The diff reads it to
tell which files a change touches (diff/pages.py); a test keeps it in step with the rows."""

KeptRows = dict[str, dict[str, tuple[object, tuple, str]]]
"""Kept between builds: a file's path → record id → (the record, what else its line shows, its line)."""


def kept_lines(kept: KeptRows, path: str, records: Iterable[Any], shown: Callable[[Any], tuple],
               line: Callable[[Any], str], pace: Pace) -> Generator[None, None, list[str]]:
    """Each record's line of the file at `path`, made again only when the record (the same object
    when its file did not change) or what else it shows changed since the lines in `kept`; made in
    steps (`pace`: core/steps.py), `kept` updated in the last."""
    last_lines, lines = kept.get(path, {}), {}
    for record in records:
        extra = shown(record)
        last = last_lines.get(record.id)
        if last is None or last[0] is not record or last[1] != extra:
            last = (record, extra, line(record))
        lines[record.id] = last
        if pace.due():
            yield None
    kept[path] = lines
    return [text for _, _, text in lines.values()]


def tables(links: Links, kept: KeptRows | None, pace: Pace) -> Generator[None, None, dict[str, bytes]]:
    """Every CSV file by its path in the site, made in steps (`pace`). With `kept` (from the last
    build), a one-claim edit makes one or two rows again, not thirty thousand."""
    kept = {} if kept is None else kept
    rows = Rows(links)
    files = {}
    for table in TABLES:
        lines = yield from kept_lines(kept, table.path, table.records(links), functools.partial(table.shown, rows),
                                      functools.partial(_line, table, rows), pace)
        files[table.path] = csv_file(table.columns, lines)
    return files


def _line(table: Table, rows: Rows, record: Any) -> str:
    row = table.row(rows, record)
    return csv_line([row[column] for column in table.columns])
