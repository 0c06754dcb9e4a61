"""The visible text of captures: HTML (furniture kept, hidden text gone), character sets, PDF, WARC, WACZ, text."""

from __future__ import annotations

import codecs
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from support.captures import (
    ARTICLE_HTML,
    ARTICLE_URL,
    ARTICLE_VISIBLE_BLOCKS,
    CYRILLIC_PARAGRAPH,
    cyrillic_page,
    pdf,
    scanned_pdf,
    wacz,
    warc,
)

from generator.capture import archive
from generator.capture.errors import CaptureError
from generator.capture.fixity import sha256_file
from generator.capture.visible import Payload, html_blocks, payload_of, read_capture, visible_text


def blocks_of(html: str | bytes, content_type: str | None = None) -> list[str]:
    data = html.encode() if isinstance(html, str) else html
    response = archive.Response("https://x.example/", "2014-11-21T08:00:00Z", 200,
                                (("Content-Type", content_type),)) if content_type else None
    visible = visible_text(Payload("text/html", data, response))
    return [visible.text[start:end] for start, end in visible.blocks]


def test_an_article_page_shows_its_furniture_but_nothing_hidden() -> None:
    """Navigation, ads, the cookie banner and comments are visible text; script, style, noscript,
    template, `hidden` and `aria-hidden="true"` are not; and the `<head>` is not body text."""
    assert blocks_of(ARTICLE_HTML) == list(ARTICLE_VISIBLE_BLOCKS)


@pytest.mark.parametrize(("html", "blocks"), [
    ("<p>one <b>two</b> <a href=x>three</a></p>", ["one two three"]),
    ("<p>line<br>break</p>", ["line", "break"]),
    ("<div>outer<p>inner</p>tail</div>", ["outer", "inner", "tail"]),
    ("<ul><li>a</li><li>b</li></ul>", ["a", "b"]),
    ("<table><tr><td>Name</td><td>300</td></tr></table>", ["Name", "300"]),
    ("<p>  spaced \n\t out  </p>", ["spaced out"]),
    ("<p>no\u00a0break</p>", ["no\u00a0break"]),
    ("<p>kept<span hidden>gone</span> tail</p>", ["kept tail"]),
    ("<p>kept<span aria-hidden=' TRUE '>gone</span> tail</p>", ["kept tail"]),
    ("<p aria-hidden=false>shown</p>", ["shown"]),
    ("<p>a<!-- comment -->b</p>", ["ab"]),
    ("<body></body>", []),
    ("", []),
])
def test_block_elements_and_br_separate_text_and_inline_elements_do_not(html: str, blocks: list[str]) -> None:
    assert blocks_of(html) == blocks


def test_a_hostile_page_full_of_scripts_shows_only_its_text() -> None:
    page = "<html><body>" + "<script>alert(1)</script><style>p{}</style>" * 2000 + "<p>Real text.</p></body></html>"
    blocks, scripts = html_blocks(page)
    assert (blocks, scripts) == (["Real text."], 2000)


def test_deep_nesting_neither_recurses_nor_crashes() -> None:
    blocks, _ = html_blocks("<div>" * 20_000 + "deep" + "</div>" * 20_000)
    assert blocks in (["deep"], [])


def test_a_windows_1251_page_is_read_by_its_meta_charset() -> None:
    assert blocks_of(cyrillic_page()) == [CYRILLIC_PARAGRAPH]


def test_the_http_header_of_a_warc_gives_the_charset() -> None:
    data = warc([(ARTICLE_URL, 200, "text/html; charset=windows-1251", cyrillic_page(meta=False))])
    visible = read_bytes(data, "warc", ARTICLE_URL)
    assert visible.text == CYRILLIC_PARAGRAPH and visible.notes == ()


def test_a_page_without_a_charset_that_is_not_utf8_is_read_as_windows_1252_with_a_note() -> None:
    visible = visible_text(Payload("text/html", "<p>caf\u00e9 \u20ac5</p>".encode("cp1252"), None))
    assert visible.text == "caf\u00e9 \u20ac5"
    assert visible.notes == ("the page declares no character set and is not UTF-8: read as windows-1252",)


def test_utf8_without_a_declaration_and_a_byte_order_mark_are_honoured() -> None:
    assert blocks_of("<p>Қазақстан</p>".encode()) == ["Қазақстан"]
    assert blocks_of(codecs.BOM_UTF16_LE + "<p>Қазақстан</p>".encode("utf-16-le")) == ["Қазақстан"]


def test_a_meta_saying_latin1_is_read_as_windows_1252_as_browsers_do() -> None:
    page = b'<meta charset="iso-8859-1"><p>\x93quoted\x94</p>'
    assert blocks_of(page) == ["\u201cquoted\u201d"]


@pytest.mark.parametrize("label", ["utf-7", "UTF-7", "utf-32", "utf-32le", "x-unknown", "cp037", "rot13",
                                   "utf_8_sig", "latin_1"])
