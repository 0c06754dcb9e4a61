"""The site plan: every page, its template, what it shows, and the inputs it was made from.

`plan` lists the pages (cheap: paths and how to make them); `make` builds one page's context,
recording every record and backlink it reads, so a rebuild knows which pages a change touches.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.core import kinds, urls
from generator.core.model import Source
from generator.link.links import LinkMap, Links
from generator.site import changes_page, highlight, keys, linked_data
from generator.site.about import about
from generator.site.cite import cite
from generator.site.keys import InputKey
from generator.site.relation_pages import entity_relations, network_page
from generator.site.views import Views
from generator.text import markdown

PAGE_CSP = ("default-src 'none'; style-src 'self' file:; img-src 'self' file: data:; script-src 'self' file:; "
            "base-uri 'none'; form-action 'none'")
"""Every page's Content-Security-Policy: nothing but the site's own styles, images and scripts, no
inline script (a page's JSON-LD is data, which a policy does not govern)."""
SEARCH_CSP = ("default-src 'none'; style-src 'self' file:; img-src 'self' file: data:; "
              "script-src 'self' file: 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
              "base-uri 'none'; form-action 'none'")
"""The search page's: the full-text index (Pagefind) runs WebAssembly in a worker and fetches its
index files, from the site itself (docs/search.md)."""
HOME_DISPUTES = 12
"""The most recent disputing claims shown on the home page."""


@dataclass(frozen=True, slots=True)
class PagePlan:
    """A page to make: where it goes, its template, and the function that builds its context."""

    path: str
    template: str
    depth: int
    build: Callable[[Views], tuple[str, dict[str, Any]]]
    """views → (title, context)."""


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    context: dict[str, Any]
    inputs: frozenset[InputKey]
    """What the page was made from (see reading.LinkReader)."""


def plan(links: Links) -> dict[str, PagePlan]:
    """Every page of the site by path (records are known; nothing is built yet)."""
    pages = [PagePlan(urls.HOME, "index.html", 0, _home), PagePlan(urls.SEARCH, "search.html", 1, _search)]
    pages.append(PagePlan(urls.ABOUT, "about.html", 1, about))
    pages.append(PagePlan(urls.NETWORK, "network.html", 1, network_page))
    pages += [PagePlan(urls.section_page(section), f"{section}.html", 1, builder)
              for section, builder in SECTION_BUILDERS.items()]
    pages += [_timeline_plan(number) for number in links.timeline]
    for kind in kinds.SITE_ORDER:
        pages += [_record_plan(kind.name, record_id) for record_id in links.records[kind.name]]
    pages += [_changes_plan(number) for number in range(1, changes_page.page_count(links.changelog) + 1)]
    return {page.path: page for page in pages}


def replanned(plans: Mapping[str, PagePlan], old: Links, new: Links) -> tuple[dict[str, PagePlan], list[str]]:
    """The plan of `new` made from `plans`, the plan of `old` (a plan holds ids and page numbers
    only, never a record): the pages of the records that went, and the timeline and Changes pages
    beyond the new counts, left out; those of the records that came, and the new numbered pages,
    put in; and the paths of the pages left out. The order of the pages is not kept: every use of a
    plan sorts its paths."""
    result = dict(plans)
    gone: list[str] = []
    for kind in kinds.SITE_ORDER:
        before, after = old.records[kind.name], new.records[kind.name]
        if before is after:
            continue
        came = after.keys() - before.keys()
        went = before.keys() - after.keys() if len(after) - len(came) != len(before) else ()  # none went: no pass
        gone += (urls.record_page(kind.name, record_id) for record_id in went)
        result.update((page.path, page) for page in (_record_plan(kind.name, record_id) for record_id in came))
    numbered = ((old.timeline.keys(), new.timeline.keys(), _timeline_plan),
                (_changes_pages(old), _changes_pages(new), _changes_plan))
    for before_numbers, after_numbers, numbered_plan in numbered:
        gone += (numbered_plan(number).path for number in before_numbers - after_numbers)
        result.update((page.path, page) for page in map(numbered_plan, after_numbers - before_numbers))
    for path in gone:
        del result[path]
    return result, gone


def _changes_pages(links: Links) -> set[int]:
    return set(range(1, changes_page.page_count(links.changelog) + 1))


def _timeline_plan(number: int) -> PagePlan:
    return PagePlan(timeline_page(number), "claims.html", 1, functools.partial(_claims, number=number))


def _record_plan(kind: str, record_id: str) -> PagePlan:
    return PagePlan(urls.record_page(kind, record_id), f"{kind}.html", 2,
                    functools.partial(_record_page, RECORD_BUILDERS[kind], kind, record_id))


def _changes_plan(number: int) -> PagePlan:
    return PagePlan(changes_page.changes_page(number), "changes.html", 1,
                    functools.partial(changes_page.changes, number=number))


def same_plan(old: Links, new: Links) -> bool:
    """Whether `plan` makes the same pages of both link stages (records of the same ids in the same
    order, as many timeline and Changes pages), so that a rebuild keeps the last plan: a plan holds
    ids and page numbers only, never a record."""
    return (tuple(old.timeline) == tuple(new.timeline)
            and all(tuple(old.records[kind.name]) == tuple(new.records[kind.name]) for kind in kinds.SITE_ORDER)
            and changes_page.page_count(old.changelog) == changes_page.page_count(new.changelog))


def _record_page(builder: Callable[[Views, str], tuple[str, dict[str, Any]]], kind: str, record_id: str,
                 views: Views) -> tuple[str, dict[str, Any]]:
    """A record's page, with its "cite this page" text and its history (docs/history.md)."""
    title, context = builder(views, record_id)
    return title, {**context, "cite": cite(views, kind, record_id, title),
                   "history": changes_page.record_history(views, kind, record_id)}


def make(page: PagePlan, views: Views) -> Page:
    """Build a page's context, recording what it reads."""
    views.start_page()
    title, context = page.build(views)
    site = {**_site(views, page.path, title), **linked_data.metadata(views, page.path, page.template, title, context)}
    items = {"card": views.card, "figure_item": views.figure_item, "timeline_item": views.timeline_item,
             "source_item": views.source_item}
    return Page(page.path, page.template, {"site": site, **items, **context},
                frozenset(views.touched))


def _site(views: Views, path: str, title: str) -> dict[str, Any]:
    """What every page's base template needs."""
    config = views.links.dossier.config
    canonical = urls.absolute(config.base_url, path, config.link_style) if config.base_url else None
    section = path.split("/", 1)[0] if "/" in path else None
    return {
        "title": config.title,
        "language": config.language,
        "page_title": title,
        "home": views.href(urls.HOME),
        "stylesheet": views.root + "assets/style.css",
        "nav": [{"label": kind.title, "href": views.href(urls.section_page(kind.section)),
                 "current": _current(path, kind.section, section)} for kind in kinds.SITE_ORDER],
        "search": {"href": views.href(urls.SEARCH), "current": "page" if path == urls.SEARCH else None},
        "about": views.href(urls.ABOUT), "data": views.href(urls.DATA), "network": views.href(urls.NETWORK),
        **_changes_links(views),
        "root": views.root,
        "canonical": canonical,
        "csp": Markup(SEARCH_CSP if path == urls.SEARCH else PAGE_CSP),  # our own text: its quotes stay as written
    }


def _changes_links(views: Views) -> dict[str, str | None]:
    """The Changes page and its feed, which a dossier has only in a git repository (docs/history.md)."""
    tracked = views.tracked()
    return {"changes": views.href(urls.CHANGES) if tracked else None,
            "feed": views.root + urls.CHANGES_FEED if tracked else None}


def _current(path: str, name: str, section: str | None) -> str | None:
    """`aria-current` of a section's link: "page" on the section's index, "true" on a page inside it."""
    if path == urls.section_page(name):
        return "page"
    return "true" if name == section else None


def _home(views: Views) -> tuple[str, dict[str, Any]]:
    config = views.links.dossier.config
    counts = {kind.section: len(views.all_ids(kind.name)) for kind in kinds.SITE_ORDER}
    disputing = views.lookup(LinkMap.DISPUTING, "")
    disputes = [views.claim(claim_id) for claim_id in disputing[:HOME_DISPUTES]]
    return config.title, {
        "description": views.markdown(config.description), "counts": counts,
        "figures": _figure_summaries(views),
        "disputes": disputes, "disputes_total": len(disputing),
        "sections": [{"label": kind.title, "href": views.href(urls.section_page(kind.section)),
                      "count": counts[kind.section]} for kind in kinds.SITE_ORDER]}




CLAIM_ID = "CLAIMID"
"""Stands for a claim's id in the search page's link to claim pages (ids are lower case)."""


def _search(views: Views) -> tuple[str, dict[str, Any]]:
    """The search page: its results come from the search index, in the browser, so it reads no
    record; it knows how to link a claim found in a source's text to the claim's page."""
    return "Search", {"claim_page": views.record_href("claim", CLAIM_ID)}


def _claim_count(views: Views, entity_id: str) -> int:
    return len(views.lookup(LinkMap.CLAIMS_BY, entity_id)) + len(views.lookup(LinkMap.CLAIMS_ABOUT, entity_id))


def _people(views: Views) -> tuple[str, dict[str, Any]]:
    people = [{"ref": views.entity(i), "description": views.markdown(views.record("person", i).description,
                                                                      inline=True),
               "claims": _claim_count(views, i)} for i in views.all_ids("person")]
    return kinds.PERSON.title, {"people": sorted(people, key=_name_order)}


def _agencies(views: Views) -> tuple[str, dict[str, Any]]:
    agencies = []
    for agency_id in views.all_ids("agency"):
        agency = views.record("agency", agency_id)
        agencies.append({"ref": views.entity(agency_id), "description": views.markdown(agency.description, inline=True),
                         "short_name": agency.short_name, "kind": agency.kind,
                         "claims": _claim_count(views, agency_id)})
    return kinds.AGENCY.title, {"agencies": sorted(agencies, key=_name_order)}


def _figures(views: Views) -> tuple[str, dict[str, Any]]:
    return kinds.FIGURE.title, {"figures": _figure_summaries(views)}


def _figure_summaries(views: Views) -> list[dict]:
    return sorted((views.figure_summary(figure_id) for figure_id in views.all_ids("figure")), key=_name_order)


_LEADING_ARTICLE = re.compile(r"the\s+", re.IGNORECASE)


def _name_order(item: dict) -> tuple[str, str]:
    """Lists follow the names readers see, not the ids: "The Astana Times" under A, "Émile" under E."""
    name = item["ref"].name
    name = name[article.end():] if (article := _LEADING_ARTICLE.match(name)) and article.end() < len(name) else name
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in folded if not unicodedata.combining(char)), item["ref"].id


