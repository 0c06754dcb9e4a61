"""Quote matching (SPEC §3.6): folding, locating in the original text, and the closest passage on a miss."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from generator.quotes import closest_passage, fold, fold_quote, locate

# fold -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "folded"), [
    ("a  b", "a b"),
    ("a\tb", "a b"),
    ("a\nb", "a b"),
    ("a\r\n\r\nb", "a b"),
    ("a\u00a0b", "a b"),
    ("a \u00a0\u2009\u202f\u3000 b", "a b"),
    ("end of line\n\nnew paragraph", "end of line new paragraph"),
    ("\u201cquoted\u201d", '"quoted"'),
    ("\u201elow\u201c", '"low"'),
    ("\u00abguillemets\u00bb", '"guillemets"'),
    ("\u2018single\u2019", "'single'"),
    ("it\u2019s", "it's"),
    ("2013\u20132014", "2013-2014"),
    ("a \u2014 b", "a - b"),
    ("wait\u2026", "wait..."),
    ("\u2026 and \u2026", "... and ..."),
    ('plain "ascii" text - stays...', 'plain "ascii" text - stays...'),
    ("Case Stays", "Case Stays"),
])
def test_fold(text, folded):
    assert fold(text).text == folded


def test_fold_quote_trims_the_ends():
    assert fold_quote("\n  \u201cHello\u00a0 world\u201d \n") == '"Hello world"'


# locate ---------------------------------------------------------------------------------------------

SOURCE = ("The Harbour Fund lost about\u00a02\u00a0million euros in 2020, the state auditor said.\n\n"
          "\u201cWe found that more than 40\u00a0percent of the payments had no invoice,\u201d Berg told the Gazette.\n"
          "The fund\u2019s director \u2014 Ana Lind \u2014 rejected the findings\u2026 twice.\n")


@pytest.mark.parametrize(("quote", "passage"), [
    ("lost about 2 million euros", "lost about\u00a02\u00a0million euros"),
    ('"We found that more than 40 percent', "\u201cWe found that more than 40\u00a0percent"),
    ("no invoice,\" Berg", "no invoice,\u201d Berg"),
    ("said. \"We found", "said.\n\n\u201cWe found"),
    ("The fund's director - Ana Lind - rejected", "The fund\u2019s director \u2014 Ana Lind \u2014 rejected"),
    ("the findings... twice", "the findings\u2026 twice"),
    ("  Gazette.   The fund  ", "Gazette.\nThe fund"),
    ("The", "The"),
])
def test_locate_gives_offsets_into_the_original_text(quote, passage):
    found = locate(fold(SOURCE), quote)
    assert found is not None
    assert SOURCE[found.start:found.end] == passage
    assert found.start == SOURCE.index(passage)


def test_locate_finds_the_first_occurrence_and_counts_more_than_one():
    text = "Berg said no.\nLater Berg  said no again; then Berg said no a third time."
    found = locate(fold(text), "Berg said no")
    assert (found.start, found.end, found.occurrences) == (0, 12, 2)
    assert locate(fold(text), "Later Berg said").occurrences == 1


def test_overlapping_repeats_count_as_more_than_once():
    assert locate(fold("ha ha ha"), "ha ha").occurrences == 2


@pytest.mark.parametrize("quote", [
    "the harbour fund lost",  # case matters
    "THE HARBOUR FUND",
    "lost about 3 million euros",
    "Ana Lind rejected",
    "",
    "   \n ",
])
def test_locate_returns_none_when_the_quote_is_not_there(quote):
    assert locate(fold(SOURCE), quote) is None


_PIECES = st.sampled_from(["a", "b", "Berg", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u201c", "\u201d", "\u201e",
                           "\u00ab", "\u00bb", "\u2018", "\u2019", "\u2013", "\u2014", '"', "'", "-", ".", "...", ",",
                           "\u00e9"])
"""Pieces of text for the property below; no "…", since a quote "." may match one dot of it."""


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, min_size=1, max_size=40), data=st.data())
def test_any_passage_of_the_text_is_found_where_its_folded_form_first_occurs(pieces, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    found = locate(fold(text), quote)
    if not fold_quote(quote):
        assert found is None
        return
    assert found is not None
    passage = text[found.start:found.end]
    assert fold_quote(passage) == fold_quote(quote)
    assert passage == passage.strip()


# closest_passage -------------------------------------------------------------------------------------


def closest(text: str, quote: str) -> str | None:
    return closest_passage(fold(text), quote, text)


@pytest.mark.parametrize(("quote", "expected"), [
    ("The Harbour Fund lost about 3 million euros in 2020", "The Harbour Fund lost about 2 million euros in 2020"),
    ("the harbour fund lost about 2 million euros", "The Harbour Fund lost about 2 million euros"),
    ("A Harbour Fund lost about 2 million euros in 2020", "The Harbour Fund lost about 2 million euros in 2020"),
    ("more than 40 per cent of the payments had no invoice", "more than 40 percent of the payments had no invoice"),
    ("the fund's director - ana lind", "The fund\u2019s director \u2014 Ana Lind"),
])
def test_closest_passage_finds_the_passage_meant(quote, expected):
    passage = closest(SOURCE, quote)
    assert passage is not None
    assert expected in passage
    assert len(passage) < len(expected) + 40


@pytest.mark.parametrize("before", ["\u0130stanbul and \u0130zmir: ", "Stra\u00dfe, \u0130 ", "\u0130" * 5 + " "])
def test_closest_passage_is_not_shifted_by_letters_whose_lowercase_is_longer(before):
    text = before + "The Harbour Fund lost money in 2020. Nobody else did."
    assert closest(text, "the harbour fund lost money in 2020") == "The Harbour Fund lost money in 2020"


def test_closest_passage_is_none_when_nothing_is_alike():
    assert closest(SOURCE, "Completely unrelated words here") is None
    assert closest(SOURCE, "!!!") is None


# A long source ---------------------------------------------------------------------------------------

NEEDLE = "The Harbour Fund lost about 2 million euros in 2020"


@pytest.fixture(scope="module")
def long_source() -> str:
    """About 8 MB of generated prose with the needle in the middle."""
    words = ("the fund auditor said euros payments million harbour state report lost about in of and a to was "
             "invoice director").split()
    rng = random.Random(2024)
    paragraphs = []
    for _ in range(20_000):
        sentence = " ".join(rng.choice(words) for _ in range(70))
        paragraphs.append(sentence.capitalize() + ".")
    middle = len(paragraphs) // 2
    paragraphs.insert(middle, NEEDLE.replace(" 2 ", "\u00a02\u00a0") + ", the auditor said.")
    return "\n\n".join(paragraphs)


def test_locate_in_a_long_source(long_source):
    assert len(long_source.encode()) > 5_000_000
    found = locate(fold(long_source), NEEDLE)
    assert found is not None and found.occurrences == 1
    assert long_source[found.start:found.end] == NEEDLE.replace(" 2 ", "\u00a02\u00a0")


def test_closest_passage_in_a_long_source(long_source):
    passage = closest(long_source, NEEDLE.replace("2 million", "3 million"))
    assert passage is not None
    assert NEEDLE in passage
