"""Records as plain data, and the field-by-field changes between two versions of one record."""

from __future__ import annotations

import dataclasses
import difflib
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.core.model import DateRange, Dossier, PartialDate
from generator.numbers.wording import format_value

LIST_FIELDS = frozenset({"aliases", "authors", "about", "supports", "disputes", "based_on", "revises", "hedges"})
TEXT_FIELDS = frozenset({"statement", "description", "note", "body", "derivation"})
ITEM_FIELDS = {"citations": "citations", "roles": "roles"}
NESTED_FIELDS = {"capture": ("file", "sha256", "captured")}
"""Mappings compared key by key, each key a change of its own (`capture.sha256`)."""
MAX_DIFF_LINES = 60
MAX_SHOWN = 300
"""Characters of one value shown in words (`shorten`): the diff's JSON and the data files have them whole."""
_NOT_COMPARED = frozenset({"span", "spans", "body_line"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a record, before and after.

    `kind` says how to show it: `scalar` (old → new), `list` (items added and removed), `text`
    (old → new, or a line diff for texts of several lines), `value` (a figure value with its
    qualifier and unit, as text: "more than 300 people"), `citations` and `roles` (items added
    and removed, each a mapping).
    """

    field: str
    kind: str
    old: Any
    """The old value as plain data (None when unset); None for a source's body (see `diff`)."""
    new: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    diff: tuple[str, ...] = ()
    """For texts of several lines: a unified diff (`-old line`, `+new line`, ` context`), cut short
    after MAX_DIFF_LINES lines with a last line saying how many more there were."""


def plain(value: Any) -> Any:
    """Records as dicts, lists, strings and numbers; dates as written (`2014-11`); no positions."""
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, DateRange):
        return [str(value.start), str(value.end)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)
                if field.name not in _NOT_COMPARED}
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def compare_records(kind: str, old: dict[str, Any], new: dict[str, Any], base: Dossier | None,
                    head: Dossier | None) -> tuple[FieldChange, ...]:
    """The fields that differ, in the record's own field order. A claim's `value` and `qualifier`
    are one change, shown as values ("more than 300 people → about 150 people")."""
    changes = []
    for name in [*old, *(key for key in new if key not in old)]:
        if kind == "claim" and name == "qualifier":
            continue
        if kind == "claim" and name == "value":
            if (old.get("value"), old.get("qualifier")) != (new.get("value"), new.get("qualifier")):
                changes.append(_value_change(old, new, base, head))
            continue
        before, after = old.get(name), new.get(name)
        if name in NESTED_FIELDS:
            changes += nested_changes(name, before, after)
        elif before != after:
            changes.append(field_change(name, before, after))
    return tuple(changes)


def nested_changes(name: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """`capture.file`, `capture.sha256`, `capture.captured`: each key that differs, old → new, so a
    replaced capture shows its old and new hash in full."""
    before, after = before or {}, after or {}
    return [FieldChange(f"{name}.{key}", "scalar", before.get(key), after.get(key))
            for key in NESTED_FIELDS[name] if before.get(key) != after.get(key)]


def field_change(name: str, before: Any, after: Any) -> FieldChange:
    if name in LIST_FIELDS or name in ITEM_FIELDS:
        old_items, new_items = before or [], after or []
        added = tuple(item for item in new_items if item not in old_items)
        removed = tuple(item for item in old_items if item not in new_items)
        return FieldChange(name, ITEM_FIELDS.get(name, "list"), before, after, added, removed)
    if name in TEXT_FIELDS:
        several_lines = any("\n" in (text or "").strip() for text in (before, after))
        diff = text_diff(before or "", after or "") if several_lines else ()
        if name == "body":
            return FieldChange(name, "text", None, None, diff=diff or text_diff(before or "", after or ""))
        return FieldChange(name, "text", before, after, diff=diff)
    return FieldChange(name, "scalar", before, after)


def paired_citations(change: FieldChange) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """A citations change as (removed, added) pairs of the same source, each a quote changed (paired
    by source, then in order), then the citations only added and those only removed."""
    added, removed, pairs = list(change.added), [], []
    for old in change.removed:
        source = old.get("source") if isinstance(old, dict) else None
        new = next((item for item in added if isinstance(item, dict) and item.get("source") == source), None)
        if new is None:
            removed.append(old)
        else:
            added.remove(new)
            pairs.append((old, new))
    return pairs, added, removed


def text_diff(before: str, after: str) -> tuple[str, ...]:
    """A unified diff of the two texts' lines, without its `---`/`+++` header (the first two lines,
    when there are any), so that a line of the text that starts with `--` is kept."""
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1))[2:]
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"… {len(lines) - MAX_DIFF_LINES} more lines"]
    return tuple(lines)


def _value_change(old: dict[str, Any], new: dict[str, Any], base: Dossier | None,
                  head: Dossier | None) -> FieldChange:
    return FieldChange("value", "value", _value(old, base), _value(new, head))


def _value(claim: dict[str, Any], dossier: Dossier | None) -> dict[str, Any] | None:
    """`{"value": 300, "qualifier": "more than", "text": "more than 300 people"}`, or None."""
    value = claim.get("value")
    if value is None:
        return None
    figure = dossier.figures.get(claim.get("figure") or "") if dossier else None
    as_claim = types.SimpleNamespace(value=tuple(value) if isinstance(value, list) else value,
                                     qualifier=claim.get("qualifier"))
    text = format_value(as_claim, figure.unit if figure else "")  # type: ignore[arg-type]
    return {"value": value, "qualifier": claim.get("qualifier"), "text": text.strip()}


def show(value: Any) -> str:
    """A plain value in words: (none), a list joined by commas, a citation as `source: “quote”`."""
    if value is None or value == []:
        return "(none)"
    if isinstance(value, dict) and "quote" in value:
        return f"{value['source']}: “{value['quote']}”"
    if isinstance(value, dict) and "title" in value and "agency" in value:
        dates = f" ({value.get('since') or '…'} – {value.get('until') or ''})" if value.get("since") or \
            value.get("until") else ""
        return f"{value['title']}, {value['agency']}{dates}"
    if isinstance(value, dict) and "text" in value:
        return value["text"]
    if isinstance(value, dict) and "hedge" in value:
        return f"{value['relation']} {value['claim']} ({value['hedge']})"
    if isinstance(value, list):
        return ", ".join(show(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
