"""The site plan: every page, its template, what it shows, and the records it was made from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator import figures as figure_math, highlight, markdown, urls
from generator.link import Links
from generator.model import Source
from generator.views import Views

SECTIONS = (("people", "People"), ("agencies", "Agencies"), ("figures", "Figures"), ("sources", "Sources"),
            ("claims", "Claims"))


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    """Where the page is written, relative to the site root."""
    template: str
    context: dict[str, Any]
    inputs: frozenset[str]
    """Records the page shows (`claim:<id>`, `person:<id>`…) or `*` for pages listing a whole kind."""


def plan(links: Links) -> list[Page]:
    views = [Views(links, depth) for depth in range(3)]
    pages = [_home(links, views[0])]
    pages += _section_indexes(links, views[1])
    pages += _record_pages(links, views[2])
    return sorted(pages, key=lambda page: page.path)


def _site(views: Views, path: str, title: str, section: str | None) -> dict[str, Any]:
    """What every page's base template needs."""
    config = views.links.dossier.config
    canonical = urls.absolute(config.base_url, path, config.link_style) if config.base_url else None
    return {
        "title": config.title,
        "language": config.language,
        "page_title": title,
        "home": views.href(urls.HOME),
        "stylesheet": views.root + "assets/style.css",
        "nav": [{"label": label, "href": views.href(urls.section_page(name)), "current": name == section}
                for name, label in SECTIONS],
        "canonical": canonical,
    }


def _page(views: Views, path: str, template: str, title: str, section: str | None, inputs: set[str],
          **context: Any) -> Page:
    return Page(path, template, {"site": _site(views, path, title, section), **context}, frozenset(inputs))


def _home(links: Links, views: Views) -> Page:
    dossier = links.dossier
    counts = {"sources": len(dossier.sources), "people": len(dossier.people), "agencies": len(dossier.agencies),
              "figures": len(dossier.figures), "claims": len(dossier.claims)}
    figures = [_figure_summary(links, views, figure_id) for figure_id in dossier.figures]
    disputed = [views.claim(claim_id) for claim_id, claim in dossier.claims.items() if claim.disputes]
    return _page(views, urls.HOME, "index.html", dossier.config.title, None, {"*"},
                 description=views.markdown(dossier.config.description), counts=counts,
                 figures=figures, disputes=disputed,
                 sections=[{"label": label, "href": views.href(urls.section_page(name)), "count": counts[name]}
                           for name, label in SECTIONS])


def _figure_summary(links: Links, views: Views, figure_id: str) -> dict[str, Any]:
    claims = [links.dossier.claims[i] for i in links.values_of.get(figure_id, ())]
    return {"ref": views.entity(figure_id), "unit": links.dossier.figures[figure_id].unit, "count": len(claims),
            "spread": figure_math.spread(claims), "disagreements": len(figure_math.disagreements(claims))}


def _section_indexes(links: Links, views: Views) -> list[Page]:
    dossier = links.dossier
    people = [{"ref": views.entity(i), "description": views.markdown(p.description, inline=True),
               "claims": len(links.claims_by.get(i, ())) + len(links.claims_about.get(i, ()))}
              for i, p in dossier.people.items()]
    agencies = [{"ref": views.entity(i), "description": views.markdown(a.description, inline=True),
                 "short_name": a.short_name, "kind": a.kind,
                 "claims": len(links.claims_by.get(i, ())) + len(links.claims_about.get(i, ()))}
                for i, a in dossier.agencies.items()]
    figures = [_figure_summary(links, views, figure_id) for figure_id in dossier.figures]
    sources = sorted(({"ref": views.source(i), "source": s, "claims": len(links.claims_citing.get(i, ()))}
                      for i, s in dossier.sources.items()),
                     key=lambda item: (item["source"].date.sort_key(), item["ref"].id), reverse=True)
    return [
        _page(views, "people/index.html", "people.html", "People", "people", {"*"}, people=people),
        _page(views, "agencies/index.html", "agencies.html", "Agencies", "agencies", {"*"}, agencies=agencies),
        _page(views, "figures/index.html", "figures.html", "Figures", "figures", {"*"}, figures=figures),
        _page(views, "sources/index.html", "sources.html", "Sources", "sources", {"*"}, sources=sources),
        _page(views, "claims/index.html", "claims.html", "Claims timeline", "claims", {"*"},
              timeline=_timeline(links, views)),
    ]


def _timeline(links: Links, views: Views) -> list[dict[str, Any]]:
    """Claims grouped by year, ordered by date; a claim dated only "2014" comes first in 2014."""
    dated = sorted((claim for claim in links.dossier.claims.values() if claim.date),
                   key=lambda claim: (claim.date.sort_key(), claim.id))
    years: dict[int, list] = {}
    for claim in dated:
        years.setdefault(claim.date.year, []).append(views.claim(claim.id))
    groups = [{"label": str(year), "claims": claims} for year, claims in sorted(years.items())]
    undated = [views.claim(claim_id) for claim_id, claim in links.dossier.claims.items() if not claim.date]
    if undated:
        groups.append({"label": "Undated", "claims": undated})
    return groups


def _record_pages(links: Links, views: Views) -> Iterator[Page]:
    dossier = links.dossier
    for person_id in dossier.people:
        yield _entity_page(links, views, "person", person_id)
    for agency_id in dossier.agencies:
        yield _entity_page(links, views, "agency", agency_id)
    for figure_id in dossier.figures:
        yield _figure_page(links, views, figure_id)
    for source_id in dossier.sources:
        yield _source_page(links, views, source_id)
    for claim_id in dossier.claims:
        yield _claim_page(links, views, claim_id)


