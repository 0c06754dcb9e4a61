"""Many quotes located in one text through its index of word starts (generator/text/quote_index.py)
are found where `quotes.locate` finds them, in every script the quote rules know: the index only
picks where to look."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text import quote_index
from generator.text.quotes import fold, locate

PIECES = st.sampled_from(["a", "b", "Berg", "Berg said", "9", "300", "1,300", "-", "F-16", "\u0e01", "\u0e02",
                          "\u6771", "\u4eac", "\u30ab", "\u30ab\u30ca", " ", "  ", "\n", "\n\n", "\u00a0", "\u201c",
                          "\u2019", "\u2013", '"', "'", ".", ",", "(", "\u00e9", "e\u0301", "\u0301", "\u00ad",
                          "\u200b", "\ufb01", "\uff13", "_", "x_y", "\u0663", "\u0410\u043d\u0430"])
"""Words, numbers, separators and marks of scripts with and without spaces, each a place where a
whole word may or may not start."""


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(PIECES, min_size=1, max_size=60), data=st.data())
def test_quotes_located_through_the_index_are_where_locate_finds_them(pieces, data):
    text = "".join(pieces)
    folded = fold(text)
    quotes = set()
    for _ in range(data.draw(st.integers(1, 12))):
        start = data.draw(st.integers(0, len(text) - 1))
        quotes.add(text[start:data.draw(st.integers(start + 1, min(len(text), start + 60)))])
    quotes.add(data.draw(st.sampled_from(["Berg said", "Berg said it loud and clear", "not in it at all", "", " ",
                                          "a b", "\u6771\u4eac"])))

    indexed = quote_index.locate_all(folded, quotes, indexed_from=0)

    assert indexed == {quote: locate(folded, quote) for quote in quotes}


def test_a_repeated_quote_is_ambiguous_through_the_index_too():
    text = "The fund lost two million euros. Later: the fund lost two million euros. " * 3 + "Berg spoke."
    located = quote_index.locate_all(fold(text), ["fund lost two million", "Berg spoke", "lost two"], indexed_from=0)
    assert located["fund lost two million"].occurrences == 2
    assert located["Berg spoke"].occurrences == 1 and text[located["Berg spoke"].start:].startswith("Berg spoke")
    assert located["lost two"] == locate(fold(text), "lost two")


def test_few_quotes_are_searched_for_as_ever():
    assert quote_index.INDEXED_FROM > 1
    text = fold("A short text, quoted once.")
    assert quote_index.locate_all(text, ["quoted once"]) == {"quoted once": locate(text, "quoted once")}


def test_a_quote_right_after_an_underscore_or_in_a_script_without_spaces_is_found():
    """`_` is not a letter or digit, so a word may start after it; a Han or Thai character may start one anywhere."""
    han = "\u6771\u4eac\u90fd\u306e\u4eba\u53e3\u304c\u5897\u3048\u305f"
    thai = "\u0e01\u0e02\u0e04\u0e07\u0e08\u0e09\u0e0a\u0e0b"
    texts = {"x_Berg said it, and more.": "Berg said it, and more", han * 3: han[2:] + han, thai * 3: thai[2:] + thai}
    for text, quote in texts.items():
        folded = fold(text)
        assert quote_index.locate_all(folded, [quote], indexed_from=0)[quote] == locate(folded, quote) is not None
