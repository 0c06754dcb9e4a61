"""A source's text as HTML, with every cited passage highlighted and anchored, and mentions linked.

The text is a list of blocks (paragraphs), each made of leaves (runs of plain text at known
offsets of the visible text). A passage inside one leaf gets an inline anchor element; a passage
that crosses leaves gets a block-level wrapper around the blocks it touches. Anchors may overlap
in any way, yet HTML elements must nest: `laminar` widens crossing ones just enough that they
nest, so every anchor's element still contains its whole passage.

A widened element (and a block-level one, which holds whole paragraphs) also holds text that is
not its passage. So that following a link to a passage outlines exactly its quote, such an element
says its depth among the passage elements (`passage widened d2`), and each highlighted run
(`<mark>`) inside one says which of them quote it: `<mark class="in-0 in-2">` is quoted by the
widened elements at depths 0 and 2 around it. The stylesheet outlines, in a widened target at
depth d, only the runs marked `in-d` (in any other target, every run).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.link.links import Passage
from generator.text.mentions import Mention

Range = tuple[int, int]

DEEPEST = 8
"""Depths from here on share one class (`d8`, `in-8`): nesting that deep outlines a little more
than the quote. The stylesheet has a rule for each depth up to this one."""


@dataclass(frozen=True, slots=True)
class Leaf:
    start: int
    end: int
    in_link: bool = False
    """Text inside a link: mentions in it are not linked again."""


@dataclass(frozen=True, slots=True)
class Block:
    leaves: tuple[Leaf, ...]
    render: Callable[[Callable[[int, int], str]], str]
    """Renders the block's HTML, asking the callback for the HTML of the leaf at (start, end)."""


def laminar(ranges: Sequence[Range]) -> list[Range]:
    """For each range, an enclosing range such that all results nest or are disjoint.

    Sorted by start (longer first); a range that crosses an open one is widened to start where
    that one starts. Results keep the order of the input.
    """
    order = sorted(range(len(ranges)), key=lambda i: (ranges[i][0], -ranges[i][1]))
    result: list[Range] = list(ranges)
    stack: list[Range] = []
    for index in order:
        start, end = ranges[index]
        while stack and stack[-1][1] <= start:
            stack.pop()
        widened = start
        crossed: list[Range] = []
        while stack and stack[-1][1] < end:
            crossed.append(stack.pop())
            widened = min(widened, crossed[-1][0])
        result[index] = (widened, end)
        stack.append(result[index])
        stack.extend(reversed(crossed))  # still open, now inside the widened range
    return result


@dataclass(frozen=True, slots=True)
class PassageLinks:
    """How highlights link out: to the claims (and people) citing a passage, and to mentioned entities."""

    claim: Callable[[str], tuple[str, str]]
    """Claim id → (href, statement as plain text)."""
    person: Callable[[str], tuple[str, str]]
    entity: Callable[[str], str]


def render_text(text: str, blocks: Sequence[Block], passages: Sequence[Passage], mentions: Sequence[Mention],
                links: PassageLinks, numbers: dict[str, int]) -> Markup:
    """The whole visible `text` as HTML. `numbers` gives each citing claim its number on the page."""
    leaves = [leaf for block in blocks for leaf in block.leaves]
    leaf_starts = [leaf.start for leaf in leaves]
    inline: dict[int, list[Passage]] = {}
    wrapped: list[tuple[Range, Passage]] = []
    touched = _blocks_touched(blocks)
    for passage in passages:
        start, end = passage.location.start, passage.location.end
        index = bisect.bisect_right(leaf_starts, start) - 1
        if index >= 0 and end <= leaves[index].end:
            inline.setdefault(index, []).append(passage)
        else:
            wrapped.append((touched(start, end), passage))
    ranges = _ranges_by_leaf([(p.location.start, p.location.end) for p in passages], leaves)
    leaf_index = {(leaf.start, leaf.end): i for i, leaf in enumerate(leaves)}
    mention_starts = [m.start for m in mentions]
    wrappers = _wrappers(wrapped)
    rendered: list[str] = []
    for block, around in zip(blocks, _around_each_block(wrappers, len(blocks)), strict=True):

        def leaf_html(start: int, end: int, around: list[tuple[int, Range]] = around) -> str:
            index = leaf_index[(start, end)]
            leaf = leaves[index]
            leaf_mentions = [] if leaf.in_link else _mentions_in(mentions, mention_starts, leaf)
            return _leaf_html(text, leaf, inline.get(index, []), ranges[index], around, leaf_mentions, links, numbers)

        rendered.append(block.render(leaf_html))
    return Markup(_wrap_blocks(rendered, wrappers, links, numbers))


