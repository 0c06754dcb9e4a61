"""`dossier add`: captures kept byte for byte, sources that are faithful cuts of them, and every refusal
(exit 2, one line, nothing written). URLs are fetched from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from support.captures import (
    ARTICLE_HTML,
    ARTICLE_PARAGRAPHS,
    ARTICLE_URL,
    CYRILLIC_PARAGRAPH,
    PNG,
    SCRIPT_RENDERED_HTML,
    cyrillic_page,
    pdf,
    scanned_pdf,
    wacz,
    warc,
)
from support.dossiers import Run, tree
from support.servers import http_server
from warcio.archiveiterator import ArchiveIterator

from generator.capture.add import add_source
from generator.capture.errors import CaptureError
from generator.capture.faithful import check
from generator.capture.fetch import USER_AGENT, Limits
from generator.capture.visible import read_capture

ARTICLE_ID = "example-news-2014-11-20-committee-questioned-1-240-people"
SHORT = Limits(timeout=0.3, max_bytes=200_000)


def front_matter_and_body(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.load(front, Loader=yaml.BaseLoader), body.strip("\n")


def assert_faithful(source: Path, capture: Path) -> None:
    meta, body = front_matter_and_body(source)
    assert meta["capture"]["sha256"] == hashlib.sha256(capture.read_bytes()).hexdigest()
    result = check(body, read_capture(capture, meta.get("url")))
    assert result.problems == (), result.problems


def test_a_saved_news_page_becomes_a_capture_and_a_faithful_source(dossier: Callable[..., Path], cli) -> None:
    root = dossier({"saved/article.html": ARTICLE_HTML})
    run: Run = cli("add", "saved/article.html", cwd=root)
    assert run.code == 0, run.err
    capture = root / "content/captures" / f"{ARTICLE_ID}.html"
    source = root / "content/sources" / f"{ARTICLE_ID}.txt"
    assert capture.read_bytes() == ARTICLE_HTML.encode()
    meta, body = front_matter_and_body(source)
    assert body.split("\n\n") == list(ARTICLE_PARAGRAPHS)
    assert {key: meta[key] for key in ("title", "publisher", "authors", "url", "language")} == {
        "title": "Committee questioned 1,240 people", "publisher": "Example News", "authors": ["Aigerim Seitkali"],
        "url": ARTICLE_URL, "language": "en"}
    assert (meta["date"], meta["accessed"]) == ("2014-11-20", date.today().isoformat())
    assert meta["capture"]["file"] == capture.name and meta["capture"]["captured"] == ""
    assert_faithful(source, capture)
    assert run.out.splitlines() == [
        f"wrote content/captures/{ARTICLE_ID}.html (text/html, 1.9 kB, sha256 "
        f"{hashlib.sha256(ARTICLE_HTML.encode()).hexdigest()})",
        f"wrote content/sources/{ARTICLE_ID}.txt (3 paragraphs; 12 passages of the capture left out)",
        "note: 2 lines of the extracted main text are not in the capture's visible text (hidden or generated text) "
        "and were left out",
        f"fill in content/sources/{ARTICLE_ID}.txt, then run `dossier check`:",
        f"  capture.captured: when the original was collected, YYYY-MM-DD (the file was last modified on "
        f"{date.fromtimestamp((root / 'saved/article.html').stat().st_mtime).isoformat()})",
        "say in `note` what was left out of the capture and why",
    ]


def test_a_field_the_capture_does_not_give_is_left_empty_with_a_comment(dossier: Callable[..., Path], cli) -> None:
    root = dossier({"page.html": "<html><body><article><p>" + " ".join(["Words of a bare page."] * 12)
                    + "</p></article></body></html>"})
    run = cli("add", "page.html", cwd=root)
    assert run.code == 0, run.err
    text = (root / "content/sources/page.txt").read_text()
    assert 'title: ""   # fill in: the headline or title' in text
    assert 'publisher: ""   # fill in: who published it' in text
    assert 'date: ""   # fill in: the publication date' in text
    assert "# authors: [Name]   # the capture names no author" in text
    assert "# url: https://…   # the capture gives no address" in text
    assert "  title: the headline or title (the capture states none)" in run.out


def test_a_pdf_with_a_text_layer_becomes_a_source(dossier: Callable[..., Path], cli) -> None:
    data = pdf([["The committee questioned 1,240 people", "in the first ten months.", "",
                 "It did not say how many were charged."]],
               {"Title": "Annual report", "Author": "Security Committee", "CreationDate": "D:20141120120000Z"})
    root = dossier({"report.pdf": data})
    run = cli("add", "report.pdf", "--id", "committee-report-2014", cwd=root)
    assert run.code == 0, run.err
    source = root / "content/sources/committee-report-2014.txt"
    meta, body = front_matter_and_body(source)
    assert body == ("The committee questioned 1,240 people in the first ten months.\n\n"
                    "It did not say how many were charged.")
    assert (meta["title"], meta["authors"], meta["date"]) == ("Annual report", ["Security Committee"], "")
    assert "the PDF was created 2014-11-20" in source.read_text()
    assert_faithful(source, root / "content/captures/committee-report-2014.pdf")


@pytest.mark.parametrize("wrap", ["warc", "wacz"])
def test_a_web_archive_becomes_a_source_whose_url_and_captured_are_the_records(
        dossier: Callable[..., Path], cli, wrap: str) -> None:
    data = warc([("https://news.example.org/app.js", 200, "text/javascript", b"var x;"),
                 (ARTICLE_URL, 200, "text/html; charset=utf-8", ARTICLE_HTML.encode())])
    name = "crawl.warc.gz" if wrap == "warc" else "crawl.wacz"
    root = dossier({name: data if wrap == "warc" else wacz(data, [ARTICLE_URL])})
    run = cli("add", name, cwd=root)
    assert run.code == 0, run.err
    capture = root / "content/captures" / f"{ARTICLE_ID}{'.warc.gz' if wrap == 'warc' else '.wacz'}"
    meta, body = front_matter_and_body(root / "content/sources" / f"{ARTICLE_ID}.txt")
    assert (meta["url"], meta["capture"]["captured"]) == (ARTICLE_URL, "2014-11-21T08:00:00Z")
    assert body.split("\n\n") == list(ARTICLE_PARAGRAPHS)
    assert_faithful(root / "content/sources" / f"{ARTICLE_ID}.txt", capture)


def test_a_windows_1251_page_is_read_in_its_charset(dossier: Callable[..., Path], cli) -> None:
    page = cyrillic_page().replace(b"<p>", b"<article><p>").replace(b"</p>", b"</p></article>")
    root = dossier({"news.html": page})
    run = cli("add", "news.html", "--id", "cyrillic", cwd=root)
    assert run.code == 0, run.err
    meta, body = front_matter_and_body(root / "content/sources/cyrillic.txt")
    assert body == CYRILLIC_PARAGRAPH and meta["language"] == "ru" and meta["title"] == "Новости"
    assert (root / "content/captures/cyrillic.html").read_bytes() == page


def test_text_and_markdown_become_sources_of_their_own_kind(dossier: Callable[..., Path], cli) -> None:
    root = dossier({"notes.txt": "First paragraph\nof notes.\n\nSecond.\n", "post.md": "# Heading\n\nA *post*.\n"})
    assert cli("add", "notes.txt", cwd=root).code == 0
    assert front_matter_and_body(root / "content/sources/notes.txt")[1] == "First paragraph of notes.\n\nSecond."
    assert cli("add", "post.md", cwd=root).code == 0
    assert front_matter_and_body(root / "content/sources/post.md")[1] == "# Heading\n\nA *post*."
    assert (root / "content/captures/post.md").read_text() == "# Heading\n\nA *post*.\n"


def test_an_existing_id_is_refused_with_a_free_one_suggested(dossier: Callable[..., Path], cli) -> None:
    root = dossier({"a.html": ARTICLE_HTML, "b.html": ARTICLE_HTML})
    assert cli("add", "a.html", cwd=root).code == 0
    before = tree(root)
    run = cli("add", "b.html", cwd=root)
    assert run.code == 2 and tree(root) == before
    assert run.err == (f"dossier add: error: content/sources/{ARTICLE_ID}.txt already exists; dossier add never "
                       f"overwrites a file. '{ARTICLE_ID}-2' is free: dossier add … --id {ARTICLE_ID}-2\n")
    assert cli("add", "b.html", "--id", f"{ARTICLE_ID}-2", cwd=root).code == 0


def _malformed_warc() -> bytes:
    """A WARC whose first record's Content-Length is 40 bytes short: warcio warns on stderr over three lines."""
    data = warc([(ARTICLE_URL, 200, "text/html; charset=utf-8", ARTICLE_HTML.encode())], gzip=False)
    length = re.search(rb"Content-Length: (\d+)", data)
    assert length is not None
    return data[:length.start(1)] + str(int(length[1]) - 40).encode() + data[length.end(1):]


