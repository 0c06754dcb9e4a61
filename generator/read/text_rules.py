"""The rules every text value of a record meets, whichever field holds it: at most so long for its
kind of field, its HTML comments taken out (with a warning: they are never published), no control
characters, and no invisible characters that would hide what it says (docs/content.md, "Text and
Markdown fields" and "Limits"). The text readers of schema.py apply them to YAML values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.core.diagnostics import INVALID, Context, Span
from generator.text import markdown_html
from generator.text.invisibles import check_invisibles

_HTML_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class TextKind:
    """What a text field holds, and so how long it may be (see docs/content.md, "Limits")."""

    max_length: int
    is_markdown: bool
    advice: str


SHORT = TextKind(500, False, "names, titles and other short fields have at most 500 characters; put more in a "
                             "description or note")
LONG = TextKind(20_000, False, "a text field has at most 20,000 characters")
MARKDOWN = TextKind(20_000, True, "descriptions, notes and statements have at most 20,000 characters")
QUOTE = TextKind(5_000, False, "a quote has at most 5,000 characters; cite the passage in several quotes")


def checked_text(text: str, label: str, span: Span, kind: TextKind, ctx: Context) -> Any:
    """`text` as it is published (trimmed, its comments taken out), or INVALID once what is wrong
    with it is reported at `span`; `label` names the field in messages."""
    value = text.strip()
    if len(value) > kind.max_length:
        return ctx.error("text.too-long", f"'{label}' is {len(value):,} characters long; it may have at most "
                                          f"{kind.max_length:,}", span, kind.advice)
    if "<!--" in value:
        without = (markdown_html.strip_comments(value) if kind.is_markdown else _HTML_COMMENT.sub("", value)).strip()
        if without != value:
            ctx.warning("text.comment", f"'{label}' holds an HTML comment; it is removed, never published", span)
        value = without
    if not value:
        return ctx.error("value.empty", f"'{label}' must not be empty", span)
    if match := _CONTROL.search(value):
        return ctx.error("text.control", f"'{label}' contains the control character U+{ord(match[0]):04X}", span)
    value, clean = check_invisibles(value, kind.is_markdown, f"'{label}'", lambda offset: (span, offset + 1), ctx)
    return value if clean else INVALID
