"""`dossier add PATH|URL`: keep the original in content/captures/ and write a new source from it.

Everything is read, extracted and checked before a byte is written; any problem is a CaptureError
(exit 2) and leaves the dossier as it was. Nothing is overwritten. docs/captures.md describes it
for users.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from generator.capture import archive, extract
from generator.capture.charset import Decoded
from generator.capture.errors import CaptureError
from generator.capture.fetch import DEFAULT_LIMITS, Limits, fetch
from generator.capture.fixity import sha256_file
from generator.capture.front_matter import CaptureEntry, source_front_matter
from generator.capture.kinds import MEDIA_TYPES, Kind, capture_extension, choose_kind
from generator.capture.visible import Payload, VisibleText, page_html, payload_of, visible_text
from generator.capture.working import cut_from_capture
from generator.core import kinds
from generator.core.diagnostics import plural
from generator.core.files import FileTooLarge, NotRegularFile, read_limited
from generator.read.config import load_config
from generator.read.load import CAPTURE_FOLDER
from generator.read.schema import ID_MAX_LENGTH, ID_PATTERN, slugify

_TITLE_WORDS = 5
"""Title words in a made id, after publisher and date: `example-news-2014-11-20-committee-questioned-1-240-people`."""


@dataclass(frozen=True, slots=True)
class Added:
    """What `dossier add` wrote, and what the curator still has to do."""

    capture: Path
    source: Path
    media_type: str
    """The capture file's media type (`text/html`, `application/warc`…)."""
    size: int
    sha256: str
    paragraphs: int
    """Paragraphs in the new source's body."""
    left_out: int
    """Blocks of the capture's visible text the body leaves out."""
    to_fill: tuple[str, ...]
    """Fields written empty, as `key: what to fill in`."""
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Original:
    name: str
    """The file's name, or the URL: for messages and an id of last resort."""
    data: bytes
    kind: Kind
    fetched: str | None
    """The address of the page, for a fetched URL."""
    modified: date | None
    """A local file's modification date: a hint for `captured`."""


@dataclass(frozen=True, slots=True)
class _Source:
    """A new source, ready to write."""

    meta: extract.Metadata
    url: str | None
    captured: str | None
    body: str
    extension: str
    paragraphs: int
    notes: tuple[str, ...]
    left_out: int
    """Passages of the capture the body takes nothing from (none for a Markdown capture, kept whole)."""


def add_source(config_path: Path, target: str, record_id: str | None = None, kind: Kind | None = None,
               today: date | None = None, limits: Limits = DEFAULT_LIMITS) -> Added:
    """Add `target` (a file path or an http(s) URL) to the dossier of `config_path`."""
    content = _content_folder(config_path)
    original = _read_original(target, kind, limits)
    try:
        page = _page(original, limits)
        payload = payload_of(original.data, original.kind, page.url, limits.max_bytes)
        html = page_html(payload) if payload.media_type == "text/html" else None
        visible = visible_text(payload, html)
        _require_text(visible)
    except CaptureError as exc:
        raise CaptureError(f"{target}: {exc}") from exc
    source = _new_source(original, payload, visible, html)
    record_id = record_id or _made_id(source.meta, original.name)
    _check_id(record_id)
    extension = capture_extension(original.kind, original.data, original.name)
    capture_path = content / CAPTURE_FOLDER / f"{record_id}{extension}"
    source_path = content / kinds.SOURCE.folder / f"{record_id}{source.extension}"
    _refuse_taken(content, record_id)
    digest, to_fill = _write(capture_path, source_path, original, source, today or date.today())
    return Added(capture_path, source_path, MEDIA_TYPES[original.kind], len(original.data), digest,
                 source.paragraphs, source.left_out, to_fill, page.notes + source.notes + visible.notes)


def _content_folder(config_path: Path) -> Path:
    config, problems = load_config(config_path)
    if config is None:
        raise CaptureError("; ".join(problem.format() for problem in problems))
    return config_path.parent / config.content_dir