def _sources(views: Views) -> tuple[str, dict[str, Any]]:
    items = [views.source_summary(i) for i in views.all_ids("source")]
    items.sort(key=lambda item: (item["source"].date.sort_key(), item["ref"].id), reverse=True)
    return kinds.SOURCE.title, {"sources": items}


def timeline_page(number: int) -> str:
    return "claims/index.html" if number == 1 else f"claims/page-{number}.html"


def _claims(views: Views, number: int) -> tuple[str, dict[str, Any]]:
    """One page of the timeline: its claims grouped by year, in date order."""
    groups: list[dict[str, Any]] = []
    for claim_id in _timeline_claims(views, number):
        claim = views.claim(claim_id)
        label = str(claim.date.year) if claim.date else "Undated"
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "claims": []})
        groups[-1]["claims"].append(claim)
    count = len(views.links.timeline)
    pages = [{"number": n, "href": views.href(timeline_page(n)), "current": n == number} for n in range(1, count + 1)]
    title = "Claims timeline" if count == 1 else f"Claims timeline, page {number} of {count}"
    return title, {"timeline": groups, "pages": pages if count > 1 else [], "pages_label": "Timeline pages"}


def _timeline_claims(views: Views, number: int) -> tuple[str, ...]:
    views.touch(keys.entry(LinkMap.TIMELINE, number))
    views.touch(keys.every("claim"))
    return views.links.timeline[number]


