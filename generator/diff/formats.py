"""A DossierDiff as text for a terminal, Markdown for a pull-request comment, or JSON for tools.

Everything from the content is untrusted: in text it is shown with control characters escaped, in
Markdown it is escaped so that it cannot open links, raw HTML, code spans or mentions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.core import kinds, urls
from generator.core.diagnostics import plural
from generator.core.kinds import REPORT_ORDER
from generator.diff.changes import DossierDiff, Problem, RecordChange
from generator.diff.lines import Line, field_lines
from generator.diff.words import Segment, is_marks_only, visible
from generator.history.fields import FieldChange, shorten

MARKER = "<!-- dossier-diff -->"
"""The first line of the Markdown report: CI finds its earlier comment by it, to update it."""
SCHEMA_ID = "dossier-diff/1"
STATUS_ORDER = ("added", "removed", "renamed", "changed", "unreadable")


# Plain words shared by the formats ---------------------------------------------------------------


def counts(diff: DossierDiff) -> dict[str, dict[str, int]]:
    """Kind → status → how many records (only the statuses that occur)."""
    found: dict[str, dict[str, int]] = {}
    for record in diff.records:
        if record.status != "unchanged":
            by_status = found.setdefault(record.kind, {})
            by_status[record.status] = by_status.get(record.status, 0) + 1
    return found


def summary(diff: DossierDiff) -> str:
    """`1 claim changed, 1 person added; 1 quote no longer matches its source; 9 pages change`."""
    parts = [f"{plural(count, kind.name)} {status}" for kind in REPORT_ORDER for status in STATUS_ORDER
             if (count := counts(diff).get(kind.name, {}).get(status))]
    if diff.settings:
        parts.append(f"{plural(len(diff.settings), 'setting')} changed")
    text = ", ".join(parts) or ("no record changed" if diff.changed else "no change in what the dossier says")
    if broken := len(diff.broken_quotes):
        matches = "matches its source" if broken == 1 else "match their sources"
        text += f"; {plural(broken, 'quote')} no longer {matches}"
    new = [p for p in _all_problems(diff) if p.change == "new" and not p.breaks_quote]
    fixed = [p for p in _all_problems(diff) if p.change == "fixed"]
    if new:
        text += f"; {plural(len(new), 'new problem')}"
    if fixed:
        text += f"; {plural(len(fixed), 'problem')} fixed"
    if diff.pages:
        text += f"; {plural(len(diff.pages), 'file')} of the site change{'s' if len(diff.pages) == 1 else ''}"
    return text


def _all_problems(diff: DossierDiff) -> list[Problem]:
    return [problem for record in diff.records for problem in record.problems] + list(diff.problems)


def head_state(diff: DossierDiff) -> str:
    head = diff.head
    if head.errors:
        return f"{diff.head.label} has {plural(head.errors, 'error')}: the site cannot be built until they are fixed" \
            if head.errors > 1 else f"{diff.head.label} has 1 error: the site cannot be built until it is fixed"
    return f"{diff.head.label} has no errors" + (f" ({plural(head.warnings, 'warning')})" if head.warnings else "")


def status_words(record: RecordChange) -> str:
    if record.status == "renamed":
        return f"renamed from {record.old_id}"
    if record.status == "unreadable":
        return "can no longer be read" if record.unreadable == "head" else "could not be read before; reads now"
    if record.status == "unchanged":
        if any(problem.breaks_quote for problem in record.problems):
            return "a quote no longer matches its source"
        return "unchanged, but its problems changed"
    if record.unreadable == "head":
        return f"{record.status} (but cannot be read)"
    return record.status


def broken_quote_words(record: RecordChange, problem: Problem) -> str:
    """`claim x quotes “…”: quote not found in source 'y'; closest passage: "…"`."""
    quoted = f" quotes “{shorten(problem.quote, 200)}”" if problem.quote else ""
    return f"{record.kind} {record.id}{quoted}: {problem.message}"


def breaks(diff: DossierDiff, source_id: str) -> list[str]:
    """`claim x` for each record whose quote this source's new text no longer holds."""
    return sorted({f"{record.kind} {record.id}" for record, problem in diff.broken_quotes
                   if problem.source == source_id})


