"""Raw HTML in Markdown where its author wrote it (generator/text/markdown_html.py): each piece is
found at its place in the text, comments are cut only from raw HTML, and an offset in the text
without them leads back to the same character in the text as written."""

from __future__ import annotations

from generator.text import markdown_html


def _html(text: str) -> list[tuple[str, str]]:
    lines = markdown_html.Lines.of(text)
    return [(token.type, text[start:end])
            for token, start, end in markdown_html.html_tokens(lines, markdown_html.lint_parser().parse(text))]


def _cut(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    return markdown_html.cut_comments(markdown_html.Lines.of(text), markdown_html.lint_parser().parse(text))


def test_raw_html_is_found_where_it_is_written_a_block_by_its_whole_lines():
    text = "Para\n\n<div>\n<!-- x -->\n</div>\n\n> quote <b>bold</b>"
    assert _html(text) == [("html_block", "<div>\n<!-- x -->\n</div>"), ("html_inline", "<b>"),
                           ("html_inline", "</b>")]


def test_raw_html_in_an_images_alt_text_is_found_in_the_text_not_in_the_alt_text():
    assert _html("Before ![a <i>b</i>](x.png)") == [("html_inline", "<i>"), ("html_inline", "</i>")]


def test_comments_are_cut_where_they_are_and_offsets_lead_back_to_the_text_as_written():
    text = "Before <!-- a --> mid <!-- b --> end"
    stripped, cuts = _cut(text)
    assert (stripped, cuts) == ("Before  mid  end", ((7, 17), (22, 32)))
    for offset, char in enumerate(stripped):
        assert text[markdown_html.raw_offset(cuts, offset)] == char


def test_a_comment_in_code_stays_and_one_outside_it_goes():
    assert markdown_html.strip_comments("a\n\n`<!-- code -->` <!-- gone -->b") == "a\n\n`<!-- code -->` b"


def test_a_text_without_a_comment_opener_is_returned_as_it_is():
    text = "Plain <b>text</b> and `code`."
    assert markdown_html.strip_comments(text) is text