SECTION_BUILDERS: dict[str, Callable[[Views], tuple[str, dict[str, Any]]]] = {
    kinds.PERSON.section: _people, kinds.AGENCY.section: _agencies, kinds.FIGURE.section: _figures,
    kinds.SOURCE.section: _sources}
"""The section pages but the timeline (its pages are numbered)."""


def _entity(views: Views, kind: str, entity_id: str) -> tuple[Any, dict[str, Any]]:
    record = views.record(kind, entity_id)
    return record, {
        "record": record,
        "description": views.markdown(record.description),
        "claims_by": views.claims(views.lookup(LinkMap.CLAIMS_BY, entity_id)),
        "claims_about": views.claims(views.lookup(LinkMap.CLAIMS_ABOUT, entity_id)),
        "related": [views.entity(i) for i in views.lookup(LinkMap.RELATED, entity_id)],
        "relations": entity_relations(views, kind, entity_id),
        "mentioned_in": [views.source(i) for i in views.lookup(LinkMap.MENTIONED_IN, entity_id)],
        "authored": [views.source(i) for i in views.lookup(LinkMap.AUTHORED, entity_id)],
    }


def _person(views: Views, person_id: str) -> tuple[str, dict[str, Any]]:
    person, context = _entity(views, "person", person_id)
    context["roles"] = [views.role(person, role) for role in person.roles]
    return person.name, context


