"""The relation graph's geometry (generator/site/relation_svg.py, docs/relations.md, "The layout"):
labels fit their boxes, boxes never overlap and stay inside the drawing, and the same graph is
always drawn the same way."""

from __future__ import annotations

from itertools import combinations

from generator.site import relation_svg
from generator.site.relation_svg import Drawing, Node, fan, fit, overview, text_width, wrap
from generator.site.relations import SHOWN, Cluster, Group, Neighbour, Neighbourhood
from generator.site.view_objects import Ref

LONG = "Council of Heads of Security Authorities and Special Services of the Commonwealth of Independent States"


def ref(number: int, kind: str = "person", name: str = "") -> Ref:
    return Ref(kind, f"r{number}", name or f"Person number {number}", f"../../people/r{number}/index.html")


def graph(count: int) -> Neighbourhood:
    kinds = ("role", "claims-made", "claimed-by", "named-with")
    neighbours = tuple(Neighbour(ref(n, name=LONG if n == 3 else ""), (kinds[n % 4],), 1, {kinds[n % 4]: "1 claim"})
                       for n in range(count))
    return Neighbourhood(ref(999, "agency", LONG), neighbours, (Group("role", "Roles", neighbours, ()),))


def overlapping(nodes: tuple[Node, ...]) -> list[tuple[str, str]]:
    return [(a.href, b.href) for a, b in combinations(nodes, 2)
            if a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height]


def inside(drawing: Drawing) -> bool:
    return all(node.x >= 0 and node.x + node.width <= drawing.width and node.y >= 0
               and node.y + node.height <= drawing.height for node in drawing.nodes)


def test_a_long_name_is_cut_with_an_ellipsis_to_fit_its_width():
    cut = fit(LONG, 150)
    assert cut.endswith("…") and LONG.startswith(cut[:-1]) and text_width(cut) <= 150
    assert fit("Ana Lind", 150) == "Ana Lind"


def test_a_long_name_wraps_in_at_most_three_lines_each_fitting():
    lines = wrap(LONG, 116, 3)
    assert len(lines) == 3 and all(text_width(line) <= 116 for line in lines)
    assert wrap("Ana Lind", 116, 3) == ["Ana Lind"]


def test_the_fan_draws_one_box_and_one_edge_per_shown_neighbour_with_no_overlap():
    drawing = fan(graph(12), "agency")
    assert len(drawing.nodes) == 13 and len(drawing.edges) == 12
    assert overlapping(drawing.nodes) == [] and inside(drawing)
    assert [label.text for label in drawing.labels] == ["People with a role here (3)", "It made claims about (3)",
                                                        "Made claims about it (3)", "Named with it in claims (3)"]
    assert all(edge.title.startswith(LONG + " — ") for edge in drawing.edges)


def test_every_label_fits_its_box():
    for drawing in (fan(graph(SHOWN + 30), "person"), overview(clusters(), "No role")):
        for node in drawing.nodes:
            for x, _, text in node.lines:
                assert x + text_width(text) <= node.x + node.width, text


def test_beyond_fifty_the_fan_draws_fifty_and_says_how_many_more():
    drawing = fan(graph(SHOWN + 30), "person")
    assert len(drawing.edges) == SHOWN and drawing.labels[-1].text == "and 30 more, listed below"
    assert overlapping(drawing.nodes) == [] and inside(drawing)


def test_the_same_graph_is_always_drawn_the_same():
    assert fan(graph(40), "person") == fan(graph(40), "person")
    assert overview(clusters(), "No role") == overview(clusters(), "No role")


def clusters() -> tuple[Cluster, ...]:
    parent = ref(100, "agency", "Ministry")
    return (Cluster(parent, None, 0, tuple(ref(n) for n in range(7))),
            Cluster(ref(101, "agency", LONG), parent, 1, (ref(8, name=LONG),)),
            Cluster(None, None, 0, tuple(ref(n) for n in range(20, 30))))


def test_the_overview_indents_a_part_under_its_parent_and_joins_them():
    drawing = overview(clusters(), "No role")
    agencies = [node for node in drawing.nodes if "agency" in node.css.split()]
    assert agencies[1].x == agencies[0].x + relation_svg.INDENT
    assert [edge.title for edge in drawing.edges] == [f"{LONG} is part of Ministry"]
    assert [label.text for label in drawing.labels] == ["No role"]
    assert overlapping(drawing.nodes) == [] and inside(drawing)
    assert len(drawing.backgrounds) == 3
