"""Records from one parsed file: each kind read against its schema (validate.py assembles them by id).

Everything wrong is reported, not just the first thing: a record with a bad field is still
checked field by field, and is left out of the dossier only at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.core.diagnostics import INVALID, Context, Diagnostic, Span
from generator.core.kinds import AGENCY, CLAIM, FIGURE, PERSON, SOURCE, Kind
from generator.core.model import (
    HEDGES,
    RELATIONS,
    Agency,
    AgencyId,
    Capture,
    Citation,
    Claim,
    Config,
    Figure,
    FigureId,
    Hedge,
    Person,
    PersonId,
    Role,
    Source,
)
from generator.core.shelf import Text, in_memory
from generator.read import schema
from generator.read.load import RecordFile, SourceFile
from generator.read.schema import Field, Fields
from generator.text.yamltree import Mapping, Node, Sequence

AGENCY_KINDS = ("government", "international", "armed-group", "media", "academic", "ngo", "other")
SOURCE_KINDS = ("news", "blog", "report", "statement", "transcript", "video", "other")
QUALIFIERS = ("exactly", "about", "more than", "at least", "less than", "at most", "up to")
STATUSES = ("reported", "corroborated", "disputed", "refuted", "retracted")

CITATION_SCHEMA = {
    "source": Field(schema.identifier, required=True, doc="a source id"),
    "quote": Field(schema.quote, required=True, doc="the exact words of that source"),
}


def _citation(node: Node, label: str, ctx: Context) -> Any:
    fields = schema.read_mapping(node, CITATION_SCHEMA, "a citation", ctx)
    if fields is None or not fields.ok:
        return INVALID
    return Citation(fields.get("source"), fields.get("quote"), fields.span, fields.spans)


def citations(node: Node, label: str, ctx: Context) -> Any:
    """A list of citations, at least one."""
    found = schema.list_of(_citation, node, label, ctx, unique=False)
    if found is not INVALID and not found and isinstance(node, Sequence):
        return ctx.error("citation.none", f"'{label}' needs at least one citation", node.span)
    return found


ROLE_SCHEMA = {
    "title": Field(schema.short_text, required=True, doc="Chairman, Deputy Chairperson…"),
    "agency": Field(schema.identifier, required=True, doc="the agency (an agency id; a person id is also accepted)"),
    "since": Field(schema.date, doc="when the role began"),
    "until": Field(schema.date, doc="when it ended"),
    "citations": Field(citations, required=True, doc="where a source says so"),
}


def _role(node: Node, label: str, ctx: Context) -> Any:
    fields = schema.read_mapping(node, ROLE_SCHEMA, "a role", ctx)
    if fields is None or not fields.ok:
        return INVALID
    since, until = fields.get("since"), fields.get("until")
    if since and until and since.first_day() > until.last_day():
        return ctx.error("range.order", f"role starts ({since}) after it ends ({until})", fields.spans["until"])
    return Role(fields.get("title"), fields.get("agency"), since, until, fields.get("citations"), fields.span,
                fields.spans)


def roles(node: Node, label: str, ctx: Context) -> Any:
    """A person's list of roles."""
    return schema.list_of(_role, node, label, ctx, unique=False)


RELATION_ITEM_SCHEMA = {
    "claim": Field(schema.identifier, required=True, doc="a claim id"),
    "hedge": Field(schema.Choice(*HEDGES), doc="likely or possibly"),
}


def _relation_item(node: Node, label: str, ctx: Context) -> Any:
    """A claim id, or `{claim: id, hedge: likely|possibly}`: (id, hedge or None)."""
    if not isinstance(node, Mapping):
        claim_id = schema.identifier(node, label, ctx)
        return INVALID if claim_id is INVALID else (claim_id, None)
    fields = schema.read_mapping(node, RELATION_ITEM_SCHEMA, f"an item of '{label}'", ctx)
    if fields is None or not fields.ok:
        return INVALID
    return fields.get("claim"), fields.get("hedge")


