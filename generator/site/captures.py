"""What the site carries of captures: each one's download, with `publish_captures: true` (docs/captures.md,
"Publishing captures").

A capture is published as `captures/<file>.bin`. Every static host serves a `.bin` file as
`application/octet-stream` (the types nginx, Apache, GitHub Pages, Netlify and Python's
http.server ship with), which a browser saves instead of showing: a captured page, which may carry
scripts, never renders on the dossier's own origin, and neither does a PDF or an archive. The link
to it has a `download` attribute with the capture's own name, so the saved file is named as the
original.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from generator.core.model import Capture

if TYPE_CHECKING:
    from generator.check.resolved import CaptureFacts

SITE_FOLDER = "captures"
DOWNLOAD_EXTENSION = ".bin"


def published_path(file: str) -> str:
    """Where a capture is published in the site, relative to its root."""
    return f"{SITE_FOLDER}/{file}{DOWNLOAD_EXTENSION}"


@dataclass(frozen=True, slots=True)
class ShownCapture:
    """What the site tells of a source's capture, on its page and in the JSON export alike; the fields
    are named, and ordered, as the export's `capture` object (docs/dossier-json.md)."""

    file: str
    sha256: str
    captured: str
    media_type: str
    size: int
    archived_url: str | None
    """For a web archive: the `WARC-Target-URI` of the page taken from it."""
    archived_at: str | None
    """For a web archive: that record's `WARC-Date`."""
    passages: int | None
    left_out: int | None
    download: str | None
    """`published_path` with `publish_captures: true`, else None."""

    @property
    def download_href(self) -> str | None:
        """`download` as a link (the file name percent-encoded)."""
        return None if self.download is None else quote(self.download)


def shown_capture(capture: Capture | None, facts: CaptureFacts | None, publish: bool) -> ShownCapture | None:
    """What the site tells of a capture the checks found (`facts`), or None when the source has none."""
    if capture is None or facts is None:
        return None
    return ShownCapture(capture.file, capture.sha256, capture.captured, facts.media_type, facts.size,
                        facts.page_url, facts.page_date, facts.blocks, facts.left_out,
                        published_path(capture.file) if publish else None)


def readable_size(size: int) -> str:
    """`980 bytes`, `4.3 kB`, `12.1 MB` (decimal units, as file managers show them)."""
    if size < 1000:
        return f"{size} bytes" if size != 1 else "1 byte"
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1e6:.1f} MB"


def readable_moment(value: str) -> str:
    """`4 December 2026` for a date, `4 December 2026, 22:38:01 UTC` for an RFC 3339 date-time (told in
    UTC, as a web archive records it); a value that is neither, as written."""
    try:
        moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return value
    day = f"{moment.day} {calendar.month_name[moment.month]} {moment.year}"
    if len(value) == 10:
        return day
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
        day = f"{moment.day} {calendar.month_name[moment.month]} {moment.year}"
    return f"{day}, {moment:%H:%M:%S}" + (" UTC" if moment.tzinfo is not None else "")
