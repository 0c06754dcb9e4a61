"""What the check stage hands on: the dossier with every quote located in its source, and what the
capture checks found out about each capture (docs/captures.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from generator.core.model import Dossier, Source
from generator.text.quotes import Location


@dataclass(frozen=True, slots=True)
class CaptureFacts:
    """What the checks found out about a source's capture: what its page shows (docs/templates.md)."""

    file: str
    media_type: str
    """The capture file's media type: `text/html`, `application/pdf`, `application/warc`…"""
    size: int
    """The capture file's size in bytes (for a Git LFS pointer, the size it records)."""
    page_url: str | None
    """For a web archive: the `WARC-Target-URI` of the page taken from it."""
    page_date: str | None
    """For a web archive: that record's `WARC-Date`."""
    blocks: int | None
    """Passages (blocks) of the capture's visible text; None when the text was not read."""
    left_out: int | None
    """Passages of the capture the source's text takes nothing from; None when not checked."""


QuoteKey = tuple[str, str]
"""(source id, quote as written)."""


@dataclass(frozen=True, slots=True)
class Resolved:
    dossier: Dossier
    visible_texts: Mapping[str, str]
    """Source id → the text a reader sees on the source's page (quotes are located in it)."""
    locations: Mapping[QuoteKey, Location]
    """Every quote that was found, by source and quote."""
    captures: Mapping[str, CaptureFacts] = field(default_factory=dict)
    """Source id → what the capture checks found out about its capture (set by generator/check/captures.py)."""

    def whole(self, source: Source) -> Source:
        """The source with its text as written in memory (a build may keep it on a shelf,
        core/shelf.py: a source's page shows its `body` to templates, docs/templates.md)."""
        return source if isinstance(source.body, str) else replace(source, body=str(source.body))
