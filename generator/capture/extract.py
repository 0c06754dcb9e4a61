"""What `dossier add` takes from a capture: the main text (trafilatura) and what the page states about itself.

Only what the capture states is taken; nothing is guessed. A site name is read only from the
page's `og:site_name` or `application-name` (never made from the address), a date only from the
page's metadata (htmldate without its search of the text), a PDF's creation date only as a hint.
The main text is a suggestion: `working` keeps only the lines that are passages of the capture.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from generator.read.schema import LANGUAGE_TAG  # the validator's own rule: add never writes a tag check refuses

_DATE_PARAMETERS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
"""htmldate reads dates from the page's markup only (meta tags, `<time>`, JSON-LD), not from its text or URL."""
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a capture says about itself; None where it says nothing."""

    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    """Publication date, YYYY-MM-DD."""
    authors: tuple[str, ...] = ()
    url: str | None = None
    """The canonical address the page gives (`<link rel=canonical>`, `og:url`)."""
    language: str | None = None
    """The page's `<html lang>` when it is a language tag dossier accepts."""
    created: str | None = None
    """A PDF's creation date (YYYY-MM-DD): shown to the curator as a hint for `date`, never written as it."""


def main_text(html: str) -> list[str]:
    """The lines trafilatura takes as the page's main text (without comments), in order."""
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                               include_images=False, include_links=False, deduplicate=False)
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def html_metadata(html: str) -> Metadata:
    """Title, site name, date, authors, canonical address and language of an HTML page."""
    found = trafilatura.extract_metadata(html, date_config=dict(_DATE_PARAMETERS), extensive=False)
    tree = _tree(html)
    return Metadata(
        title=_clean(found.title),
        publisher=_clean(_meta(tree, "og:site_name") or _meta(tree, "application-name")),
        date=found.date or None,
        authors=tuple(name for name in map(_clean, (found.author or "").split(";")) if name),
        url=found.url if found.url and found.url.startswith(("https://", "http://")) and " " not in found.url else None,
        language=_language(tree),
    )


def pdf_metadata(data: bytes) -> Metadata:
    """Title, authors and creation date from a PDF's document information dictionary."""
    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
    except Exception:
        return Metadata()
    fields = {key: _pdf_text(value) for entry in info for key, value in entry.items()}
    created = _PDF_DATE.match(fields.get("CreationDate") or "")
    return Metadata(
        title=_clean(fields.get("Title")),
        authors=tuple(name for name in map(_clean, (fields.get("Author") or "").split(";")) if name),
        created=f"{created[1]}-{created[2]}-{created[3]}" if created else None,
    )


def _pdf_text(value: object) -> str | None:
    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value)
    return value if isinstance(value, str) else None


def _tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html.replace("\x00", "").encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError):
        return None


def _meta(tree: lxml.html.HtmlElement | None, name: str) -> str | None:
    if tree is None:
        return None
    for element in tree.iter("meta"):
        if name in ((element.get("property") or "").strip().lower(), (element.get("name") or "").strip().lower()):
            return element.get("content")
    return None


def _language(tree: lxml.html.HtmlElement | None) -> str | None:
    if tree is None:
        return None
    tag = (tree.get("lang") or _meta_http_equiv(tree, "content-language") or "").strip()
    return tag if LANGUAGE_TAG.fullmatch(tag) else None


def _meta_http_equiv(tree: lxml.html.HtmlElement, name: str) -> str | None:
    for element in tree.iter("meta"):
        if (element.get("http-equiv") or "").strip().lower() == name:
            return element.get("content")
    return None


def _clean(value: str | None) -> str | None:
    """White space made single spaces; None for nothing."""
    text = " ".join((value or "").split())
    return text or None
