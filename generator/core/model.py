"""The dossier's records as frozen dataclasses: what every later stage reads.

Each record keeps `span` (where it starts) and `spans` (where each of its fields' values is),
so any stage can point a diagnostic at the exact value. Spans do not take part in equality,
so two records with the same content compare equal wherever they were written.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NewType

from generator.core.diagnostics import Span
from generator.core.shelf import Text

SourceId = NewType("SourceId", str)
PersonId = NewType("PersonId", str)
AgencyId = NewType("AgencyId", str)
FigureId = NewType("FigureId", str)
ClaimId = NewType("ClaimId", str)

Number = int | float
Value = Number | tuple[Number, Number]
"""A figure value: one number, or a range [low, high]."""



@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; it stays as precise as it was written."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precision(self) -> str:
        return "year" if self.month is None else "month" if self.day is None else "day"

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)

    def sort_key(self) -> tuple[int, int, int]:
        """Earliest first; a year sorts before its months, a month before its days."""
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: PartialDate
    end: PartialDate

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"


When = PartialDate | DateRange


@dataclass(frozen=True, slots=True)
class Citation:
    source: SourceId
    quote: str
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    agency: AgencyId
    since: PartialDate | None
    until: PartialDate | None
    citations: tuple[Citation, ...]
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Person:
    id: PersonId
    name: str
    aliases: tuple[str, ...]
    description: str | None
    roles: tuple[Role, ...]
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Agency:
    id: AgencyId
    name: str
    short_name: str | None
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    parent: AgencyId | None
    description: str | None
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Figure:
    id: FigureId
    name: str
    unit: str
    description: str | None
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Capture:
    """A source's original, kept byte for byte in content/captures/ (docs/captures.md)."""

    file: str
    """Its file name in content/captures/."""
    sha256: str
    """The SHA-256 of its bytes, 64 lowercase hex digits, as recorded in the front matter."""
    captured: str
    """When the original was collected: a date (`2014-11-21`) or an RFC 3339 date-time, as written."""
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)
    """Where `file`, `sha256` and `captured` are written."""


@dataclass(frozen=True, slots=True)
class Source:
    id: SourceId
    title: str
    publisher: str
    date: PartialDate
    authors: tuple[str, ...]
    url: str | None
    archive_url: str | None
    accessed: PartialDate | None
    language: str
    kind: str
    note: str | None
    capture: Capture | None
    """The original this source's text is cut from, if it is kept."""
    format: str
    """`txt` (plain text, shown verbatim) or `md` (CommonMark)."""
    body: Text
    """The text as written: a str, or its place on a shelf (core/shelf.py) where a build keeps the
    texts on disk; `str()` gives it either way."""
    body_line: int = field(compare=False)
    """The file line on which the body starts."""
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)


HEDGES = ("likely", "possibly")
RELATIONS = ("supports", "disputes", "based_on")


@dataclass(frozen=True, slots=True)
class Hedge:
    """A relation written `{claim: id, hedge: likely}`: the speaker's link is a guess, not a statement."""

    relation: str
    """"supports", "disputes" or "based_on"."""
    claim: ClaimId
    hedge: str
    """One of HEDGES."""


@dataclass(frozen=True, slots=True)
class Claim:
    id: ClaimId
    statement: str
    by: PersonId | AgencyId | None
    about: tuple[PersonId | AgencyId | FigureId, ...]
    date: PartialDate | None
    figure: FigureId | None
    value: Value | None
    qualifier: str | None
    as_of: When | None
    status: str
    supports: tuple[ClaimId, ...]
    disputes: tuple[ClaimId, ...]
    based_on: tuple[ClaimId, ...]
    note: str | None
    citations: tuple[Citation, ...]
    span: Span = field(compare=False)
    spans: Mapping[str, Span] = field(compare=False)
    derivation: str | None = None
    """How a value not stated in the quotes was derived (docs/content.md, "Claims")."""
    revises: tuple[ClaimId, ...] = ()
    """Ids of earlier claims by the same speaker that this later estimate replaces."""
    hedges: tuple[Hedge, ...] = ()
    """The hedged items of `supports`, `disputes` and `based_on` (their ids stay in those lists)."""

    def hedge(self, relation: str, claim_id: str) -> str | None:
        """"likely" or "possibly" when the link `relation` ("supports", "disputes", "based_on") to
        `claim_id` is hedged; None when it is stated plainly."""
        return next((item.hedge for item in self.hedges if item.relation == relation and item.claim == claim_id), None)


@dataclass(frozen=True, slots=True)
class Config:
    title: str
    description: str | None
    base_url: str | None
    language: str
    output_dir: str
    content_dir: str
    templates_dir: str
    link_style: str
    """`file` (links end in index.html, work from disk) or `directory` (links end in /)."""
    mentions: bool
    """Link names and aliases of people and agencies in source texts and statements."""
    publish_captures: bool = False
    """Publish each source's capture for download (site/captures/, docs/captures.md)."""
    curator: str | None = None
    """Who curates the dossier (the About page, "cite this page")."""
    license: str | None = None
    """The licence of the content and data (`CC BY 4.0`); `license_url` is where to read it."""
    license_url: str | None = None
    contact: str | None = None
    """An email address or a web address."""
    about: str | None = None
    """Markdown for the About page."""


@dataclass(frozen=True, slots=True)
class Dossier:
    """Every record of a dossier, by id, in id order."""

    config: Config
    sources: Mapping[str, Source]
    people: Mapping[str, Person]
    agencies: Mapping[str, Agency]
    figures: Mapping[str, Figure]
    claims: Mapping[str, Claim]
    partial_claims: Mapping[str, Claim] = field(default_factory=dict)
    """Claims with errors, read as far as they could be, by id: never published, but checked for
    their references, quotes and value so that one run reports every mistake."""
