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
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from generator.capture.cache import read_file
from generator.load import CAPTURE_FOLDER, MAX_CAPTURE_BYTES
from generator.model import Dossier

SITE_FOLDER = "captures"
DOWNLOAD_EXTENSION = ".bin"


def published_path(file: str) -> str:
    """Where a capture is published in the site, relative to its root."""
    return f"{SITE_FOLDER}/{file}{DOWNLOAD_EXTENSION}"


def published_href(file: str) -> str:
    """`published_path` as a link (the file name percent-encoded)."""
    return quote(published_path(file))


def published_files(dossier: Dossier, root: Path) -> Iterator[tuple[str, bytes]]:
    """(site path, bytes) of every capture a source names, when the dossier publishes them."""
    if not dossier.config.publish_captures:
        return
    folder = root / dossier.config.content_dir / CAPTURE_FOLDER
    for file in sorted({source.capture.file for source in dossier.sources.values() if source.capture is not None}):
        yield published_path(file), read_file(folder / file, MAX_CAPTURE_BYTES)[1]


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
        moment = moment.astimezone(timezone.utc)
        day = f"{moment.day} {calendar.month_name[moment.month]} {moment.year}"
    return f"{day}, {moment:%H:%M:%S}" + (" UTC" if moment.tzinfo is not None else "")
