"""Web archives (WARC, WACZ): the response record that holds a source's page (docs/captures.md, "The visible text").

The record is the one whose `WARC-Target-URI` is the source's `url`; when none is, the only
successful (2xx) HTML or PDF response. Redirects and other resources (scripts, images) never count.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from generator.capture.errors import CaptureError
from generator.capture.kinds import Kind, warc_member

PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/pdf")
"""Media types of a response that can be a source's page."""
_MISSING_NEWLINE = re.compile(r"Record not followed by newline.*?Offset: (\d+)", re.S)
"""warcio's warning about a record whose Content-Length is wrong (`ArchiveIterator.INC_RECORD`)."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Response:
    """One response record of a web archive, without its payload."""

    uri: str
    """Its `WARC-Target-URI`."""
    date: str
    """Its `WARC-Date` (RFC 3339, UTC)."""
    status: int | None
    """The HTTP status code, or None for a record without HTTP headers."""
    http_headers: tuple[tuple[str, str], ...]
    """The HTTP response headers as recorded, in order."""

    def header(self, name: str) -> str | None:
        """The first HTTP header called `name` (any case), or None."""
        return next((value for key, value in self.http_headers if key.lower() == name.lower()), None)

    @property
    def media_type(self) -> str:
        """The `Content-Type` without parameters, lowercase (`text/html`), or empty."""
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def succeeded(self) -> bool:
        """A 2xx answer (or a record without HTTP headers): not a redirect, not an error page."""
        return self.status is None or 200 <= self.status < 300

    @property
    def is_page(self) -> bool:
        """A successful response that can be a source's page (HTML or PDF)."""
        return self.succeeded and self.media_type in PAGE_TYPES


@dataclass(frozen=True, slots=True)
class Archived:
    """The response chosen for a source, with its payload (transfer and content encodings undone)."""

    response: Response
    payload: bytes


def responses(data: bytes, kind: Kind, max_bytes: int) -> list[Response]:
    """Every response record of a WARC or WACZ, in archive order."""
    return [response for response, _ in _records(data, kind, max_bytes)]


def page_urls(data: bytes, kind: Kind) -> list[str]:
    """The pages a WACZ says it captured (`pages/pages.jsonl`), first to last; empty for a WARC."""
    if kind != "wacz":
        return []
    with _open_zip(data) as archive:
        if "pages/pages.jsonl" not in archive.namelist():
            return []
        lines = archive.read("pages/pages.jsonl").decode("utf-8", "replace").splitlines()
    return [url for url in map(_page_url, lines) if url]


def find_response(data: bytes, kind: Kind, url: str | None, max_bytes: int) -> Archived:
    """The successful response record for `url`, else the only HTML or PDF page; CaptureError when there is
    none or many. A redirect recorded for `url` is passed over: the page is where it led."""
    pages: list[Response] = []
    for response, record in _records(data, kind, max_bytes):
        if url is not None and response.uri == url and response.succeeded:
            return Archived(response, _payload(record, max_bytes))
        if response.is_page:
            pages.append(response)
    if len(pages) == 1:
        return find_response(data, kind, pages[0].uri, max_bytes)
    wanted = f"no response for {url} and " if url else ""
    if not pages:
        raise CaptureError(f"the archive holds {wanted}no HTML or PDF page")
    listed = ", ".join(page.uri for page in pages[:3]) + (", …" if len(pages) > 3 else "")
    raise CaptureError(f"the archive holds {wanted}{len(pages)} HTML or PDF pages ({listed}); "
                       "set the source's url to the one it cites")


def disagreements(response: Response, url: str | None, captured: str | None) -> list[tuple[str, str]]:
    """What a source's `url` and `capture.captured` say that the archive's record does not (warnings),
    as (the key that says it, a message).

    `captured` is compared at its own precision: a date with the day of `WARC-Date` in UTC, a
    date-time with the instant.
    """
    problems = []
    if url is not None and url != response.uri:
        problems.append(("url", f"url is {url} but the archived page is {response.uri}"))
    if captured and not _same_moment(captured, response.date):
        problems.append(("captured", f"captured is {captured} but the archive recorded the page at {response.date}"))
    return problems


def _same_moment(captured: str, warc_date: str) -> bool:
    try:
        recorded = datetime.fromisoformat(warc_date).astimezone(UTC)
        if len(captured) == 10:
            return recorded.date().isoformat() == captured
        return datetime.fromisoformat(captured).astimezone(UTC) == recorded
    except ValueError:
        return False


def _records(data: bytes, kind: Kind, max_bytes: int) -> Iterator[tuple[Response, ArcWarcRecord]]:
    """Each response record with its parsed headers; the record is readable until the next step."""
    try:
        for warc in _warc_files(data, kind, max_bytes):
            records = ArchiveIterator(io.BytesIO(warc))
            while (record := _quietly(functools.partial(next, records, None))) is not None:
                if record.rec_type == "response":
                    yield _response(record), record
    except CaptureError:
        raise
    except Exception as exc:
        raise CaptureError(f"not a readable web archive: {_one_line(exc)}") from exc


def _quietly(step: Callable[[], T]) -> T:
    """One step of warcio's reading, with what it writes to stderr held back.

    warcio writes its warning about a malformed record to stderr, several lines long ("WARNING:
    Record not followed by newline…"); here it becomes one CaptureError. Anything else written to
    stderr meanwhile (another thread's output in `dossier serve`) is passed on.
    """
    heard = io.StringIO()
    try:
        with contextlib.redirect_stderr(heard):
            return step()
    finally:
        said = heard.getvalue()
        if (complaint := _MISSING_NEWLINE.search(said)) is not None:
            raise CaptureError(f"not a readable web archive: the record at byte {complaint[1]} does not end where "
                               "its Content-Length says (it is cut short or runs on)")
        sys.stderr.write(said)


def _warc_files(data: bytes, kind: Kind, max_bytes: int) -> Iterator[bytes]:
    if kind != "wacz":
        yield data
        return
    with _open_zip(data) as archive:
        members = sorted((info for info in archive.infolist() if warc_member(info.filename)),
                         key=lambda info: info.filename)
        if sum(info.file_size for info in members) > max_bytes:
            raise CaptureError(f"the WACZ's WARC files unpack to more than {max_bytes / 2**20:.0f} MB, the limit")
        for info in members:
            yield archive.read(info)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CaptureError(f"not a readable WACZ: {exc}") from exc


def _response(record: ArcWarcRecord) -> Response:
    http = record.http_headers
    status = http.get_statuscode() if http else None
    return Response(
        uri=record.rec_headers.get_header("WARC-Target-URI") or "",
        date=record.rec_headers.get_header("WARC-Date") or "",
        status=int(status) if status and status.isdigit() else None,
        http_headers=tuple((str(key), str(value)) for key, value in (http.headers if http else [])),
    )


def _payload(record: ArcWarcRecord, max_bytes: int) -> bytes:
    payload = _quietly(lambda: record.content_stream().read(max_bytes + 1))
    if len(payload) > max_bytes:
        raise CaptureError(f"the archived page is larger than {max_bytes / 2**20:.0f} MB, the limit")
    return payload


def _page_url(line: str) -> str | None:
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    url = entry.get("url") if isinstance(entry, dict) else None
    return url if isinstance(url, str) else None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
