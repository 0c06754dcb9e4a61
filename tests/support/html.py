"""Reading built pages the way a reader's browser does, knowing nothing of dossier's internals: a link
checker (every internal href and src resolves to a file, every fragment to an element id in it),
and the text of one element."""

from __future__ import annotations

import posixpath
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def parse(path: Path) -> _Collector:
    """The ids and links of the page at `path`."""
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(site: Path) -> tuple[list[str], int]:
    """(problems, number of internal links checked)."""
    pages = {path.relative_to(site).as_posix(): parse(path) for path in sorted(site.rglob("*.html"))}
    problems, checked = [], 0
    for page, collector in pages.items():
        for link in collector.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            checked += 1
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), urllib.parse.unquote(parts.path)))
            if parts.path == "":
                target = page
            if target.startswith("../"):
                problems.append(f"{page}: {link} leaves the site")
                continue
            if (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (site / target).is_file():
                problems.append(f"{page}: {link} → missing {target}")
            elif parts.fragment and target in pages and urllib.parse.unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{page}: {link} → no id '{parts.fragment}' in {target}")
    return problems, checked


class _ElementText(HTMLParser):
    """The text inside the element with a given id, leaving out `.cited-by` markers."""

    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.skip_depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self.depth:
            self.depth += 1
            if self.skip_depth or "cited-by" in (attributes.get("class") or ""):
                self.skip_depth += 1
        elif attributes.get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if self.skip_depth:
                self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip_depth:
            self.parts.append(data)


def element_text(html: str, element_id: str) -> str | None:
    """The text of the element with `element_id` in `html`, `.cited-by` markers left out; None if
    there is no such element (or it holds no text)."""
    parser = _ElementText(element_id)
    parser.feed(html)
    return "".join(parser.parts) if parser.parts else None
