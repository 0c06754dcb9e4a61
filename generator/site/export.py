"""Machine-readable outputs: `dossier.json` (every record, resolved), `sitemap.xml` and the search index.

The schema of dossier.json is documented in docs/dossier-json.md. Each record is serialised on
its own and kept for the next build, and what it read is recorded in the site's dependency graph
(graph.Dependencies): a rebuild after a one-claim edit serialises one claim and joins the rest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from generator.core import kinds, urls
from generator.core.jsontext import indented
from generator.core.kinds import Kind
from generator.core.model import Agency, Citation, Claim, DateRange, Figure, PartialDate, Person, Source
from generator.core.shelf import text_length
from generator.core.steps import Pace
from generator.link.links import LinkMap, Links
from generator.site import keys
from generator.site.captures import shown_capture
from generator.site.graph import Dependencies
from generator.site.keys import InputKey
from generator.site.open_data import KeptRows
from generator.site.reading import LinkReader
from generator.site.search_entries import search_entry

SCHEMA_VERSION = 1


def _date(value: PartialDate | DateRange | None) -> Any:
    if isinstance(value, DateRange):
        return [str(value.start), str(value.end)]
    return str(value) if value is not None else None


def _ref(kind: str, record_id: str | None) -> dict[str, str] | None:
    return {"id": record_id, "url": urls.record_page(kind, record_id)} if record_id else None


def _relation(claim: Claim, relation: str, target: str) -> dict[str, str] | None:
    """A claim reference, with its `hedge` ("likely", "possibly") when the link is hedged."""
    hedge = claim.hedge(relation, target)
    ref = _ref("claim", target)
    return {**ref, "hedge": hedge} if ref and hedge else ref


class _Serialiser(LinkReader):
    """Turns records into dossier.json's objects; references resolved through the link stage, each
    read recorded (see reading.LinkReader)."""

    def made(self, kind: Kind, record_id: str) -> tuple[dict[str, Any], frozenset[InputKey]]:
        """A record's object, and what it was made from."""
        self.touched = set()
        serialise: dict[Kind, Callable[[Any], dict[str, Any]]] = {
            kinds.PERSON: self.person, kinds.AGENCY: self.agency, kinds.FIGURE: self.figure,
            kinds.SOURCE: self.source, kinds.CLAIM: self.claim}
        return serialise[kind](self.record(kind.name, record_id)), frozenset(self.touched)

    def entity(self, record_id: str | None) -> dict[str, str] | None:
        return _ref(self.entity_kind(record_id), record_id) if record_id else None

    def citation(self, cited: Citation) -> dict[str, Any]:
        location, anchor = self.located((cited.source, cited.quote))
        return {"source": _ref("source", cited.source), "quote": cited.quote, "anchor": anchor,
                "url": f"{urls.record_page('source', cited.source)}#{anchor}",
                "start": location.start, "end": location.end}

    def person(self, p: Person) -> dict[str, Any]:
        return {"id": p.id, "url": urls.record_page("person", p.id), "name": p.name, "aliases": list(p.aliases),
                "description": p.description,
                "roles": [{"title": r.title, "agency": self.entity(r.agency), "since": _date(r.since),
                           "until": _date(r.until), "citations": [self.citation(c) for c in r.citations]}
                          for r in p.roles]}

    def agency(self, a: Agency) -> dict[str, Any]:
        return {"id": a.id, "url": urls.record_page("agency", a.id), "name": a.name, "short_name": a.short_name,
                "aliases": list(a.aliases), "kind": a.kind, "country": a.country, "parent": self.entity(a.parent),
                "description": a.description}

    def figure(self, f: Figure) -> dict[str, Any]:
        return {"id": f.id, "url": urls.record_page("figure", f.id), "name": f.name, "unit": f.unit,
                "description": f.description,
                "values": [_ref("claim", c) for c in self.lookup(LinkMap.VALUES_OF, f.id)]}

    def source(self, s: Source) -> dict[str, Any]:
        return {"id": s.id, "url": urls.record_page("source", s.id), "title": s.title, "publisher": s.publisher,
                "date": _date(s.date), "authors": list(s.authors), "original_url": s.url,
                "archive_url": s.archive_url, "accessed": _date(s.accessed), "language": s.language,
                "kind": s.kind, "format": s.format, "note": s.note,
                "text_length": text_length(self.links.resolved.visible_texts, s.id), "capture": self.capture(s)}

    def capture(self, s: Source) -> dict[str, Any] | None:
        shown = shown_capture(s.capture, self.links.resolved.captures.get(s.id),
                              self.links.dossier.config.publish_captures)
        return None if shown is None else dataclasses.asdict(shown)

    def claim(self, c: Claim) -> dict[str, Any]:
        return {"id": c.id, "url": urls.record_page("claim", c.id), "statement": c.statement, "by": self.entity(c.by),
                "about": [self.entity(t) for t in c.about], "date": _date(c.date), "figure": self.entity(c.figure),
                "value": list(c.value) if isinstance(c.value, tuple) else c.value, "qualifier": c.qualifier,
                "as_of": _date(c.as_of), "status": c.status,
                "derivation": c.derivation,
                "supports": [_relation(c, "supports", t) for t in c.supports],
                "disputes": [_relation(c, "disputes", t) for t in c.disputes],
                "based_on": [_relation(c, "based_on", t) for t in c.based_on],
                "revises": [_ref("claim", t) for t in c.revises],
                "note": c.note, "citations": [self.citation(cited) for cited in c.citations]}


