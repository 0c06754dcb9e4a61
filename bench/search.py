"""The search index's cost, as a build reports it and as a reader meets it (docs/search.md).

- What indexing cost: parsed from the build's own line (`search index: 11833 records in 5 of 5
  bundles indexed in 21.3 s, peak 431 MB`): seconds, and the highest peak of one Pagefind process.
- The index's size: the files under site/pagefind/, in bytes.
- The bytes a first query downloads: the site served on 127.0.0.1 under a sub-path, the search page
  opened in headless Chromium with the query in its address, every response counted (its
  Content-Length) until the results are shown. Twice: a plain query, and one with a kind filter.

    python bench/search.py SITE [--query WORD]   # the two queries on a built site
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LINE = re.compile(r"search index: (\d+) records in (\d+) of (\d+) bundles? indexed in ([\d.]+) s(?:, peak (\d+) MB)?")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
QUERY = "security"
"""A word of bench/generate.py's vocabulary, in many sources: a query that loads a large index chunk."""


@dataclass(frozen=True, slots=True)
class Indexing:
    records: int
    bundles: int
    seconds: float
    peak_mib: float | None


def indexing(output: str) -> Indexing | None:
    """What the build's output says indexing cost (None: it indexed nothing)."""
    found = LINE.search(output)
    if not found:
        return None
    peak = found.group(5)
    return Indexing(int(found.group(1)), int(found.group(3)), float(found.group(4)),
                    int(peak) if peak else None)


def index_size(site: Path) -> tuple[int, int]:
    """(bytes, files) of the search index."""
    files = [path for path in (site / "pagefind").rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


@contextmanager
def served_under_sub_path(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at /sub/, as a host under a sub-path would serve it."""
    with tempfile.TemporaryDirectory() as root:
        (Path(root) / "sub").symlink_to(site.resolve())
        handler = functools.partial(_QuietHandler, directory=root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/sub/"
        finally:
            server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Query:
    results: str
    index_bytes: int
    """Bytes of the files under pagefind/ that the query loaded."""
    page_bytes: int
    """Bytes of the page, its style sheet and its script."""
    requests: int


def first_queries(site: Path, query: str = QUERY) -> dict[str, Query]:
    """The bytes a first query loads, in a fresh browser each time: plain, and filtered by kind."""
    from playwright.sync_api import sync_playwright

    found = {}
    with served_under_sub_path(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for name, address in (("plain", f"search/index.html?q={query}"),
                                  ("kind=source", f"search/index.html?q={query}&kind=source")):
                found[name] = _first_query(browser, base + address)
        finally:
            browser.close()
    return found


def _first_query(browser: object, url: str) -> Query:
    context = browser.new_context()  # type: ignore[attr-defined]  # a playwright Browser
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("response", lambda response: sizes.append(
        (response.url, int(response.headers.get("content-length", "0")))))
    page.goto(url)
    page.wait_for_selector(".search-count:not(:empty)", timeout=120_000)
    page.wait_for_load_state("networkidle")
    results = page.inner_text(".search-count")
    context.close()
    index = sum(size for address, size in sizes if "/pagefind/" in address)
    return Query(results, index, sum(size for _, size in sizes) - index, len(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default=QUERY)
    args = parser.parse_args()
    size, files = index_size(args.site)
    print(f"index: {size / 1e6:.1f} MB in {files} files")
    for name, query in first_queries(args.site, args.query).items():
        print(f"first query ({name}): {query.results} {query.index_bytes / 1000:.0f} KB of index, "
              f"{query.page_bytes / 1000:.0f} KB of page, {query.requests} requests")


if __name__ == "__main__":
    main()