def _ranges_by_leaf(ranges: list[Range], leaves: Sequence[Leaf]) -> list[list[Range]]:
    """The ranges overlapping each leaf. Leaves follow the text, so each range's leaves are found by
    bisection: a source quoted thousands of times is not scanned for every one of its paragraphs."""
    starts, ends = [leaf.start for leaf in leaves], [leaf.end for leaf in leaves]
    by_leaf: list[list[Range]] = [[] for _ in leaves]
    if starts != sorted(starts) or ends != sorted(ends):  # not in text order: each leaf looks at every range
        return [[(a, b) for a, b in ranges if a < leaf.end and b > leaf.start] for leaf in leaves]
    for start, end in ranges:
        for index in range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)):
            by_leaf[index].append((start, end))
    return by_leaf


def _around_each_block(wrappers: list[tuple[Range, int, Passage]], count: int) -> list[list[tuple[int, Range]]]:
    """For each of `count` blocks, the depth and passage of each block-level element around it, in order."""
    around: list[list[tuple[int, Range]]] = [[] for _ in range(count)]
    for (first, end), depth, passage in wrappers:
        for index in range(max(first, 0), min(end, count)):
            around[index].append((depth, _range(passage)))
    return around


def _range(passage: Passage) -> Range:
    return passage.location.start, passage.location.end


def _wrappers(wrapped: list[tuple[Range, Passage]]) -> list[tuple[Range, int, Passage]]:
    """The block-level passage elements: the blocks each wraps (widened to nest) and its depth."""
    spans = laminar([block_range for block_range, _ in wrapped])
    items = sorted(zip(spans, (passage for _, passage in wrapped)), key=_opening_order)
    result: list[tuple[Range, int, Passage]] = []
    open_spans: list[Range] = []
    for span, passage in items:
        while open_spans and open_spans[-1][1] <= span[0]:
            open_spans.pop()
        result.append((span, len(open_spans), passage))
        open_spans.append(span)
    return result


def _element_class(depth: int, widened: bool) -> str:
    return f"passage widened d{min(depth, DEEPEST)}" if widened else "passage"


def _mark_html(segment: str, a: int, b: int, quoting: list[tuple[int, Range]]) -> str:
    """A highlighted run, naming the depths of the passage elements around it that quote it."""
    depths = sorted({min(depth, DEEPEST) for depth, (start, end) in quoting if start < b and end > a})
    classes = " ".join(f"in-{depth}" for depth in depths)
    return f'<mark class="{classes}">{segment}</mark>' if classes else f"<mark>{segment}</mark>"


def _blocks_touched(blocks: Sequence[Block]) -> Callable[[int, int], Range]:
    """(start, end) → the blocks from the first to the last that a passage there touches. Blocks follow
    the text, so they are found by bisection (else each block is looked at)."""
    filled = [index for index, block in enumerate(blocks) if block.leaves]
    starts = [blocks[index].leaves[0].start for index in filled]
    ends = [blocks[index].leaves[-1].end for index in filled]
    in_order = starts == sorted(starts) and ends == sorted(ends)

    def touched(start: int, end: int) -> Range:
        if in_order:
            first, last = bisect.bisect_right(ends, start), bisect.bisect_left(starts, end) - 1
            return (filled[first], filled[last] + 1) if first <= last else (0, len(blocks))
        found = [i for i, block in enumerate(blocks)
                 if block.leaves and block.leaves[0].start < end and block.leaves[-1].end > start]
        return (found[0], found[-1] + 1) if found else (0, len(blocks))

    return touched


def _mentions_in(mentions: Sequence[Mention], starts: list[int], leaf: Leaf) -> list[Mention]:
    found = []
    for index in range(bisect.bisect_left(starts, leaf.start), len(mentions)):
        mention = mentions[index]
        if mention.start >= leaf.end:
            break
        if mention.end <= leaf.end:
            found.append(mention)
    return found