@dataclass(slots=True)
class JsonParts:
    """dossier.json as the last build made it, in parts (each record's text at its place in its
    section), so that a rebuild serialises only the records whose inputs changed."""

    sections: dict[str, list[bytes]] = field(default_factory=dict)
    """Section ("claims"…) → its records' texts, in id order, encoded: the file is written from
    them as bytes (JsonFile), with no 40 MB text to encode again at each edit."""
    places: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    """(kind, id) → (section, index in it)."""
    head: str = ""
    unsettled: bool = False
    """The sections changed since `digest` was made (its steps were left undone)."""
    digest: bytes = b""
    """Tells this data from the last build's: a hash of the bytes after a full serialisation, then
    a hash of the last digest and of the records serialised again (hashing 40 MB at every edit would
    cost more than serialising one claim)."""


@dataclass(frozen=True, slots=True)
class JsonFile:
    """dossier.json as the pieces it joins to (the parts' own bytes, not copies), and its digest:
    written about a megabyte at a time (output/write.py), never joined into one 40 MB copy at 10,000
    sources (docs/performance.md, "The preview's memory")."""

    pieces: tuple[bytes, ...]
    digest: bytes

    @property
    def size(self) -> int:
        return sum(map(len, self.pieces))


def dossier_json_steps(links: Links, parts: JsonParts | None, changed: set[InputKey] | None,
                       graph: Dependencies | None, pace: Pace) -> Generator[None, None, JsonFile]:
    """dossier.json in pieces, with its digest, made in steps (`pace`: core/steps.py; the preview answers
    requests and takes saves in between). `parts` (kept by the caller between builds) spares the
    records not in `changed` (what changed since the last time, and what was made from it, as
    `graph` records: None when everything changed), when the ids of every kind are the same as the
    last time; `graph` records what each record's object reads."""
    parts = parts if parts is not None else JsonParts()
    same_ids = changed is not None and bool(parts.places) and not keys.ids_came_or_went(changed)
    unsettled, parts.unsettled = parts.unsettled, True  # until hashed, should serialising fail part-way
    remade = yield from _serialised_again(links, parts, changed, graph, same_ids, pace)
    config = links.dossier.config
    head = {"description": config.description, "schema": SCHEMA_VERSION, "title": config.title}
    parts.unsettled = not same_ids or bool(remade) or parts.head != repr(head) or unsettled
    pieces = _pieces(parts, head)
    if parts.unsettled:
        yield from pace.pause()
        hashed = pieces if not same_ids else [b"\0".join([parts.digest.hex().encode(), repr(head).encode(), *remade])]
        parts.digest = yield from _hashed(hashed, pace)
        parts.head, parts.unsettled = repr(head), False
    return JsonFile(pieces, parts.digest)


