"""Captures in the dossier: fixity, faithfulness, web archives, unnamed captures, the cache, the site,
`dossier.json`, `dossier diff` and `dossier add` followed by `dossier check` (docs/captures.md).

Every test writes a real dossier (the fixture dossier plus a source cut from a capture) and runs
the real commands on it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support.captures import ARTICLE_HTML, warc
from support.dossiers import Run

SOURCE = "content/sources/herald-2021-03-05-fund-director.txt"
CAPTURE = "content/captures/herald-2021-03-05-fund-director.html"
URL = "https://herald.example/2021/03/05/fund-director"
PARAGRAPHS = (
    "The fund's director said the audit was not fair to the staff.",
    "She did not say whether the fund would appeal.",
    "The auditor will report to parliament in April.",
)
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Fund director rejects audit</title>
<script>track("reader")</script></head>
<body>
<nav><a href="/">Home</a> <a href="/business">Business</a></nav>
<h1>Fund director rejects audit</h1>
<p class="byline">By Mira Holt</p>
<p>{PARAGRAPHS[0]}</p>
<aside>Advertisement: a new phone</aside>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
<footer>Copyright 2021 The Herald</footer>
</body></html>
""".encode()


def source_text(body: str, capture: str = CAPTURE, data: bytes = PAGE, url: str = URL,
                captured: str = "2021-03-05") -> str:
    return (f"---\ntitle: Fund director rejects audit\npublisher: The Herald\ndate: 2021-03-05\nurl: {url}\n"
            f"note: The menu, the headline, the byline, an advertisement and the footer are left out.\n"
            f"capture:\n  file: {Path(capture).name}\n  sha256: {hashlib.sha256(data).hexdigest()}\n"
            f"  captured: {captured}\n---\n{body}\n")


BODY = "\n\n".join(PARAGRAPHS)


@pytest.fixture
def herald(dossier: Callable[..., Path]) -> Callable[..., Path]:
    """The fixture dossier with the Herald's page as a capture and a source cut from it."""

    def make(body: str = BODY, files: dict[str, str | bytes | None] | None = None, **front: str) -> Path:
        merged = {SOURCE: source_text(body, **front), CAPTURE: PAGE, **(files or {})}
        return dossier({path: data for path, data in merged.items() if data is not None})

    return make


def herald_lines(run: Run) -> list[str]:
    """The problems of the Herald's source (which no claim cites: that warning is left out)."""
    return [line for line in run.lines if "herald" in line and "is not cited" not in line]


def line_of(root: Path, path: str, text: str) -> int:
    return next(number for number, line in enumerate((root / path).read_text().splitlines(), 1) if text in line)


def test_a_faithful_cut_passes(herald: Callable[..., Path], cli) -> None:
    run = cli("check", cwd=herald())
    assert run.code == 0, run.err
    assert [line for line in herald_lines(run) if "capture" in line] == []


def test_a_capture_with_one_byte_changed_is_an_error_at_its_sha256_line(herald: Callable[..., Path], cli) -> None:
    root = herald()
    tampered = PAGE.replace(b"April", b"April".replace(b"A", b"M"))
    (root / CAPTURE).write_bytes(tampered)
    run = cli("check", cwd=root)
    assert run.code == 1
    line = line_of(root, SOURCE, "sha256:")
    assert herald_lines(run) == [
        f"{SOURCE}:{line}:11: error: capture 'herald-2021-03-05-fund-director.html' has changed: its SHA-256 is "
        f"{hashlib.sha256(tampered).hexdigest()}, not the one recorded here (a capture is the original as collected "
        "and is never edited: restore it, or record the new file's sha256 if it replaces the original on purpose)"]


def test_a_missing_capture_is_an_error_at_its_sha256_line(herald: Callable[..., Path], cli) -> None:
    root = herald(files={CAPTURE: None})
    run = cli("check", cwd=root)
    assert run.code == 1
    assert herald_lines(run) == [
        f"{SOURCE}:{line_of(root, SOURCE, 'sha256:')}:11: error: capture file "
        "'herald-2021-03-05-fund-director.html' not found in content/captures/ (put the original there, byte for "
        "byte, or correct `file`)"]


