"""What a page says about itself to machines: schema.org JSON-LD of what it shows, a one-line
description, and the OpenGraph values of its `<head>` (docs/linked-data.md).

Everything is made from values the page's context already holds; the few records it reads besides
(the sources a claim cites) are read through Views, so the page's inputs stay exact for rebuilds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.core import urls
from generator.core.model import Config, PartialDate, Source
from generator.site.view_objects import ClaimView, Ref, RoleView
from generator.site.views import Views
from generator.text import markdown

CONTEXT = "https://schema.org"
DESCRIPTION_LIMIT = 160
"""The most characters of a meta description, its "…" included."""

SOURCE_TYPES = {"news": "NewsArticle", "blog": "BlogPosting", "report": "Report", "video": "VideoObject"}
"""A source's `kind` → its schema.org type; the other kinds are a CreativeWork."""
AGENCY_TYPES = {"government": "GovernmentOrganization", "ngo": "NGO", "media": "NewsMediaOrganization"}
"""An agency's `kind` → its schema.org type; the other kinds are an Organization."""
REF_TYPES = {"person": "Person", "agency": "Organization", "figure": "Dataset"}
"""The type of a person, an agency or a figure named on another record's page."""
REVIEWS = {"corroborated": "Corroborated", "refuted": "Refuted"}
"""Statuses that are the curator's verdict on a claim's truth, given as a ClaimReview."""
LIFECYCLE = {"retracted": "Retracted"}
"""Statuses that say what became of the claim itself (`creativeWorkStatus`)."""
ENCODINGS = {"json": "application/json", "csv": "text/csv"}
OG_TYPES = {"person": "profile", "claim": "article", "source": "article", "figure": "article"}
"""A record page's `og:type`; every other page is a `website`."""
SECTION_TEXTS = {
    "people": "The people of “{}”: who they are, the roles they held, what they said and what was said about them.",
    "agencies": "The agencies and organisations of “{}”: what they are, who worked there, what they said and what "
                "was said about them.",
    "figures": "The figures of “{}”: every value reported, who gave it and when, and where the values disagree.",
    "sources": "The sources of “{}”: each with its full text and every cited passage highlighted.",
    "claims": "Every claim of “{}” in date order, each cited to the quoted passage of its source.",
    "changes": "Every change to the records of “{}”, newest first, commit by commit: corrections included.",
}
"""The meta description of a section's pages, by the first folder of their path."""

_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Page:
    """A page being made: what the JSON-LD of each kind of page is built from."""

    views: Views
    path: str
    title: str
    context: Mapping[str, Any]

    @property
    def config(self) -> Config:
        return self.views.links.dossier.config

    def url(self, path: str) -> str | None:
        """The published address of a page or file of the site: only when `base_url` is set, since
        a relative address would resolve against wherever the page was read from (docs/linked-data.md)."""
        config = self.config
        return urls.absolute(config.base_url, path, config.link_style) if config.base_url else None

    def record_url(self, kind: str, record_id: str) -> str | None:
        return self.url(urls.record_page(kind, record_id))


