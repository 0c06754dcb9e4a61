"""Markdown keeps every word: HTML comments are removed only where Markdown reads raw HTML (never
in code), with a warning at the comment's position."""

from __future__ import annotations

import pytest

from generator.core.diagnostics import Span
from generator.text import markdown, markdown_html

BODY_LINE = 6
"""The line the linted body starts on in its file: positions are reported from there."""

CODE_WITH_COMMENT_OPENER = {
    "code span": "Intro `x <!-- y` and\n\nThe ministry denied everything.",
    "indented code": "Intro.\n\n    code: <!-- begins\n\nThe ministry denied everything.\n\nMore text",
    "fenced code": "Intro.\n\n```html\n<!-- a\n```\n\nThe ministry denied everything.\n",
    "fenced code, closed": "```html\n<p><!-- kept --></p>\n```\n\nThe ministry denied everything.\n",
    "tilde fence in a list": "- item\n\n  ~~~\n  <!--\n  ~~~\n\nThe ministry denied everything.\n",
}


@pytest.mark.parametrize("body", CODE_WITH_COMMENT_OPENER.values(), ids=CODE_WITH_COMMENT_OPENER.keys())
def test_a_comment_opener_in_code_is_code_and_loses_nothing(body):
    visible = markdown.visible_text(body)
    assert "<!--" in visible
    assert "The ministry denied everything." in visible
    assert markdown_html.strip_comments(body) == body
    assert markdown.lint(body, Span("probe.md", BODY_LINE), exact_lines=True) == []


REAL_COMMENTS = {
    "a block": ("Before.\n\n<!-- secret -->\n\nAfter.", 3, 1),
    "inline": ("Before <!-- secret --> after.", 1, 8),
    "inline over lines in a quote": ("> Before <!-- sec\n> ret --> after.", 1, 10),
    "inside raw HTML": ("Before.\n\n<div>\n<!-- secret -->\n</div>\n\nAfter.", 4, 1),
    "in image alt text": ("Before ![a <!-- secret --> b](x.png) after.", 1, 12),
    "in a link text": ("Before [a <!-- secret --> b](https://x.example) after.", 1, 11),
    "in a list item": ("- Before\n- a <!-- secret --> after.", 2, 5),
    "after text in a heading": ("# Before <!-- secret --> after", 1, 10),
}


@pytest.mark.parametrize(("body", "line", "col"), REAL_COMMENTS.values(), ids=REAL_COMMENTS.keys())
def test_a_real_comment_is_removed_with_a_warning_at_its_position(body, line, col):
    assert "secret" not in markdown.visible_text(body)
    assert "secret" not in markdown_html.strip_comments(body)
    assert "Before" in markdown.visible_text(body)
    found = [d.format() for d in markdown.lint(body, Span("probe.md", BODY_LINE), exact_lines=True)
             if "comment" in d.message]
    assert found == [f"probe.md:{BODY_LINE + line - 1}:{col}: warning: HTML comment is removed, never published"]


@pytest.mark.parametrize(("body", "words", "position"), [
    ("Before.\n\n> quoted\n>\n> <!-- private\n> notes\n\nAfter.", ["Before.", "quoted", "After."], "5:3"),
    ("Before.\n\n<!-- private\nnotes\n\nmore notes", ["Before."], "3:1"),
], ids=["in a quote", "at the top"])
def test_an_unclosed_comment_block_hides_the_rest_of_its_container_and_says_so(body, words, position):
    assert markdown.visible_text(body).split() == words
    messages = [d.format() for d in markdown.lint(body, Span("probe.md", 1), exact_lines=True)]
    assert messages == [f"probe.md:{position}: warning: HTML comment is not closed: it and all that follows it in its "
                        "block are removed, never published"]


def test_an_escaped_comment_opener_is_text_the_author_asked_for():
    body = "Write \\<!-- to open a comment -->."
    assert markdown.visible_text(body) == "Write <!-- to open a comment -->.\n\n"
    assert markdown.lint(body, Span("probe.md", 1), exact_lines=True) == []