@pytest.mark.parametrize(("body", "where", "code"), [
    (BODY.replace("did not say", "did not yet say"), "yet say", "capture.changed"),
    (BODY.replace("was not fair", "was fair"), "fair to", "capture.changed"),
    ("\n\n".join([PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[1]]), "She did not", "capture.order"),
], ids=["a word added", "a not removed", "a paragraph moved"])
def test_a_working_text_that_is_not_a_cut_of_its_capture_is_an_error_at_the_word(
        herald: Callable[..., Path], cli, body: str, where: str, code: str) -> None:
    root = herald(body)
    run = cli("check", cwd=root)
    assert run.code == 1
    line = line_of(root, SOURCE, where)
    column = (root / SOURCE).read_text().splitlines()[line - 1].index(where) + 1
    [problem] = herald_lines(run)
    assert problem.startswith(f"{SOURCE}:{line}:{column}: error: capture 'herald-2021-03-05-fund-director.html': "
                              "paragraph ")
    assert "the capture has: \"" in problem


def test_a_cut_inside_a_passage_is_a_warning_unless_marked(herald: Callable[..., Path], cli) -> None:
    root = herald(BODY.replace(PARAGRAPHS[1], "She did not say"))
    run = cli("check", cwd=root)
    assert [line.split(": ", 2)[1] for line in herald_lines(run)] == ["warning"]
    assert "mark the cut with \" […]\" at its end" in herald_lines(run)[0]
    (root / SOURCE).write_text(source_text(BODY.replace(PARAGRAPHS[1], "She did not say […]")))
    assert herald_lines(cli("check", cwd=root)) == []


def test_a_markdown_source_is_reported_at_its_own_line_and_column(herald: Callable[..., Path], cli) -> None:
    md_source = SOURCE.replace(".txt", ".md")
    body = f"**{PARAGRAPHS[0]}**\n\n{PARAGRAPHS[1].replace('did not say', 'did not *yet* say')}\n\n{PARAGRAPHS[2]}"
    root = herald(files={SOURCE: None, md_source: source_text(body)})
    run = cli("check", cwd=root)
    line = line_of(root, md_source, "*yet*")
    assert [problem.split(": error")[0] for problem in herald_lines(run)] == [
        f"{md_source}:{line}:{'She did not *yet*'.index('yet') + 1}"]


def test_a_capture_no_source_names_is_a_warning(herald: Callable[..., Path], cli) -> None:
    root = herald(files={"content/captures/stray.pdf": b"%PDF-1.4 never read", "content/captures/.notes": "x",
                         "content/captures/page.html~": "editor backup"})
    run = cli("check", cwd=root)
    assert run.code == 0
    assert [line for line in run.lines if "captures/" in line] == [
        "content/captures/stray.pdf:1:1: warning: capture file is named by no source (add a `capture:` block (file, "
        "sha256, captured) to the source cut from it, or remove it)"]


def test_links_folders_and_oversized_files_in_captures_are_errors(herald: Callable[..., Path], cli) -> None:
    root = herald(files={"content/captures/inner/page.html": "<p>x</p>"})
    (root / "content/captures/link.html").symlink_to(root / CAPTURE)
    run = cli("check", cwd=root)
    assert run.code == 1
    assert [line for line in run.lines if "captures/" in line] == [
        "content/captures/inner:1:1: error: folders inside content/captures/ are not read (put its files directly "
        "in content/captures/)",
        "content/captures/link.html:1:1: error: symbolic links are not allowed in content (copy the file in; a link "
        "could publish files from outside the dossier)"]


def test_a_web_archive_whose_url_and_date_disagree_with_the_source_gives_warnings(
        herald: Callable[..., Path], cli) -> None:
    archive = warc([(URL, 200, "text/html; charset=utf-8", PAGE)], date="2021-03-05T09:30:00Z")
    capture = CAPTURE.replace(".html", ".warc.gz")
    root = herald(files={CAPTURE: None, capture: archive}, capture=capture, data=archive,
                  url="https://herald.example/other", captured="2021-03-04")
    run = cli("check", cwd=root)
    assert run.code == 0, run.err
    assert herald_lines(run) == [
        f"{SOURCE}:{line_of(root, SOURCE, 'url:')}:6: warning: url is https://herald.example/other but the archived "
        f"page is {URL} in capture 'herald-2021-03-05-fund-director.warc.gz' (correct it, or check that this is the "
        "page the source cites)",
        f"{SOURCE}:{line_of(root, SOURCE, 'captured:')}:13: warning: captured is 2021-03-04 but the archive recorded "
        "the page at 2021-03-05T09:30:00Z in capture 'herald-2021-03-05-fund-director.warc.gz' (correct it, or check "
        "that this is the page the source cites)"]
    (root / SOURCE).write_text(source_text(BODY, capture=capture, data=archive))
    assert herald_lines(cli("check", cwd=root)) == []


