"""markdown.plain_text: the one-line text a reader sees, with a shortcut for lines without syntax."""

from __future__ import annotations

import pytest

from generator.text import markdown


@pytest.mark.parametrize("text", [
    "The fund lost  about 2 million euros. ", "Über 300 Kämpfer", "1. First", "- a list", "# Heading",
    "> quoted", "    code", "Title\n=====", "a *b* c", "x & y", "see [the report](https://x.example)",
    "it's 5% of `code`", "A\tB", "Tom said: \"hi\"", "a\\*b", "Foo ~~bar~~ | baz",
])
def test_the_shortcut_reads_as_the_renderer_does(text):
    assert markdown.plain_text(text) == " ".join(markdown.visible_text(text).split())
