"""JSON Schemas of config.yaml, of each record kind and of a source's front matter, for editors
(docs/editor.md): made from the very field definitions the validator reads with, so they cannot drift.

Each reader of schema.py, records.py and config.py maps to a JSON Schema fragment (the table of `_readers`);
a record kind's schema is its fields' fragments, with the validator's required keys, and no other
key (an unknown key is an error). The schemas describe YAML 1.2 as editors read it: `2014-11-20`
is a string, a bare year `2019` an integer. They check less than `dossier check` (references
between records, whether a date exists, quotes), never more.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from generator.read import config, records, schema
from generator.read.schema import Field, Reader
from generator.read.text_rules import LONG, MARKDOWN, QUOTE, SHORT, TextKind

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://dossier.invalid/schemas/"
"""The schemas' `$id`s: stable names under a domain that never resolves (RFC 2606), since the
schemas are files in the dossier, never fetched."""

Fragment = dict[str, Any]


def _anchored(pattern: re.Pattern[str]) -> str:
    """A Python pattern the validator fullmatches, as a JSON Schema pattern (which searches)."""
    return f"^(?:{pattern.pattern})$"


def _text(kind: TextKind) -> Fragment:
    """Any scalar is text to the validator (`title: 1984`), so a number is allowed too."""
    return {"type": ["string", "number"], "minLength": 1, "maxLength": kind.max_length, "pattern": r"\S"}


def _id() -> Fragment:
    """An id; `2019` is one too, which YAML 1.2 reads as a number."""
    return {"anyOf": [{"type": "string", "maxLength": schema.ID_MAX_LENGTH, "pattern": _anchored(schema.ID_PATTERN),
                       "not": {"enum": sorted(schema.WINDOWS_RESERVED)}},
                      {"type": "integer", "minimum": 0}]}


def _date() -> Fragment:
    """`2014-11-20` or `2014-11` (strings in YAML 1.2), or a bare year (a number)."""
    return {"anyOf": [{"type": "string", "pattern": _anchored(schema.DATE_PATTERN)},
                      {"type": "integer", "minimum": 1, "maximum": schema.MAX_YEAR}]}


def _number() -> Fragment:
    return {"type": "number", "minimum": -schema.MAX_NUMBER, "maximum": schema.MAX_NUMBER}


def _url(also_unsafe: str = "") -> Fragment:
    """An http(s) URL whose characters are none of schema.py's unsafe ones (nor `also_unsafe`)."""
    safe = schema.URL_UNSAFE.pattern.replace("[", "[^" + also_unsafe, 1)
    return {"type": "string", "pattern": f"^[Hh][Tt][Tt][Pp][Ss]?://{safe}+$"}



def _pair(item: Fragment) -> Fragment:
    return {"type": "array", "minItems": 2, "maxItems": 2, "items": item}


def _one_or_pair(item: Fragment) -> Fragment:
    return {"anyOf": [item, _pair(item)]}


def _list(item: Fragment, unique: bool = True) -> Fragment:
    return {"type": "array", "items": item, "uniqueItems": unique}


def _readers() -> dict[Reader, Callable[[], Fragment]]:
    """READERS: each reader's fragment, made on demand (the mapping readers refer to their schemas)."""
    return {
        schema.short_text: lambda: _text(SHORT),
        schema.text: lambda: _text(LONG),
        schema.markdown_text: lambda: _text(MARKDOWN),
        schema.quote: lambda: _text(QUOTE),
        schema.texts: lambda: _list(_text(SHORT)),
        schema.identifier: _id,
        schema.identifiers: lambda: _list(_id()),
        schema.date: _date,
        schema.date_or_range: lambda: _one_or_pair(_date()),
        schema.number: _number,
        schema.number_or_range: lambda: _one_or_pair(_number()),
        schema.web_url: _url,
        schema.language: lambda: {"type": "string", "pattern": _anchored(schema.LANGUAGE_TAG)},
        schema.sha256_hex: lambda: {"type": "string", "pattern": _anchored(schema.SHA256)},
        schema.day_or_moment: lambda: {"type": "string", "pattern": "^(?:\\d{4}-\\d{2}-\\d{2}|"
                                                                     f"{schema.DATE_TIME.pattern})$"},
        schema.file_name: lambda: {"type": "string", "pattern": r"^[^./\\][^/\\]*$", "maxLength": SHORT.max_length},
        schema.boolean: lambda: {"type": "boolean"},
        records.citations: lambda: {"type": "array", "minItems": 1, "items": mapping(records.CITATION_SCHEMA)},
        records.roles: lambda: _list(mapping(records.ROLE_SCHEMA), unique=False),
        records.relations: lambda: _list({"anyOf": [_id(), mapping(records.RELATION_ITEM_SCHEMA)]}),
        records.capture: lambda: mapping(records.CAPTURE_SCHEMA),
        config.read_base_url: lambda: _url(also_unsafe="?#"),  # where the site lives: no query, no fragment
        config.read_folder: lambda: _text(LONG),
    }


