"""What changed in a record, in the words `dossier diff` uses (history/fields.py `show`, `shorten`):
one short line a change, for record pages, the Changes page and the feed (docs/history.md)."""

from __future__ import annotations

from collections.abc import Iterable

from generator.history.fields import FieldChange, paired_citations, shorten, show

SHORT = 120
"""Characters of a text shown on each side of a change (`statement: “old” → “new”`)."""
CONTEXT = 4
"""Words alike shown before and after the words that differ in a long text."""
ITEM_NAMES = {"citations": "citation", "roles": "role"}
"""How one item of a list of mappings is named in `citation added: …`."""


def change_lines(fields: Iterable[FieldChange]) -> tuple[str, ...]:
    """The lines for a record's changed fields, in the record's field order."""
    return tuple(line for change in fields for line in field_lines(change))


def field_lines(change: FieldChange) -> list[str]:
    """The lines for one changed field."""
    if change.kind == "citations":
        return citation_lines(change)
    if change.kind in ("list", "roles"):
        return item_lines(change)
    if change.kind == "text":
        return [text_line(change)]
    return [f"{change.field}: {shorten(show(change.old), SHORT)} → {shorten(show(change.new), SHORT)}"]


def text_line(change: FieldChange) -> str:
    """`statement: “old” → “new”`, each cut around what differs; a source's body: `text changed`."""
    if change.field == "body":
        return "text changed"
    old, new = excerpts(change.old, change.new)
    return f"{change.field}: {old} → {new}"


def excerpts(old: str | None, new: str | None, limit: int = SHORT) -> tuple[str, str]:
    """Both texts quoted; when one is longer than `limit`, only the words that differ with
    CONTEXT words on each side, the rest left out (`…`): “…about 300 people in…” → “…more than 300
    people in…”."""
    if old is None or new is None or max(len(old), len(new)) <= limit:
        return _quoted(old, limit), _quoted(new, limit)
    before, after = old.split(), new.split()
    same_start = _common_length(before, after)
    same_end = _common_length(before[same_start:][::-1], after[same_start:][::-1])
    start, end = max(0, same_start - CONTEXT), max(0, same_end - CONTEXT)
    return _cut(before, start, end, limit), _cut(after, start, end, limit)


def _common_length(first: list[str], second: list[str]) -> int:
    """How many words the two lists have alike from their start."""
    count = 0
    for one, other in zip(first, second):
        if one != other:
            break
        count += 1
    return count


def _cut(words: list[str], start: int, end: int, limit: int) -> str:
    """The words but `start` at the front and `end` at the back, quoted, with `…` where words are left out."""
    middle = shorten(" ".join(words[start:len(words) - end]), limit)
    return f"“{'…' if start else ''}{middle}{'…' if end and not middle.endswith('…') else ''}”"


def _quoted(text: str | None, limit: int) -> str:
    return "(none)" if text is None else f"“{shorten(text, limit)}”"


def item_lines(change: FieldChange) -> list[str]:
    """`aliases added: A, B`, `role removed: Treasurer, harbour-fund (2019 – )`; a list whose order
    only changed: `aliases: order changed`."""
    name = ITEM_NAMES.get(change.field)
    if name is None:
        lines = [f"{change.field} {verb}: {shorten(show(list(items)), SHORT)}"
                 for verb, items in (("added", change.added), ("removed", change.removed)) if items]
    else:
        lines = [f"{name} {verb}: {shorten(show(item), SHORT)}"
                 for verb, items in (("added", change.added), ("removed", change.removed)) for item in items]
    return lines or [f"{change.field}: order changed"]


def citation_lines(change: FieldChange) -> list[str]:
    """A citation whose quote changed for the same source: `quote changed`; others `citation added: …`
    and `citation removed: …` (history/fields.py `paired_citations`)."""
    pairs, added, removed = paired_citations(change)
    lines = ["quote changed"] * len(pairs)
    lines += [f"citation added: {shorten(show(item), SHORT)}" for item in added]
    lines += [f"citation removed: {shorten(show(item), SHORT)}" for item in removed]
    return lines or ["citations: order changed"]


