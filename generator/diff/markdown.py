"""A DossierDiff as a pull-request comment: a summary line, then a collapsible section per kind.

GitHub renders the comment, so every piece of content is escaped: no raw HTML, no links or
images of its own, no code spans it could close, and `@` is kept from notifying anyone (a word
joiner follows it); control characters are shown as escapes. Links go only to the preview site,
when its address is given. Changed words are marked with `<del>` and `<ins>`, which GitHub keeps,
around content escaped the same way (docs/review.md, "Word by word").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from generator.core import kinds, urls
from generator.core.kinds import REPORT_ORDER
from generator.diff.changes import DossierDiff, Problem, RecordChange
from generator.diff.formats import (
    MARKER,
    breaks,
    escape_controls,
    head_state,
    one_line,
    page_changes,
    problem_words,
    status_words,
    summary,
)
from generator.diff.lines import Line, field_lines
from generator.diff.words import Segment, is_marks_only, visible
from generator.history.fields import FieldChange, shorten

OPEN_UP_TO = 10
"""A kind's section starts open when it lists at most this many records."""
_ICONS = {"added": "➕", "removed": "➖", "renamed": "🔀", "changed": "✏️", "unreadable": "⚠️", "unchanged": "⚠️"}
_ESCAPED = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_LABELS = {"+": "added", "-": "removed"}


def to_markdown(diff: DossierDiff, pages_url: str | None = None) -> str:
    out = [MARKER, f"### Dossier diff: {summary_line(diff)}", "",
           f"Compared {code(diff.base.label)} → {code(diff.head.label)}. {_head_note(diff)}", ""]
    if diff.broken_quotes:
        out += ["> [!WARNING]", f"> **{_broken_title(diff)}** A reviewer should check these citations:"]
        for record, problem in diff.broken_quotes:
            quoted = f" quotes “{text(shorten(problem.quote, 200))}”" if problem.quote else ""
            out.append(f"> - {record.kind} {_record_link(record, pages_url)}{quoted}: {text(problem.message)} "
                       f"({code(problem.location)})")
        out.append("")
    for kind in REPORT_ORDER:
        records = [record for record in diff.records if record.kind == kind.name]
        if records:
            out += _section(kind, records, pages_url, diff)
    if diff.settings:
        out += _details("Settings", f"{len(diff.settings)} changed", True,
                        [line for change in diff.settings for line in _field(change)])
    if diff.problems:
        out += _details("Other problems", _problem_counts(diff.problems), True,
                        [f"- {_problem(problem)}" for problem in diff.problems])
    if diff.pages:
        out += _details("Files of the site that change", str(len(diff.pages)), False,
                        [f"- {_page_link(page, pages_url if change != 'removed' else None)}"
                         + ("" if change == "changed" else f" ({change})") for page, change in page_changes(diff)])
    return "\n".join(out).rstrip("\n") + "\n"


def summary_line(diff: DossierDiff) -> str:
    return text(summary(diff))


def _broken_title(diff: DossierDiff) -> str:
    count = len(diff.broken_quotes)
    return "A quote no longer matches its source." if count == 1 else f"{count} quotes no longer match their sources."


def _head_note(diff: DossierDiff) -> str:
    icon = "❌" if diff.head.errors else "✅"
    note = f"{icon} {text(head_state(diff))}."
    if not diff.base.exists:
        note += f" The dossier does not exist in {code(diff.base.label)}: everything is new."
    return note


def _section(kind: kinds.Kind[Any], records: list[RecordChange], pages_url: str | None,
             diff: DossierDiff) -> list[str]:
    by_status = counts_of(records)
    lines = []
    for record in records:
        lines += _record(record, pages_url, breaks(diff, record.id) if kind is kinds.SOURCE else [])
    return _details(kind.title, by_status, len(records) <= OPEN_UP_TO, lines)


def counts_of(records: list[RecordChange]) -> str:
    tally: dict[str, int] = {}
    for record in records:
        status = "with problems changed" if record.status == "unchanged" else record.status
        tally[status] = tally.get(status, 0) + 1
    return ", ".join(f"{count} {status}" for status, count in tally.items())


def _details(title: str, counts_text: str, open_: bool, lines: list[str]) -> list[str]:
    """A collapsible section; the blank line after <summary> lets GitHub render the Markdown inside."""
    opening = "<details open>" if open_ else "<details>"
    return [opening, f"<summary><strong>{_html(title)}</strong>: {_html(counts_text)}</summary>", "", *lines, "",
            "</details>", ""]


