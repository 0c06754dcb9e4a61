"""A passage's anchor (generator/link/links.py, `anchor_id`): made from the quote alone, so that no
other content can shift it, and the same for every way of writing the same quote."""

from __future__ import annotations

import re

import pytest

from generator.link.links import Anchors, anchor_id


def test_an_anchor_is_q_the_first_six_words_and_a_hash():
    anchor = anchor_id("The Harbour Fund lost about 2 million euros in 2020")
    assert re.fullmatch(r"q-the-harbour-fund-lost-about-2-[0-9a-f]{8}", anchor)


def test_the_same_quote_written_with_other_quotes_spaces_or_dashes_has_the_same_anchor():
    assert anchor_id("“We found it,” said Berg") == anchor_id('"We found  it," said Berg')


def test_different_quotes_with_the_same_first_words_have_different_anchors():
    first = anchor_id("one two three four five six seven")
    second = anchor_id("one two three four five six eight")
    assert first != second and first[:-8] == second[:-8]


def test_an_anchor_is_a_valid_html_id_even_for_a_quote_without_latin_letters():
    anchor = anchor_id("Комитет национальной безопасности")
    assert re.fullmatch(r"q-[0-9a-f]{8}", anchor)


def test_the_anchors_of_a_link_are_those_of_its_located_quotes_made_once_for_every_link():
    made: dict[str, str] = {}
    anchors = Anchors({("gazette", "the auditors said"): None, ("memo", "the auditors said"): None}, made)
    assert dict(anchors) == {("gazette", "the auditors said"): anchor_id("the auditors said"),
                             ("memo", "the auditors said"): anchor_id("the auditors said")}
    assert made == {"the auditors said": anchor_id("the auditors said")}
    with pytest.raises(KeyError):
        anchors[("gazette", "a quote not located")]
    assert Anchors({("memo", "the auditors said"): None}, made) != anchors
