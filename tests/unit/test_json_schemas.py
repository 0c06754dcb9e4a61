"""The editors' JSON Schemas (generator/read/json_schemas.py, docs/editor.md): valid Draft 2020-12,
self-contained and deterministic; made of the validator's own field definitions; each field's
description the docs' words for it; and what they accept and reject, value by value."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.read import config, records
from generator.read.json_schemas import json_schemas, serialised
from generator.read.schema import Field

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = json_schemas()
NAMES = ["config.schema.json", "person.schema.json", "agency.schema.json", "figure.schema.json",
         "claims.schema.json", "source.schema.json"]

DEFINITIONS: dict[str, tuple[str, dict[str, Field]]] = {
    "config": ("config.schema.json", config.CONFIG_SCHEMA),
    "person": ("person.schema.json", records.PERSON_SCHEMA),
    "role": ("person.schema.json", records.ROLE_SCHEMA),
    "citation": ("claims.schema.json", records.CITATION_SCHEMA),
    "agency": ("agency.schema.json", records.AGENCY_SCHEMA),
    "figure": ("figure.schema.json", records.FIGURE_SCHEMA),
    "claim": ("claims.schema.json", records.CLAIM_SCHEMA),
    "relation item": ("claims.schema.json", records.RELATION_ITEM_SCHEMA),
    "source": ("source.schema.json", records.SOURCE_SCHEMA),
    "capture": ("source.schema.json", records.CAPTURE_SCHEMA),
}
"""Each mapping the validator reads, and the schema that holds it."""


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every object schema (one with `properties`) in a schema, however deeply nested."""
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_the_six_schemas_are_named_as_init_writes_them():
    assert sorted(SCHEMAS) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_valid_draft_2020_12_and_self_contained(name):
    document = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"https://dossier.invalid/schemas/{name}"
    assert '"$ref"' not in json.dumps(document)


def test_the_schemas_are_the_same_on_every_run():
    assert json.dumps(json_schemas(), sort_keys=True) == json.dumps(SCHEMAS, sort_keys=True)


@pytest.mark.parametrize("what", DEFINITIONS)
def test_each_mapping_has_the_validators_fields_required_as_it_requires_them(what):
    name, fields = DEFINITIONS[what]
    matching = [node for node in _objects(SCHEMAS[name]) if set(node["properties"]) == set(fields)]
    assert matching, f"no object in {name} has the fields of a {what}"
    for node in matching:
        assert node["required"] == [key for key, field in fields.items() if field.required]
        assert node["additionalProperties"] is False  # an unknown key is an error (schema.unknown-key)
        assert all(node["properties"][key]["description"] == field.doc for key, field in fields.items())


def _normal(text: str) -> str:
    """Markdown as words: links as their text, no code marks or emphasis, one space, lowercase."""
    text = re.sub(r"\[([^]]*)]\([^)]*\)", r"\1", text)
    return " ".join(text.replace("`", "").replace("*", "").split()).lower()


def _section(path: Path, heading: str) -> str:
    """The text of the `## ` section of a Markdown file whose heading starts so."""
    parts = re.split(r"^## ", path.read_text(encoding="utf-8"), flags=re.M)
    return next(part for part in parts[1:] if part.startswith(heading))


def _tables(section: str) -> list[dict[str, str]]:
    """A section's tables, each as key → its last cell (the meaning), in order."""
    tables: list[dict[str, str]] = []
    for block in re.split(r"\n(?!\|)", section):
        rows = [row for row in block.splitlines() if re.match(r"\| `\w+` \|", row)]
        if rows:
            tables.append({row.split("`")[1]: row.rstrip(" |").rsplit(" | ", 1)[-1] for row in rows})
    return [table for table in tables if table]


CONTENT = REPO / "docs/content.md"
DOCS: dict[str, dict[str, str] | str] = {
    "config": next(table for table in _tables(_section(REPO / "README.md", "Configuration")) if "link_style" in table),
    "person": _tables(_section(CONTENT, "People"))[0],
    "role": _tables(_section(CONTENT, "People"))[1],
    "citation": _section(CONTENT, "People"),
    "agency": _tables(_section(CONTENT, "Agencies"))[0],
    "figure": _tables(_section(CONTENT, "Figures"))[0],
    "claim": _tables(_section(CONTENT, "Claims"))[0],
    "relation item": _section(CONTENT, "Claims"),
    "source": _tables(_section(CONTENT, "Sources"))[0],
    "capture": _tables(_section(REPO / "docs/captures.md", "The `capture:` key"))[0],
}
"""Where the docs describe each mapping's fields: a table's meaning column, or (for the small
mappings documented in a sentence) the section's text."""


@pytest.mark.parametrize("what", DEFINITIONS)
def test_each_fields_description_is_in_the_docs_words_for_it(what):
    """The rule: a field's description, normalised, is part of its table row's meaning (or of the
    section's text), so the hover help may be shorter than the docs, never different."""
    _, fields = DEFINITIONS[what]
    docs = DOCS[what]
    for key, field in fields.items():
        assert field.doc, f"{what} '{key}' has no description"
        where = docs if isinstance(docs, str) else docs[key]
        assert _normal(field.doc) in _normal(where), f"{what} '{key}': {field.doc!r} is not in the docs: {where!r}"


def _errors(name: str, document: Any) -> list[str]:
    return [error.message for error in jsonschema.Draft202012Validator(SCHEMAS[name]).iter_errors(document)]