def _record(record: RecordChange, pages_url: str | None, broken: list[str]) -> list[str]:
    icon = _ICONS[record.status]
    head = f"- {icon} **{text(status_words(record))}** {_record_link(record, pages_url)}"
    if record.title:
        head += f" — {text(shorten(record.title, 160))}"
    lines = [head]
    for change in record.fields:
        lines += ["  " + line if line else "" for line in _field(change)]
    if broken:
        lines.append(f"  - ⚠️ **its new text breaks the quotes of** {', '.join(code(name) for name in broken)}")
    for problem in record.problems:
        if problem.change != "unchanged":
            lines.append(f"  - {_problem(problem)}")
    return lines


def _field(change: FieldChange) -> list[str]:
    """`- **field**: …` on one line for a value or a short text; a list's items, a text's lines and
    a citation's changed quote one by one below it (a text's unchanged lines are left out)."""
    lines = field_lines(change)
    if change.kind not in ("list", "citations", "roles") and not change.diff:
        return [f"- **{text(change.field)}**: {_change(lines[0])}"]
    shown = [f"- **{text(change.field)}**:"]
    for line in lines:
        if line.sign in ("+", "-"):
            shown.append(f"  - {_LABELS[line.sign]}: {text(shorten(line.words)) or '(empty line)'}")
        elif line.sign == "~":
            shown.append(f"  - {'' if line.words and line.segments else 'changed: '}{_change(line)}")
        elif line.sign == "…":
            shown.append(f"  - {text(line.words)}")
    return shown


def _change(line: Line) -> str:
    """A `~` line: its words and the word diff, or old → **new**."""
    if line.segments:
        return text(line.words) + (" " if line.words else "") + words(line.segments)
    if line.new is None:
        return text(shorten(line.words))
    return f"{text(shorten(line.words))} → **{text(shorten(line.new))}**"


def words(segments: Iterable[Segment]) -> str:
    """Changed words inline, as GitHub renders them: `<del>deleted</del><ins>inserted</ins>`, each
    run's content escaped as any content is; a run of only punctuation or whitespace is set in
    `<code>` (and whitespace shown as `␣`), so that a deleted comma is seen."""
    shown = []
    for segment in segments:
        if segment.kind == "equal":
            shown.append(inline(segment.text))
            continue
        content = inline(visible(segment.text))
        if is_marks_only(segment.text):
            content = f"<code>{content}</code>"
        tag = "del" if segment.kind == "deleted" else "ins"
        shown.append(f"<{tag}>{content}</{tag}>")
    return "".join(shown)


def _problem(problem: Problem) -> str:
    icon = {"new": "❌" if problem.severity == "error" else "⚠️", "fixed": "✅", "unchanged": "•"}[problem.change]
    return f"{icon} {text(problem_words(problem))} ({code(problem.location)})"


def _problem_counts(problems: tuple[Problem, ...]) -> str:
    tally: dict[str, int] = {}
    for problem in problems:
        tally[problem.change] = tally.get(problem.change, 0) + 1
    return ", ".join(f"{count} {change}" for change, count in tally.items())


def _record_link(record: RecordChange, pages_url: str | None) -> str:
    label = code(record.id)
    if pages_url and record.status != "removed" and record.unreadable != "head":
        return f"[{label}]({_url(pages_url, urls.record_page(record.kind, record.id))})"
    return label


def _page_link(page: str, pages_url: str | None) -> str:
    """A file linked to the preview; a folder of files (`pagefind/`, the search index) is not a page."""
    return f"[{code(page)}]({_url(pages_url, page)})" if pages_url and not page.endswith("/") else code(page)


def _url(pages_url: str, page: str) -> str:
    """The page's address on the preview site; ids and paths are ASCII, so only `(`, `)` and spaces
    in the base address itself need encoding for a Markdown link."""
    base = pages_url if pages_url.endswith("/") else pages_url + "/"
    return (base + page).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def text(value: str) -> str:
    """Content as inert inline Markdown: one line, Markdown punctuation escaped, no HTML, no mentions."""
    return inline(value.strip())


def inline(value: str) -> str:
    """`text`, with the whitespace at its ends kept (as one space): a piece of a line."""
    value = escape_controls(one_line(value))
    value = _ESCAPED.sub(r"\\\1", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("@", "@\u2060")


def code(value: str) -> str:
    """A code span that the value cannot close (CommonMark: a longer run of backticks)."""
    value = " ".join(value.split())
    fence = "`" * (_longest_backtick_run(value) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _longest_backtick_run(value: str) -> int:
    return max((len(run) for run in re.findall("`+", value)), default=0)


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
