"""Quote matching (docs/content.md, "Quote matching"): folding, locating in the original text, and the
closest passage on a miss."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text import quotes
from generator.text.quote_misses import closest_passage
from generator.text.quotes import fold, fold_quote, locate

# fold -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "folded"), [
    ("a  b", "a b"),
    ("a\tb", "a b"),
    ("a\nb", "a b"),
    ("a\r\nb", "a b"),
    ("a\r\n\r\nb", "a\nb"),
    ("a \n \t\n  b", "a\nb"),
    ("a\n\n\n\nb", "a\nb"),
    ("a\u00a0b", "a b"),
    ("a \u00a0\u2009\u202f\u3000 b", "a b"),
    ("end of line\n\nnew paragraph", "end of line\nnew paragraph"),
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
    ("caf\u0065\u0301 cre\u0300me", "caf\u00e9 cr\u00e8me"),
    ("10\u00b2 \u2460", "10\u00b2 \u2460"),
    ("gov\u00adern\u200bme\u200c\u200dnt\u2060\ufeff", "government"),
    ("\u201aa\u2018 \u2039b\u203a 5\u2032 5\u2033", "'a' 'b' 5' 5\""),
    ("a\u2010b\u2011c\u2012d\u2015e\u2212f", "a-b-c-d-e-f"),
    ("\ufb00 \ufb01 \ufb02 \ufb03 \ufb04", "ff fi fl ffi ffl"),
    ("\uff11\uff12\uff10\uff0c\uff21\uff5a\uff01", "120,Az!"),
])
def test_fold(text, folded):
    assert fold(text).text == folded


def test_fold_quote_trims_the_ends():
    assert fold_quote("\n  \u201cHello\u00a0 world\u201d \n") == '"Hello world"'


def test_a_quote_never_holds_a_block_break():
    assert fold_quote("one paragraph\n\nand the next") == "one paragraph and the next"


@pytest.mark.parametrize("text", ["caf\u0065\u0301 au lait", "\u00adstart", "a \u200b b", "x\ufb01y\u2026z",
                                  "\u1100\u1161\u11a8 Hangul jamo", "A\u030a\u212b \u2126"])
def test_every_folded_character_maps_back_into_its_original(text):
    folded = fold(text)
    for start in range(len(folded.text)):
        for end in range(start + 1, len(folded.text) + 1):
            assert 0 <= folded.original_start(start) < folded.original_end(end) <= len(text)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", folded.text)]
    assert [fold_quote(text[folded.original_start(a):folded.original_end(b)]) for a, b in words] == [
        folded.text[a:b] for a, b in words]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 1,.\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f"), max_size=40))
def test_plain_ascii_folds_as_it_would_beside_any_other_character(text):
    """`fold` does not scan plain ASCII for what it folds outside ASCII: the text and every offset's
    mapping come out as they do with a character outside ASCII after it (`é`, which folding keeps)."""
    ascii_text, mixed = fold(text), fold(text + "\u00e9")
    assert mixed.text == ascii_text.text + "\u00e9"
    for offset in range(len(ascii_text.text) + 1):
        assert (ascii_text.original_start(offset), ascii_text.original_end(offset)) == (
            mixed.original_start(offset), mixed.original_end(offset))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aéж.\u201c\u201d\u2018\u2019\u00ab\u00bb\u2013\u2014\u2212"
                                        "\uff01\uff21\uff5e\uff5f\u2032\u2033"), max_size=40))
def test_look_alikes_fold_one_character_at_a_time(text):
    """The look-alikes are found by a scan rather than by `str.translate` over the whole text: each
    character folds to what the table gives it, or stays, and every offset maps back to itself."""
    folded = fold(text)
    assert folded.text == "".join(quotes._SAME_LENGTH.get(char, char) for char in text)
    assert [folded.original_start(offset) for offset in range(len(text) + 1)] == list(range(len(text) + 1))


# locate ---------------------------------------------------------------------------------------------

SOURCE = ("The Harbour Fund lost about\u00a02\u00a0million euros in 2020, the state auditor said.\n\n"
          "\u201cWe found that more than 40\u00a0percent of the payments had no invoice,\u201d Berg told the Gazette.\n"
          "The fund\u2019s director \u2014 Ana Lind \u2014 rejected the findings\u2026 twice.\n")


@pytest.mark.parametrize(("quote", "passage"), [
    ("lost about 2 million euros", "lost about\u00a02\u00a0million euros"),
    ('"We found that more than 40 percent', "\u201cWe found that more than 40\u00a0percent"),
    ("no invoice,\" Berg", "no invoice,\u201d Berg"),
    ('invoice," Berg told', "invoice,\u201d Berg told"),
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


_PIECES = st.sampled_from(["a", "b", "Berg", "9", "300", "\u0e01", "\u6771", "\u30ab", " ", "  ", "\n", "\n\n", "\t",
                           "\u00a0", "\u201c", "\u201d", "\u2019", "\u2013", "\u2212", '"', "'", "-", ".", ",",
                           "\u00e9", "e\u0301", "\u0338", "\u00ad", "\u200b", "\ufb01", "\uff13", "_"])
"""Pieces of text for the properties below; no "…", since a quote "." may match one dot of it."""


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PIECES, min_size=1, max_size=40), data=st.data())
def test_a_quote_that_verifies_is_whole_words_of_one_block_of_the_folded_text(pieces, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    quote = text[start:data.draw(st.integers(start + 1, len(text)))]
    found = locate(fold(text), quote)
    if found is None:
        return
    passage = text[found.start:found.end]
    assert fold_quote(passage) == fold_quote(quote)
    assert "\n" not in fold(passage).text, "one block"
    assert passage == passage.strip()
    folded, needle = fold(text), fold_quote(quote)
    at = next(i for i in range(len(folded.text)) if folded.text.startswith(needle, i)
              and folded.original_start(i) == found.start)
    before = folded.text[at - 1] if at > 0 else " "
    after = folded.text[at + len(needle):][:1] or " "
    no_spaces = any("\u0e00" <= char <= "\u9fff" for char in before + after + passage)
    if not no_spaces:
        assert unicodedata.category(before)[0] not in "LNM"
        assert unicodedata.category(after)[0] not in "LNM"


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PIECES.filter(lambda piece: not "\u0e00" <= piece[0] <= "\u9fff"), min_size=1, max_size=40),
       added=st.sampled_from(["x", "\u00e9", "7", "\u0663", "\u0301"]), data=st.data())
def test_a_letter_or_digit_added_next_to_a_quoted_occurrence_undoes_that_match(pieces, added, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    quote = text[start:data.draw(st.integers(start + 1, len(text)))]
    found = locate(fold(text), quote)
    if found is None:
        return
    if added != "\u0301" and data.draw(st.booleans()):
        changed, moved_start = text[:found.start] + added + text[found.start:], found.start + 1
    else:
        changed, moved_start = text[:found.end] + added + text[found.end:], found.start
    again = locate(fold(changed), quote)
    assert again is None or again.start != moved_start


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
