"""The rules every text value meets (generator/read/text_rules.py): a length limit by kind of field,
HTML comments taken out with a warning (as Markdown reads them in Markdown fields), and no control
characters."""

from __future__ import annotations

import pytest

from generator.core.diagnostics import INVALID, Context, Span
from generator.read.text_rules import LONG, MARKDOWN, QUOTE, SHORT, TextKind, checked_text

SPAN = Span("content/people/ana.yaml", 2, 7)


def _checked(text: str, kind: TextKind) -> tuple[object, list[str]]:
    ctx = Context([])
    return checked_text(text, "name", SPAN, kind, ctx), [problem.code for problem in ctx.diagnostics]


def test_a_text_is_published_trimmed():
    assert _checked("  Ana Lind \n", SHORT) == ("Ana Lind", [])


@pytest.mark.parametrize(("kind", "limit"), [(SHORT, 500), (QUOTE, 5_000), (LONG, 20_000), (MARKDOWN, 20_000)])
def test_each_kind_of_field_has_its_length_limit(kind, limit):
    assert _checked("x" * limit, kind) == ("x" * limit, [])
    assert _checked("x" * (limit + 1), kind) == (INVALID, ["text.too-long"])


def test_a_comment_is_taken_out_with_a_warning_and_kept_in_markdown_code():
    assert _checked("Ana <!-- private --> Lind", SHORT) == ("Ana  Lind", ["text.comment"])
    assert _checked("Use `<!-- x -->` here", MARKDOWN) == ("Use `<!-- x -->` here", [])
    assert _checked("Use `<!-- x -->` here", LONG) == ("Use `` here", ["text.comment"])


def test_a_text_that_is_only_a_comment_is_empty():
    assert _checked("<!-- nothing -->", SHORT) == (INVALID, ["text.comment", "value.empty"])


def test_a_control_character_is_an_error():
    assert _checked("Ana\x07Lind", SHORT) == (INVALID, ["text.control"])
