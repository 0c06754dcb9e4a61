"""What `dossier add` reads a file as: the extension or `--kind`, checked against the bytes."""

from __future__ import annotations

import pytest
from support.captures import ARTICLE_HTML, ARTICLE_URL, PNG, pdf, wacz, warc

from generator.capture.errors import CaptureError
from generator.capture.kinds import capture_extension, choose_kind, kind_from_name, sniff

HTML = ARTICLE_HTML.encode()
PDF = pdf([["Text."]])
WARC_GZ = warc([(ARTICLE_URL, 200, "text/html", HTML)])
WARC = warc([(ARTICLE_URL, 200, "text/html", HTML)], gzip=False)
WACZ = wacz(WARC_GZ)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100)
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>Hi</text></svg>'


@pytest.mark.parametrize(("data", "sniffed"), [
    (HTML, "html"), (b"\xef\xbb\xbf<!-- saved -->\n<HTML>", "html"), (PDF, "pdf"), (WARC_GZ, "warc"), (WARC, "warc"),
    (WACZ, "wacz"), (PNG, "image"), (JPEG, "image"), (SVG, "image"), (b"GIF89a...", "image"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image"), (b"Plain words.\n", "text"), (b"PK\x03\x04" + bytes(40), "zip"),
    (b"\x00\x01\x02binary", "binary"),
])
def test_sniff_reads_the_magic_bytes(data: bytes, sniffed: str) -> None:
    assert sniff(data) == sniffed


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("page.html", HTML, "html"), ("page.HTM", HTML, "html"), ("report.pdf", PDF, "pdf"),
    ("crawl.warc.gz", WARC_GZ, "warc"), ("crawl.warc", WARC, "warc"), ("site.wacz", WACZ, "wacz"),
    ("notes.txt", b"Words.", "txt"), ("notes.md", b"# Words", "md"), ("fragment.html", b"Just text", "html"),
    ("download", HTML, "html"), ("download", PDF, "pdf"), ("download", b"Words.", "txt"),
])
def test_the_extension_names_the_kind_when_the_bytes_agree(name: str, data: bytes, kind: str) -> None:
    assert choose_kind(name, data, None) == kind


@pytest.mark.parametrize(("name", "data", "message"), [
    ("photo.png", PNG, "photo.png is an image"),
    ("article.html", PNG, "article.html is an image"),
    ("scan.pdf", JPEG, "scan.pdf is an image"),
    ("logo.svg", SVG, "logo.svg is an image"),
    ("article.html", PDF, "its extension says html, but its bytes look like a PDF; rename it to .pdf"),
    ("report.pdf", HTML, "its extension says pdf, but its bytes look like an HTML page; rename it to .html"),
    ("page.txt", HTML, "its extension says txt, but its bytes look like an HTML page"),
    ("crawl.warc", HTML, "its extension says warc"),
    ("site.wacz", b"PK\x03\x04" + bytes(40), "a zip file that is not a WACZ; dossier add cannot read it"),
    ("letter.docx", b"PK\x03\x04" + bytes(40), "cannot read '.docx' files"),
    ("page.asp", HTML, "unknown extension '.asp', but the bytes look like an HTML page; rename it to .html"),
    ("blob", b"\x00\x01binary", "cannot read files without an extension (binary data)"),
])
def test_an_image_or_a_wrong_extension_is_refused_with_the_reason(name: str, data: bytes, message: str) -> None:
    with pytest.raises(CaptureError) as raised:
        choose_kind(name, data, None)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_kind_overrides_a_wrong_or_missing_extension_but_not_the_bytes() -> None:
    assert choose_kind("page.asp", HTML, "html") == "html"
    assert choose_kind("page.txt", HTML, "txt") == "txt"
    assert choose_kind("download.bin", PDF, "pdf") == "pdf"
    with pytest.raises(CaptureError, match="--kind pdf, but its bytes look like an HTML page"):
        choose_kind("page.html", HTML, "pdf")
    with pytest.raises(CaptureError, match="is an image"):
        choose_kind("photo.png", PNG, "html")


def test_the_kept_copy_keeps_a_fitting_extension() -> None:
    assert capture_extension("html", HTML, "Page.HTM") == ".htm"
    assert capture_extension("html", HTML, "page.asp") == ".html"
    assert capture_extension("warc", WARC_GZ, "x") == ".warc.gz"
    assert capture_extension("warc", WARC, "x.warc.gz") == ".warc"
    assert kind_from_name("a.WARC.GZ") == "warc" and kind_from_name("a.gz") is None