def test_a_label_browsers_do_not_know_is_ignored_never_decoded(label: str) -> None:
    """UTF-7 and UTF-32 are Python codecs but not WHATWG labels: browsers ignore them, and a page in
    UTF-7 ("+ADw-script+AD4-") is not text anyone saw."""
    page = f'<meta charset="{label}"><p>+ADw-b+AD4-café</p>'.encode()
    visible = visible_text(Payload("text/html", page, None))
    assert visible.text == "+ADw-b+AD4-café"
    assert visible.notes == (f"the page declares the character set '{label}', which browsers ignore: read as UTF-8",)
    not_utf8 = visible_text(Payload("text/html", page.replace("é".encode(), b"\xe9"), None))
    assert not_utf8.text == "+ADw-b+AD4-café" and "and is not UTF-8: read as windows-1252" in not_utf8.notes[0]


def test_after_an_unknown_label_the_next_meta_or_the_page_s_meta_counts() -> None:
    page = '<meta charset="utf-7"><meta charset="windows-1251"><p>Привет</p>'.encode("cp1251")
    assert blocks_of(page) == ["Привет"]
    data = warc([(ARTICLE_URL, 200, "text/html; charset=utf-7", cyrillic_page())])
    assert read_bytes(data, "warc", ARTICLE_URL).text == CYRILLIC_PARAGRAPH


@pytest.mark.parametrize(("label", "encoded", "text"), [
    ("gb2312", "你好".encode("gbk"), "你好"),  # GBK, decoded by the gb18030 decoder
    ("shift_jis", "①".encode("cp932"), "①"),  # Shift_JIS is Windows-31J in browsers
    ("ks_c_5601-1987", "한국".encode("cp949"), "한국"),
    ("iso-8859-9", b"\x80\xd0", "€Ğ"),  # Latin-5 is windows-1254
    ("tis-620", b"\x80\xa1", "€ก"),  # windows-874
    ("ascii", b"\x93x\x94", "“x”"),
    ("x-mac-cyrillic", "Ж".encode("mac_cyrillic"), "Ж"),
    ("utf-16", "é".encode(), "é"),  # a page cannot declare UTF-16 in ASCII bytes: UTF-8
    ("x-user-defined", b"\x93x\x94", "“x”"),  # in a <meta>: windows-1252
])
def test_labels_mean_what_they_mean_to_browsers(label: str, encoded: bytes, text: str) -> None:
    assert blocks_of(f'<meta charset="{label}"><p>'.encode() + encoded + b"</p>") == [text]


@pytest.mark.parametrize("label", ["iso-2022-kr", "hz-gb-2312", "iso-2022-cn", "replacement"])
def test_a_charset_browsers_refuse_shows_no_text(label: str) -> None:
    visible = visible_text(Payload("text/html", f'<meta charset="{label}"><p>Text</p>'.encode(), None))
    assert visible.text == "�" and "refuse to decode" in visible.notes[0]


def test_an_http_header_may_declare_utf16_and_x_user_defined() -> None:
    page = "<p>Қазақстан</p>".encode("utf-16-le")
    data = warc([(ARTICLE_URL, 200, "text/html; charset=utf-16le", page),
                 ("https://b.example/", 200, "text/html; charset=x-user-defined", b"<p>a\x80</p>")])
    assert read_bytes(data, "warc", ARTICLE_URL).text == "Қазақстан"
    assert read_bytes(data, "warc", "https://b.example/").text == "a\uf780"


def test_a_pdf_gives_its_text_layer_one_block_per_text_box() -> None:
    data = pdf([["First paragraph, line one", "and line two.", "", "Second paragraph."], ["Page two."]])
    visible = visible_text(Payload("application/pdf", data, None))
    assert visible.text == "First paragraph, line one\nand line two.\n\nSecond paragraph.\n\nPage two."
    assert len(visible.blocks) == 3


def test_a_pdf_without_a_text_layer_is_an_error() -> None:
    with pytest.raises(CaptureError, match="^scanned PDF with no text layer"):
        visible_text(Payload("application/pdf", scanned_pdf(), None))


def test_a_broken_pdf_is_an_error_not_a_crash() -> None:
    with pytest.raises(CaptureError, match="^not a readable PDF"):
        visible_text(Payload("application/pdf", b"%PDF-1.4\n garbage", None))


@pytest.mark.parametrize("gzip", [True, False])
def test_a_warc_gives_the_response_for_the_url(gzip: bool) -> None:
    data = warc([("https://news.example.org/app.js", 200, "text/javascript", b"var x;"),
                 ("https://news.example.org/other", 200, "text/html", b"<p>Other page</p>"),
                 (ARTICLE_URL, 200, "text/html; charset=utf-8", ARTICLE_HTML.encode())], gzip=gzip)
    visible = read_bytes(data, "warc", ARTICLE_URL)
    assert visible.text.split("\n\n") == list(ARTICLE_VISIBLE_BLOCKS)
    assert (visible.response.uri, visible.response.date, visible.response.status) == (
        ARTICLE_URL, "2014-11-21T08:00:00Z", 200)
    assert visible.response.header("content-type") == "text/html; charset=utf-8"


