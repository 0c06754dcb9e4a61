"""A plain paragraph is rendered without the parser (text/markdown.py, _PLAIN_PARAGRAPH): for every
text, what `render` gives must be what the parser gives, text fragments included (a mention is
found in each fragment the parser hands over, so a different split would link differently)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from generator.text import markdown

REPO = Path(__file__).resolve().parents[2]
ALPHABET = list("abc XYZ 0123456789 .,;:!?'\"()-+#>=_~`*[]<>&\\/@$%^{}|\u00e9\u2019\u00a0\t\x00\n") + [
    "1.", "2)", "  ", "    ", "---", "***", "# ", "> ", "- ", "+ ", "&amp;", "<b>", "[a](b)", "`c`", "*e*"]


def marked(text: str, inside_link: bool) -> str:
    """Each fragment the renderer is handed, marked, so that a different split shows."""
    return "{" + ("L:" if inside_link else "") + text.replace("<", "&lt;") + "}"


def parsed(text: str) -> str:
    """What the parser renders (the path `render` takes for any text that is not plain)."""
    parser = markdown._renderer()
    tokens = parser.parse(markdown.strip_comments(text))
    return parser.renderer.render(tokens, parser.options, {"text": marked, "in_link": markdown._in_link(tokens)})


def sample_texts() -> list[str]:
    """Every statement, note and derivation of the sample dossier's claims."""
    texts = []
    for path in sorted((REPO / "content" / "claims").glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            texts += [claim[key] for key in ("statement", "note", "derivation") if isinstance(claim.get(key), str)]
    return texts


def generated_texts(count: int = 4000) -> list[str]:
    rng = random.Random(18)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 14))) for _ in range(count)]


@pytest.mark.parametrize("texts", [sample_texts(), generated_texts()], ids=["sample", "generated"])
def test_a_text_renders_as_the_parser_renders_it(texts):
    assert texts
    plain = [text for text in texts if markdown._PLAIN_PARAGRAPH.fullmatch(text)]
    assert plain, "some texts take the plain path"
    for text in texts:
        assert markdown.render(text, marked) == parsed(text), repr(text)


@pytest.mark.parametrize("text", ["1. A list", "2014) a list", "- an item", "# A heading", "> a quote",
                                  "    code", "a  b", "a\nb", " a", "a ", "a *b*", "a_b_", "[a](b)", "a &amp; b",
                                  "<b>a</b>", "a\\", "a\tb", "=", "~~~", "a\x00b", "a\u00a0b"])
def test_what_the_parser_must_read_is_not_plain(text):
    assert not markdown._PLAIN_PARAGRAPH.fullmatch(text)