def _inputs(kind: str, record_id: str, *claim_groups) -> set[str]:
    return {f"{kind}:{record_id}", *(f"claim:{c}" for group in claim_groups for c in group)}


def _entity_page(links: Links, views: Views, kind: str, entity_id: str) -> Page:
    dossier = links.dossier
    record = dossier.people[entity_id] if kind == "person" else dossier.agencies[entity_id]
    claims_by, claims_about = links.claims_by.get(entity_id, ()), links.claims_about.get(entity_id, ())
    context: dict[str, Any] = {
        "record": record,
        "description": views.markdown(record.description),
        "claims_by": views.claims(claims_by),
        "claims_about": views.claims(claims_about),
        "related": [views.entity(i) for i in links.related.get(entity_id, ())],
        "mentioned_in": [views.source(i) for i in links.mentioned_in.get(entity_id, ())],
        "authored": [views.source(i) for i in links.authored.get(entity_id, ())],
    }
    if kind == "person":
        context["roles"] = [views.role(record, role) for role in record.roles]
        template = "person.html"
    else:
        context["parent"] = views.entity(record.parent) if record.parent else None
        context["children"] = [views.entity(i) for i in links.children.get(entity_id, ())]
        context["roles"] = [views.role(dossier.people[person_id], dossier.people[person_id].roles[index])
                            for person_id, index in links.roles_at.get(entity_id, ())]
        template = "agency.html"
    section = urls.SECTIONS[kind]
    return _page(views, urls.record_page(kind, entity_id), template, record.name, section,
                 _inputs(kind, entity_id, claims_by, claims_about) | {"*"}, **context)


def _figure_page(links: Links, views: Views, figure_id: str) -> Page:
    dossier = links.dossier
    figure = dossier.figures[figure_id]
    value_ids = links.values_of.get(figure_id, ())
    claims = [dossier.claims[i] for i in value_ids]
    conflicts = figure_math.disagreements(claims)
    in_conflict = {claim_id for pair in conflicts for claim_id in pair}
    about = [i for i in links.claims_about.get(figure_id, ()) if i not in value_ids]
    return _page(views, urls.record_page("figure", figure_id), "figure.html", figure.name, "figures",
                 _inputs("figure", figure_id, value_ids, about),
                 record=figure, description=views.markdown(figure.description),
                 values=[{"claim": views.claim(i), "disagrees": i in in_conflict} for i in value_ids],
                 spread=figure_math.spread(claims),
                 disagreements=[(views.claim_ref(a), views.claim_ref(b)) for a, b in conflicts],
                 chart=views.figure_chart(figure_id), claims_about=views.claims(about))


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def _text_blocks(source: Source, visible: str) -> list[highlight.Block]:
    if source.format == "md":
        return [highlight.Block(tuple(highlight.Leaf(*leaf) for leaf in leaves), render)
                for leaves, render in markdown.blocks(source.body, heading_offset=2)]
    blocks = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(visible), None]:
        end = match.start() if match else len(visible)
        paragraph = visible[start:end]
        if paragraph.strip():
            leaf = highlight.Leaf(start + len(paragraph) - len(paragraph.lstrip()), start + len(paragraph.rstrip()))
            blocks.append(highlight.Block((leaf,), lambda html, leaf=leaf: f"<p>{html(leaf.start, leaf.end)}</p>\n"))
        start = match.end() if match else end
    return blocks


def _source_page(links: Links, views: Views, source_id: str) -> Page:
    dossier = links.dossier
    source = dossier.sources[source_id]
    visible = links.resolved.visible_texts[source_id]
    citing = links.claims_citing.get(source_id, ())
    numbers = {claim_id: number for number, claim_id in enumerate(citing, start=1)}
    passages = links.passages.get(source_id, ())
    highlight_links = highlight.Links(
        claim=lambda i: (views.record_href("claim", i), views.claim(i).statement_text),
        person=lambda i: (views.record_href("person", i), dossier.people[i].name),
        entity=views.entity_href)
    mentions = links.source_mentions.get(source_id, ()) if dossier.config.mentions else ()
    text = highlight.render_text(visible, _text_blocks(source, visible), passages, mentions, highlight_links, numbers)
    mentioned = sorted({mention.entity for mention in mentions})
    return _page(views, urls.record_page("source", source_id), "source.html", source.title, "sources",
                 _inputs("source", source_id, citing) | {f"person:{p}" for passage in passages for p in passage.people}
                 | {f"entity:{e}" for e in mentioned},
                 record=source, note=views.markdown(source.note), text=Markup(text),
                 citing=[{"number": numbers[i], "claim": views.claim(i)} for i in citing],
                 passages=passages, mentioned=[views.entity(i) for i in mentioned])


def _claim_page(links: Links, views: Views, claim_id: str) -> Page:
    claim = links.dossier.claims[claim_id]
    related = {*claim.supports, *claim.disputes, *claim.based_on, *links.supported_by.get(claim_id, ()),
               *links.disputed_by.get(claim_id, ()), *links.basis_for.get(claim_id, ())}
    return _page(views, urls.record_page("claim", claim_id), "claim.html", f"Claim: {claim_id}", "claims",
                 _inputs("claim", claim_id, related), claim=views.claim(claim_id))
