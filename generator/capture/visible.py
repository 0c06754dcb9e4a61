"""The full visible text of a capture: what a reader of the original sees, never a main-content heuristic.

The text is a sequence of blocks joined by blank lines ("\\n\\n"). HTML: the text of `body` without
`script`, `style`, `template`, `noscript` and elements marked `hidden` or `aria-hidden="true"`,
where block elements and `<br>` end a block and white space inside a block is one space. PDF: the
text layer as pdfminer.six lays it out with the parameters in `PDF_LAYOUT`, one block per text
box. Text and Markdown: the paragraphs (for Markdown, of the rendered text). A web archive: the
page it holds for the source's `url` (see `archive`). docs/captures.md, "The visible text",
describes this for users.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

from generator.capture import archive
from generator.capture.charset import Decoded, decode_html
from generator.capture.errors import CaptureError
from generator.capture.kinds import MEDIA_TYPES, Kind, kind_from_name, listed_extensions
from generator.core.files import FileTooLarge, read_limited
from generator.read.load import MAX_CAPTURE_BYTES  # the largest capture read or added (docs/captures.md)
from generator.text import markdown

PDF_LAYOUT = LAParams(line_overlap=0.5, char_margin=2.0, line_margin=0.5, word_margin=0.1, boxes_flow=0.5,
                      detect_vertical=False, all_texts=False)
"""pdfminer.six's layout parameters, written out so that a new default in pdfminer cannot move the
text of a PDF: characters closer than 2 character widths make a line, lines closer than half a
line height make a box (a block), a gap of 0.1 character width is a space."""

_SKIPPED = frozenset({"script", "style", "template", "noscript"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "optgroup", "option",
    "p", "plaintext", "pre", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "xmp",
})
"""Elements a browser lays out as blocks (including table cells and list items): each ends a block."""
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n[ \t\n]*")


@dataclass(frozen=True, slots=True)
class Payload:
    """What a capture shows: the file itself, or the page a web archive holds."""

    media_type: str
    """`text/html`, `application/pdf`, `text/plain` or `text/markdown`."""
    data: bytes
    response: archive.Response | None
    """The archive's record of the page, for a WARC or WACZ."""


@dataclass(frozen=True, slots=True)
class VisibleText:
    """The full visible text of a capture, block by block."""

    text: str
    """The blocks joined by "\\n\\n"; no block contains a blank line."""
    blocks: tuple[tuple[int, int], ...]
    """Start and end offset of each block in `text`, in order."""
    media_type: str
    response: archive.Response | None
    """The archive's record of the page (its URI, `WARC-Date`, HTTP headers), for a WARC or WACZ."""
    notes: tuple[str, ...] = ()
    """How the text was read, when the user should know (a fallback character set)."""
    scripts: int = 0
    """Script elements in an HTML page: a page with scripts and no visible text is rendered by them."""


def read_capture(path: Path, url: str | None = None, kind: Kind | None = None,
                 max_bytes: int = MAX_CAPTURE_BYTES) -> VisibleText:
    """The visible text of the capture file at `path`; its kind is `kind` or its extension.

    `url` picks the page of a web archive. Raises CaptureError with a one-line reason.
    """
    kind = kind or kind_from_name(path.name)
    if kind is None:
        raise CaptureError(f"{path.name}: unknown kind of capture; captures are {listed_extensions('or')} files")
    try:
        data = read_limited(path, max_bytes, follow_links=True).data
    except FileTooLarge as exc:
        raise CaptureError(f"{path.name} is {exc.strerror}") from exc
    except OSError as exc:
        raise CaptureError(f"cannot read {path.name}: {exc.strerror}") from exc
    return visible_text(payload_of(data, kind, url, max_bytes))


def payload_of(data: bytes, kind: Kind, url: str | None = None, max_bytes: int = MAX_CAPTURE_BYTES) -> Payload:
    """The page a capture shows: for a web archive the record `archive.find_response` picks."""
    if kind in ("warc", "wacz"):
        found = archive.find_response(data, kind, url, max_bytes)
        media_type = found.response.media_type
        if media_type not in archive.PAGE_TYPES and not media_type.startswith("text/"):
            raise CaptureError(f"the archived page {found.response.uri} is {media_type or 'of no media type'}, "
                               "not HTML, PDF or text")
        return Payload(_payload_media_type(media_type), found.payload, found.response)
    return Payload(MEDIA_TYPES[kind], data, None)