def relations(node: Node, label: str, ctx: Context) -> Any:
    """`supports`, `disputes`, `based_on`: a list of claim ids, each plain or hedged, none twice."""
    items = schema.list_of(_relation_item, node, label, ctx, unique=False)
    if items is INVALID or not isinstance(node, Sequence):
        return INVALID
    seen: set[str] = set()
    for (claim_id, _), item in zip(items, node.items):
        if claim_id in seen:
            return ctx.error("value.repeated", f"'{claim_id}' is listed twice in '{label}'", item.span)
        seen.add(claim_id)
    return items


CAPTURE_SCHEMA = {
    "file": Field(schema.file_name, required=True, doc="the capture's file name in content/captures/ (no folders)"),
    "sha256": Field(schema.sha256_hex, required=True, doc="the SHA-256 of the file's bytes: 64 lowercase hex digits"),
    "captured": Field(schema.day_or_moment, required=True,
                      doc="when the original was collected: a date (2014-11-21) or an RFC 3339 date-time"),
}


def capture(node: Node, label: str, ctx: Context) -> Any:
    """A source's `capture:` block (docs/captures.md): every key of it required."""
    fields = schema.read_mapping(node, CAPTURE_SCHEMA, f"'{label}'", ctx)
    if fields is None or not fields.ok:
        return INVALID
    return Capture(fields.get("file"), fields.get("sha256"), fields.get("captured"), fields.span, fields.spans)


PERSON_SCHEMA = {
    "name": Field(schema.short_text, required=True, doc="the name as the dossier writes it"),
    "aliases": Field(schema.texts, doc="other spellings found in sources; used to link mentions"),
    "description": Field(schema.markdown_text, doc="who this is, in a sentence or two"),
    "roles": Field(roles, doc="positions held, each one cited"),
}
AGENCY_SCHEMA = {
    "name": Field(schema.short_text, required=True, doc="full name"),
    "short_name": Field(schema.short_text, doc="abbreviation (KNB); also used to link mentions"),
    "aliases": Field(schema.texts, doc="other names found in sources"),
    "kind": Field(schema.Choice(*AGENCY_KINDS), doc="what kind of body it is; default other"),
    "country": Field(schema.short_text, doc="the country it belongs to"),
    "parent": Field(schema.identifier, doc="the agency this one is part of (an agency id)"),
    "description": Field(schema.markdown_text, doc="what the agency is, in a sentence or two"),
}
FIGURE_SCHEMA = {
    "name": Field(schema.short_text, required=True, doc="what is counted"),
    "unit": Field(schema.short_text, required=True,
                  doc="what one of the counted things is called, as a plural noun: people, acts, years, countries, "
                      "US dollars; or percent"),
    "description": Field(schema.markdown_text, doc="what is counted and how, in a sentence or two"),
}
SOURCE_SCHEMA = {
    "title": Field(schema.short_text, required=True, doc="the headline or title"),
    "publisher": Field(schema.short_text, required=True, doc="who published it"),
    "date": Field(schema.date, required=True, doc="publication date"),
    "authors": Field(schema.texts, doc="bylines"),
    "url": Field(schema.web_url, doc="the original"),
    "archive_url": Field(schema.web_url, doc="an archived copy (e.g. the Wayback Machine)"),
    "accessed": Field(schema.date, doc="when the curator read it"),
    "language": Field(schema.language, doc="language of the text, a BCP 47 tag (en, ru, kk-Cyrl)"),
    "kind": Field(schema.Choice(*SOURCE_KINDS), doc="what kind of text it is; default news"),
    "note": Field(schema.markdown_text, doc="what the curator removed or inferred"),
    "capture": Field(capture, doc="the original this text is cut from"),
}
CLAIM_SCHEMA = {
    "id": Field(schema.identifier, required=True, doc="unique across all claims"),
    "statement": Field(schema.markdown_text, required=True, doc="what is claimed, in the curator's words"),
    "by": Field(schema.identifier, doc="the person or agency that made the claim"),
    "about": Field(schema.identifiers, doc="people, agencies or figures the claim concerns"),
    "date": Field(schema.date, doc="when the claim was made"),
    "figure": Field(schema.identifier, doc="the figure this claim reports a value for"),
    "value": Field(schema.number_or_range, doc="the value reported; at most 10^18 either way"),
    "qualifier": Field(schema.Choice(*QUALIFIERS), doc="how the source qualifies the value; none means exactly"),
    "as_of": Field(schema.date_or_range, doc="the time the value describes, when the source states it"),
    "status": Field(schema.Choice(*STATUSES), doc="the curator's standing of this claim; default reported"),
    "supports": Field(relations, doc="claims this one supports"),
    "disputes": Field(relations, doc="claims this one disputes"),
    "based_on": Field(relations, doc="claims this one's value derives from"),
    "revises": Field(schema.identifiers,
                     doc="earlier claims by the same speaker that this later estimate replaces"),
    "derivation": Field(schema.markdown_text,
                        doc="how a value its quotes do not state was worked out; shown beside the value"),
    "note": Field(schema.markdown_text, doc="the curator's remark"),
    "citations": Field(citations, required=True, doc="source + quote, as for roles"),
}