def _read_original(target: str, kind: Kind | None, limits: Limits) -> _Original:
    """The bytes to keep: fetched, or read from a regular file (a FIFO is refused, not waited on)."""
    if target.startswith(("http://", "https://")):
        fetched = fetch(target, limits)
        name = urlsplit(fetched.url).path.rstrip("/").rsplit("/", 1)[-1] or urlsplit(fetched.url).hostname or "page"
        return _Original(name, fetched.warc, "warc", fetched.url, None)
    path = Path(target)
    try:
        file = read_limited(path, limits.max_bytes, follow_links=True)
    except NotRegularFile as exc:
        raise CaptureError(f"{target} is not a regular file (a folder, pipe or device)") from exc
    except FileTooLarge as exc:
        raise CaptureError(f"{target} is {exc.size / 2**20:.1f} MB; the limit is "
                           f"{limits.max_bytes / 2**20:.0f} MB") from exc
    except OSError as exc:
        raise CaptureError(f"cannot read {target}: {exc.strerror}") from exc
    data = file.data
    if len(data) > limits.max_bytes:
        raise CaptureError(f"{target} grew past the limit of {limits.max_bytes / 2**20:.0f} MB while it was read")
    if not data.strip():
        raise CaptureError(f"{target} is empty")
    return _Original(path.name, data, choose_kind(path.name, data, kind), None,
                     date.fromtimestamp(file.before.st_mtime))


@dataclass(frozen=True, slots=True)
class _Page:
    """The page of a web archive a source is made from (None for other kinds), and notes on the choice."""

    url: str | None
    notes: tuple[str, ...] = ()


def _page(original: _Original, limits: Limits) -> _Page:
    """Which page of a web archive becomes the source: the fetched one, the first a WACZ lists, or the first
    HTML or PDF page the archive holds (the source's `url` then names it, so `check` reads the same page).
    When the archive holds other pages too, a note names the one taken and the others."""
    if original.kind not in ("warc", "wacz"):
        return _Page(None)
    if original.fetched:
        return _Page(original.fetched)
    responses = archive.responses(original.data, original.kind, limits.max_bytes)
    recorded = {response.uri for response in responses if response.succeeded}
    listed = [url for url in archive.page_urls(original.data, original.kind) if url in recorded]
    pages = list(dict.fromkeys(listed + [response.uri for response in responses if response.is_page]))
    if len(pages) < 2:
        return _Page(next(iter(pages), None))
    others = ", ".join(pages[1:4]) + (", …" if len(pages) > 4 else "")
    taken = "first it lists" if listed else "first"
    note = f"the archive holds {len(pages)} pages; the source is made from the {taken}, {pages[0]} (its url), " \
           f"not from {others}"
    return _Page(pages[0], (note,))


def _require_text(visible: VisibleText) -> None:
    if visible.blocks:
        return
    if visible.media_type == "text/html" and visible.scripts:
        raise CaptureError("the page has no text in its body, only scripts: a script renders its text. Capture a "
                           "rendered snapshot instead: save the page from a browser once it has loaded, or record "
                           "it as a WACZ with ArchiveWeb.page")
    raise CaptureError("the capture has no visible text: nothing to make a source from")


def _new_source(original: _Original, payload: Payload, visible: VisibleText, html: Decoded | None) -> _Source:
    if payload.media_type == "text/markdown":
        text = payload.data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").strip()
        return _Source(extract.Metadata(), _archived_url(payload), _captured(payload), text, ".md",
                       len(visible.blocks), (), 0)
    meta, lines = _metadata_and_lines(payload, html)
    working = cut_from_capture(lines, visible, meta.title)
    notes = []
    if working.dropped:
        notes.append(f"{plural(working.dropped, 'line')} of the extracted main text "
                     f"{'is' if working.dropped == 1 else 'are'} not in the capture's visible text "
                     f"(hidden or generated text) and {'was' if working.dropped == 1 else 'were'} left out")
    if working.whole and payload.media_type == "text/html":
        notes.append("no main text was found: the body is the page's whole visible text; remove the page furniture")
    url = _archived_url(payload) or meta.url
    if meta.url and url != meta.url:
        notes.append(f"the page names {meta.url} as its address; url is the archived address {url}, "
                     "which check compares with the archive")
    return _Source(meta, url, _captured(payload), "\n\n".join(working.paragraphs), ".txt",
                   len(working.paragraphs), tuple(notes), working.faithfulness.left_out)


