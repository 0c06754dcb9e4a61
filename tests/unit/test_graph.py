"""The dependency graph of a site (generator/site/graph.py): what was made from what, as each thing
recorded its reads; `affected` follows an input through kept values to the pages made from them, and
recording a thing again forgets the inputs it no longer read."""

from __future__ import annotations

from generator.link.links import LinkMap
from generator.site import keys
from generator.site.graph import Dependencies

CLAIM_A, PERSON = keys.record("claim", "a"), keys.record("person", "ana")
CARD = keys.kept("card", "a")
CLAIM_PAGE, PERSON_PAGE = keys.page("claims/a/index.html"), keys.page("people/ana/index.html")
HOME = keys.page("index.html")


def graph() -> Dependencies:
    """A claim's card made from the claim and its speaker; the claim's page reads the claim, the
    person's page reads the person and the card, the home page reads the config."""
    made = Dependencies()
    made.record(CARD, frozenset({CLAIM_A, PERSON}))
    made.record(CLAIM_PAGE, frozenset({CLAIM_A, keys.CONFIG}))
    made.record(PERSON_PAGE, frozenset({PERSON, CARD, keys.CONFIG}))
    made.record(HOME, frozenset({keys.CONFIG}))
    return made


def test_affected_follows_kept_values_through_to_pages():
    assert graph().affected({CLAIM_A}) == {CLAIM_A, CARD, CLAIM_PAGE, PERSON_PAGE}


def test_affected_holds_what_changed_even_when_nothing_was_made_from_it():
    assert graph().affected({keys.NAMES}) == {keys.NAMES}
    assert graph().affected([]) == set()


def test_an_input_every_page_reads_affects_every_page():
    assert graph().affected({keys.CONFIG}) == {keys.CONFIG, CLAIM_PAGE, PERSON_PAGE, HOME}


def test_recording_again_drops_the_inputs_no_longer_read():
    made = graph()
    made.record(PERSON_PAGE, frozenset({PERSON}))
    assert made.affected({CLAIM_A}) == {CLAIM_A, CARD, CLAIM_PAGE}
    assert made.affected({keys.CONFIG}) == {keys.CONFIG, CLAIM_PAGE, HOME}
    assert PERSON_PAGE in made.affected({PERSON})


def test_merging_takes_in_what_another_graph_recorded_and_its_newer_reads_win():
    made, share = graph(), Dependencies()
    share.record(HOME, frozenset({keys.entry(LinkMap.DISPUTING, "")}))
    made.merge(share)
    assert made.affected({keys.entry(LinkMap.DISPUTING, "")}) == {keys.entry(LinkMap.DISPUTING, ""), HOME}
    assert HOME not in made.affected({keys.CONFIG})


def test_a_bigger_share_merged_into_a_smaller_graph_is_taken_whole_and_its_reads_still_win():
    bigger, smaller = graph(), Dependencies()
    smaller.record(HOME, frozenset({keys.entry(LinkMap.DISPUTING, "")}))
    smaller.record(keys.page("about/index.html"), frozenset({keys.CONFIG}))
    smaller.merge(bigger)
    assert smaller.affected({CLAIM_A}) == graph().affected({CLAIM_A})
    assert smaller.affected({keys.CONFIG}) == graph().affected({keys.CONFIG}) | {keys.page("about/index.html")}
    assert HOME not in smaller.affected({keys.entry(LinkMap.DISPUTING, "")})


def test_a_cleared_graph_knows_nothing():
    made = graph()
    made.clear()
    assert made.affected({CLAIM_A}) == {CLAIM_A}


def test_keys_are_numbered_in_the_order_first_recorded_and_the_graph_still_records_after():
    made = Dependencies()
    made.record(CARD, [CLAIM_A, PERSON])
    made.record(PERSON_PAGE, [PERSON, CARD, keys.CONFIG])
    assert made.numbered_keys() == {CARD: 0, CLAIM_A: 1, PERSON: 2, PERSON_PAGE: 3, keys.CONFIG: 4}
    assert dict(made.edges()) == {CARD: (CLAIM_A, PERSON), PERSON_PAGE: (PERSON, CARD, keys.CONFIG)}
    made.record(HOME, [keys.CONFIG])
    assert made.affected({keys.CONFIG}) == {keys.CONFIG, PERSON_PAGE, HOME}