def fragment(read: Reader) -> Fragment:
    """The JSON Schema of what `read` accepts."""
    if isinstance(read, schema.Choice):
        return {"enum": list(read.choices)}
    return _readers()[read]()


def _property(field: Field, default: Any = None) -> Fragment:
    """A field's fragment with its docs text; an optional field may also be left empty (`aliases:`),
    which the validator reads as not given, and which `dossier new`'s skeletons write."""
    accepted = fragment(field.read) if field.required else {"anyOf": [fragment(field.read), {"type": "null"}]}
    described = {**accepted, "description": field.doc}
    return described if default is None else {**described, "default": default}


def mapping(fields: dict[str, Field], defaults: dict[str, Any] | None = None) -> Fragment:
    """A mapping of these fields, the required ones required, no other key."""
    defaults = defaults or {}
    return {"type": "object", "additionalProperties": False,
            "properties": {name: _property(field, defaults.get(name)) for name, field in fields.items()},
            "required": [name for name, field in fields.items() if field.required]}


CLAIM_KEYS_NEEDED = {"figure": ["value"], "value": ["figure"], "qualifier": ["value"]}
"""The keys a claim's key needs beside it, as records.py checks them (`_claim_value_consistent`):
`figure` and `value` go together, and a `qualifier` qualifies a value."""


def _claim() -> Fragment:
    """A claim: its fields, and the keys its keys need, said twice: `dependentRequired` for Draft
    2020-12, `dependencies` for the draft-07 that yaml-language-server implements (docs/editor.md)."""
    return {**mapping(records.CLAIM_SCHEMA), "dependentRequired": CLAIM_KEYS_NEEDED,
            "dependencies": CLAIM_KEYS_NEEDED}


def _document(name: str, title: str, body: Fragment) -> Fragment:
    return {"$schema": DRAFT, "$id": BASE_ID + name, "title": title, **body}


def json_schemas() -> dict[str, Fragment]:
    """File name → JSON Schema, as `dossier init` writes them into a dossier's `schemas/`."""
    return {
        "config.schema.json": _document("config.schema.json", "dossier config.yaml",
                                        mapping(config.CONFIG_SCHEMA, config.DEFAULTS)),
        "person.schema.json": _document("person.schema.json", "dossier person (content/people/<id>.yaml)",
                                        mapping(records.PERSON_SCHEMA)),
        "agency.schema.json": _document("agency.schema.json", "dossier agency (content/agencies/<id>.yaml)",
                                        mapping(records.AGENCY_SCHEMA)),
        "figure.schema.json": _document("figure.schema.json", "dossier figure (content/figures/<id>.yaml)",
                                        mapping(records.FIGURE_SCHEMA)),
        "claims.schema.json": _document("claims.schema.json", "dossier claims file (content/claims/<name>.yaml)",
                                        {"type": "array", "items": _claim()}),
        "source.schema.json": _document("source.schema.json",
                                        "dossier source front matter (content/sources/<id>.txt or .md)",
                                        mapping(records.SOURCE_SCHEMA)),
    }


def serialised(document: Fragment) -> str:
    """A schema as the file `dossier init` writes: the same bytes on every run (sorted keys)."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
