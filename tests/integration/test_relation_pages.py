"""The relation graph in built sites (docs/relations.md): a person page of the sample dossier shows
its graph, every node of every graph links to a page that exists, builds draw it the same way every
time, a person with 80 neighbours has the strongest 50 drawn and all 80 listed, and an edit to a
claim never renders the overview again (one to a person or an agency does)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from support.dossiers import FIXTURES, build_copy, tree
from support.edits import replace

from generator.build import Builder
from generator.core import urls

NODE_LINK = re.compile(r'<a class="node [^"]*" href="([^"]+)">')
SVG = re.compile(r'<svg class="relation-graph".*?</svg>', re.DOTALL)


def graph_pages(site: Path) -> list[Path]:
    return [*sorted(site.glob("people/*/index.html")), *sorted(site.glob("agencies/*/index.html")),
            site / urls.NETWORK]


def test_a_person_page_of_the_sample_shows_its_graph_and_lists_its_relations(sites):
    html = (sites["sample"] / "people/nurtai-abykayev/index.html").read_text(encoding="utf-8")
    svg = SVG.search(html)
    assert svg is not None
    assert 'role="group" aria-labelledby="relations-title" aria-describedby="relations-desc"' in svg.group()
    assert '<title id="relations-title">Relation graph of Nurtai Abykayev</title>' in svg.group()
    assert "<script" not in svg.group()
    assert 'href="../../agencies/knb/index.html"' in svg.group()
    assert "<h3>Has a role at</h3>" in html and "Chairman" in html


def test_every_node_links_to_a_page_of_the_site(sites, directory_site):
    for site in (sites["sample"], directory_site):
        checked = 0
        for page in graph_pages(site):
            page_folder = posixpath.dirname(page.relative_to(site).as_posix())
            links = NODE_LINK.findall(page.read_text(encoding="utf-8"))
            checked += len(links)
            for href in links:
                target = site / posixpath.normpath(posixpath.join(page_folder, href))
                assert (target / "index.html" if href.endswith("/") else target).is_file(), (page, href)
        assert checked > 10, site


def test_the_network_page_is_linked_from_the_people_and_agencies_indexes(sites):
    for index in ("people/index.html", "agencies/index.html"):
        assert 'href="../network/index.html"' in (sites["sample"] / index).read_text(encoding="utf-8")


def test_two_builds_draw_every_graph_the_same(sites, tmp_path):
    again = build_copy(FIXTURES / "complete", tmp_path / "again")
    first = tree(sites["fixture"])
    for page in graph_pages(again):
        path = page.relative_to(again).as_posix()
        assert page.read_bytes() == first[path], path


def test_eighty_neighbours_draw_the_strongest_fifty_and_list_all(dossier, tmp_path):
    people = {f"content/people/extra-{n:02}.yaml": f"name: Extra Person {n:02}\n" for n in range(80)}
    about = ", ".join(f"extra-{n:02}" for n in range(80))
    claims = (f"- id: many\n  statement: Eighty people were there.\n  by: ana-lind\n  about: [{about}]\n"
              "  citations:\n    - source: fund-statement-2021-03\n"
              "      quote: The Harbour Fund did not lose any money in 2020.\n")
    site = build_copy(dossier({**people, "content/claims/many.yaml": claims}), tmp_path / "built")
    html = (site / "people/ana-lind/index.html").read_text(encoding="utf-8")
    svg = SVG.search(html)
    assert svg is not None
    drawn = NODE_LINK.findall(svg.group())
    assert len(drawn) == 51, "the person and 50 neighbours"
    assert "the harbour-fund" not in drawn
    assert drawn[1] == "../../agencies/harbour-fund/index.html", "her role ranks first"
    neighbours = len(re.findall(r'href="\.\./\.\./(?:people|agencies)/', html.split("relation-lists", 1)[1]
                                .split("</section>", 1)[0]))
    assert "and 32 more, listed below" in svg.group()
    assert neighbours >= 82, "every neighbour is listed, under each of its kinds"
    assert "The 50 strongest of 82 are drawn" in html


@pytest.mark.parametrize(("edit", "renders_overview"), [
    (replace("content/claims/fund.yaml", "lost no money", "lost no cash"), False),
    (replace("content/claims/fund.yaml", "about: [harbour-fund, jonas-berg]", "about: [harbour-fund]"), False),
    (replace("content/people/ana-lind.yaml", "title: Director", "title: Chair"), True),
    (replace("content/agencies/state-audit-office.yaml", "name: State Audit Office", "name: Audit Office"), True),
], ids=["a claim's statement", "a claim's about", "a role's title", "an agency's name"])
def test_the_overview_is_rendered_again_for_people_and_agencies_never_for_claims(dossier, edit, renders_overview):
    root = dossier()
    builder = Builder(root / "config.yaml", serial=True)
    builder.build()
    edit(root)
    result = builder.build()
    assert result.report is not None
    assert (urls.NETWORK in result.rendered) == renders_overview