def test_a_warc_without_the_url_gives_its_only_page_and_ignores_redirects_and_resources() -> None:
    data = warc([("https://news.example.org/old", 301, "text/html", b"<p>Moved</p>"),
                 ("https://news.example.org/app.js", 200, "text/javascript", b"var x;"),
                 (ARTICLE_URL, 200, "text/html", ARTICLE_HTML.encode())])
    visible = read_bytes(data, "warc", "https://news.example.org/old")
    assert visible.response.uri == ARTICLE_URL
    assert archive.disagreements(visible.response, "https://news.example.org/old", "2014-11-21") == [
        ("url", f"url is https://news.example.org/old but the archived page is {ARTICLE_URL}")]


def test_a_warc_with_several_pages_and_none_for_the_url_is_an_error() -> None:
    data = warc([("https://a.example/1", 200, "text/html", b"<p>1</p>"), ("https://a.example/2", 200, "text/html",
                                                                           b"<p>2</p>")])
    with pytest.raises(CaptureError, match="2 HTML or PDF pages .*https://a.example/1, https://a.example/2.*url"):
        read_bytes(data, "warc", "https://a.example/3")
    with pytest.raises(CaptureError, match="no HTML or PDF page"):
        read_bytes(warc([("https://a.example/x.js", 200, "text/javascript", b"x")]), "warc", None)


@pytest.mark.parametrize("data", [b"WARC/1.0\r\nContent-Length: 99999\r\nWARC-Type: response\r\n\r\nabc",
                                  warc([(ARTICLE_URL, 200, "text/html", ARTICLE_HTML.encode())])[:200]])
def test_a_broken_or_truncated_warc_is_an_error_not_a_crash(data: bytes) -> None:
    with pytest.raises(CaptureError, match="^(not a readable web archive|the archive holds no)"):
        read_bytes(data, "warc", ARTICLE_URL)


def test_a_wacz_gives_the_page_of_its_warc() -> None:
    data = wacz(warc([(ARTICLE_URL, 200, "application/pdf", pdf([["A PDF in a WACZ."]]))]), [ARTICLE_URL])
    visible = read_bytes(data, "wacz", ARTICLE_URL)
    assert (visible.text, visible.media_type) == ("A PDF in a WACZ.", "application/pdf")
    assert archive.page_urls(data, "wacz") == [ARTICLE_URL]


def test_a_wacz_with_several_warc_files_reads_them_in_name_order() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        zipped.writestr("archive/b.warc.gz", warc([("https://x.example/b", 200, "text/html", b"<p>B</p>")]))
        zipped.writestr("archive/a.warc", warc([("https://x.example/a", 200, "text/html", b"<p>A</p>")], gzip=False))
    found = archive.responses(out.getvalue(), "wacz", 2**20)
    assert [response.uri for response in found] == ["https://x.example/a", "https://x.example/b"]


@pytest.mark.parametrize(("captured", "agrees"), [("2014-11-21", True), ("2014-11-20", False),
                                                  ("2014-11-21T08:00:00Z", True), ("2014-11-21T14:00:00+06:00", True),
                                                  ("2014-11-21T08:00:01Z", False), ("nonsense", False)])
def test_captured_is_compared_with_the_warc_date_at_its_own_precision(captured: str, agrees: bool) -> None:
    response = archive.Response(ARTICLE_URL, "2014-11-21T08:00:00Z", 200, ())
    assert (archive.disagreements(response, ARTICLE_URL, captured) == []) is agrees


def test_text_is_its_paragraphs_and_markdown_its_rendered_text() -> None:
    text = visible_text(Payload("text/plain", "\ufeffOne\r\nline.\r\n\r\n \r\nTwo.\n".encode(), None))
    assert (text.text, text.blocks) == ("One\nline.\n\nTwo.", ((0, 9), (11, 15)))
    markdown = visible_text(Payload("text/markdown", b"# Head\n\nSome **bold** text.\n\n- item\n", None))
    assert markdown.text.split("\n\n") == ["Head", "Some bold text.", "item"]


def test_text_that_is_not_utf8_is_an_error() -> None:
    with pytest.raises(CaptureError, match="not UTF-8 .*0xE9"):
        visible_text(Payload("text/plain", "caf\u00e9".encode("cp1252"), None))


def test_read_capture_reads_a_file_by_its_extension(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(ARTICLE_HTML)
    assert read_capture(tmp_path / "page.htm").text.split("\n\n") == list(ARTICLE_VISIBLE_BLOCKS)
    (tmp_path / "page.docx").write_bytes(b"x")
    with pytest.raises(CaptureError, match="unknown kind of capture"):
        read_capture(tmp_path / "page.docx")
    with pytest.raises(CaptureError, match="larger than"):
        read_capture(tmp_path / "page.htm", max_bytes=100)


def test_fixity_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    data = bytes(range(256)) * 20_000
    (tmp_path / "capture.pdf").write_bytes(data)
    assert sha256_file(tmp_path / "capture.pdf") == hashlib.sha256(data).hexdigest()


def read_bytes(data: bytes, kind: str, url: str | None):
    return visible_text(payload_of(data, kind, url))
