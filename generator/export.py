"""Machine-readable outputs: `dossier.json` (every record, resolved) and `sitemap.xml`.

The schema of dossier.json is documented in docs/dossier-json.md.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from generator import urls
from generator.link import Links
from generator.model import Citation, DateRange, PartialDate

SCHEMA_VERSION = 1


def _date(value: PartialDate | DateRange | None) -> Any:
    if isinstance(value, DateRange):
        return [str(value.start), str(value.end)]
    return str(value) if value is not None else None


def _ref(kind: str, record_id: str | None) -> dict[str, str] | None:
    return {"id": record_id, "url": urls.record_page(kind, record_id)} if record_id else None


def dossier_json(links: Links) -> bytes:
    dossier = links.dossier
    entity_kind = links.entity_kinds

    def entity(record_id: str | None) -> dict[str, str] | None:
        return _ref(entity_kind[record_id], record_id) if record_id else None

    def citation(cited: Citation) -> dict[str, Any]:
        key = (cited.source, cited.quote)
        location = links.resolved.locations[key]
        anchor = links.anchors[key]
        return {"source": _ref("source", cited.source), "quote": cited.quote, "anchor": anchor,
                "url": f"{urls.record_page('source', cited.source)}#{anchor}",
                "start": location.start, "end": location.end}

    document = {
        "schema": SCHEMA_VERSION,
        "title": dossier.config.title,
        "description": dossier.config.description,
        "people": [{"id": p.id, "url": urls.record_page("person", p.id), "name": p.name, "aliases": list(p.aliases),
                    "description": p.description,
                    "roles": [{"title": r.title, "agency": entity(r.agency), "since": _date(r.since),
                               "until": _date(r.until), "citations": [citation(c) for c in r.citations]}
                              for r in p.roles]}
                   for p in dossier.people.values()],
        "agencies": [{"id": a.id, "url": urls.record_page("agency", a.id), "name": a.name,
                      "short_name": a.short_name, "aliases": list(a.aliases), "kind": a.kind, "country": a.country,
                      "parent": entity(a.parent), "description": a.description}
                     for a in dossier.agencies.values()],
        "figures": [{"id": f.id, "url": urls.record_page("figure", f.id), "name": f.name, "unit": f.unit,
                     "description": f.description, "values": [_ref("claim", c) for c in links.values_of.get(f.id, ())]}
                    for f in dossier.figures.values()],
        "sources": [{"id": s.id, "url": urls.record_page("source", s.id), "title": s.title, "publisher": s.publisher,
                     "date": _date(s.date), "authors": list(s.authors), "original_url": s.url,
                     "archive_url": s.archive_url, "accessed": _date(s.accessed), "language": s.language,
                     "kind": s.kind, "format": s.format, "note": s.note,
                     "text_length": len(links.resolved.visible_texts[s.id])}
                    for s in dossier.sources.values()],
        "claims": [{"id": c.id, "url": urls.record_page("claim", c.id), "statement": c.statement, "by": entity(c.by),
                    "about": [entity(t) for t in c.about], "date": _date(c.date), "figure": entity(c.figure),
                    "value": list(c.value) if isinstance(c.value, tuple) else c.value, "qualifier": c.qualifier,
                    "as_of": _date(c.as_of), "status": c.status,
                    "supports": [_ref("claim", t) for t in c.supports],
                    "disputes": [_ref("claim", t) for t in c.disputes],
                    "based_on": [_ref("claim", t) for t in c.based_on],
                    "note": c.note, "citations": [citation(cited) for cited in c.citations]}
                   for c in dossier.claims.values()],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def sitemap(base_url: str, pages: list[str], link_style: str) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(urls.absolute(base_url, page, link_style))}</loc></url>" for page in sorted(pages)]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