def _hashed(pieces: Sequence[bytes], pace: Pace) -> Generator[None, None, bytes]:
    """The digest of the bytes `pieces` join to (40 MB at 10,000 sources: 50 ms at once), a piece
    at a time: the same digest as of the joined bytes."""
    hashing = hashlib.blake2b(digest_size=16)
    for index, piece in enumerate(pieces, 1):
        hashing.update(piece)
        if index % 1024 == 0 and pace.due():  # about 0.4 MB: asking the clock at each piece would cost a third more
            yield None
    return hashing.digest()


def _serialised_again(links: Links, parts: JsonParts, changed: set[InputKey] | None, graph: Dependencies | None,
                      same_ids: bool, pace: Pace) -> Generator[None, None, list[bytes]]:
    """Serialise the records `changed` affects into `parts` (every record, when ids came or went or
    nothing is kept: the others as they were); the texts that differ from the last, when the ids are
    the same."""
    serialiser = _Serialiser(links)
    if changed is None or not parts.places:
        yield from _serialise_all(parts, serialiser, graph, pace)
        return []
    if not same_ids:
        yield from _serialise_all(parts, serialiser, graph, pace, _kept_texts(parts, changed))
        return []
    remade = []
    again = {record for key in changed if (record := keys.serialised_record(key)) in parts.places}
    # Left half-way, the parts stay unsettled, and the next build serialises these records again
    # for the changes carried over.
    for kind, record_id in sorted(again):
        section, index = parts.places[(kind, record_id)]
        text = _serialised(serialiser, kinds.BY_NAME[kind], record_id, graph)
        if text != parts.sections[section][index]:
            parts.sections[section][index] = text
            remade.append(text)
        if pace.due():
            yield None
    return remade


def _pieces(parts: JsonParts, head: dict[str, Any]) -> tuple[bytes, ...]:
    """The file's pieces: its sections and the head's fields in key order, as `json.dumps(…, indent=1,
    sort_keys=True)` writes them."""
    fields: dict[str, list[bytes]] = {section: [b"[\n", *_separated(texts), b"\n ]"] if texts else [b"[]"]
                                      for section, texts in parts.sections.items()}
    fields |= {key: [json.dumps(value, ensure_ascii=False).encode()] for key, value in head.items()}
    pieces = [b"{\n"]
    for key in sorted(fields):
        pieces += [b",\n" if len(pieces) > 1 else b"", b' "', key.encode(), b'": ', *fields[key]]
    pieces.append(b"\n}\n")
    return tuple(pieces)


def _separated(texts: list[bytes]) -> list[bytes]:
    """`texts` with a comma and a line break between each two (what `b",\\n".join` would give, unjoined)."""
    separated = [b",\n"] * (2 * len(texts) - 1)
    separated[::2] = texts
    return separated


def _kept_texts(parts: JsonParts, changed: set[InputKey]) -> dict[tuple[str, str], bytes]:
    """The last serialisation of each record not in `changed` (records came or went: the others'
    objects are the same unless what they read changed)."""
    again = {record for key in changed if (record := keys.serialised_record(key)) is not None}
    return {record: parts.sections[section][index] for record, (section, index) in parts.places.items()
            if record not in again}


