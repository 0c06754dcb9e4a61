"""The characters of an HTML capture: its bytes decoded as a browser would (docs/captures.md, "Character sets").

Order of precedence, as in the HTML standard: a byte order mark, then the `charset` of the HTTP
`Content-Type` header (a WARC keeps it), then a `<meta charset>` or `<meta http-equiv>` in the
page; with none, UTF-8 when the bytes are valid UTF-8, else windows-1252 with a note.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_HEADER_CHARSET = re.compile(r"\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_META_SCAN_BYTES = 65536
"""How far into the page a `<meta>` charset is looked for: the whole `<head>` of any real page."""

_WINDOWS_1252_LABELS = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
                        "cp819", "ibm819", "x-cp1252", "cp1252", "windows-1252"}
"""Labels the HTML standard reads as windows-1252 (a page that says Latin-1 is decoded as browsers do)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """An HTML capture's text and how it was decoded."""

    text: str
    encoding: str
    """The Python codec used (`utf-8`, `cp1251`…)."""
    note: str | None
    """Set when the encoding was a fallback, for the user to confirm."""


def decode_html(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML capture; `content_type` is the HTTP header when the capture kept one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(encoding, "replace"), encoding, None)
    declared = _declared(content_type, data)
    if declared is not None:
        return Decoded(data.decode(declared, "replace"), declared, None)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError:
        return Decoded(data.decode("cp1252", "replace"), "cp1252",
                       "the page declares no character set and is not UTF-8: read as windows-1252")


def _declared(content_type: str | None, data: bytes) -> str | None:
    """The codec the HTTP header or the page's `<meta>` names, when Python knows it."""
    header = _HEADER_CHARSET.search(content_type or "")
    if header is not None and (codec := codec_for(header[1])):
        return codec
    meta = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    if meta is not None:
        return codec_for(meta[1].decode("ascii"))
    return None


def codec_for(label: str) -> str | None:
    """The Python codec for a charset label, as the HTML standard maps labels; None if unknown.

    A page cannot declare UTF-16 in its own ASCII-compatible bytes, so such a `<meta>` means UTF-8.
    """
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name.startswith("utf-16") else name