def _person(fields: Fields, record_id: str) -> Person:
    return Person(PersonId(record_id), fields.get("name"), fields.get("aliases", ()), fields.get("description"),
                  fields.get("roles", ()), fields.span, fields.spans)


def _agency(fields: Fields, record_id: str) -> Agency:
    return Agency(AgencyId(record_id), fields.get("name"), fields.get("short_name"), fields.get("aliases", ()),
                  fields.get("kind", "other"), fields.get("country"), fields.get("parent"), fields.get("description"),
                  fields.span, fields.spans)


def _figure(fields: Fields, record_id: str) -> Figure:
    return Figure(FigureId(record_id), fields.get("name"), fields.get("unit"), fields.get("description"), fields.span,
                  fields.spans)


ENTITY_KINDS: dict[Kind[Any], tuple[dict[str, Field], Callable[[Fields, str], Any]]] = {
    PERSON: (PERSON_SCHEMA, _person), AGENCY: (AGENCY_SCHEMA, _agency), FIGURE: (FIGURE_SCHEMA, _figure)}
"""Kind → (its schema, how to make it) of the kinds held one a file."""


def _entity(record: RecordFile, ctx: Context, broken: set[str]) -> Any:
    record_schema, build = ENTITY_KINDS[record.kind]
    record_id = schema.check_id(record.stem, "the file name", Span(record.path), ctx)
    fields = schema.read_mapping(record.root, record_schema, record.kind.indefinite, ctx)
    if fields is None or not fields.ok or record_id is INVALID:
        broken.add(record.stem)
        return None
    return build(fields, record_id)


def _source(file: SourceFile, config: Config, ctx: Context, broken: set[str], keep: Callable[[str], Text]
            ) -> Source | None:
    record_id = schema.check_id(file.stem, "the file name", Span(file.path), ctx)
    fields = schema.read_mapping(file.front, SOURCE_SCHEMA, "a source's front matter", ctx)
    if not file.body.strip():
        ctx.error("source.empty-body", "source has no text after its front matter", Span(file.path, file.body_line))
        fields = None
    if fields is None or not fields.ok or record_id is INVALID:
        broken.add(file.stem)
        return None
    return Source(record_id, fields.get("title"), fields.get("publisher"), fields.get("date"),
                  fields.get("authors", ()), fields.get("url"), fields.get("archive_url"), fields.get("accessed"),
                  fields.get("language", config.language), fields.get("kind", "news"), fields.get("note"),
                  fields.get("capture"), file.format, keep(file.body), file.body_line, fields.span, fields.spans)


def _claims(record: RecordFile, ctx: Context, broken: set[str]) -> tuple[list[Claim], list[Claim]]:
    """The file's claims, and its claims with errors read as far as they could be: those are left
    out of the dossier but still checked for their references, quotes and value, so that one run
    reports every mistake (docs/content.md, "Errors and warnings")."""
    if not isinstance(record.root, Sequence):
        ctx.error("type.list", "a claims file must be a list of claims, each starting with '- id: …'",
                  record.root.span)
        return [], []
    claims, partial = [], []
    for node in record.root.items:
        read, with_errors = read_claim(node, ctx, broken)
        claims += [read] if read is not None else []
        partial += [with_errors] if with_errors is not None else []
    return claims, partial


