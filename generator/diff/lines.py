"""A field's change as lines, the plain data that the text and Markdown formats show: old → new
for values, the words that changed for texts (a text of several lines line by line, a quote of a
citation whose source stayed), the items added and removed for lists (docs/review.md)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.diff.words import Segment, alike, word_diff
from generator.history.fields import FieldChange, paired_citations, show


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a field's change, as the text and Markdown formats show it."""

    sign: str
    """`~` changed, `+` added, `-` removed; in a text of several lines also ` ` a line left as it
    was, `⋯` a gap between the parts that changed and `…` how many more lines there were."""
    words: str = ""
    """The item or line; for `~`, the old value (then `new` is set) or the words before `segments`."""
    new: str | None = None
    segments: tuple[Segment, ...] = ()
    """For `~`: the words that changed (generator/diff/words.py)."""


def field_lines(change: FieldChange) -> list[Line]:
    """The lines for one field: old → new for values, the words that changed for texts (a text of
    several lines line by line), the items added and removed for lists."""
    if change.kind == "citations":
        return citation_lines(change)
    if change.kind in ("list", "roles"):
        lines = [Line("+", show(item)) for item in change.added] + [Line("-", show(item)) for item in change.removed]
        return lines or [Line("~", f"{show(change.old)} → {show(change.new)} (order)")]
    if change.diff:
        return text_diff_lines(change.diff)
    if change.kind == "text" and change.old and change.new:
        return [Line("~", segments=word_diff(change.old, change.new))]
    return [Line("~", show(change.old), new=show(change.new))]


def citation_lines(change: FieldChange) -> list[Line]:
    """Citations added and removed; a removed and an added one of the same source (paired by source,
    then in order) are one quote changed, shown word by word."""
    pairs, added, removed = paired_citations(change)
    lines = []
    for old, new in pairs:
        quote = word_diff(old.get("quote") or "", new.get("quote") or "")
        lines.append(Line("~", f"quote changed: {new.get('source')}: ",
                          segments=(Segment("equal", "“"), *quote, Segment("equal", "”"))))
    lines += [Line("+", show(item)) for item in added] + [Line("-", show(item)) for item in removed]
    return lines or [Line("~", f"{show(change.old)} → {show(change.new)} (order)")]


def text_diff_lines(diff: tuple[str, ...]) -> list[Line]:
    """A unified line diff (history/fields.py `text_diff`) as lines, each line changed in place
    (a removed line and an added one alike) shown word by word instead of as a -/+ pair."""
    lines: list[Line] = []
    removed: list[str] = []
    added: list[str] = []
    for row in (*diff, ""):
        if not row.startswith(("-", "+")) or (row.startswith("-") and added):
            lines += changed_lines(removed, added)
            removed, added = [], []
        if row.startswith("-"):
            removed.append(row[1:])
        elif row.startswith("+"):
            added.append(row[1:])
        elif row:
            lines.append(_unchanged(row))
    return lines


def changed_lines(removed: list[str], added: list[str]) -> list[Line]:
    """Removed lines followed by added ones: each removed line paired with the next added line
    alike (generator/diff/words.py `alike`), in order; lines without a partner stay whole."""
    lines: list[Line] = []
    next_removed = next_added = 0
    for index, old in enumerate(removed):
        partner = next((at for at in range(next_added, len(added)) if alike(old, added[at])), None)
        if partner is None:
            continue
        lines += [Line("-", line) for line in removed[next_removed:index]]
        lines += [Line("+", line) for line in added[next_added:partner]]
        lines.append(Line("~", segments=word_diff(old, added[partner])))
        next_removed, next_added = index + 1, partner + 1
    lines += [Line("-", line) for line in removed[next_removed:]]
    return lines + [Line("+", line) for line in added[next_added:]]


def _unchanged(row: str) -> Line:
    if row.startswith("@@"):
        return Line("⋯")
    if row.startswith("…"):
        return Line("…", row)
    return Line(" ", row[1:])