PERSON = {"name": "Ana Lind"}
CITATION = {"source": "gazette", "quote": "Ana Lind said"}
CLAIM = {"id": "a-claim", "statement": "x", "citations": [CITATION]}
ROLE = {"title": "Director", "agency": "harbour-fund", "citations": [CITATION]}


@pytest.mark.parametrize("document", [
    {**PERSON, "roles": [{**ROLE, "since": 2019, "until": "2021-03"}]},  # a bare year is an integer in YAML 1.2
    {**PERSON, "roles": [{**ROLE, "since": "2014-11-20"}]},
    {**PERSON, "aliases": None, "description": None},  # an empty optional key is not given
    {**PERSON, "name": 1984},  # any scalar is text
], ids=["year-and-month", "day", "empty-optional", "number-as-text"])
def test_a_person_the_validator_accepts_is_accepted(document):
    assert _errors("person.schema.json", document) == []


@pytest.mark.parametrize(("document", "mistake"), [
    ({**PERSON, "alias": ["Lind"]}, "Additional properties are not allowed ('alias' was unexpected)"),
    ({"aliases": ["Lind"]}, "'name' is a required property"),
    ({**PERSON, "roles": [{**ROLE, "since": "4 March 2021"}]}, "'4 March 2021' does not match"),
    ({**PERSON, "roles": [{**ROLE, "agency": "Harbour Fund"}]}, "'Harbour Fund' does not match"),
    ({**PERSON, "roles": [{**ROLE, "citations": []}]}, "[] should be non-empty"),
    ({**PERSON, "name": "M" * 501}, "is too long"),
    ({**PERSON, "name": "  "}, "does not match '\\\\S'"),
], ids=["unknown-key", "missing-key", "date", "id", "no-citation", "too-long", "blank"])
def test_a_person_the_validator_rejects_is_rejected(document, mistake):
    best = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(SCHEMAS["person.schema.json"]).iter_errors(
        document))
    assert best is not None
    assert mistake in best.message


@pytest.mark.parametrize(("change", "valid"), [
    ({"figure": "loss", "value": [1, 2.5], "qualifier": "about", "as_of": ["2020", 2021]}, True),
    ({"supports": ["b", {"claim": "c", "hedge": "likely"}], "status": "disputed"}, True),
    ({"value": 3}, False),
    ({"figure": "loss"}, False),
    ({"figure": "loss", "value": "300"}, False),
    ({"figure": "loss", "value": 10**19}, False),
    ({"figure": "loss", "value": [1, 2, 3]}, False),
    ({"status": "disputd"}, False),
    ({"supports": [{"claim": "c", "hedge": "surely"}]}, False),
    ({"about": ["x", "x"]}, False),
    ({"id": "con"}, False),
], ids=["value", "relations", "value-alone", "figure-alone", "quoted-number", "huge", "three-ends", "status",
        "hedge", "repeated", "reserved-id"])
def test_a_claim_is_checked_as_the_validator_checks_its_fields(change, valid):
    assert (_errors("claims.schema.json", [{**CLAIM, **change}]) == []) is valid


@pytest.mark.parametrize(("change", "valid"), [
    ({"url": "https://example.org/a?b=c", "language": "kk-Cyrl", "kind": "report"}, True),
    ({"capture": {"file": "a.html", "sha256": "0" * 64, "captured": "2014-11-21T08:00:00Z"}}, True),
    ({"url": "javascript:alert(1)"}, False),
    ({"url": "https://example.org/a b"}, False),
    ({"language": 'en"><script>'}, False),
    ({"capture": {"file": "../a.html", "sha256": "0" * 64, "captured": "2014-11-21"}}, False),
    ({"capture": {"file": "a.html", "sha256": "A" * 64, "captured": "2014-11-21"}}, False),
    ({"capture": {"file": "a.html", "sha256": "0" * 64}}, False),
], ids=["url", "capture", "scheme", "space", "language", "folder", "uppercase-hash", "no-captured"])
def test_a_sources_front_matter_is_checked_as_the_validator_checks_it(change, valid):
    front = {"title": "t", "publisher": "p", "date": 2021, **change}
    assert (_errors("source.schema.json", front) == []) is valid


def test_config_offers_the_defaults_and_choices():
    properties = SCHEMAS["config.schema.json"]["properties"]
    assert properties["output_dir"]["default"] == "site"
    assert properties["mentions"]["default"] is True
    assert properties["link_style"]["anyOf"][0] == {"enum": ["file", "directory"]}
    assert _errors("config.schema.json", {"title": "T", "link_style": "folder"})
    assert _errors("config.schema.json", {"title": "T", "mentions": True, "base_url": "https://x.org/"}) == []


def test_a_claims_file_is_a_list_of_claims():
    assert _errors("claims.schema.json", [CLAIM, {**CLAIM, "id": "another"}]) == []
    assert _errors("claims.schema.json", CLAIM)  # a claim not in a list (docs/content.md: '- id: …')


def test_a_claims_needed_keys_are_said_for_draft_07_editors_too():
    """yaml-language-server implements draft-07, whose `dependencies` Draft 2020-12 renamed."""
    claim = SCHEMAS["claims.schema.json"]["items"]
    assert claim["dependencies"] == claim["dependentRequired"] == {"figure": ["value"], "value": ["figure"],
                                                                  "qualifier": ["value"]}
    draft7 = jsonschema.Draft7Validator({**claim, "dependentRequired": {}})
    assert not draft7.is_valid({**CLAIM, "value": 3})


def test_a_schema_is_serialised_with_sorted_keys():
    text = serialised(SCHEMAS["person.schema.json"])
    assert json.loads(text) == SCHEMAS["person.schema.json"]
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
