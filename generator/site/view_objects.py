"""The plain objects templates receive for records: links to records, claims, citations, captures
and roles, with every link already relative to the page (see views.Views, which makes them).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.core.model import PartialDate, When


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to a record: what a template needs to name and reach it."""

    kind: str
    id: str
    name: str
    href: str
    hedge: str | None = None
    """In a claim's relations: "likely" or "possibly" when the link is the speaker's guess."""


@dataclass(frozen=True, slots=True)
class RelationGroup:
    """Claims linked to a claim in one way, with one hedge: "Supports", "Likely based on", "Revised by"."""

    kind: str
    """The relation, for a class name: `supports`, `based-on`, `revised-by`…"""
    label: str
    hedge: str | None
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class CitationView:
    source: Ref
    href: str
    """The source's page in this site, at the passage (`…/sources/<id>/index.html#q-…`)."""
    original: str | None
    """The original URL with a text fragment for the quote, when the source has a `url`."""
    quote: str
    publisher: str
    date: PartialDate


@dataclass(frozen=True, slots=True)
class ClaimView:
    id: str
    href: str
    anchor: str
    """The id of the claim's element on pages that list it (`claim-<id>`)."""
    statement: Markup
    statement_text: str
    by: Ref | None
    about: tuple[Ref, ...]
    date: PartialDate | None
    period: When | None
    status: str
    figure: Ref | None
    value: str
    note: Markup
    citations: tuple[CitationView, ...]
    supports: tuple[Ref, ...]
    disputes: tuple[Ref, ...]
    based_on: tuple[Ref, ...]
    supported_by: tuple[Ref, ...]
    disputed_by: tuple[Ref, ...]
    basis_for: tuple[Ref, ...]
    as_of: When | None
    """The period the value describes, when the claim states one; None: "period not stated"."""
    derivation: Markup
    """How a value not stated in the quotes was derived, rendered inline (may be empty)."""
    revises: tuple[Ref, ...]
    revised_by: tuple[Ref, ...]
    """Later claims of the same figure by the same speaker that replace this value."""
    relations: tuple[RelationGroup, ...]
    """Every non-empty relation, hedged links in groups of their own, in the order views.RELATIONS gives."""


@dataclass(frozen=True, slots=True)
class CaptureView:
    """A source's capture as its page shows it: where the original came from, and how the text is cut from it."""

    file: str
    captured: str
    """When it was collected, as written (a date or an RFC 3339 date-time)."""
    captured_text: str
    """`captured` for readers: `4 December 2026`, or with the time in UTC `4 December 2026, 22:38:01 UTC`."""
    url: str | None
    """Where it was collected from: a web archive's `WARC-Target-URI`, else the source's `url`."""
    url_href: str | None
    """`url` when it is an http or https address, to link to (an archive may record any URI)."""
    archived_at: str | None
    """A web archive's `WARC-Date` for that page."""
    archived_at_text: str | None
    """`archived_at` for readers, as `captured_text`."""
    media_type: str
    size: int
    size_text: str
    sha256: str
    passages: int | None
    """Passages (blocks) of the capture's visible text."""
    left_out: int | None
    """Passages the source's text takes nothing from."""
    download: str | None
    """A link to the published copy, relative to the page (`publish_captures: true`), else None."""


@dataclass(frozen=True, slots=True)
class RoleView:
    title: str
    person: Ref
    agency: Ref
    since: PartialDate | None
    until: PartialDate | None
    citations: tuple[CitationView, ...]