def metadata(views: Views, path: str, template: str, title: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """The values base.html's `<head>` shows besides the title: `description`, `og_type`, `locale`
    and `json_ld` (the serialised JSON-LD, safe inside `<script type="application/ld+json">`)."""
    page = _Page(views, path, title, context)
    kind = template.removesuffix(".html")
    build = RECORD_PAGES.get(kind) or OTHER_PAGES.get(path, _collection_page)
    thing, description = build(page)
    return {"description": describe(description), "og_type": OG_TYPES.get(kind, "website"),
            "locale": og_locale(page.config.language), "json_ld": serialise({"@context": CONTEXT, **thing})}


def serialise(thing: Mapping[str, Any]) -> Markup:
    """JSON, the same for the same object, with every `<` escaped: no text in it can end the script
    element (`</script>`) or open a comment (`<!--`), whatever a statement says."""
    return Markup(json.dumps(thing, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


def describe(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """One line of at most `limit` characters, cut after the last whole word that fits, with "…"."""
    line = _SPACE.sub(" ", text).strip()
    if len(line) <= limit:
        return line
    cut = line[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:.–—-") + "…"


def og_locale(language: str) -> str:
    """`og:locale` from a BCP 47 tag: `en` → `en`, `en-GB` → `en_GB`, `kk-Cyrl-KZ` → `kk_KZ`."""
    language, *subtags = language.split("-")
    region = next((tag for tag in subtags if _REGION.fullmatch(tag)), None)
    return f"{language}_{region.upper()}" if region else language


def _plain(text: str | None) -> str:
    return markdown.plain_text(text) if text else ""


def _compact(**properties: Any) -> dict[str, Any]:
    """The properties that have a value: schema.org has no use for nulls and empty lists."""
    return {name: value for name, value in properties.items() if value not in (None, "", [], {})}


def _date(date: PartialDate | None) -> str | None:
    """ISO 8601 as precise as it was written (`2014`, `2014-11`, `2014-11-18`)."""
    return str(date) if date else None


def _ref(page: _Page, ref: Ref) -> dict[str, Any]:
    return _compact(**{"@type": REF_TYPES.get(ref.kind, "Thing")}, name=ref.name, url=page.record_url(ref.kind, ref.id))


def _site(page: _Page) -> dict[str, Any]:
    """The site, as every page but the home page names it (`isPartOf`)."""
    return _compact(**{"@type": "WebSite"}, name=page.config.title, url=page.url(urls.HOME))


def _roles(page: _Page, roles: Iterable[RoleView], link: str, other_end: Callable[[RoleView], Ref]
           ) -> list[dict[str, Any]]:
    """Roles at agencies in schema.org's Role pattern: an OrganizationRole with its title and dates
    stands between the two, and holds the other end under the same property `link` (`worksFor` on
    a person's page, `member` on an agency's). A role at a person has no schema.org property."""
    return [_compact(**{"@type": "OrganizationRole", link: _ref(page, other_end(role))}, roleName=role.title,
                     startDate=_date(role.since), endDate=_date(role.until))
            for role in roles if role.agency.kind == "agency"]


def _person_page(page: _Page) -> tuple[dict[str, Any], str]:
    person = page.context["record"]
    description = _plain(person.description)
    thing = _compact(**{"@type": "Person"}, name=person.name, alternateName=list(person.aliases),
                     description=description, url=page.record_url("person", person.id),
                     worksFor=_roles(page, page.context["roles"], "worksFor", lambda role: role.agency))
    fallback = f"{person.name}: what they said and what was said about them, in “{page.config.title}”."
    return thing, description or fallback


def _agency_page(page: _Page) -> tuple[dict[str, Any], str]:
    agency, context = page.context["record"], page.context
    description = _plain(agency.description)
    names = [agency.short_name, *agency.aliases] if agency.short_name else list(agency.aliases)
    thing = _compact(**{"@type": AGENCY_TYPES.get(agency.kind, "Organization")}, name=agency.name,
                     alternateName=names, description=description, url=page.record_url("agency", agency.id),
                     location=agency.country, parentOrganization=_ref(page, context["parent"]) if context["parent"]
                     else None, subOrganization=[_ref(page, child) for child in context["children"]],
                     member=_roles(page, context["roles"], "member", lambda role: role.person))
    fallback = f"{agency.name}: what it said and what was said about it, in “{page.config.title}”."
    return thing, description or fallback


WORK_FIELDS = frozenset({"title", "kind", "url", "archive_url", "date", "language", "publisher", "authors"})
"""The fields of a source that its CreativeWork shows, on its page and on the pages of the claims
citing it (the diff reads it: diff/pages.py)."""


def _creative_work(page: _Page, source: Source) -> dict[str, Any]:
    """A source as the work it is: its original address (else its page here), date, publisher, authors."""
    return _compact(**{"@type": SOURCE_TYPES.get(source.kind, "CreativeWork")}, name=source.title,
                    url=source.url or page.record_url("source", source.id), archivedAt=source.archive_url,
                    datePublished=_date(source.date), inLanguage=source.language,
                    publisher={"@type": "Organization", "name": source.publisher},
                    author=[{"@type": "Person", "name": author} for author in source.authors])


def _claim(page: _Page, claim: ClaimView) -> dict[str, Any]:
    """A claim as other pages name it: its text, speaker, date and page."""
    return _compact(**{"@type": "Claim"}, text=claim.statement_text, url=page.record_url("claim", claim.id),
                    author=_ref(page, claim.by) if claim.by else None, datePublished=_date(claim.date))


def _review(page: _Page, status: str) -> dict[str, Any] | None:
    """The curator's verdict, for the statuses that are one (docs/linked-data.md, "Claims")."""
    if status not in REVIEWS:
        return None
    return _compact(**{"@type": "ClaimReview"}, author=page.config.curator,
                    reviewRating={"@type": "Rating", "alternateName": REVIEWS[status]})


def _claim_page(page: _Page) -> tuple[dict[str, Any], str]:
    claim: ClaimView = page.context["claim"]
    cited = dict.fromkeys(citation.source.id for citation in claim.citations)
    appearance = [_creative_work(page, page.views.outline("source", source_id)) for source_id in cited]
    thing = {**_claim(page, claim), **_compact(
        appearance=appearance, about=[_ref(page, ref) for ref in claim.about],
        creativeWorkStatus=LIFECYCLE.get(claim.status), review=_review(page, claim.status))}
    return thing, f"{claim.by.name}: {claim.statement_text}" if claim.by else claim.statement_text


def _source_page(page: _Page) -> tuple[dict[str, Any], str]:
    source: Source = page.context["record"]
    opening = page.views.links.resolved.visible_texts[source.id][:DESCRIPTION_LIMIT * 2]
    return _creative_work(page, source), f"{source.publisher}, {source.date}. {opening}"


def _figure_page(page: _Page) -> tuple[dict[str, Any], str]:
    """A figure is a small dataset: the values reported for one quantity, each a cited claim."""
    figure, rows = page.context["record"], page.context["values"]
    count = f"{len(rows)} reported value{'s' if len(rows) != 1 else ''}"
    spread = f", {page.context['spread_text']}" if page.context["spread_text"] else ""
    description = _plain(figure.description)
    thing = _compact(**{"@type": "Dataset"}, name=figure.name, description=description or f"{figure.name}: {count}.",
                     url=page.record_url("figure", figure.id),
                     variableMeasured={"@type": "PropertyValue", "name": figure.name, "unitText": figure.unit},
                     isBasedOn=[_claim(page, row["claim"]) for row in rows])
    return thing, f"{figure.name} ({figure.unit}): {count}{spread}. {description}"


def _dataset(page: _Page) -> dict[str, Any]:
    """The dossier as a dataset: the Data page is its landing page, each file one download."""
    config = page.config
    license_ = config.license_url or ({"@type": "CreativeWork", "name": config.license} if config.license else None)
    downloads = [_compact(**{"@type": "DataDownload"}, name=path, contentUrl=page.url(path),
                          encodingFormat=ENCODINGS[path.rsplit(".", 1)[1]])
                 for path in (urls.DOSSIER_JSON, *urls.DATA_FILES)]
    return _compact(**{"@type": "Dataset"}, name=config.title, description=_plain(config.description),
                    url=page.url(urls.DATA), license=license_, creator=config.curator, inLanguage=config.language,
                    distribution=downloads)


def _home_page(page: _Page) -> tuple[dict[str, Any], str]:
    description = _plain(page.config.description)
    website = {**_site(page), **_compact(description=description, inLanguage=page.config.language)}
    return {"@graph": [_dataset(page), website]}, description or page.config.title


def _data_page(page: _Page) -> tuple[dict[str, Any], str]:
    licence = f" Licence: {page.config.license}." if page.config.license else ""
    return _dataset(page), (f"The data of “{page.config.title}” to download: every record as JSON, tables in CSV "
                           f"and a CSL-JSON bibliography.{licence}")


def _web_page(page: _Page, kind: str, description: str) -> tuple[dict[str, Any], str]:
    return _compact(**{"@type": kind}, name=page.title, description=description, url=page.url(page.path),
                    inLanguage=page.config.language, isPartOf=_site(page)), description


def _collection_page(page: _Page) -> tuple[dict[str, Any], str]:
    section = page.path.split("/", 1)[0]
    return _web_page(page, "CollectionPage", SECTION_TEXTS.get(section, "{}").format(page.config.title))


def _search_page(page: _Page) -> tuple[dict[str, Any], str]:
    return _web_page(page, "WebPage", f"Search the people, agencies, figures, sources and claims of "
                                      f"“{page.config.title}”.")


def _about_page(page: _Page) -> tuple[dict[str, Any], str]:
    return _web_page(page, "AboutPage", _plain(page.config.about) or (
        f"Who curates “{page.config.title}”, how its quotes, captures and values are checked, its licence, "
        "and how to reach the curators."))


Builder = Callable[[_Page], tuple[dict[str, Any], str]]
"""page → (its JSON-LD object without `@context`, the text its meta description is cut from)."""

RECORD_PAGES: dict[str, Builder] = {"person": _person_page, "agency": _agency_page, "claim": _claim_page,
                                    "source": _source_page, "figure": _figure_page}
"""By the record kind (the page's template, `<kind>.html`)."""
OTHER_PAGES: dict[str, Builder] = {urls.HOME: _home_page, urls.DATA: _data_page, urls.SEARCH: _search_page,
                                   urls.ABOUT: _about_page}
"""By path; every other page (the sections, the timeline) is a CollectionPage."""
