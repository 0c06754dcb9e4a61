"""Markdown keeps every word: HTML comments are removed only where Markdown reads raw HTML (never
in code), and nesting the renderer would drop is an error at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import markdown
from generator.build import build
from generator.diagnostics import Span

SOURCE_HEAD = "---\ntitle: t\npublisher: p\ndate: 2021\n---\n"
"""Front matter of a source whose body starts on line 6."""
BODY_LINE = 6


def source(body: str) -> dict[str, str]:
    return {"content/sources/probe.md": SOURCE_HEAD + body}


def published(root: Path) -> str:
    """Every page the build wrote, as one text."""
    result = build(root / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return "".join(page.read_text(encoding="utf-8") for page in (root / "site").rglob("*.html"))


def problems(run) -> list[str]:
    """The diagnostics of a run but the one that the probe source is cited by no claim."""
    return [line for line in run.lines if "is not cited by any claim" not in line]


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
    assert markdown.strip_comments(body) == body
    assert markdown.lint(body, Span("probe.md", BODY_LINE), exact_lines=True) == []


def test_the_red_team_body_publishes_every_word_and_warns_of_nothing(dossier, cli):
    root = dossier(source(CODE_WITH_COMMENT_OPENER["indented code"]))
    assert problems(cli("check", cwd=root)) == []
    pages = published(root)
    assert "The ministry denied everything." in pages
    assert "code: &lt;!-- begins" in pages


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
    assert "secret" not in markdown.strip_comments(body)
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


def test_a_comment_opener_markdown_reads_as_text_is_an_error(dossier, cli):
    body = "Before <!-- private\n\nnotes the author meant to hide\n\n--> after."
    run = cli("check", cwd=dossier(source(body)))
    assert problems(run) == [
        "content/sources/probe.md:6:8: error: '<!--' here starts no HTML comment, so what follows it would be "
        "published (inside a paragraph a comment must end with '-->' in the same paragraph; write '\\<!--' to "
        "show '<!--' as text)"]
    assert run.code == 1


def test_an_escaped_comment_opener_is_text_the_author_asked_for():
    body = "Write \\<!-- to open a comment -->."
    assert markdown.visible_text(body) == "Write <!-- to open a comment -->.\n\n"
    assert markdown.lint(body, Span("probe.md", 1), exact_lines=True) == []


def test_markdown_fields_keep_a_comment_opener_in_code_and_plain_fields_drop_comments(dossier, cli):
    claim = ("- id: probe\n  statement: 'Use `<!--` to open a comment, said Ana Lind'\n"
             "  note: 'Checked. <!-- private --> Done.'\n  citations:\n"
             "    - source: fund-statement-2021-03\n      quote: said director Ana Lind\n")
    root = dossier({"content/claims/probe.yaml": claim,
                    "content/agencies/state-audit-office.yaml": "name: State Audit <!-- x -->Office\nkind: government\n"})
    assert problems(cli("check", cwd=root)) == [
        "content/agencies/state-audit-office.yaml:1:7: warning: 'name' holds an HTML comment; it is removed, "
        "never published",
        "content/claims/probe.yaml:3:9: warning: 'note' holds an HTML comment; it is removed, never published"]
    pages = published(root)
    assert "Use <code>&lt;!--</code> to open a comment" in pages
    assert "private" not in pages
    assert "State Audit Office" in pages


def nested_lists(depth: int) -> str:
    return "\n".join("  " * level + f"- item{level}" for level in range(depth))


def nested_quotes(depth: int) -> str:
    return "Before.\n\n" + "\n".join(">" * level + f" level{level}" for level in range(1, depth + 1))


@pytest.mark.parametrize(("body", "line"), [(nested_lists(12), 10), (nested_quotes(21), 22)], ids=["lists", "quotes"])
def test_nesting_the_renderer_would_drop_is_an_error_at_its_line(dossier, cli, body, line):
    run = cli("check", cwd=dossier(source(body)))
    assert problems(run) == [
        f"content/sources/probe.md:{BODY_LINE + line - 1}:1: error: lists and block quotes are nested too deeply "
        "here, and what is inside would be lost (Markdown keeps 19 levels: 19 block quotes or 9 lists inside one "
        "another) (nest fewer levels)"]
    assert run.code == 1


@pytest.mark.parametrize("body", [nested_lists(9), nested_quotes(19)], ids=["lists", "quotes"])
def test_nesting_the_renderer_keeps_is_published_whole(dossier, cli, body):
    root = dossier(source(body))
    assert problems(cli("check", cwd=root)) == []
    visible = markdown.visible_text(body)
    assert all(word in visible for word in body.replace(">", " ").replace("-", " ").split())


def test_nesting_too_deep_in_a_markdown_field_is_an_error(dossier, cli):
    claim = ("- id: probe\n  statement: |-\n" + "\n".join("    " + line for line in nested_lists(11).split("\n"))
             + "\n  citations:\n    - source: fund-statement-2021-03\n      quote: said director Ana Lind\n")
    run = cli("check", cwd=dossier({"content/claims/probe.yaml": claim}))
    assert [line.split(": error: ")[0] for line in problems(run)] == ["content/claims/probe.yaml:2:14"]
    assert "nested too deeply" in run.err