def _payload_media_type(media_type: str) -> str:
    if media_type == "application/xhtml+xml":
        return "text/html"
    return media_type if media_type in ("text/html", "application/pdf", "text/markdown") else "text/plain"


def page_html(payload: Payload) -> Decoded:
    """An HTML payload's text, decoded as its bytes and the archive's `Content-Type` header say."""
    content_type = payload.response.header("Content-Type") if payload.response else None
    return decode_html(payload.data, content_type)


def visible_text(payload: Payload, html: Decoded | None = None) -> VisibleText:
    """The visible text of a payload; raises CaptureError for a PDF without a text layer or text not in UTF-8.
    `html` is an HTML payload's `page_html`, when the caller has decoded it already."""
    if payload.media_type == "text/html":
        decoded = html or page_html(payload)
        blocks, scripts = html_blocks(decoded.text)
        notes = (decoded.note,) if decoded.note else ()
        return _joined(blocks, payload, notes, scripts)
    if payload.media_type == "application/pdf":
        return _joined(pdf_blocks(payload.data), payload)
    text = _utf8(payload.data)
    if payload.media_type == "text/markdown":
        text = markdown.visible_text(text)
    return _joined(text_blocks(text), payload)


def _joined(blocks: list[str], payload: Payload, notes: tuple[str, ...] = (), scripts: int = 0) -> VisibleText:
    spans, offset = [], 0
    for block in blocks:
        spans.append((offset, offset + len(block)))
        offset += len(block) + 2
    return VisibleText("\n\n".join(blocks), tuple(spans), payload.media_type, payload.response, notes, scripts)


def html_blocks(html: str) -> tuple[list[str], int]:
    """The visible blocks of an HTML page's `body`, and how many script elements the page has."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html.replace("\x00", "").encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return [], 0
    body = root.find("body")
    scripts = sum(1 for _ in root.iter("script"))
    return (_visible_blocks(body) if body is not None else []), scripts


def _visible_blocks(body: lxml.html.HtmlElement) -> list[str]:
    """Walk `body` in document order without recursion (a hostile page may nest deeply)."""
    blocks: list[str] = []
    pieces: list[str] = []
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(body, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        if closing or tag is None or _hidden(element, tag):
            if closing and tag in _BLOCKS:
                _end_block(pieces, blocks)
            if element is not body:
                pieces.append(element.tail or "")
            continue
        if tag in _BLOCKS:
            _end_block(pieces, blocks)
        pieces.append(element.text or "")
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    _end_block(pieces, blocks)
    return blocks


def _hidden(element: lxml.html.HtmlElement, tag: str) -> bool:
    return (tag in _SKIPPED or element.get("hidden") is not None
            or (element.get("aria-hidden") or "").strip().lower() == "true")


def _end_block(pieces: list[str], blocks: list[str]) -> None:
    text = _HTML_SPACE.sub(" ", "".join(pieces)).strip(" ")
    if text:
        blocks.append(text)
    pieces.clear()


def pdf_blocks(data: bytes) -> list[str]:
    """The text boxes of a PDF's text layer; CaptureError when it has none or cannot be read."""
    try:
        text = extract_text(io.BytesIO(data), laparams=PDF_LAYOUT)
    except Exception as exc:
        raise CaptureError(f"not a readable PDF: {' '.join(str(exc).split()) or type(exc).__name__}") from exc
    blocks = text_blocks(text.replace("\f", "\n\n"))
    if not blocks:
        raise CaptureError("scanned PDF with no text layer: dossier can only prove quotes against text; "
                           "run OCR on it first (e.g. ocrmypdf) and add the result")
    return blocks


def text_blocks(text: str) -> list[str]:
    """Paragraphs separated by blank lines; inside one, lines are kept and trailing spaces dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for paragraph in _BLANK_LINES.split(text):
        lines = [line.rstrip() for line in paragraph.strip("\n").split("\n")]
        block = "\n".join(lines).strip()
        if block:
            blocks.append(block)
    return blocks


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise CaptureError(f"text capture is not UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start}); "
                           "save it as UTF-8") from exc
