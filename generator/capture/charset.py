"""The characters of an HTML capture: its bytes decoded as a browser would (docs/captures.md, "Character sets").

Order of precedence, as in the HTML standard: a byte order mark, then the `charset` of the HTTP
`Content-Type` header (a WARC keeps it), then a `<meta charset>` or `<meta http-equiv>` in the
page; with none, UTF-8 when the bytes are valid UTF-8, else windows-1252 with a note.

A label means what the WHATWG Encoding Standard says it means (`LABELS`), never what Python's
codec of that name does: `latin1` is windows-1252, `gb2312` is GBK, and a label browsers do not
know (`utf-7`, `utf-32`) is ignored, as browsers ignore it, instead of being decoded.
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

REPLACEMENT = "replacement"
"""The WHATWG "replacement" encoding: labels of encodings browsers refuse (ISO-2022-KR, HZ…); the
whole page decodes to one U+FFFD."""
USER_DEFINED = "x-user-defined"
"""The WHATWG x-user-defined encoding: ASCII, and bytes 0x80-0xFF as U+F780-U+F7FF (no Python codec)."""

_ENCODINGS: dict[str, str] = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                 "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                 "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                 "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
              "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
              "windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc-jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022-jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
             "windows-949",
    REPLACEMENT: "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    USER_DEFINED: USER_DEFINED,
}
"""Python codec (or REPLACEMENT, USER_DEFINED) → the WHATWG labels of that encoding
(https://encoding.spec.whatwg.org/#names-and-labels). GBK is decoded as gb18030, Big5 as
Big5-HKSCS, Shift_JIS as cp932 and EUC-KR as cp949: the Python codecs closest to the standard's."""
LABELS: dict[str, str] = {label: codec for codec, labels in _ENCODINGS.items() for label in labels.split()}


@dataclass(frozen=True, slots=True)
class Decoded:
    """An HTML capture's text and how it was decoded."""

    text: str
    encoding: str
    """The Python codec used (`utf-8`, `cp1251`…), or REPLACEMENT or USER_DEFINED."""
    note: str | None
    """Set when the encoding was a fallback, for the user to confirm."""


def decode_html(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML capture; `content_type` is the HTTP header when the capture kept one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(encoding, "replace"), encoding, None)
    declared, ignored = _declared(content_type, data)
    if declared == REPLACEMENT:
        return Decoded("\ufffd", REPLACEMENT, "the page declares a character set browsers refuse to decode "
                                              "(they show one replacement character instead of the page)")
    if declared == USER_DEFINED:
        return Decoded(_user_defined(data), USER_DEFINED, None)
    if declared is not None:
        return Decoded(data.decode(declared, "replace"), declared, None)
    declares = f"the page declares the character set '{ignored}', which browsers ignore" if ignored else None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", f"{declares}: read as UTF-8" if declares else None)
    except UnicodeDecodeError:
        why = f"{declares}, and" if declares else "the page declares no character set and"
        return Decoded(data.decode("cp1252", "replace"), "cp1252", f"{why} is not UTF-8: read as windows-1252")


def _declared(content_type: str | None, data: bytes) -> tuple[str | None, str | None]:
    """The encoding the HTTP header or else the page's first `<meta>` with a known label names, and the
    last label ignored as unknown (browsers pass over an unknown label to the next `<meta>`).

    As in the HTML standard's prescan, a `<meta>` cannot declare UTF-16 in its own ASCII-compatible
    bytes (it means UTF-8) and x-user-defined there means windows-1252.
    """
    ignored = None
    header = _HEADER_CHARSET.search(content_type or "")
    if header is not None:
        if (codec := encoding_for(header[1])) is not None:
            return codec, None
        ignored = header[1]
    for meta in _META_CHARSET.finditer(data[:_META_SCAN_BYTES]):
        label = meta[1].decode("ascii")
        codec = encoding_for(label)
        if codec is not None:
            return {"utf-16-le": "utf-8", "utf-16-be": "utf-8", USER_DEFINED: "cp1252"}.get(codec, codec), None
        ignored = label
    return None, ignored


def encoding_for(label: str) -> str | None:
    """The Python codec (or REPLACEMENT, USER_DEFINED) for a WHATWG encoding label; None for a label
    browsers do not know, which they ignore."""
    return LABELS.get(label.strip().lower())


def _user_defined(data: bytes) -> str:
    return "".join(chr(byte) if byte < 0x80 else chr(0xF700 + byte) for byte in data)