def _serialise_all(parts: JsonParts, serialiser: _Serialiser, graph: Dependencies | None, pace: Pace,
                   kept: dict[tuple[str, str], bytes] | None = None) -> Generator[None, None, None]:
    """Every record's object, in order; those in `kept` as they were. `parts` is changed in the
    last step only: work left part-way (a save came) leaves it as it was."""
    kept = kept if kept is not None else {}
    sections: dict[str, list[bytes]] = {}
    places: dict[tuple[str, str], tuple[str, int]] = {}
    try:
        for kind in kinds.KINDS:
            texts = sections[kind.plural] = []
            for index, record_id in enumerate(serialiser.links.records[kind.name]):
                places[(kind.name, record_id)] = (kind.plural, index)
                text = kept.get((kind.name, record_id))
                texts.append(text if text is not None else _serialised(serialiser, kind, record_id, graph))
                if pace.due():
                    yield None
    except Exception:  # no part is kept: the next build serialises every record
        parts.sections, parts.places = {}, {}
        raise
    parts.sections, parts.places = sections, places


def _serialised(serialiser: _Serialiser, kind: Kind, record_id: str, graph: Dependencies | None) -> bytes:
    data, inputs = serialiser.made(kind, record_id)
    if graph is not None:
        graph.record(keys.serialised(kind.name, record_id), inputs)
    text = indented(data)
    return ("  " + text.replace("\n", "\n  ")).encode()


def sitemap(base_url: str, pages: list[str], link_style: str) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(urls.absolute(base_url, page, link_style))}</loc></url>" for page in sorted(pages)]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


SearchEntries = dict[tuple[str, str], tuple[object, tuple, str]]
"""Kept between builds: (kind, id) → (the record, what else its entry was made from, the entry)."""


@dataclass(slots=True)
class DataParts:
    """What the data files keep from one build to the next."""

    json: JsonParts = field(default_factory=JsonParts)
    """dossier.json in parts (see dossier_json_steps)."""
    search: SearchEntries = field(default_factory=dict)
    """search-index.js by record (see search_index)."""
    tables: KeptRows = field(default_factory=dict)
    """The open data files by record: each CSV row, each bibliography item (see open_data.kept_lines)."""

    def drop_json(self) -> None:
        """Forget dossier.json's parts (they may have been made from what is no longer there)."""
        self.json = JsonParts()


def search_index(links: Links, kept: SearchEntries | None, pace: Pace) -> Generator[None, None, bytes]:
    """`search-index.js`: what the search page searches (every record's name, its other names, a
    claim's statement), as a script that sets `DOSSIER_SEARCH`: a script loads from disk too, where
    browsers refuse to fetch a JSON file. Each entry is [kind, title, page, other words]; a claim's
    other words are the names (and short names) of who said it and what it is about. With `kept`, an
    entry is made again only when its record (or a name it shows) changed. Made in steps (`pace`:
    core/steps.py), `kept` updated in the last."""
    kept = {} if kept is None else kept
    dossier = links.dossier
    directory = dossier.config.link_style == "directory"
    names = {**{i: p.name for i, p in dossier.people.items()},
             **{i: f"{a.name} {a.short_name}" if a.short_name else a.name for i, a in dossier.agencies.items()},
             **{i: f.name for i, f in dossier.figures.items()}}
    entries: SearchEntries = {}
    for kind in kinds.SITE_ORDER:
        for record_id, record in kind.records(dossier).items():
            shown = tuple(names[e] for e in (record.by, *record.about) if e) if isinstance(record, Claim) else ()
            last = kept.get((kind.name, record_id))
            if last is None or last[0] is not record or last[1] != (directory, shown):
                page = urls.record_page(kind.name, record_id)
                entry = search_entry(kind, record, page.removesuffix("index.html") if directory else page, shown)
                last = (record, (directory, shown), json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
            entries[(kind.name, record_id)] = last
            if pace.due():
                yield None
    kept.clear()
    kept.update(entries)
    return ("window.DOSSIER_SEARCH = [" + ",".join(text for _, _, text in entries.values()) + "];\n").encode()
