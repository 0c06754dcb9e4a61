"""The relation graph's geometry as plain data (docs/relations.md, "The layout"): boxes, lines and
labels in SVG units, so that templates only loop.

A neighbourhood is drawn as a fan: the page's record on the left, its neighbours in one column on
the right, grouped under the heading of their strongest relation, each joined to the record by a
curve styled after that relation. The overview is a tree of agencies, each a cluster holding its
people. Both are a single pass over their items: deterministic, no overlap by construction, and
narrow enough (WIDTH) to stay legible on a phone. Text widths are estimated from the characters,
generously, so that a label never runs out of its box.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import NamedTuple

from generator.site.relations import KINDS, Cluster, Neighbour, Neighbourhood, heading
from generator.site.view_objects import Ref

WIDTH = 380
FONT = 13
"""The labels' font size, in SVG units (the stylesheet sets the same)."""
BOX = 22
"""A node's height."""
ROW = 28
"""From one neighbour's row to the next."""
HEADING = 26
"""A group heading's row."""
COLUMN = 172
"""Where the neighbours' column starts."""
CENTRE = 128
"""The width of the page's own record."""
LINE = 17
"""From one line of the record's name to the next."""
PAD = 6
"""Between a box's edge and its text."""
INDENT = 14
"""The overview: how far a part is indented under its parent agency."""
CHIP_GAP = 6
BOLD = 1.12
"""How much wider the record's own name is, set in bold."""
CENTRE_LINES = 4
"""The most lines the record's own name wraps on."""
WIDTHS = {**dict.fromkeys("abcdeghknopqsuvxyz", 0.58), **dict.fromkeys(" .,:;'!|ijlrtf()[]-", 0.36),
          **dict.fromkeys("ABCDEFGHIJKLNOPQRSTUVXYZ0123456789", 0.7), **dict.fromkeys("mwMW@", 0.92)}
"""Characters' widths in ems, rounded up from common sans-serif fonts; any other character counts as 0.7."""
OTHER = 0.7


class Node(NamedTuple):
    """A linked box: a person (rounded) or an agency, with its name in one or more lines.

    Nodes, edges and labels are named tuples: templates unpack them in their loops, which costs
    far less than reading attributes through Jinja's sandbox, fifty times a page.
    """

    href: str
    name: str
    css: str
    x: int
    y: int
    width: int
    height: int
    corner: int
    """The corners' radius: a person's box is rounded, an agency's square."""
    lines: tuple[tuple[int, int, str], ...]
    """(x, baseline y, text) of each line."""


class Edge(NamedTuple):
    path: str
    """An SVG path (`d`)."""
    css: str
    title: str


class Label(NamedTuple):
    x: int
    y: int
    text: str
    css: str


@dataclass(frozen=True, slots=True)
class Drawing:
    """What a template draws: its size, then lines under boxes under labels."""

    width: int
    height: int
    edges: tuple[Edge, ...]
    nodes: tuple[Node, ...]
    labels: tuple[Label, ...]
    backgrounds: tuple[tuple[int, int, int, int], ...] = ()
    """The outlines (x, y, width, height) of agencies with their people, drawn first."""


def text_width(text: str, size: float = FONT) -> float:
    """An upper estimate of a text's width in a sans-serif font of `size`."""
    return sum(map(WIDTHS.get, text, repeat(OTHER))) * size


def fit(text: str, width: float, size: float = FONT) -> str:
    """`text`, cut with an ellipsis if it is wider than `width`."""
    if text_width(text, size) <= width:
        return text
    room = width / size - OTHER  # the ellipsis
    for end, used in enumerate(accumulate(map(WIDTHS.get, text, repeat(OTHER)))):
        if used > room:
            return text[:end].rstrip() + "…"
    return text


