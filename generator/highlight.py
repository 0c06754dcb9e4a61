"""A source's text as HTML, with every cited passage highlighted and anchored, and mentions linked.

The text is a list of blocks (paragraphs), each made of leaves (runs of plain text at known
offsets of the visible text). A passage inside one leaf gets an inline anchor element; a passage
that crosses leaves gets a block-level wrapper around the blocks it touches. Anchors may overlap
in any way, yet HTML elements must nest: `laminar` widens crossing ones just enough that they
nest, so every anchor's element still contains its whole passage.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.link import Passage
from generator.mentions import Mention

Range = tuple[int, int]


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
    for passage in passages:
        start, end = passage.location.start, passage.location.end
        index = bisect.bisect_right(leaf_starts, start) - 1
        if index >= 0 and end <= leaves[index].end:
            inline.setdefault(index, []).append(passage)
        else:
            wrapped.append((_blocks_touched(blocks, start, end), passage))
    ranges = [(p.location.start, p.location.end) for p in passages]
    leaf_index = {(leaf.start, leaf.end): i for i, leaf in enumerate(leaves)}
    mention_starts = [m.start for m in mentions]

    def leaf_html(start: int, end: int) -> str:
        index = leaf_index[(start, end)]
        leaf = leaves[index]
        leaf_mentions = [] if leaf.in_link else _mentions_in(mentions, mention_starts, leaf)
        return _leaf_html(text, leaf, inline.get(index, []), ranges, leaf_mentions, links, numbers)

    rendered = [block.render(leaf_html) for block in blocks]
    return Markup(_wrap_blocks(rendered, wrapped, links, numbers))


def _blocks_touched(blocks: Sequence[Block], start: int, end: int) -> Range:
    touched = [i for i, block in enumerate(blocks)
               if block.leaves and block.leaves[0].start < end and block.leaves[-1].end > start]
    return (touched[0], touched[-1] + 1) if touched else (0, len(blocks))


def _mentions_in(mentions: Sequence[Mention], starts: list[int], leaf: Leaf) -> list[Mention]:
    first = bisect.bisect_left(starts, leaf.start)
    found = []
    for mention in mentions[first:]:
        if mention.start >= leaf.end:
            break
        if mention.end <= leaf.end:
            found.append(mention)
    return found


def _leaf_html(text: str, leaf: Leaf, anchored: list[Passage], ranges: list[Range], mentions: list[Mention],
               links: PassageLinks, numbers: dict[str, int]) -> str:
    spans = laminar([(p.location.start, p.location.end) for p in anchored])
    opening = sorted(zip(spans, anchored), key=_opening_order)
    points = {leaf.start, leaf.end}
    for start, end in ranges:
        if start < leaf.end and end > leaf.start:
            points.update((max(start, leaf.start), min(end, leaf.end)))
    points.update(point for span in spans for point in span)
    points_sorted = sorted(points)
    out: list[str] = []
    open_stack: list[tuple[Range, Passage]] = []
    queue = list(opening)
    for a, b in zip(points_sorted, points_sorted[1:]):
        while open_stack and open_stack[-1][0][1] <= a:
            out.append(_close_inline(open_stack.pop()[1], links, numbers))
        while queue and queue[0][0][0] == a:
            item = queue.pop(0)
            out.append(f'<span class="passage" id="{item[1].anchor}">')
            open_stack.append(item)
        segment = _text_with_mentions(text, a, b, mentions, links)
        covered = any(start < b and end > a for start, end in ranges)
        out.append(f"<mark>{segment}</mark>" if covered else segment)
    while open_stack:
        out.append(_close_inline(open_stack.pop()[1], links, numbers))
    return "".join(out)


def _text_with_mentions(text: str, a: int, b: int, mentions: list[Mention], links: PassageLinks) -> str:
    """Text of [a, b) with the mentions lying wholly inside it linked."""
    out, position = [], a
    for mention in mentions:
        if mention.start >= a and mention.end <= b:
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


def _wrap_blocks(rendered: list[str], wrapped: list[tuple[Range, Passage]], links: PassageLinks,
                 numbers: dict[str, int]) -> str:
    if not wrapped:
        return "".join(rendered)
    spans = laminar([block_range for block_range, _ in wrapped])
    opens: dict[int, list[tuple[Range, Passage]]] = {}
    closes: dict[int, list[tuple[Range, Passage]]] = {}
    for span, (_, passage) in zip(spans, wrapped):
        opens.setdefault(span[0], []).append((span, passage))
        closes.setdefault(span[1], []).append((span, passage))
    out: list[str] = []
    for index in range(len(rendered) + 1):
        for span, passage in sorted(closes.get(index, []), key=_opening_order, reverse=True):
            out.append(_markers(passage, links, numbers, "p") + "</div>")
        for span, passage in sorted(opens.get(index, []), key=_opening_order):
            out.append(f'<div class="passage" id="{passage.anchor}">')
        if index < len(rendered):
            out.append(rendered[index])
    return "".join(out)


def _opening_order(item: tuple[Range, Passage]) -> tuple[int, int, str]:
    """Outer elements open first; of two equal ones, the first anchor. Closing is the reverse."""
    span, passage = item
    return (span[0], -span[1], passage.anchor)