def test_a_capture_that_cannot_be_read_is_an_error_at_the_capture_block(herald: Callable[..., Path], cli) -> None:
    scan = b"%PDF-1.4\n%%EOF\n"
    capture = CAPTURE.replace(".html", ".pdf")
    root = herald(files={CAPTURE: None, capture: scan}, capture=capture, data=scan)
    [problem] = herald_lines(cli("check", cwd=root))
    assert problem.startswith(f"{SOURCE}:{line_of(root, SOURCE, 'file:')}:3: error: capture "
                              "'herald-2021-03-05-fund-director.pdf': not a readable PDF")


# The cache -----------------------------------------------------------------------------------------


def cache_entries(root: Path) -> list[Path]:
    folder = root / ".dossier-cache/captures"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_bytes_changed_with_the_same_size_and_mtime_are_still_detected(herald: Callable[..., Path], cli) -> None:
    root = herald()
    assert cli("check", cwd=root).code == 0
    assert len(cache_entries(root)) == 1
    path = root / CAPTURE
    before = path.stat()
    path.write_bytes(PAGE.replace(b"April", b"Mpril"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    run = cli("check", cwd=root)
    assert run.code == 1
    assert "has changed: its SHA-256 is" in herald_lines(run)[0]


def test_a_working_text_edited_after_a_cached_check_is_checked_again(herald: Callable[..., Path], cli) -> None:
    root = herald()
    assert cli("check", cwd=root).code == 0
    (root / SOURCE).write_text(source_text(BODY.replace("did not say", "did not yet say")))
    run = cli("check", cwd=root)
    assert run.code == 1
    assert "from \"yet\" on it differs" in herald_lines(run)[0]


def test_corrupt_cache_entries_are_ignored(herald: Callable[..., Path], cli) -> None:
    root = herald()
    assert cli("check", cwd=root).code == 0
    [entry] = cache_entries(root)
    recorded = json.loads(entry.read_text())
    for broken in ("{not json", json.dumps({**recorded, "sha256": 7}), json.dumps({**recorded, "format": 0}),
                   json.dumps({**recorded, "visible": {**recorded["visible"], "blocks": [[5, 1]]}}),
                   json.dumps({**recorded, "outcome": {**recorded["outcome"],
                                                       "problems": [["error", "x", -1, "m", None]]}})):
        entry.write_text(broken)
        run = cli("check", cwd=root)
        assert (run.code, herald_lines(run)) == (0, [])
        assert json.loads(entry.read_text()) == recorded


OTHER_URL = "https://news.example/2021/03/05/other"
OTHER_PAGE = PAGE.replace(b"was not fair", b"was fair")
TWO_PAGES = warc([(URL, 200, "text/html; charset=utf-8", PAGE), (OTHER_URL, 200, "text/html; charset=utf-8",
                                                                     OTHER_PAGE)], date="2021-03-05T09:30:00Z")


@pytest.mark.parametrize("first, then", [(URL, OTHER_URL), (OTHER_URL, URL)])
def test_a_cached_result_is_never_used_for_another_url(herald: Callable[..., Path], cli, first: str,
                                                       then: str) -> None:
    """The url picks the page of a web archive: a result cached for one page says nothing of another.
    A warm build after the url changes reports exactly what a cold one does."""
    capture = CAPTURE.replace(".html", ".warc.gz")
    root = herald(files={CAPTURE: None, capture: TWO_PAGES}, capture=capture, data=TWO_PAGES, url=first)
    assert cli("build", "--quiet", cwd=root).code == (0 if first == URL else 1)
    (root / SOURCE).write_text(source_text(BODY, capture=capture, data=TWO_PAGES, url=then))
    warm = cli("build", "--quiet", cwd=root)
    shutil.rmtree(root / ".dossier-cache")
    cold = cli("build", "--quiet", cwd=root)
    assert (warm.code, herald_lines(warm)) == (cold.code, herald_lines(cold))
    assert warm.code == (0 if then == URL else 1)
    assert any("paragraph is not in the capture" in line for line in herald_lines(warm)) == (then != URL)


def test_cache_entries_written_by_other_code_keep_only_their_hash(herald: Callable[..., Path], cli) -> None:
    """A change to how text is extracted or compared makes every cached text and result stale: here an
    entry from other code says an unfaithful text is faithful, and is not believed."""
    root = herald(BODY.replace("was not fair", "was fair"))
    assert cli("check", cwd=root).code == 1
    [entry] = cache_entries(root)
    recorded = json.loads(entry.read_text())
    (root / SOURCE).write_text(source_text(BODY))
    assert cli("check", cwd=root).code == 0
    faithful = json.loads(entry.read_text())
    (root / SOURCE).write_text(source_text(BODY.replace("was not fair", "was fair")))
    entry.write_text(json.dumps({**faithful, "version": "other code",
                                 "outcome": {**faithful["outcome"], "made_for": recorded["outcome"]["made_for"]}}))
    run = cli("check", cwd=root)
    assert run.code == 1
    assert "from \"fair\" on it differs" in herald_lines(run)[0]
    assert json.loads(entry.read_text())["version"] == recorded["version"]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout


def test_a_cache_folder_that_git_tracks_is_never_trusted(herald: Callable[..., Path], cli) -> None:
    """An entry committed to the repository could say anything: here one claims the recorded hash
    for a tampered capture, with the tampered file's own stat key."""
    root = herald()
    assert cli("check", cwd=root).code == 0
    [entry] = cache_entries(root)
    recorded = json.loads(entry.read_text())
    path = root / CAPTURE
    path.write_bytes(PAGE.replace(b"April", b"Mpril"))
    info = path.stat()
    entry.write_text(json.dumps({**recorded, "key": [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
                                                     info.st_dev]}))
    git(root, "init", "-q")
    git(root, "add", "-f", ".dossier-cache")
    run = cli("check", cwd=root)
    assert run.code == 1
    assert "has changed: its SHA-256 is" in herald_lines(run)[0]
    assert json.loads(entry.read_text())["sha256"] == recorded["sha256"]  # not written either


def many_captures() -> dict[str, str | bytes | None]:
    """Sources cut from captures, each with its own kind of problem or none, and a capture no source names."""
    files: dict[str, str | bytes | None] = {"content/captures/orphan.html": PAGE}
    bodies = {"faithful": (BODY, PAGE), "tampered": (BODY, PAGE.replace(b"April", b"Mpril")),
              "unfaithful": (BODY.replace("was not fair", "was fair"), PAGE), "cut": (PARAGRAPHS[0][4:], PAGE),
              "missing": (BODY, None)}
    for name, (body, page) in bodies.items():
        capture = f"content/captures/{name}.html"
        files[f"content/sources/{name}.txt"] = source_text(body, capture=capture)
        if page is not None:
            files[capture] = page
    return files


def test_captures_checked_on_every_core_give_what_one_process_gives(dossier: Callable[..., Path], cli,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-shot check of many captures spreads them over forked processes (check/captures.py,
    SPREAD_FROM): the same problems, the same cache entries on disk (each process writes its own), read
    back by the next check, and an entry whose capture is gone removed."""
    from generator.check import captures
    from generator.output import parallel

    spread_over: list[int] = []
    fork_map = parallel.fork_map

    def counted(function, items, processes, *rest, **named):
        if function.__qualname__ == "_check_all.<locals>.check_share":
            spread_over.append(len(items))
        return fork_map(function, items, processes, *rest, **named)

    monkeypatch.setattr(parallel, "fork_map", counted)
    here = dossier(many_captures())
    spread = here.with_name("spread")
    shutil.copytree(here, spread)
    monkeypatch.setattr(captures, "SPREAD_FROM", 10**9)
    alone = cli("check", cwd=here)
    monkeypatch.setattr(captures, "SPREAD_FROM", 1)
    runs = [cli("check", cwd=spread) for _ in range(2)]
    assert spread_over == [5, 5]
    assert alone.code == 1
    assert all((run.code, run.lines) == (alone.code, alone.lines) for run in runs)
    assert sum("capture" in line and "error" in line for line in alone.lines) == 3
    assert any("orphan.html" in line and "named by no source" in line for line in alone.lines)

    def entries(root: Path) -> dict[str, dict]:
        return {entry.name: {key: value for key, value in json.loads(entry.read_text()).items() if key != "key"}
                for entry in cache_entries(root)}

    assert len(entries(spread)) == 4 and entries(spread) == entries(here)
    for root in (here, spread):
        (root / "content/captures/cut.html").unlink()
        (root / "content/sources/cut.txt").unlink()
    assert cli("check", cwd=spread).lines == cli("check", cwd=here).lines
    assert len(entries(spread)) == 3 and entries(spread) == entries(here)


def test_the_no_change_shortcut_notices_a_changed_capture(herald: Callable[..., Path], cli) -> None:
    root = herald()
    assert cli("build", "--quiet", cwd=root).code == 0
    assert cli("build", cwd=root).code == 0
    path = root / CAPTURE
    before = path.stat()
    path.write_bytes(PAGE.replace(b"April", b"Mpril"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    run = cli("build", cwd=root)
    assert run.code == 1
    assert "has changed: its SHA-256 is" in herald_lines(run)[0]


# The site, dossier.json and dossier diff -----------------------------------------------------------------


def test_the_source_page_shows_the_provenance_and_dossier_json_carries_it(herald: Callable[..., Path], cli) -> None:
    root = herald()
    assert cli("build", "--quiet", cwd=root).code == 0
    page = (root / "site/sources/herald-2021-03-05-fund-director/index.html").read_text()
    digest = hashlib.sha256(PAGE).hexdigest()
    assert '<dt>Captured</dt><dd><time datetime="2021-03-05">5 March 2021</time></dd>' in page
    assert f'<dt>From</dt><dd><a href="{URL}" rel="noopener noreferrer">{URL}</a></dd>' in page
    assert f'<dt>Address</dt><dd><a href="{URL}" rel="noopener noreferrer">{URL}</a></dd>' in page
    assert page.count("Original") == 1 and '<h2 id="original">Original</h2>' in page
    assert "<dt>Media type</dt><dd>text/html</dd>" in page
    assert f"<dt>Size</dt><dd>{len(PAGE)} bytes</dd>" in page
    assert "".join(f"{digest[start:start + 16]}<wbr>" for start in range(0, 64, 16)) in page
    assert ("<dt>Left out</dt><dd>5 of 8 passages of the original are not in the text; the curator’s note says "
            "why.") in page
    assert "download" not in page and not (root / "site/captures").exists()
    [source] = [source for source in json.loads((root / "site/dossier.json").read_text())["sources"]
                if source["id"] == "herald-2021-03-05-fund-director"]
    assert source["capture"] == {
        "file": "herald-2021-03-05-fund-director.html", "sha256": digest, "captured": "2021-03-05",
        "media_type": "text/html", "size": len(PAGE), "archived_url": None, "archived_at": None, "passages": 8,
        "left_out": 5, "download": None}


@pytest.mark.parametrize("captured, shown", [("2021-03-05", "5 March 2021"),
                                              ("2021-03-05T09:30:00Z", "5 March 2021, 09:30:00 UTC"),
                                              ("2021-03-05t09:30:00z", "5 March 2021, 09:30:00 UTC"),
                                              ("2021-03-06T01:30:00+02:00", "5 March 2021, 23:30:00 UTC")])
def test_capture_moments_read_like_the_other_dates_with_the_time_in_utc(
        herald: Callable[..., Path], cli, captured: str, shown: str) -> None:
    archive = warc([(URL, 200, "text/html; charset=utf-8", PAGE)], date="2021-03-05T09:30:00Z")
    capture = CAPTURE.replace(".html", ".warc.gz")
    root = herald(files={CAPTURE: None, capture: archive}, capture=capture, data=archive, captured=captured)
    assert cli("build", "--quiet", cwd=root).code == 0
    page = (root / "site/sources/herald-2021-03-05-fund-director/index.html").read_text()
    assert f'<dt>Captured</dt><dd><time datetime="{captured}">{shown}</time></dd>' in page
    assert ('(archived <time datetime="2021-03-05T09:30:00Z">5 March 2021, 09:30:00 UTC</time>)') in page
    assert '<dt>Date</dt><dd><time datetime="2021-03-05">5 March 2021</time></dd>' in page


def test_published_captures_are_downloads_never_pages(herald: Callable[..., Path], cli) -> None:
    root = herald()
    config = root / "config.yaml"
    config.write_text(config.read_text() + "publish_captures: true\n")
    assert cli("build", "--quiet", cwd=root).code == 0
    published = sorted(path.relative_to(root / "site").as_posix() for path in (root / "site/captures").rglob("*"))
    assert published == ["captures/herald-2021-03-05-fund-director.html.bin"]
    assert (root / "site" / published[0]).read_bytes() == PAGE
    assert not [path for path in (root / "site").rglob("*") if "captures" in path.parts and path.suffix in (
        ".html", ".htm", ".xhtml", ".svg", ".pdf")]
    page = (root / "site/sources/herald-2021-03-05-fund-director/index.html").read_text()
    assert ('<a href="../../captures/herald-2021-03-05-fund-director.html.bin" '
            'download="herald-2021-03-05-fund-director.html" type="application/octet-stream">') in page
    [source] = [source for source in json.loads((root / "site/dossier.json").read_text())["sources"]
                if source["capture"]]
    assert source["capture"]["download"] == "captures/herald-2021-03-05-fund-director.html.bin"


def test_dossier_diff_shows_a_replaced_capture_with_its_old_and_new_hash(herald: Callable[..., Path], cli) -> None:
    root = herald()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "config.yaml", "content")
    git(root, "commit", "-q", "-m", "first capture")
    replaced = PAGE.replace(b"Advertisement: a new phone", b"Advertisement: a new car")
    (root / CAPTURE).write_bytes(replaced)
    (root / SOURCE).write_text(source_text(BODY, data=replaced))
    git(root, "commit", "-q", "-am", "capture replaced")
    run = cli("diff", "HEAD~1", "HEAD", cwd=root)
    assert run.code == 1, run.err
    assert (f"capture.sha256: {hashlib.sha256(PAGE).hexdigest()} → {hashlib.sha256(replaced).hexdigest()}"
            in run.out)
    fields = [field for record in json.loads(cli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=root).out)[
        "records"] for field in record["fields"]]
    assert [(field["field"], field["old"], field["new"]) for field in fields] == [
        ("capture.sha256", hashlib.sha256(PAGE).hexdigest(), hashlib.sha256(replaced).hexdigest())]


def test_dossier_diff_checks_a_capture_kept_in_git_lfs_from_its_pointer(herald: Callable[..., Path], cli) -> None:
    root = herald()
    digest = hashlib.sha256(PAGE).hexdigest()
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{digest}\nsize {len(PAGE)}\n"
    (root / CAPTURE).write_text(pointer)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "config.yaml", "content")
    git(root, "commit", "-q", "-m", "capture in LFS")
    (root / CAPTURE).write_text(pointer.replace(digest, "0" * 64))
    git(root, "commit", "-q", "-am", "pointer changed")
    report = json.loads(cli("diff", "HEAD~1", "HEAD", "--format", "json", "--exit-zero", cwd=root).out)
    problems = {(problem["code"], problem["change"]) for record in report["records"] for problem in record["problems"]}
    assert ("capture.lfs", "fixed") in problems and ("capture.sha256", "new") in problems


# dossier add, then check -----------------------------------------------------------------------------------


def test_an_added_page_passes_check_once_the_missing_fields_are_filled_in(dossier: Callable[..., Path], cli) -> None:
    root = dossier({"saved/article.html": ARTICLE_HTML})
    assert cli("add", "saved/article.html", cwd=root).code == 0
    [source] = (root / "content/sources").glob("example-news-*.txt")
    run = cli("check", cwd=root)
    assert [line for line in run.lines if "example-news" in line] == [
        f"content/sources/{source.name}:{line_of(root, source.relative_to(root).as_posix(), 'captured:')}:13: error: "
        "'captured' must not be empty"]
    source.write_text(source.read_text().replace('captured: ""', "captured: 2014-11-21"))
    run = cli("check", cwd=root)
    assert run.code == 0, run.err
    assert [line for line in run.lines if "example-news" in line and "capture" in line] == []


def test_a_rebuild_publishes_a_capture_again_only_when_its_recorded_sha256_changes(herald: Callable[..., Path]) -> None:
    from generator.build import Builder

    root = herald()
    config = root / "config.yaml"
    config.write_text(config.read_text() + "publish_captures: true\n")
    builder = Builder(root / "config.yaml", serial=True)
    assert builder.build().report is not None
    published = root / "site/captures/herald-2021-03-05-fund-director.html.bin"
    assert published.read_bytes() == PAGE
    note = root / SOURCE
    note.write_text(note.read_text().replace("are left out.", "are left out here."))
    rebuilt = builder.build()
    assert rebuilt.report is not None and published.read_bytes() == PAGE
    assert "captures/herald-2021-03-05-fund-director.html.bin" in rebuilt.files
    page = PAGE.replace(b"Mira Holt", b"M. Holt")
    (root / CAPTURE).write_bytes(page)
    note.write_text(source_text(BODY, data=page))
    assert builder.build().report is not None
    assert published.read_bytes() == page


@pytest.mark.parametrize("steps", range(10))
def test_a_capture_no_longer_published_is_removed_whatever_step_the_next_save_comes_at(
        herald: Callable[..., Path], steps: int) -> None:
    """The preview makes the data files in steps: a save that comes between two of them takes over
    what is left, the removal of the files that went included."""
    from generator.serve.preview import Preview

    root = herald()
    config = root / "config.yaml"
    config.write_text(config.read_text() + "publish_captures: true\n")
    preview = Preview(config, root / "site", lambda line: None)
    assert preview.rebuild("built").report is not None
    published = root / "site/captures/herald-2021-03-05-fund-director.html.bin"
    assert published.exists()
    note = root / SOURCE
    note.write_text(re.sub(r"capture:\n(  .*\n)+", "", note.read_text()))
    first = preview.rebuild("changed", {note})
    assert first.report is not None, [d.format() for d in first.checked.diagnostics]
    unfinished = preview.finishing(first, lambda: None)
    assert unfinished is not None
    for _ in range(steps):
        if unfinished.step():
            break
    note.write_text(note.read_text().replace("are left out.", "are left out here."))
    second = preview.rebuild("changed", {note}, unfinished)
    finishing = preview.finishing(second, lambda: None)
    assert finishing is not None
    finishing()
    assert not published.exists()


def test_a_capture_changed_under_a_preview_finish_leaves_the_data_files_it_made_to_the_next_build(
        herald: Callable[..., Path]) -> None:
    """A capture whose bytes no longer match is refused while the data files are made: what that
    step kept is not on disk, so the next build writes it (the sources' note in sources.csv)."""
    from generator.output.write import OutputError
    from generator.serve.preview import Preview

    root = herald()
    config = root / "config.yaml"
    config.write_text(config.read_text() + "publish_captures: true\n")
    preview = Preview(config, root / "site", lambda line: None)
    assert preview.rebuild("built").report is not None
    page = PAGE.replace(b"Mira Holt", b"M. Holt")
    (root / CAPTURE).write_bytes(page)
    note = root / SOURCE
    note.write_text(source_text(BODY, data=page).replace("are left out.", "are left out here."))
    first = preview.rebuild("changed", {note, root / CAPTURE})
    unfinished = preview.finishing(first, lambda: None)
    assert unfinished is not None
    (root / CAPTURE).write_bytes(page + b"<!-- changed again -->")
    with pytest.raises(OutputError):
        while not unfinished.step():
            pass
    (root / CAPTURE).write_bytes(page)
    second = preview.rebuild("changed", {root / CAPTURE})
    finishing = preview.finishing(second, lambda: None)
    assert finishing is not None
    finishing()
    assert "are left out here." in (root / "site/data/sources.csv").read_text()
    assert (root / "site/captures/herald-2021-03-05-fund-director.html.bin").read_bytes() == page