def _agency(views: Views, agency_id: str) -> tuple[str, dict[str, Any]]:
    agency, context = _entity(views, "agency", agency_id)
    context["parent"] = views.entity(agency.parent) if agency.parent else None
    context["children"] = [views.entity(i) for i in views.lookup(LinkMap.CHILDREN, agency_id)]
    roles = []
    for person_id, index in views.lookup(LinkMap.ROLES_AT, agency_id):
        person = views.record("person", person_id)
        roles.append(views.role(person, person.roles[index]))
    context["roles"] = roles
    return agency.name, context


def _figure(views: Views, figure_id: str) -> tuple[str, dict[str, Any]]:
    figure = views.record("figure", figure_id)
    claims = views.figure_claims(figure_id)
    value_ids = [claim.id for claim in claims]
    conflicts = views.disagreements(figure_id)
    about = [i for i in views.lookup(LinkMap.CLAIMS_ABOUT, figure_id) if i not in value_ids]
    summary = views.figure_summary(figure_id)
    rows: list[dict[str, Any]] = [
        {"claim": views.claim(claim.id), "disagrees": claim.id in conflicts.claims,
         "revised_by": views.claims(views.lookup(LinkMap.REVISED_BY, claim.id))} for claim in claims]
    chart = views.figure_chart(figure_id)
    return figure.name, {
        "record": figure, "description": views.markdown(figure.description),
        "values": rows,
        "stated": [row for row in rows if row["claim"].as_of],
        "unstated": [row for row in rows if not row["claim"].as_of],
        "spread": summary["spread"], "spread_text": summary["spread_text"],
        "disagreements": [(views.claim_ref(a), views.claim_ref(b)) for a, b in conflicts.pairs],
        "more_disagreements": conflicts.count - len(conflicts.pairs),
        "chart": chart, "claims_about": views.claims(about),
        "chart_notes": [{"number": number, "claim": views.claim(claim_id)}
                        for number, claim_id in enumerate(chart.footnotes if chart else (), start=1)]}


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def _text_blocks(source: Source, visible: str) -> list[highlight.Block]:
    if source.format == "md":
        return [highlight.Block(tuple(highlight.Leaf(*leaf) for leaf in leaves), render)
                for leaves, render in markdown.blocks(str(source.body), heading_offset=2)]
    blocks = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(visible), None]:
        end = match.start() if match else len(visible)
        paragraph = visible[start:end]
        if paragraph.strip():
            leaf = highlight.Leaf(start + len(paragraph) - len(paragraph.lstrip()), start + len(paragraph.rstrip()))
            blocks.append(highlight.Block((leaf,), functools.partial(_paragraph, leaf)))
        start = match.end() if match else end
    return blocks


def _paragraph(leaf: highlight.Leaf, html: Callable[[int, int], str]) -> str:
    """A paragraph of a plain-text source, its text rendered by `html(start, end)`."""
    return f"<p>{html(leaf.start, leaf.end)}</p>\n"


def _source(views: Views, source_id: str) -> tuple[str, dict[str, Any]]:
    source = views.links.resolved.whole(views.record("source", source_id))
    config = views.links.dossier.config
    visible = views.links.resolved.visible_texts[source_id]
    citing = views.lookup(LinkMap.CLAIMS_CITING, source_id)
    numbers = {claim_id: number for number, claim_id in enumerate(citing, start=1)}
    passages = views.lookup(LinkMap.PASSAGES, source_id)
    highlight_links = highlight.PassageLinks(
        claim=lambda i: (views.record_href("claim", i), views.statement_text(i)),
        person=lambda i: (views.record_href("person", i), views.outline("person", i).name),
        entity=views.entity_href)
    mentions = list(views.lookup(LinkMap.SOURCE_MENTIONS, source_id)) if config.mentions else []  # each made once
    text = highlight.render_text(visible, _text_blocks(source, visible), passages, mentions, highlight_links, numbers)
    mentioned = sorted({mention.entity for mention in mentions})
    return source.title, {
        "record": source, "note": views.markdown(source.note), "text": Markup(text),
        "citing": [{"number": numbers[i], "claim": views.claim(i)} for i in citing],
        "passages": passages, "mentioned": [views.entity(i) for i in mentioned],
        "capture": views.capture(source_id)}


def _claim(views: Views, claim_id: str) -> tuple[str, dict[str, Any]]:
    return f"Claim: {claim_id}", {"claim": views.claim(claim_id)}


RECORD_BUILDERS: dict[str, Callable[[Views, str], tuple[str, dict[str, Any]]]] = {
    kinds.PERSON.name: _person, kinds.AGENCY.name: _agency, kinds.FIGURE.name: _figure, kinds.SOURCE.name: _source,
    kinds.CLAIM.name: _claim}
"""Kind → (views, record id) → (title, context) of a record's page (its template: `<kind>.html`)."""