def page_changes(diff: DossierDiff) -> list[tuple[str, str]]:
    """Each file of the site that changes, with `added`, `removed` or `changed`."""
    added, removed = set(), set()
    for record in diff.records:
        if record.status in ("added", "renamed") and record.unreadable is None:
            added.add(urls.record_page(record.kind, record.id))
        if record.status in ("removed", "renamed"):
            removed.add(urls.record_page(record.kind, record.old_id or record.id))
    if not diff.base.exists:
        added |= set(diff.pages)
    return [(page, "added" if page in added else "removed" if page in removed else "changed") for page in diff.pages]


def problem_words(problem: Problem) -> str:
    change = {"new": "new", "fixed": "fixed", "unchanged": "still"}[problem.change]
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"{change} {problem.severity}: {problem.message}{hint}"


# JSON ---------------------------------------------------------------------------------------------


def to_json(diff: DossierDiff) -> str:
    """The report as JSON; its schema is docs/diff.schema.json (documented in docs/review.md)."""
    side = lambda s: {"label": s.label, "revision": s.revision, "exists": s.exists,  # noqa: E731
                      "errors": s.errors, "warnings": s.warnings}
    data = {
        "schema": SCHEMA_ID,
        "changed": diff.changed,
        "summary": summary(diff),
        "base": side(diff.base),
        "head": side(diff.head),
        "counts": counts(diff),
        "broken_quotes": len(diff.broken_quotes),
        "settings": [_field_json(change) for change in diff.settings],
        "records": [_record_json(record) for record in diff.records],
        "problems": [_problem_json(problem) for problem in diff.problems],
        "pages": [{"path": page, "change": change} for page, change in page_changes(diff)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _field_json(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "kind": change.kind, "old": change.old, "new": change.new,
            "added": list(change.added), "removed": list(change.removed), "diff": list(change.diff)}


def _record_json(record: RecordChange) -> dict[str, Any]:
    return {"kind": record.kind, "id": record.id, "old_id": record.old_id, "status": record.status,
            "unreadable": record.unreadable, "title": record.title, "path": record.path,
            "page": None if record.status == "removed" else urls.record_page(record.kind, record.id),
            "fields": [_field_json(change) for change in record.fields],
            "problems": [_problem_json(problem) for problem in record.problems]}


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {"severity": problem.severity, "code": problem.code, "message": problem.message, "hint": problem.hint,
            "location": problem.location, "change": problem.change, "quote": problem.quote, "source": problem.source}


# Text ---------------------------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_COLOURS = {"+": "32", "-": "31", "~": "33", "!": "1;31", "h": "1", "dim": "2", "ok": "32"}
_WORD_COLOURS = {"deleted": {False: "31;9", True: "41"}, "inserted": {False: "32", True: "42"}}
"""ANSI styles of changed words: {kind: {holds no letter or digit: style}}."""
_WHITESPACE = re.compile(r"\s+")
_SIGNS = {"added": "+", "removed": "-", "renamed": "~", "changed": "~", "unreadable": "!", "unchanged": "!"}


def to_text(diff: DossierDiff, colour: bool = False) -> str:
    """The report for a terminal; with `colour`, in ANSI colours (added green, removed red…)."""
    paint = _Painter(colour)
    out = [paint("h", f"dossier diff: {diff.base.label} → {diff.head.label}"), paint("", summary(diff)),
           paint("", head_state(diff))]
    for record, problem in diff.broken_quotes:
        out.append(paint("!", f"! quote no longer matches: {broken_quote_words(record, problem)} ({problem.location})"))
    for kind in REPORT_ORDER:
        records = [record for record in diff.records if record.kind == kind.name]
        if records:
            out += ["", paint("h", kind.title)]
            for record in records:
                out += _text_record(record, paint, breaks(diff, record.id) if kind is kinds.SOURCE else [])
    if diff.settings:
        out += ["", paint("h", "Settings (config.yaml)")]
        out += _text_fields(diff.settings, paint)
    if diff.problems:
        out += ["", paint("h", "Other problems")]
        out += [paint("!" if p.change == "new" else "dim", f"  {problem_words(p)} ({p.location})")
                for p in diff.problems]
    if diff.pages:
        out += ["", paint("h", f"Files of the site that change ({len(diff.pages)})")]
        out += [paint("", f"  {page}" + ("" if change == "changed" else f" ({change})"))
                for page, change in page_changes(diff)]
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class _Painter:
    """`paint(style, text)`: the text with control characters from the content escaped (so they
    cannot drive the terminal), then coloured when asked; style "" is no colour."""

    colour: bool

    def __call__(self, style: str, text: str) -> str:
        text = escape_controls(text)
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if self.colour and style and text else text

    def words(self, segments: Iterable[Segment]) -> str:
        """Changed words inline: in colour, deleted red and struck through, inserted green (on a red
        or green ground when they hold no letter, so that a lone comma shows); without colour,
        git's `[-deleted-]{+inserted+}`. The content is escaped before any marker is added."""
        shown = []
        for segment in segments:
            text = escape_controls(one_line(segment.text if segment.kind == "equal" else visible(segment.text)))
            if segment.kind == "equal" or not text:
                shown.append(text)
            elif self.colour:
                style = _WORD_COLOURS[segment.kind][is_marks_only(segment.text)]
                shown.append(f"\x1b[{style}m{text}\x1b[0m")
            else:
                shown.append(f"[-{text}-]" if segment.kind == "deleted" else f"{{+{text}+}}")
        return "".join(shown)


def escape_controls(text: str) -> str:
    """Control and bidirectional formatting characters as escapes (`\\x1b`, `\\u202e`)."""
    return _CONTROL.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """Whitespace as single spaces, kept at the ends (it may separate a change from its context)."""
    return _WHITESPACE.sub(" ", text)


def _text_record(record: RecordChange, paint: _Painter, broken: list[str]) -> list[str]:
    sign = _SIGNS[record.status]
    where = f" ({record.path})" if record.path else ""
    lines = [paint(sign, f"{sign} {record.kind} {record.id}: {status_words(record)}{where}")]
    if record.title:
        lines.append(paint("dim", f"    {shorten(record.title, 160)}"))
    lines += _text_fields(record.fields, paint)
    if broken:
        lines.append(paint("!", f"    its new text breaks quotes of: {', '.join(broken)}"))
    for problem in record.problems:
        if problem.change != "unchanged":
            style = "!" if problem.change == "new" else "ok"
            lines.append(paint(style, f"    {problem_words(problem)} ({problem.location})"))
    return lines


def _text_fields(fields: Iterable[FieldChange], paint: _Painter) -> list[str]:
    lines = []
    for change in fields:
        entries = field_lines(change)
        if len(entries) == 1 and entries[0].sign == "~":
            lines.append(paint("", f"    {change.field}: ") + _text_change(entries[0], paint))
            continue
        lines.append(paint("", f"    {change.field}:"))
        lines += [_text_line(line, paint) for line in entries]
    return lines


def _text_line(line: Line, paint: _Painter) -> str:
    if line.sign == "~":
        return paint("~", "      ~") + " " + _text_change(line, paint)
    if line.sign in ("⋯", "…"):
        return paint("dim", f"      {line.sign if line.sign == '⋯' else line.words}")
    return paint(line.sign if line.sign in ("+", "-") else "dim", f"      {line.sign} {shorten(line.words)}")


def _text_change(line: Line, paint: _Painter) -> str:
    """A `~` line: its words and the word diff, or old → new."""
    if line.segments:
        return paint("", line.words) + paint.words(line.segments)
    if line.new is None:
        return paint("", shorten(line.words))
    return paint("", f"{shorten(line.words)} → {shorten(line.new)}")
