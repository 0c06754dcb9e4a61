"""Content in the pull-request comment is inert (generator.diff_markdown)."""

from __future__ import annotations

from markdown_it import MarkdownIt

from generator.diff.markdown import code, inline, text

RENDER = MarkdownIt("commonmark")


def rendered(markdown: str) -> str:
    return RENDER.render(f"- {markdown}\n")


def test_text_cannot_make_html_links_images_or_emphasis():
    html = rendered(text('<img src=x onerror=alert(1)> [link](javascript:alert(1)) ![i](http://x/i.png) *b* _i_ '
                       '`code` <!-- c --> &amp;'))
    assert "<img" not in html and "<a " not in html and "<em>" not in html and "<code>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[link](javascript:alert(1))" in html and "&lt;!-- c --&gt;" in html
    assert "&amp;amp;" in html


def test_text_is_one_line_and_keeps_mentions_from_notifying():
    assert "\n" not in text("one\n\n# two\n- three")
    html = rendered(text("one\n\n# two"))
    assert "<h1>" not in html and "one # two" in html
    assert "@\u2060octocat" in text("ask @octocat")


def test_code_spans_cannot_be_closed_by_their_content():
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert RENDER.renderInline(code("a``b`c")) == "<code>a``b`c</code>"


def test_text_shows_control_and_bidi_characters_as_escapes():
    assert text("a\x1b[31mb \u202eevil") == "a\\\\x1b\\[31mb \\\\u202eevil"
    assert RENDER.renderInline(text("\u202eevil")) == "\\u202eevil"


def test_inline_keeps_the_whitespace_at_its_ends_as_one_space():
    assert inline("  a\n b ") == " a b " and text("  a\n b ") == "a b"
