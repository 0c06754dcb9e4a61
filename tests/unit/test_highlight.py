"""Cited passages on source pages: every anchor element holds its whole passage, whatever the overlaps."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.html import element_text

from generator.link.links import Passage, anchor_id
from generator.site.highlight import Block, Leaf, PassageLinks, _blocks_touched, _ranges_by_leaf, laminar, render_text
from generator.text.markdown import blocks as markdown_blocks
from generator.text.markdown import visible_text
from generator.text.mentions import Mention
from generator.text.quotes import Location

LINKS = PassageLinks(claim=lambda i: (f"/claims/{i}", f"statement {i}"), person=lambda i: (f"/people/{i}", i),
              entity=lambda i: f"/e/{i}")


def passage(text: str, quote: str, claim: str = "c1") -> Passage:
    start = text.index(quote)
    return Passage(Location(start, start + len(quote), 1), anchor_id(quote), quote, (claim,), ())


def paragraphs(text: str) -> list[Block]:
    result, start = [], 0
    for part in text.split("\n\n"):
        leaf = Leaf(start, start + len(part))
        result.append(Block((leaf,), lambda html, leaf=leaf: f"<p>{html(leaf.start, leaf.end)}</p>"))
        start += len(part) + 2
    return result


def balanced(html: str) -> bool:
    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.ok = True

        def handle_starttag(self, tag, attrs):
            self.stack.append(tag)

        def handle_endtag(self, tag):
            if not self.stack or self.stack.pop() != tag:
                self.ok = False

    parser = Parser()
    parser.feed(html)
    return parser.ok and not parser.stack


TEXT = "Alpha beta gamma delta epsilon zeta eta theta.\n\nIota kappa lambda mu."


@pytest.mark.parametrize("quotes", [
    ["beta gamma", "delta epsilon"],                      # apart
    ["beta gamma delta", "gamma"],                        # nested
    ["beta gamma delta", "gamma delta epsilon"],          # crossing
    ["beta gamma", "beta gamma"],                         # the same twice: one anchor
    ["alpha"[0:0] + "Alpha beta gamma delta epsilon zeta eta theta.", "theta.\n\nIota kappa"],  # across paragraphs
    ["eta theta.\n\nIota", "kappa lambda", "theta.\n\nIota kappa lambda"],
])
def test_each_anchor_holds_its_whole_passage_and_the_html_nests(quotes):
    passages = {p.anchor: p for p in (passage(TEXT, quote, f"c{i}") for i, quote in enumerate(quotes))}
    html = render_text(TEXT, paragraphs(TEXT), list(passages.values()), [], LINKS, {})
    assert balanced(html), html
    for anchor, item in passages.items():
        assert html.count(f'id="{anchor}"') == 1
        assert "".join(item.quote.split()) in "".join(element_text(html, anchor).split())


def test_cited_passages_are_marked_and_link_back_to_their_claims():
    html = render_text(TEXT, paragraphs(TEXT), [passage(TEXT, "gamma delta", "claim-x")], [], LINKS, {"claim-x": 3})
    assert "<mark>gamma delta</mark>" in html
    assert '<a href="/claims/claim-x" title="statement claim-x">3' in html


def test_mentions_are_linked_but_not_across_a_passage_boundary():
    mentions = [Mention(6, 16, "bg"), Mention(17, 28, "de")]  # "beta gamma", "delta epsi" + "lon"
    html = render_text(TEXT, paragraphs(TEXT), [passage(TEXT, "gamma delta")], mentions, LINKS, {})
    assert '<a class="mention" href="/e/bg">' not in html  # crosses the passage start
    assert balanced(html)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), min_size=1, max_size=8))
def test_any_set_of_ranges_becomes_a_nested_family_that_contains_them(spans):
    ranges = [(start, start + length) for start, length in spans]
    wide = laminar(ranges)
    for (start, end), (w_start, w_end) in zip(ranges, wide):
        assert w_start <= start and end <= w_end
    for a in wide:
        for b in wide:
            assert a[1] <= b[0] or b[1] <= a[0] or (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def test_markdown_source_highlights_passages_in_the_rendered_text():
    source = "# Statement\n\nThe fund **did not lose** any money in 2020.\n\nAll payments were documented."
    text = visible_text(source)
    blocks = [Block(tuple(Leaf(*leaf) for leaf in leaves), render) for leaves, render in markdown_blocks(source, 2)]
    quotes = ["did not lose any money", "All payments were documented."]
    passages = [passage(text, quote) for quote in quotes]
    html = render_text(text, blocks, passages, [], LINKS, {})
    assert balanced(html), html
    assert "<h3>Statement</h3>" in html
    for item in passages:
        assert item.quote in element_text(html, item.anchor)


def outlined_text(html: str, element_id: str) -> str:
    """The text the stylesheet outlines when `element_id` is the target: every highlighted run in
    it, or, in a widened element at depth d, the runs marked `in-d` (templates/assets/style.css)."""
    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.own = ""
            self.marks: list[bool] = []
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):
            classes = (dict(attrs).get("class") or "").split()
            if self.depth:
                self.depth += 1
                if tag == "mark":
                    self.marks.append(not self.own or self.own in classes)
            elif dict(attrs).get("id") == element_id:
                self.depth = 1
                depth = next((c[1:] for c in classes if c[0] == "d" and c[1:].isdigit()), None)
                self.own = f"in-{depth}" if "widened" in classes else ""

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1
                if tag == "mark":
                    self.marks.pop()

        def handle_data(self, data):
            if self.depth and self.marks and self.marks[-1]:
                self.text.append(data)

    parser = Parser()
    parser.feed(html)
    return "".join(parser.text)


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("quotes", [
    ["beta gamma delta", "gamma delta epsilon"],                      # crossing
    ["beta gamma delta", "gamma delta epsilon", "delta epsilon zeta"],  # a chain of crossings
    ["beta gamma delta epsilon", "gamma", "delta epsilon zeta eta"],  # nested and crossing
    ["eta theta.\n\nIota", "kappa lambda", "theta.\n\nIota kappa lambda"],  # across paragraphs
    ["Alpha beta gamma delta epsilon zeta eta theta.", "theta.\n\nIota kappa"],
])
def test_following_a_link_outlines_exactly_its_own_quote_even_when_quotes_cross(quotes):
    passages = [passage(TEXT, quote, f"c{i}") for i, quote in enumerate(quotes)]
    html = render_text(TEXT, paragraphs(TEXT), passages, [], LINKS, {})
    assert balanced(html), html
    for item in passages:
        assert squeezed(outlined_text(html, item.anchor)) == squeezed(item.quote), (item.quote, html)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 30)), min_size=1, max_size=7))
def test_any_set_of_quotes_outlines_exactly_each_quote(spans):
    quotes = {TEXT[start:start + length].strip() for start, length in spans} - {""}
    passages = {p.anchor: p for p in (passage(TEXT, quote, f"c{n}") for n, quote in enumerate(sorted(quotes)))}
    html = render_text(TEXT, paragraphs(TEXT), list(passages.values()), [], LINKS, {})
    assert balanced(html), html
    for item in passages.values():
        assert squeezed(outlined_text(html, item.anchor)) == squeezed(TEXT[item.location.start:item.location.end])


def test_quotes_that_do_not_cross_keep_plain_highlights():
    html = render_text(TEXT, paragraphs(TEXT), [passage(TEXT, "beta gamma delta"), passage(TEXT, "gamma", "c2")],
                       [], LINKS, {})
    assert "widened" not in html and "<mark>gamma</mark>" in html


leaves_in_order = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 12)), max_size=12).map(
    lambda steps: [Leaf(start, start + length) for start, length in _laid_out(steps)])


def _laid_out(steps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Leaves one after another, with gaps of `gap` between them: (start, length) each."""
    laid, position = [], 0
    for gap, length in steps:
        laid.append((position + gap, length))
        position += gap + length
    return laid


@settings(max_examples=300, deadline=None)
@given(leaves_in_order, st.lists(st.tuples(st.integers(0, 120), st.integers(0, 30)), max_size=10), st.booleans())
def test_the_passages_of_each_leaf_and_the_blocks_of_each_passage_are_those_that_overlap(leaves, spans, shuffled):
    """Found by bisection where leaves follow the text (a source quoted thousands of times), by looking
    at each where they do not; either way the ones that overlap (docs/performance.md)."""
    leaves = list(reversed(leaves)) if shuffled else leaves
    ranges = [(start, start + length) for start, length in spans]
    assert _ranges_by_leaf(ranges, leaves) == [[(a, b) for a, b in ranges if a < leaf.end and b > leaf.start]
                                               for leaf in leaves]
    blocks = [Block((leaf,) if leaf.end > leaf.start or index % 2 else (), lambda html: "")
              for index, leaf in enumerate(leaves)]
    touched = _blocks_touched(blocks)
    for start, end in ranges:
        found = [i for i, block in enumerate(blocks)
                 if block.leaves and block.leaves[0].start < end and block.leaves[-1].end > start]
        assert touched(start, end) == ((found[0], found[-1] + 1) if found else (0, len(blocks)))
