"""The relation graph as plain data (generator/site/relations.py, docs/relations.md): each kind of
relation found from the records, neighbours ranked by strength and cut at 50, the same relations
grouped for the text list, the overview's tree of agencies; and what a page's graph reads."""

from __future__ import annotations

import pytest
from support.records import CLAIM_FILE, base, claim, linked

from generator.link.links import LinkMap
from generator.site import keys, relations
from generator.site.graph import Dependencies
from generator.site.relation_pages import describe
from generator.site.views import ViewCache, Views

ROLE = ("roles:\n  - title: Director\n    agency: fund\n    citations:\n      - source: gazette\n"
        "        quote: the auditors said\n")
FILES = base(**{
    "people/ana.yaml": f"name: Ana Lind\n{ROLE}",
    "people/bob.yaml": "name: Bob Berg\n",
    "people/cai.yaml": "name: Cai Holt\n",
    "agencies/fund.yaml": "name: Harbour Fund\nparent: ministry\n",
    "agencies/ministry.yaml": "name: Ministry of Finance\n",
    "agencies/audit.yaml": "name: Audit Office\n",
    CLAIM_FILE: (claim("a")  # Ana about the fund
                 + claim("b", by="bob", more="  about: [ana, cai]\n").replace("  about: [fund]\n", "", 1)
                 + claim("c", by="bob", more="  about: [ana]\n").replace("  about: [fund]\n", "", 1)
                 + claim("d", by="audit", more="  about: [bob]\n").replace("  about: [fund]\n", "", 1))})


@pytest.fixture(scope="module")
def links():
    return linked(FILES)


def graph_of(links, kind: str, entity_id: str) -> relations.Neighbourhood:
    return relations.neighbourhood(Views(links, 2), kind, entity_id)


def kinds_of(graph: relations.Neighbourhood) -> dict[str, tuple[str, ...]]:
    return {neighbour.ref.id: neighbour.kinds for neighbour in graph.neighbours}


def test_a_person_is_related_by_roles_and_by_claims_by_about_and_naming_it(links):
    graph = graph_of(links, "person", "ana")
    assert kinds_of(graph) == {"fund": ("role", "claims-made"), "bob": ("claimed-by",), "cai": ("named-with",)}
    fund = graph.neighbours[0]
    assert fund.details == {"role": "Director", "claims-made": "1 claim"}
    assert fund.summary == "role: Director; made claims about: 1 claim"


def test_an_agency_is_related_to_its_people_its_parent_and_its_parts(links):
    assert kinds_of(graph_of(links, "agency", "fund")) == {"ana": ("role", "claimed-by"), "ministry": ("parent",)}
    assert kinds_of(graph_of(links, "agency", "ministry")) == {"fund": ("child",)}


def test_roles_and_parents_rank_first_then_the_most_claims_in_common(links):
    assert [n.ref.id for n in graph_of(links, "person", "ana").neighbours] == ["fund", "bob", "cai"]
    assert [n.claims for n in graph_of(links, "person", "ana").neighbours] == [1, 2, 1]


def test_the_text_list_gives_every_relation_under_each_of_its_kinds(links):
    graph = graph_of(links, "agency", "fund")
    assert [(group.heading, [n.ref.id for n in group.members]) for group in graph.groups] == [
        ("People with a role here", ["ana"]), ("Part of", ["ministry"]), ("Made claims about it", ["ana"])]
    assert graph_of(links, "person", "ana").groups[0].heading == "Has a role at"


def test_a_figure_a_claim_is_about_is_not_a_neighbour(links):
    figure_claim = claim("e", more="  about: [fund, loss]\n").replace("  about: [fund]\n", "", 1)
    graph = graph_of(linked({**FILES, CLAIM_FILE: FILES[CLAIM_FILE] + figure_claim}), "person", "ana")
    assert "loss" not in kinds_of(graph)


def test_beyond_fifty_neighbours_the_strongest_fifty_are_drawn_and_the_rest_counted():
    people = {f"people/p{number:02}.yaml": f"name: Person {number:02}\n" for number in range(60)}
    about = ", ".join(f"p{number:02}" for number in range(60))
    files = base(**people, **{CLAIM_FILE: claim("all", more=f"  about: [{about}]\n").replace("  about: [fund]\n", "", 1)
                              + claim("two", more="  about: [p59]\n").replace("  about: [fund]\n", "", 1)})
    graph = graph_of(linked(files), "person", "ana")
    assert len(graph.neighbours) == 60 and len(graph.shown) == relations.SHOWN == 50 and graph.left_out == 10
    assert graph.shown[0].ref.id == "p59", "two claims in common rank before one"
    assert [n.ref.id for n in graph.shown[1:3]] == ["p00", "p01"], "then by name"
    assert "The 50 strongest relations are drawn; all 60 are listed below." in describe(graph)


def test_the_graph_reads_its_record_s_own_claims_and_roles_never_a_neighbour_s(links):
    views = Views(links, 2, ViewCache(), graph=Dependencies())
    views.start_page()
    relations.neighbourhood(views, "person", "ana")
    assert keys.kept("claim", "b") in views.touched
    assert keys.record("claim", "b") not in views.touched, "through the claim's kept view, as the page's lists"
    assert keys.entry(LinkMap.CLAIMS_BY, "bob") not in views.touched
    assert keys.entry(LinkMap.CLAIMS_ABOUT, "fund") not in views.touched


def test_the_overview_is_every_agency_under_its_parent_with_its_people_and_reads_no_claim(links):
    views = Views(links, 1, ViewCache(), graph=Dependencies())
    views.start_page()
    clusters = relations.network(views)
    assert [(c.agency.id if c.agency else None, c.parent.id if c.parent else None, c.depth,
             [p.id for p in c.people]) for c in clusters] == [
        ("audit", None, 0, []), ("ministry", None, 0, []), ("fund", "ministry", 1, ["ana"]),
        (None, None, 0, ["bob", "cai"])]
    assert not any(key.startswith(("claim", "kept:claim", "claims_")) for key in views.touched)
