"""The one place that knows where each page lives in the site and how pages link to each other.

Page paths are POSIX paths relative to the site root (`people/ana-lind/index.html`). Links are
always relative, so the site works from disk, from any host and under any sub-path.
"""

from __future__ import annotations

import urllib.parse

from generator.core.kinds import BY_NAME


def record_page(kind: str, record_id: str) -> str:
    """`people/<id>/index.html`; ids are validated ASCII, so they are safe path components."""
    return f"{BY_NAME[kind].section}/{record_id}/index.html"


def section_page(section: str) -> str:
    return f"{section}/index.html"


HOME = "index.html"
SEARCH = "search/index.html"
SEARCH_INDEX = "search-index.js"
"""What the search page searches from disk, written with dossier.json (see export.search_index)."""
SEARCH_BUNDLE = "pagefind/"
"""The full-text search index (Pagefind's files), used when the site is served (docs/search.md)."""
NETWORK = "network/index.html"
"""The overview of every agency with its people (docs/relations.md)."""
ABOUT = "about/index.html"
"""Who curates the dossier, its method, licence and contact (docs/content.md, config.yaml)."""
DATA = "data/index.html"
"""The Data page: every download, with its size and licence (docs/open-data.md)."""
CHANGES = "changes/index.html"
"""The first Changes page: the record changes of the whole dossier, commit by commit (docs/history.md)."""
CHANGES_FEED = "changes.xml"
"""The Atom feed of the Changes page (docs/history.md)."""
DOSSIER_JSON = "dossier.json"
DATA_FILES = ("data/claims.csv", "data/figures.csv", "data/people.csv", "data/agencies.csv", "data/sources.csv",
              "data/sources.json")
"""The open data files besides dossier.json (docs/open-data.md)."""


def absolute(base_url: str, page: str, link_style: str = "file") -> str:
    """The published address of a page (for canonical links and the sitemap)."""
    if link_style == "directory" and page.endswith("index.html"):
        page = page[: -len("index.html")]
    return base_url + urllib.parse.quote(page)


def text_fragment(url: str, quote: str) -> str:
    """A link to `url` that asks the browser to scroll to and highlight `quote` (`#:~:text=`)."""
    words = quote.split()
    if len(words) > 10:
        directive = f"{_fragment_part(' '.join(words[:5]))},{_fragment_part(' '.join(words[-5:]))}"
    else:
        directive = _fragment_part(" ".join(words))
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


def _fragment_part(text: str) -> str:
    """Percent-encode, including the characters that are syntax in text directives (, - &)."""
    return urllib.parse.quote(text, safe="").replace("-", "%2D")
