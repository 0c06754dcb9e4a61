"""The Data page (`data/index.html`): every file a reader can take away, with what it holds, its
format, its size and its licence (docs/open-data.md).

Sizes are known only once the files are made, so the page is made with the data files, after them
(incremental.rendering.Site.data_file_steps), not with the other pages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from generator.core import kinds, urls
from generator.link.links import Links
from generator.site.captures import readable_size
from generator.site.pages import PagePlan
from generator.site.views import Views

TEMPLATE = "data.html"
MEDIA_TYPES = {"JSON": "application/json", "CSV": "text/csv", "CSL-JSON": "application/vnd.citationstyles.csl+json"}


@dataclass(frozen=True, slots=True)
class Download:
    """What the page says of one file (or folder) of the site."""

    path: str
    format: str
    about: str

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


DOWNLOADS = (
    Download(urls.DOSSIER_JSON, "JSON", "Every record of the dossier, resolved: each reference carries the page "
                                        "it points to, each citation where its quote is in the source's text."),
    Download("data/claims.csv", "CSV", "One row per claim: its statement, who made it and when, its value, status "
                                       "and relations, and the quotes that support it."),
    Download("data/figures.csv", "CSV", "One row per reported value of a figure: the value or its bounds, "
                                        "qualifier, period, who gave it, its sources and quotes, how it was derived."),
    Download("data/people.csv", "CSV", "One row per person: name, other names, description and roles."),
    Download("data/agencies.csv", "CSV", "One row per agency: name, short name, other names, kind, country and "
                                         "parent agency."),
    Download("data/sources.csv", "CSV", "One row per source: title, publisher, date, authors, addresses, and the "
                                        "fingerprint of its capture."),
    Download("data/sources.json", "CSL-JSON", "The sources as a bibliography, for Zotero and other reference "
                                              "managers."),
)
"""The files every site has, in the order the page lists them."""


def capture_totals(links: Links) -> tuple[int, int] | None:
    """(how many captures the site publishes, their bytes in all), or None when it publishes none."""
    if not links.dossier.config.publish_captures:
        return None
    facts = links.resolved.captures
    sizes = {source.capture.file: facts[source.id].size for source in links.dossier.sources.values()
             if source.capture is not None and source.id in facts}
    return (len(sizes), sum(sizes.values())) if sizes else None


def data_page(sizes: dict[str, int], captures: tuple[int, int] | None) -> PagePlan:
    """The page's plan: `sizes` of the files in DOWNLOADS (bytes, by path); `captures`, (how many,
    their bytes in all) when the site publishes its sources' captures."""
    return PagePlan(urls.DATA, TEMPLATE, 1, functools.partial(_context, sizes, captures))


def _context(sizes: dict[str, int], captures: tuple[int, int] | None, views: Views) -> tuple[str, dict[str, Any]]:
    config = views.links.dossier.config
    files = [{"href": views.href(item.path), "name": item.path.rsplit("/", 1)[-1], "format": item.format,
              "media_type": item.media_type,
              "about": item.about, "bytes": sizes[item.path], "size": readable_size(sizes[item.path])}
             for item in DOWNLOADS]
    published = None
    if captures is not None:
        count, total = captures
        published = {"count": count, "bytes": total, "size": readable_size(total),
                     "href": views.href(urls.section_page(kinds.SOURCE.section))}
    return "Data", {"files": files, "captures": published, "license": config.license,
                    "license_url": config.license_url, "json_size": readable_size(sizes[urls.DOSSIER_JSON])}