def wrap(text: str, width: float, most: int) -> list[str]:
    """`text` in at most `most` lines of `width`, word by word; the last line cut if need be."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines[most - 1:] = [" ".join(lines[most - 1:])]
    return [fit(line, width) for line in lines]


def fan(graph: Neighbourhood, centre_kind: str) -> Drawing:
    """The neighbourhood of a record's page: the strongest neighbours, grouped by their first kind."""
    nodes: list[Node] = []
    labels: list[Label] = []
    ends: list[tuple[int, Neighbour]] = []
    y = 4
    for kind, members in _by_kind(graph.shown):
        labels.append(Label(COLUMN, y + 17, f"{heading(kind, centre_kind)} ({len(members)})", "group"))
        y += HEADING
        for neighbour in members:
            nodes.append(_box(COLUMN, y, WIDTH - COLUMN - 2, [fit(neighbour.ref.name, WIDTH - COLUMN - 2 - 2 * PAD)],
                              neighbour.ref))
            ends.append((y + BOX // 2, neighbour))
            y += ROW
    if graph.left_out:
        labels.append(Label(COLUMN, y + 17, f"and {graph.left_out} more, listed below", "more"))
        y += HEADING
    centre = _centre(graph.centre, y, [end for end, _ in ends])
    edges = [_curve(centre, end, neighbour, graph.centre.name) for end, neighbour in ends]
    return Drawing(WIDTH, max(y, centre.y + centre.height) + 4, tuple(edges), (centre, *nodes), tuple(labels))


def _by_kind(shown: Iterable[Neighbour]) -> list[tuple[str, list[Neighbour]]]:
    """The shown neighbours grouped by their first kind, groups in the order of the kinds."""
    groups: dict[str, list[Neighbour]] = {}
    for neighbour in shown:
        groups.setdefault(neighbour.kind, []).append(neighbour)
    return [(kind, groups[kind]) for kind in KINDS if kind in groups]


def _centre(ref: Ref, bottom: int, ends: list[int]) -> Node:
    """The record's own box, halfway down its neighbours."""
    lines = wrap(ref.name, (CENTRE - 2 * PAD) / BOLD, CENTRE_LINES)
    height = len(lines) * LINE + 2 * PAD
    middle = (ends[0] + ends[-1]) // 2 if ends else height // 2 + 4
    top = max(4, min(middle - height // 2, bottom - height))
    return _box(2, top, CENTRE, lines, ref, "centre")


def _box(x: int, y: int, width: int, lines: list[str], ref: Ref, css: str = "") -> Node:
    height = BOX if len(lines) == 1 else len(lines) * LINE + 2 * PAD
    first = y + (BOX + FONT) // 2 - 1 if len(lines) == 1 else y + PAD + FONT
    placed = tuple((x + PAD, first + index * LINE, line) for index, line in enumerate(lines))
    corner = BOX // 2 if ref.kind == "person" else 2
    return Node(ref.href, ref.name, f"node {ref.kind} {css}".strip(), x, y, width, height, corner, placed)


def _curve(centre: Node, end: int, neighbour: Neighbour, centre_name: str) -> Edge:
    start_x, start_y = centre.x + centre.width, centre.y + centre.height // 2
    bend = (COLUMN - start_x) // 2
    path = f"M{start_x} {start_y} C{start_x + bend} {start_y} {COLUMN - bend} {end} {COLUMN} {end}"
    return Edge(path, f"edge {neighbour.kind}", f"{centre_name} — {neighbour.summary} — {neighbour.ref.name}")


def overview(clusters: Iterable[Cluster], unaffiliated: str) -> Drawing:
    """The whole network: each agency in tree order, indented under its parent and joined to it,
    with its people as boxes flowed below it; then the people with no role, under `unaffiliated`."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    labels: list[Label] = []
    backgrounds: list[tuple[int, int, int, int]] = []
    parents: list[Node] = []
    y = 4
    for cluster in clusters:
        top, x = y, 2 + cluster.depth * INDENT
        if cluster.agency is None:
            labels.append(Label(x, y + 17, unaffiliated, "group"))
        else:
            box = _box(x, y, WIDTH - x - 2, [fit(cluster.agency.name, WIDTH - x - 2 - 2 * PAD)], cluster.agency)
            del parents[cluster.depth:]
            if parents:
                edges.append(_tree_line(parents[-1], box))
            parents.append(box)
            nodes.append(box)
        y = _chips(cluster.people, x + INDENT, y + ROW, nodes)
        if cluster.people:
            backgrounds.append((x, top - 2, WIDTH - x, y - top))
        y += 4
    return Drawing(WIDTH, y + 2, tuple(edges), tuple(nodes), tuple(labels), tuple(backgrounds))


def _tree_line(parent: Node, child: Node) -> Edge:
    """From under the parent's box down and across to its part's."""
    x = parent.x + INDENT // 2
    middle = child.y + BOX // 2
    return Edge(f"M{x} {parent.y + parent.height} V{middle} H{child.x}", "edge parent",
                f"{child.name} is part of {parent.name}")


def _chips(people: Iterable[Ref], left: int, y: int, nodes: list[Node]) -> int:
    """People as boxes side by side from `left`, wrapping at WIDTH; returns the y below the last row."""
    x, room, placed = left, WIDTH - 2 - left, False
    for ref in people:
        width = min(int(text_width(ref.name)) + 2 * PAD + 1, room)
        if x > left and x + width > WIDTH - 2:
            x, y = left, y + ROW
        nodes.append(_box(x, y, width, [fit(ref.name, width - 2 * PAD)], ref))
        x, placed = x + width + CHIP_GAP, True
    return y + ROW if placed else y

