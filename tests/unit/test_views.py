"""What templates receive (generator/site/views.py, view_objects.py): records as plain view objects
with links relative to the page's depth, relations grouped by their hedge, and values kept across
pages with what they were made from, on Links made in memory."""

from __future__ import annotations

import dataclasses

import pytest
from markupsafe import Markup
from support.records import CLAIM_FILE, CONFIG, base, claim, linked

from generator.site import keys
from generator.site.graph import Dependencies
from generator.site.view_objects import Ref
from generator.site.views import ViewCache, Views

CLAIMS = (claim("a", more="  date: 2020-05\n  figure: loss\n  value: 2000000\n  qualifier: about\n")
          + claim("b", quote="the auditors said", by="fund",
                  more="  supports: [{claim: a, hedge: likely}]\n  disputes: [c]\n")
          + claim("c", more="  note: Said *twice*.\n"))
FILES = base(**{CLAIM_FILE: CLAIMS, "sources/gazette.txt": "---\ntitle: Fund lost money\npublisher: The Gazette\n"
                "date: 2021-03-04\nurl: https://example.org/fund\n---\n"
                "The harbour fund lost two million euros in 2020, the auditors said.\n"})


@pytest.fixture(scope="module")
def links():
    return linked(FILES)


def test_links_are_relative_to_the_depth_of_the_page(links):
    assert Views(links, 0).record_href("claim", "a") == "claims/a/index.html"
    assert Views(links, 2).record_href("claim", "a") == "../../claims/a/index.html"
    assert Views(links, 1).entity_href("fund") == "../agencies/fund/index.html"


def test_directory_links_end_in_a_slash(links):
    directory = linked(FILES, dataclasses.replace(CONFIG, link_style="directory"))
    assert Views(directory, 2).record_href("person", "ana") == "../../people/ana/"
    assert Views(directory, 0).href("index.html") == "./"
    assert Views(directory, 1).href("index.html") == "../"
    assert Views(directory, 1).href("search-index.js") == "../search-index.js"


def test_a_page_starts_by_reading_the_config(links):
    views = Views(links, 1)
    views.entity("ana")
    views.start_page()
    assert views.touched == {keys.CONFIG}


def test_a_claim_view_names_its_records_with_links_from_the_page(links):
    view = Views(links, 2).claim("a")
    assert view.href == "../../claims/a/index.html" and view.anchor == "claim-a"
    assert view.by == Ref("person", "ana", "Ana Lind", "../../people/ana/index.html")
    assert view.about == (Ref("agency", "fund", "Harbour Fund", "../../agencies/fund/index.html"),)
    assert view.figure is not None and view.figure.name == "Loss of the fund"
    assert view.value == "about 2 million euros"
    assert view.statement_text == "The fund lost money."
    [citation] = view.citations
    assert citation.href.startswith("../../sources/gazette/index.html#q-lost-two-million-euros-")
    assert citation.original == "https://example.org/fund#:~:text=lost%20two%20million%20euros"
    assert (citation.publisher, citation.quote) == ("The Gazette", "lost two million euros")


def test_a_claim_view_shows_its_links_both_ways_with_hedged_ones_in_groups_of_their_own(links):
    views = Views(links, 2)
    b, a, c = views.claim("b"), views.claim("a"), views.claim("c")
    assert [(group.label, group.hedge, [ref.id for ref in group.refs]) for group in b.relations] == [
        ("Likely supports", "likely", ["a"]), ("Disputes", None, ["c"])]
    assert [(group.kind, group.label, group.refs[0].hedge) for group in a.relations] == [
        ("supported-by", "Likely supported by", "likely")]
    assert [ref.id for ref in a.supported_by] == ["b"] and [ref.id for ref in c.disputed_by] == ["b"]
    assert c.note == Markup("<p>Said <em>twice</em>.</p>")


def test_a_claim_view_is_made_once_and_its_inputs_are_recorded_in_the_graph(links):
    graph, cache = Dependencies(), ViewCache()
    views = Views(links, 2, cache, graph=graph)
    views.start_page()
    first = views.claim("a")
    assert views.claim("a") is first
    assert views.touched == {keys.CONFIG, keys.kept("claim", "a")}
    made_from = graph.affected({keys.outline("person", "ana")})  # a claim shows its speaker's name only
    assert keys.kept("claim", "a") in made_from
    assert Views(links, 2, cache, graph=graph).claim("a") is first  # the cache outlives the page
    assert Views(links, 1, cache, graph=graph).claim("a") is not first  # links differ at another depth


def test_without_a_graph_a_page_reads_what_its_kept_values_read(links):
    views = Views(links, 2)
    views.start_page()
    views.claim("a")
    assert keys.kept("claim", "a") not in views.touched
    assert {keys.record("claim", "a"), keys.outline("person", "ana"), keys.record("figure", "loss"),
            keys.NAMES} <= views.touched


def test_a_kept_value_dropped_is_made_again(links):
    cache = ViewCache()
    first = Views(links, 2, cache).claim("a")
    cache.drop({keys.kept("claim", "b")})
    assert Views(links, 2, cache).claim("a") is first
    cache.drop({keys.kept("claim", "a")})
    assert Views(links, 2, cache).claim("a") is not first
    again = Views(links, 2, cache).claim("a")
    cache.drop_values()
    assert Views(links, 2, cache).claim("a") is not again


def test_a_card_is_rendered_by_the_partial_once_per_level(links):
    rendered: list[tuple[str, str, int]] = []

    def render(name: str, **context) -> str:
        rendered.append((name, context["claim"].id, context["level"]))
        return f"<article>{context['claim'].id}</article>"

    views = Views(links, 1, render_partial=render)
    view = views.claim("a")
    assert views.card(view) == Markup("<article>a</article>")
    views.card(view)
    views.card(view, level=2)
    assert rendered == [("partials/claim.html", "a", 3), ("partials/claim.html", "a", 2)]


def test_empty_markdown_is_empty_and_reads_no_names(links):
    views = Views(links, 0)
    assert views.markdown(None) == Markup("") and views.markdown("") == Markup("")
    assert keys.NAMES not in views.touched
    views.markdown("Ana Lind said so.")
    assert keys.NAMES in views.touched


def test_a_figure_summary_counts_its_values(links):
    summary = Views(links, 1).figure_summary("loss")
    assert (summary["count"], summary["unit"], summary["disagreements"]) == (1, "euros", 0)
    assert summary["ref"].href == "../figures/loss/index.html"


@pytest.mark.parametrize("once", [False, True])
def test_rendered_once_a_claims_view_for_the_timeline_goes_once_its_item_is_made(links, once):
    cache, graph = ViewCache(), Dependencies()
    views = Views(links, 1, cache, lambda name, **context: f"<li>{context['claim'].id}</li>", graph, once=once)
    views.start_page()
    view = views.claim("a")
    assert views.timeline_item(view) == Markup("<li>a</li>")
    assert (keys.kept("claim", "a") in cache.kept[1]) is not once, "kept only where the cache outlives the page"
    assert keys.kept("timeline_item", "a") in cache.kept[1]
    assert views.claim("a") == view, "made again alike when asked again"
    assert graph._inputs[keys.kept("timeline_item", "a")] == (keys.kept("claim", "a"),)
    assert keys.record("claim", "a") in graph._inputs[keys.kept("claim", "a")], "what it was made from is recorded"
