"""Captures built in code for the capture tests: a news page with furniture, PDFs, WARCs, a WACZ."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLE_PARAGRAPHS = (
    "The National Security Committee said on Thursday that 1,240 people had been questioned since January.",
    "The committee did not say how many of them were charged.",
    "\u201cWe do not discuss individual cases,\u201d a spokesman said.",
)
"""The article's own words, as its <p> elements hold them (the third has typographic quotes)."""

ARTICLE_URL = "https://news.example.org/2014/11/20/security-committee-questioned"

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Committee questioned 1,240 people | Example News</title>
<meta property="og:title" content="Committee questioned 1,240 people">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2014-11-20T17:41:00+06:00">
<meta name="author" content="Aigerim Seitkali">
<link rel="canonical" href="{ARTICLE_URL}">
<style>body {{ font-family: serif; }} .ad {{ color: red; }}</style>
<script>window.tracking = "do not show this";</script>
</head>
<body>
<div class="cookie-banner" id="cookies">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
</ul></nav></header>
<aside class="ad">Advertisement: Buy the new phone today</aside>
<main>
<article>
<h1>Committee questioned 1,240 people</h1>
<p class="byline">By Aigerim Seitkali, 20 November 2014</p>
<p>{ARTICLE_PARAGRAPHS[0]}</p>
<p>{ARTICLE_PARAGRAPHS[1]}</p>
<div hidden>Hidden draft: do not publish</div>
<span aria-hidden="true">Decorative icon text</span>
<p>{ARTICLE_PARAGRAPHS[2]}</p>
<noscript>Enable JavaScript to see comments</noscript>
<template><p>Template text never shown</p></template>
<script>document.write("Script text");</script>
</article>
</main>
<section class="comments" id="comments"><h2>Comments</h2>
<div class="comment"><p>Reader42: This is outrageous!</p></div>
<div class="comment"><p>Anon: Fake news, I do not believe it.</p></div>
</section>
<footer>Copyright 2014 Example News<br>All rights reserved</footer>
</body>
</html>
"""

ARTICLE_VISIBLE_BLOCKS = (
    "We use cookies to improve your experience. Accept all",
    "Home", "World", "Sport",
    "Advertisement: Buy the new phone today",
    "Committee questioned 1,240 people",
    "By Aigerim Seitkali, 20 November 2014",
    *ARTICLE_PARAGRAPHS,
    "Comments",
    "Reader42: This is outrageous!",
    "Anon: Fake news, I do not believe it.",
    "Copyright 2014 Example News",
    "All rights reserved",
)
"""What a reader of ARTICLE_HTML sees, block by block (the hidden, aria-hidden, script, style,
noscript and template text is not there; the cookie banner's button is inline)."""

CYRILLIC_PARAGRAPH = "Комитет национальной безопасности сообщил о 300 гражданах."


def cyrillic_page(meta: bool = True) -> bytes:
    """A page in windows-1251; its charset in a `<meta>` (or, with `meta=False`, nowhere in the page)."""
    declaration = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">' if meta else ""
    return (f"<html lang=\"ru\"><head>{declaration}<title>Новости</title></head>"
            f"<body><p>{CYRILLIC_PARAGRAPH}</p></body></html>").encode("cp1251")


def pdf(pages: Sequence[Sequence[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF: on each page, each string a line of Helvetica; "" leaves a paragraph gap.

    Written by hand (objects, a cross-reference table with exact offsets, a trailer) so the test
    depends on no PDF writer.
    """
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    page_ids = []
    for lines in pages:
        stream = _text_stream(lines)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, len(pages) * 2 + 3))
        page_ids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % i for i in page_ids), len(pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info_entries = b" ".join(b"/%s (%s)" % (key.encode(), value.encode("latin-1"))
                             for key, value in (info or {}).items())
    objects.append(b"<< " + info_entries + b" >>")
    return _assemble(objects, info_id=len(objects))


def _text_stream(lines: Sequence[str]) -> bytes:
    commands = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
    for line in lines:
        if line:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(b"(%s) Tj T*" % escaped.encode("cp1252"))
        else:
            commands.append(b"T* T*")
    commands.append(b"ET")
    return b"\n".join(commands)


def _assemble(objects: list[bytes], info_id: int) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, info_id, xref)
    return bytes(out)


def scanned_pdf() -> bytes:
    """A PDF whose page only draws (a stand-in for a scanned image): no text layer."""
    stream = b"0 0 1 rg 72 72 300 400 re f"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream", b"<< >>"]
    return _assemble(objects, info_id=5)


def warc(responses: Sequence[tuple[str, int, str, bytes]], gzip: bool = True,
         date: str = "2014-11-21T08:00:00Z") -> bytes:
    """A WARC with a request and a response record for each (uri, status, content type, body)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for uri, status, content_type, body in responses:
        http = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Other'}",
                                [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                           warc_headers_dict={"WARC-Date": date})
        writer.write_record(record)
    return out.getvalue()


def wacz(warc_bytes: bytes, pages: Sequence[str] = ()) -> bytes:
    """A WACZ (a zip) holding one WARC and, when given, the pages it captured."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("archive/data.warc.gz", warc_bytes)
        lines = [json.dumps({"format": "json-pages-1.0"})] + [json.dumps({"url": url}) for url in pages]
        archive.writestr("pages/pages.jsonl", "\n".join(lines) + "\n")
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package", "resources": []}))
    return out.getvalue()


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
"""A 1×1 PNG."""

SCRIPT_RENDERED_HTML = ("<!DOCTYPE html><html><head><title>App</title><script src=\"/app.js\"></script></head>"
                        "<body><div id=\"root\"></div><script>render(document.getElementById('root'))</script>"
                        + "<script>track()</script>" * 50 + "</body></html>")
"""A page whose text a script would render: nothing visible in its body."""
