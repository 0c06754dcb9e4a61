"""`data/sources.json`: the dossier's sources as a CSL-JSON bibliography, for Zotero and other
reference managers and for citeproc processors (docs/open-data.md, "sources.json").

Names are given as the source gives them (`{"literal": "Mira Holt"}`): splitting a name into
family and given parts cannot be done reliably across languages. Dates are `date-parts`, as
precise as written (citeproc-py ignores CSL's `raw` dates).
"""

from __future__ import annotations

import json
from collections.abc import Generator
from typing import Any

from generator.core.model import PartialDate, Source
from generator.core.steps import Pace
from generator.link.links import Links
from generator.site.open_data import KeptRows, kept_lines
from generator.text import markdown

PATH = "data/sources.json"
SHOWN = frozenset({"title", "kind", "publisher", "authors", "date", "url", "accessed", "language", "note",
                   "archive_url"})
"""The fields of a source its item shows (the diff reads it: diff/pages.py)."""

CSL_TYPES = {"news": "article-newspaper", "blog": "post-weblog", "report": "report", "statement": "report",
             "transcript": "interview", "video": "motion_picture", "other": "article"}
"""A source's `kind` → its CSL item type (CSL 1.0.1, which citeproc-py knows)."""
GENRES = {"statement": "Statement"}
"""Kinds told apart from others of their CSL type by `genre` (as Zotero names a press release's type)."""
IN_CONTAINER = frozenset({"news", "blog"})
"""Kinds whose publisher is the paper or site the piece appeared in (`container-title`); the
publisher of any other kind is its `publisher`, and its author when it names none."""


def date_parts(date: PartialDate) -> dict[str, list[list[int]]]:
    parts = [date.year] + ([date.month] if date.month else []) + ([date.day] if date.day else [])
    return {"date-parts": [parts]}


def csl_item(source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item; keys without a value are left out."""
    item: dict[str, Any] = {"id": source.id, "type": CSL_TYPES[source.kind], "title": source.title,
                            "genre": GENRES.get(source.kind)}
    if source.kind in IN_CONTAINER:
        item["container-title"] = source.publisher
    else:
        item["publisher"] = source.publisher
    authors = [{"literal": name} for name in source.authors]
    if not authors and source.kind not in IN_CONTAINER:
        authors = [{"literal": source.publisher}]
    note = [markdown.plain_text(source.note) if source.note else None,
            f"Archived copy: {source.archive_url}" if source.archive_url else None]
    item |= {"author": authors or None, "issued": date_parts(source.date), "URL": source.url,
             "accessed": date_parts(source.accessed) if source.accessed else None, "language": source.language,
             "note": "\n".join(line for line in note if line) or None}
    return {key: value for key, value in item.items() if value is not None}


def sources_json(links: Links, kept: KeptRows | None, pace: Pace) -> Generator[None, None, bytes]:
    """The bibliography: a JSON array of the sources in id order, one to a line, made in steps
    (`pace`: core/steps.py). With `kept` (from the last build), only the items of sources that
    changed are made again."""
    lines = yield from kept_lines({} if kept is None else kept, PATH, links.dossier.sources.values(),
                                  lambda source: (), lambda source: json.dumps(csl_item(source), ensure_ascii=False),
                                  pace)
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")