MALFORMED_WARC = _malformed_warc()


def test_one_line_left_out_is_told_in_the_singular(dossier: Callable[..., Path], cli) -> None:
    root = dossier({"article.html": ARTICLE_HTML.replace("<div hidden>Hidden draft: do not publish</div>", "")})
    run = cli("add", "article.html", cwd=root)
    assert run.code == 0, run.err
    assert ("note: 1 line of the extracted main text is not in the capture's visible text (hidden or generated "
            "text) and was left out") in run.out.splitlines()
    assert not re.search(r"\b1 [a-z]+s\b", run.out)


@pytest.mark.parametrize(("name", "data"), [("notes.txt", "Only paragraph.\n"), ("post.md", "# Post\n\nA post.\n")])
def test_a_source_that_leaves_nothing_out_is_not_asked_for_a_note(dossier: Callable[..., Path], cli, name: str,
                                                                  data: str) -> None:
    run = cli("add", name, cwd=dossier({name: data}))
    assert run.code == 0, run.err
    assert "0 passages of the capture left out" in run.out and "say in `note`" not in run.out
    assert not re.search(r"\b1 [a-z]+s\b", run.out)


def test_a_web_archive_of_several_pages_says_which_page_the_source_is_made_from(
        dossier: Callable[..., Path], cli) -> None:
    other = "https://news.example.org/2014/11/21/other"
    data = warc([(ARTICLE_URL, 200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
                 (other, 200, "text/html; charset=utf-8", ARTICLE_HTML.encode())])
    root = dossier({"crawl.warc.gz": data})
    run = cli("add", "crawl.warc.gz", cwd=root)
    assert run.code == 0, run.err
    assert (f"note: the archive holds 2 pages; the source is made from the first, {ARTICLE_URL} (its url), "
            f"not from {other}") in run.out.splitlines()
    assert front_matter_and_body(root / "content/sources" / f"{ARTICLE_ID}.txt")[0]["url"] == ARTICLE_URL


def test_warcio_s_own_warnings_never_reach_the_terminal(dossier: Callable[..., Path], cli) -> None:
    root = dossier({"short.warc": MALFORMED_WARC, "content/captures/x.warc": MALFORMED_WARC, "content/sources/x.txt": (
        f"---\ntitle: X\npublisher: P\ndate: 2014-11-20\nurl: https://other.example/x\ncapture:\n  file: x.warc\n"
        f"  sha256: {hashlib.sha256(MALFORMED_WARC).hexdigest()}\n  captured: 2014-11-21\n---\nText.\n")})
    add = cli("add", "short.warc", cwd=root)
    assert "WARNING" not in add.out + add.err and add.err.count("\n") == 1
    check = cli("check", cwd=root)
    assert check.code == 1 and "WARNING" not in check.out + check.err
    [problem] = [line for line in check.lines if "x.warc" in line]
    assert re.fullmatch(r"content/sources/x.txt:7:3: error: capture 'x.warc': not a readable web archive: the record "
                        r"at byte \d+ does not end where its Content-Length says \(it is cut short or runs on\)",
                        problem)


@pytest.mark.parametrize(("name", "data", "args", "message"), [
    ("photo.png", PNG, (), "photo.png is an image"),
    ("scan.pdf", scanned_pdf(), (), "scan.pdf: scanned PDF with no text layer"),
    ("empty.html", "<html><body>  </body></html>", (), "empty.html: the capture has no visible text"),
    ("blank.txt", " \n\n", (), "blank.txt is empty"),
    ("app.html", SCRIPT_RENDERED_HTML, (), "app.html: the page has no text in its body, only scripts: a script "
                                            "renders its text. Capture a rendered snapshot"),
    ("short.warc", MALFORMED_WARC, (), "short.warc: not a readable web archive: the record at byte"),
    ("html.warc", warc([("https://a.example/", 200, "text/html", b"")], gzip=False), (),
     "html.warc: the capture has no visible text"),
    ("article.pdf", ARTICLE_HTML, (), "its extension says pdf, but its bytes look like an HTML page"),
    ("article.html", ARTICLE_HTML, ("--kind", "pdf"), "--kind pdf, but its bytes look like an HTML page"),
    ("article.html", ARTICLE_HTML, ("--id", "Not An Id"), "cannot use 'Not An Id' as an id"),
    ("missing.html", None, (), "cannot read missing.html: No such file or directory"),
    ("content", None, (), "cannot read content: Is a directory"),
])
def test_unreadable_input_is_exit_2_with_one_line_and_nothing_written(
        dossier: Callable[..., Path], cli, name: str, data: str | bytes | None, args: tuple[str, ...],
        message: str) -> None:
    root = dossier({name: data} if data is not None else {})
    before = tree(root)
    run = cli("add", name, *args, cwd=root)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("dossier add: error: ") and run.err.count("\n") == 1
    assert message in run.err
    if "--id" not in args:  # each problem with the input names it
        assert run.err.startswith(f"dossier add: error: {name}") or f"read {name}:" in run.err
    assert tree(root) == before


def test_a_file_over_the_size_limit_is_refused(dossier: Callable[..., Path]) -> None:
    root = dossier({"big.html": "<p>" + "x " * 150_000 + "</p>"})
    before = tree(root)
    with pytest.raises(CaptureError, match=r"big.html is 0.3 MB; the limit is 0 MB"):
        add_source(root / "config.yaml", str(root / "big.html"), limits=SHORT)
    assert tree(root) == before


class _Site(http.server.BaseHTTPRequestHandler):
    """A tiny news site with the ways a fetch can fail."""

    user_agents: ClassVar[list[str]] = []
    """Every request's User-Agent, across the handler instances (one per request)."""

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        routes = {"/article": self._article, "/missing": self._missing, "/slow": self._slow, "/loop": self._loop,
                  "/moved": self._moved, "/big": self._big, "/chunked": self._chunked}
        routes.get(self.path, self._missing)()

    def _article(self) -> None:
        self._send(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8")

    def _missing(self) -> None:
        self._send(404, b"<p>Not found</p>", "text/html")

    def _slow(self) -> None:
        time.sleep(1.5)
        self._article()

    def _loop(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _moved(self) -> None:
        self.send_response(301)
        self.send_header("Location", "/article")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big(self) -> None:
        self._send(200, b"<p>" + b"x " * 300_000 + b"</p>", "text/html")

    def _chunked(self) -> None:
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=windows-1251")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        body = cyrillic_page(meta=False).replace(b"<p>", b"<article><p>").replace(b"</p>", b"</p></article>")
        for start in range(0, len(body), 40):
            piece = body[start:start + 40]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with http_server(_Site) as address:
        yield address


def test_a_url_is_fetched_and_kept_as_a_warc_of_request_and_response(dossier: Callable[..., Path], cli,
                                                                     site: str) -> None:
    root = dossier()
    run = cli("add", f"{site}/moved", cwd=root)
    assert run.code == 0, run.err
    capture = root / "content/captures" / f"{ARTICLE_ID}.warc.gz"
    source = root / "content/sources" / f"{ARTICLE_ID}.txt"
    meta, body = front_matter_and_body(source)
    assert meta["url"] == f"{site}/article" and body.split("\n\n") == list(ARTICLE_PARAGRAPHS)
    captured = datetime.fromisoformat(meta["capture"]["captured"])
    assert abs((datetime.now(UTC) - captured).total_seconds()) < 60
    assert f"note: the page names {ARTICLE_URL} as its address; url is the archived address {site}/article" in run.out
    assert_faithful(source, capture)
    with open(capture, "rb") as handle:
        records = [(record.rec_type, record.rec_headers.get_header("WARC-Target-URI"))
                   for record in ArchiveIterator(handle)]
    assert records == [("warcinfo", None), ("response", f"{site}/moved"), ("request", f"{site}/moved"),
                       ("response", f"{site}/article"), ("request", f"{site}/article")]
    assert _Site.user_agents[-1] == USER_AGENT == "dossier/0.1.0 (+docs/captures.md)"


def test_a_chunked_response_in_its_http_charset_is_kept_and_read(dossier: Callable[..., Path], site: str) -> None:
    root = dossier()
    added = add_source(root / "config.yaml", f"{site}/chunked", record_id="chunked", limits=SHORT)
    assert front_matter_and_body(added.source)[1] == CYRILLIC_PARAGRAPH
    assert b"Transfer-Encoding: chunked" in gzip.decompress(added.capture.read_bytes())
    assert_faithful(added.source, added.capture)


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "/missing answered 404 Not Found"),
    ("/slow", "/slow did not answer within 0.3 s"),
    ("/loop", "/loop redirects more than 5 times"),
    ("/big", "/big sends more than 0 MB, the limit"),
])
def test_a_url_that_fails_is_refused_and_nothing_is_written(dossier: Callable[..., Path], site: str, path: str,
                                                            message: str) -> None:
    root = dossier()
    before = tree(root)
    with pytest.raises(CaptureError) as raised:
        add_source(root / "config.yaml", f"{site}{path}", limits=SHORT)
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert tree(root) == before


def test_a_url_nobody_answers_is_refused(dossier: Callable[..., Path], cli) -> None:
    with http_server(_Site) as address:
        pass
    run = cli("add", f"{address}/article", cwd=dossier())
    assert run.code == 2 and "cannot fetch" in run.err and "connection refused" in run.err


def test_a_fifo_is_refused_without_waiting_for_a_writer(dossier: Callable[..., Path], cli) -> None:
    root = dossier()
    os.mkfifo(root / "pipe.html")
    run = cli("add", "pipe.html", cwd=root)
    assert run.code == 2 and "pipe.html is not a regular file" in run.err
