"""What a capture is: its kind from the name or `--kind`, checked against the bytes (magic numbers).

A file whose bytes disagree with its extension is refused rather than guessed at, so a PDF saved as
`.html` or an image renamed `.txt` never becomes a source (docs/captures.md, "Adding sources: `dossier add`").
"""

from __future__ import annotations

import io
import re
from pathlib import PurePath
from typing import Literal, get_args

from generator.capture.errors import CaptureError

Kind = Literal["html", "pdf", "warc", "wacz", "txt", "md"]
KINDS: tuple[Kind, ...] = get_args(Kind)
"""The kinds `dossier add --kind` accepts."""

MEDIA_TYPES: dict[Kind, str] = {"html": "text/html", "pdf": "application/pdf", "warc": "application/warc",
                                "wacz": "application/wacz", "txt": "text/plain", "md": "text/markdown"}
"""The media type of a capture file of each kind (what a source page shows as its provenance)."""

_EXTENSIONS: dict[str, Kind] = {".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
                                ".warc": "warc", ".warc.gz": "warc", ".wacz": "wacz", ".txt": "txt", ".md": "md"}


def listed_extensions(last_joined_by: str) -> str:
    """The capture extensions for a message: `.html, .htm, ..., .txt or .md` (`last_joined_by` is "or" or "and")."""
    *first, last = _EXTENSIONS
    return f"{', '.join(first)} {last_joined_by} {last}"

Sniffed = Literal["html", "pdf", "warc", "wacz", "text", "image", "zip", "binary"]
"""What the bytes themselves say a file is."""

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*",
                b"\x00\x00\x01\x00")
_IMAGE_BRANDS = (b"ftypavif", b"ftypavis", b"ftypheic", b"ftypheix", b"ftypmif1")
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]", re.I | re.S)
_SVG = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+svg[^>]*>\s*)?<svg[\s>]", re.I | re.S)
_SNIFF_BYTES = 4096


def kind_from_name(name: str) -> Kind | None:
    """The kind an extension names (`.warc.gz` counts as one extension), or None."""
    lowered = name.lower()
    for extension in sorted(_EXTENSIONS, key=len, reverse=True):
        if lowered.endswith(extension):
            return _EXTENSIONS[extension]
    return None


def sniff(data: bytes) -> Sniffed:
    """What the bytes are, from their first few kilobytes."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"WARC/") or _gunzipped_head(head).startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"PK\x03\x04"):
        return "wacz" if _is_wacz(data) else "zip"
    if _is_image(head):
        return "image"
    text = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(text):
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def choose_kind(name: str, data: bytes, forced: Kind | None) -> Kind:
    """The kind to read `data` as: `forced` (from `--kind`) or the extension, when the bytes agree.

    Raises CaptureError for an image, an unknown or missing extension whose bytes say nothing
    readable, and an extension (or `--kind`) the bytes contradict.
    """
    sniffed = sniff(data)
    if sniffed == "image":
        raise CaptureError(f"{name} is an image; dossier add reads web pages, PDFs, web archives and text "
                           "(for a picture of a document, add the document itself or a PDF with a text layer)")
    claimed = forced or kind_from_name(name)
    if claimed is None:
        return _kind_of_unnamed(name, sniffed)
    if not _agrees(claimed, sniffed, forced is not None):
        how = f"--kind {forced}" if forced else f"its extension says {claimed}"
        raise CaptureError(f"{name}: {how}, but its bytes look like {_described(sniffed)}; "
                           f"{_rename_hint(sniffed)}")
    return claimed


_READ_AS: dict[Sniffed, Kind] = {"html": "html", "pdf": "pdf", "warc": "warc", "wacz": "wacz", "text": "txt"}
"""The kind that bytes of each readable sort are read as when the name does not say."""


def _kind_of_unnamed(name: str, sniffed: Sniffed) -> Kind:
    extension = PurePath(name).suffix
    kind = _READ_AS.get(sniffed)
    if kind is None:  # a zip that is not a WACZ, or binary data (an image is refused before)
        what = f"'{extension}' files" if extension else "files without an extension"
        raise CaptureError(f"{name}: dossier add cannot read {what} ({_described(sniffed)}); "
                           f"it reads {listed_extensions('and')}")
    if extension:
        raise CaptureError(f"{name}: unknown extension '{extension}', but the bytes look like {_described(sniffed)}; "
                           f"{_rename_hint(sniffed)}")
    return kind


def _agrees(claimed: Kind, sniffed: Sniffed, forced: bool) -> bool:
    """Whether bytes that look like `sniffed` can be read as `claimed`.

    Markup in a `.txt` file is refused unless `--kind` says it is text: a saved page named `.txt`
    is far more likely than a text about HTML.
    """
    if claimed == "html":
        return sniffed in ("html", "text")
    if claimed in ("txt", "md"):
        return sniffed == "text" or (forced and sniffed == "html")
    return claimed == sniffed


def _described(sniffed: Sniffed) -> str:
    return {"html": "an HTML page", "pdf": "a PDF", "warc": "a WARC web archive", "wacz": "a WACZ web archive",
            "text": "plain text", "zip": "a zip file that is not a WACZ", "binary": "binary data",
            "image": "an image"}[sniffed]


def _rename_hint(sniffed: Sniffed) -> str:
    readable = {"html": ".html", "pdf": ".pdf", "warc": ".warc or .warc.gz", "wacz": ".wacz", "text": ".txt"}
    if sniffed in readable:
        return f"rename it to {readable[sniffed]} or pass --kind to say what it is"
    return "dossier add cannot read it"


def _gunzipped_head(head: bytes) -> bytes:
    if not head.startswith(b"\x1f\x8b"):
        return b""
    import gzip  # here, not at the top: the command line imports this module for `--kind`

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(head)) as unzipped:
            return unzipped.read(8)
    except (OSError, EOFError):
        return b""


def _is_wacz(data: bytes) -> bool:
    """A zip holding at least one `archive/*.warc` or `archive/*.warc.gz` (the WACZ layout)."""
    import zipfile  # here, not at the top: the command line imports this module for `--kind`

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(warc_member(name) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def warc_member(name: str) -> bool:
    """Whether a member of a WACZ is one of its WARC files."""
    return name.startswith("archive/") and name.endswith((".warc", ".warc.gz"))


def _is_image(head: bytes) -> bool:
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return True
    return head[4:12] in _IMAGE_BRANDS or bool(_SVG.match(head.removeprefix(b"\xef\xbb\xbf")))


def capture_extension(kind: Kind, data: bytes, name: str) -> str:
    """The extension of the kept copy: the original's when it names the kind, else the kind's own."""
    if kind == "warc":
        return ".warc.gz" if data.startswith(b"\x1f\x8b") else ".warc"
    lowered = name.lower()
    own = next((extension for extension, named in _EXTENSIONS.items()
                if named == kind and lowered.endswith(extension)), None)
    return own or f".{kind}"