def _metadata_and_lines(payload: Payload, html: Decoded | None) -> tuple[extract.Metadata, list[str]]:
    if html is not None:
        return extract.html_metadata(html.text), extract.main_text(html.text)
    if payload.media_type == "application/pdf":
        return extract.pdf_metadata(payload.data), []
    return extract.Metadata(), []


def _archived_url(payload: Payload) -> str | None:
    return payload.response.uri if payload.response and payload.response.uri.startswith(("http://", "https://")) \
        else None


def _captured(payload: Payload) -> str | None:
    """An archive's `WARC-Date`, as recorded: when the page was collected."""
    return payload.response.date if payload.response and payload.response.date else None


def _made_id(meta: extract.Metadata, name: str) -> str:
    """An id as `dossier new` makes one (`schema.slugify`), from publisher, date and the first title words."""
    title_words = slugify(meta.title or "").split("-")[:_TITLE_WORDS]
    made = slugify(" ".join(part for part in (meta.publisher, meta.date, " ".join(title_words)) if part))
    return made or slugify(name.rsplit(".", 1)[0])


def _check_id(record_id: str) -> None:
    if not record_id or len(record_id) > ID_MAX_LENGTH or not ID_PATTERN.fullmatch(record_id):
        raise CaptureError(f"cannot use {record_id!r} as an id; give one with --id (lowercase letters, digits and "
                           f"hyphens, at most {ID_MAX_LENGTH} characters)")


def _refuse_taken(content: Path, record_id: str) -> None:
    taken = _taken_by(content, record_id)
    if taken is None:
        return
    free = next(f"{record_id}-{number}" for number in range(2, 10_000)
                if _taken_by(content, f"{record_id}-{number}") is None)
    raise CaptureError(f"{taken} already exists; dossier add never overwrites a file. "
                       f"'{free}' is free: dossier add … --id {free}")


def _taken_by(content: Path, record_id: str) -> Path | None:
    sources = [content / kinds.SOURCE.folder / f"{record_id}{extension}" for extension in (".txt", ".md")]
    captures = sorted((content / CAPTURE_FOLDER).glob(f"{record_id}.*"))
    return next((path for path in sources + captures if path.exists() or path.is_symlink()), None)


def _write(capture_path: Path, source_path: Path, original: _Original, source: _Source,
           today: date) -> tuple[str, tuple[str, ...]]:
    """Write the capture, hash what was written, then the source; on any failure remove the capture again."""
    capture_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(capture_path, "xb") as handle:
            handle.write(original.data)
    except FileExistsError as exc:
        raise CaptureError(f"{capture_path} already exists; dossier add never overwrites a file") from exc
    try:
        digest = sha256_file(capture_path)
        entry = CaptureEntry(capture_path.name, digest, source.captured, _captured_hint(original))
        front = source_front_matter(source.meta, source.url, today, entry)
        source_path.parent.mkdir(parents=True, exist_ok=True)
        with open(source_path, "x", encoding="utf-8") as handle:
            handle.write(f"{front.text}\n{source.body}\n")
    except FileExistsError as exc:
        os.unlink(capture_path)
        raise CaptureError(f"{source_path} already exists; dossier add never overwrites a file") from exc
    except BaseException:
        os.unlink(capture_path)
        raise
    return digest, front.to_fill


def _captured_hint(original: _Original) -> str:
    hint = "when the original was collected, YYYY-MM-DD"
    return f"{hint} (the file was last modified on {original.modified.isoformat()})" if original.modified else hint