def _leaf_html(text: str, leaf: Leaf, anchored: list[Passage], ranges: list[Range],
               around: list[tuple[int, Range]], mentions: list[Mention], links: PassageLinks,
               numbers: dict[str, int]) -> str:
    """The leaf's text with its inline passage elements; `ranges` are the passages overlapping it,
    `around` the depth and the passage of each block-level passage element the leaf is in (all of
    them widened). Runs are cut at every end of a passage; a run is highlighted when a passage
    covers it, which a running count of the passages open there tells."""
    spans = laminar([(p.location.start, p.location.end) for p in anchored])
    opening = sorted(zip(spans, anchored), key=_opening_order)
    points = {leaf.start, leaf.end}
    covering: dict[int, int] = {}
    for start, end in ranges:
        clipped = max(start, leaf.start), min(end, leaf.end)
        points.update(clipped)
        covering[clipped[0]] = covering.get(clipped[0], 0) + 1
        covering[clipped[1]] = covering.get(clipped[1], 0) - 1
    points.update(point for span in spans for point in span)
    points_sorted = sorted(points)
    mention_starts = [mention.start for mention in mentions]
    out: list[str] = []
    open_stack: list[tuple[Range, Passage]] = []
    next_open, covered = 0, 0
    for a, b in zip(points_sorted, points_sorted[1:]):
        while open_stack and open_stack[-1][0][1] <= a:
            out.append(_close_inline(open_stack.pop()[1], links, numbers))
        while next_open < len(opening) and opening[next_open][0][0] == a:
            item = opening[next_open]
            next_open += 1
            widened = item[0] != _range(item[1])
            out.append(f'<span class="{_element_class(len(around) + len(open_stack), widened)}" id="{item[1].anchor}">')
            open_stack.append(item)
        segment = _text_with_mentions(text, a, b, mentions, mention_starts, links)
        covered += covering.get(a, 0)
        quoting = around + [(len(around) + level, _range(passage)) for level, (span, passage) in enumerate(open_stack)
                            if span != _range(passage)]
        out.append(_mark_html(segment, a, b, quoting) if covered else segment)
    while open_stack:
        out.append(_close_inline(open_stack.pop()[1], links, numbers))
    return "".join(out)


def _text_with_mentions(text: str, a: int, b: int, mentions: list[Mention], starts: list[int],
                        links: PassageLinks) -> str:
    """Text of [a, b) with the mentions lying wholly inside it linked (`starts`: theirs, in order)."""
    out, position = [], a
    for mention in mentions[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]:
        if mention.end <= b:
            out.append(str(escape(text[position:mention.start])))
            out.append(f'<a class="mention" href="{escape(links.entity(mention.entity))}">'
                       f"{escape(text[mention.start:mention.end])}</a>")
            position = mention.end
    out.append(str(escape(text[position:b])))
    return "".join(out)


def _close_inline(passage: Passage, links: PassageLinks, numbers: dict[str, int]) -> str:
    return _markers(passage, links, numbers, "sup") + "</span>"


def _markers(passage: Passage, links: PassageLinks, numbers: dict[str, int], tag: str) -> str:
    items = []
    for claim_id in passage.claims:
        href, statement = links.claim(claim_id)
        items.append(f'<a href="{escape(href)}" title="{escape(statement)}">{numbers.get(claim_id, "")}'
                     f'<span class="visually-hidden"> (claim: {escape(statement)})</span></a>')
    for person_id in passage.people:
        href, name = links.person(person_id)
        items.append(f'<a href="{escape(href)}">{escape(name)}<span class="visually-hidden"> (role)</span></a>')
    return f'<{tag} class="cited-by">{", ".join(items)}</{tag}>' if items else ""


def _wrap_blocks(rendered: list[str], wrappers: list[tuple[Range, int, Passage]], links: PassageLinks,
                 numbers: dict[str, int]) -> str:
    if not wrappers:
        return "".join(rendered)
    opens: dict[int, list[tuple[Range, int, Passage]]] = {}
    closes: dict[int, list[tuple[Range, int, Passage]]] = {}
    for item in wrappers:
        opens.setdefault(item[0][0], []).append(item)
        closes.setdefault(item[0][1], []).append(item)
    out: list[str] = []
    for index in range(len(rendered) + 1):
        for _, _, passage in sorted(closes.get(index, []), key=lambda item: item[1], reverse=True):
            out.append(_markers(passage, links, numbers, "p") + "</div>")
        for _, depth, passage in sorted(opens.get(index, []), key=lambda item: item[1]):
            out.append(f'<div class="{_element_class(depth, True)}" id="{passage.anchor}">')
        if index < len(rendered):
            out.append(rendered[index])
    return "".join(out)


def _opening_order(item: tuple[Range, Passage]) -> tuple[int, int, str]:
    """Outer elements open first; of two equal ones, the first anchor. Closing is the reverse."""
    span, passage = item
    return (span[0], -span[1], passage.anchor)