def read_claim(node: Node, ctx: Context, broken: set[str]) -> tuple[Claim | None, Claim | None]:
    """One item of a claims file: (the claim, None), or (None, the claim as far as it reads) when it
    has errors, or (None, None) when it has no id to report it by."""
    fields = schema.read_mapping(node, CLAIM_SCHEMA, "a claim", ctx)
    if fields is None:
        return None, None
    unread = {key for key in ("figure", "value", "qualifier") if key in fields.spans and key not in fields.values}
    consistent = not unread and _claim_value_consistent(fields, ctx)  # a field that failed was reported
    if fields.ok and consistent:
        return _claim(fields), None
    if "id" in fields.values:
        broken.add(fields.values["id"])
        return None, _claim(fields)
    return None, None


def _claim_value_consistent(fields: Fields, ctx: Context) -> bool:
    """`figure` and `value` go together; a `qualifier` qualifies a value."""
    has_figure, has_value = "figure" in fields.values, "value" in fields.values
    if has_figure and not has_value:
        ctx.error("claim.value-missing", "claim names a figure but gives no 'value'", fields.spans["figure"],
                  "add 'value: <number>' or '[low, high]'")
        return False
    if has_value and not has_figure:
        ctx.error("claim.figure-missing", "claim gives a 'value' but names no 'figure'", fields.spans["value"],
                  "add 'figure: <figure id>'")
        return False
    if "qualifier" in fields.values and not has_value:
        ctx.error("claim.qualifier-alone", "'qualifier' qualifies a value, but the claim gives none",
                  fields.spans["qualifier"])
        return False
    return True


def _claim(fields: Fields) -> Claim:
    """The claim the fields describe; from a claim with errors, the part that reads (see _claims)."""
    get = fields.get
    relations = {name: get(name, ()) for name in RELATIONS}
    hedges = tuple(Hedge(name, claim_id, hedge) for name, items in relations.items() for claim_id, hedge in items
                   if hedge is not None)
    ids = {name: tuple(claim_id for claim_id, _ in items) for name, items in relations.items()}
    return Claim(get("id"), get("statement", ""), get("by"), get("about", ()), get("date"), get("figure"),
                 get("value"), get("qualifier"), get("as_of"), get("status", "reported"), ids["supports"],
                 ids["disputes"], ids["based_on"], get("note"), get("citations", ()), fields.span, fields.spans,
                 get("derivation"), get("revises", ()), hedges)


@dataclass(frozen=True, slots=True)
class FileRecords:
    """What one file holds once validated."""

    path: str
    folder: str
    records: tuple
    broken: frozenset[str]
    diagnostics: tuple[Diagnostic, ...]
    partial: tuple[Claim, ...] = ()
    """Claims with errors, as far as they could be read (see _claims)."""
    pieces: tuple = field(default=(), compare=False, repr=False)
    """A long claims file's items, each as read on its own, for the next read to reuse those that
    did not change (read/pieces.py); empty for any other file."""


def validate_file(file: RecordFile | SourceFile, config: Config, keep: Callable[[str], Text] = in_memory
                  ) -> FileRecords:
    """The records of one file; `keep` keeps a source's text (the preview's Builder puts it on a
    shelf, core/shelf.py)."""
    ctx = Context([])
    broken: set[str] = set()
    if isinstance(file, SourceFile):
        folder, source = SOURCE.folder, _source(file, config, ctx, broken, keep)
        records: tuple = (source,) if source is not None else ()
    elif file.kind is CLAIM:
        claims, partial = _claims(file, ctx, broken)
        return FileRecords(file.path, CLAIM.folder, tuple(claims), frozenset(broken), tuple(ctx.diagnostics),
                           tuple(partial))
    else:
        entity = _entity(file, ctx, broken)
        folder, records = file.kind.folder, (entity,) if entity is not None else ()
    return FileRecords(file.path, folder, records, frozenset(broken), tuple(ctx.diagnostics))
