"""The matching rules of docs/content.md, "Quote matching": whole words and numbers, one block, scripts
written without spaces, the folded look-alikes and invisible characters, and what a miss says."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.markdown import visible_text
from generator.text.quote_misses import explain_miss
from generator.text.quotes import fold, locate


def found(text: str, quote: str) -> str | None:
    """The original passage a quote is located at, or None."""
    location = locate(fold(text), quote)
    return None if location is None else text[location.start:location.end]


def miss(text: str, quote: str) -> str:
    """What the error says after "quote not found in source '…'", and its hint."""
    explained = explain_miss(fold(text), quote, text)
    return f"{explained.detail} | {explained.hint}"


# Whole words and whole numbers (red-team H1) ---------------------------------------------------------------

INSIDE = [
    ("the number of Kazakhs - more than 3000, who constitute", "more than 300", "more than 3000"),
    ("It was an unlawful killing, the court said.", "lawful killing", "unlawful killing"),
    ("It is impossible to verify the number of victims.", "possible to verify the number",
     "impossible to verify the number"),
    ("Officials said 300,000 people had left.", "Officials said 300", "Officials said 300,000"),
    ("Officials said 300 000 people had left.", "Officials said 300", "Officials said 300 000"),
    ("Officials said 300\u00a0000 people had left.", "Officials said 300", "Officials said 300\u00a0000"),
    ("About 1,300 people were killed in the clashes.", "300 people were killed", "1,300 people were killed"),
    ("Some 1.5 million people fled the region.", "5 million people fled", "1.5 million people fled"),
    ("He is guilty\u0338 of nothing.", "He is guilty", "He is guilty\u0338"),
    ("The ministers met.", "The minister", "The ministers"),
    ("In 2014 there were 1\u202f300 fighters.", "300 fighters", "1\u202f300 fighters"),
    ("In 2014 there were 1\u2009300 fighters.", "300 fighters", "1\u2009300 fighters"),
    ("In 2014 there were 1'300 fighters.", "300 fighters", "1'300 fighters"),
    ("In 2014 there were 1\u2019300 fighters.", "300 fighters", "1\u2019300 fighters"),
]


@pytest.mark.parametrize(("text", "quote", "word"), INSIDE)
def test_a_quote_inside_a_longer_word_or_number_is_not_found_and_the_error_names_that_word(text, quote, word):
    assert found(text, quote) is None
    said = miss(text, quote)
    assert said.startswith(" as whole words: it occurs only inside a longer word or number: ")
    assert f'"{" ".join(word.split())}"' in said


@pytest.mark.parametrize(("text", "quote"), [
    ("the number - more than 300, who constitute", "more than 300"),
    ("the number - more than 300. Who", "more than 300"),
    ("the number was 300.", "300"),
    ("(300)", "300"),
    ("300", "300"),
    ("In 2014, 300 people left.", "300 people left"),
    ("It was 5. 300 more came.", "300 more came"),
    ("the minister's office", "the minister"),
    ("well-known", "known"),
    ("\u201cWe found it,\u201d he said.", "We found it"),
    ("said:\u201cWe", '"We'),
    ("A_B", "B"),
])
def test_a_quote_of_whole_words_is_found(text, quote):
    assert found(text, quote) is not None


def test_only_whole_occurrences_count_for_first_and_more_than_once():
    text = "An unlawful killing is not a lawful killing; lawful killings are rare."
    location = locate(fold(text), "lawful killing")
    assert location is not None and location.occurrences == 1
    assert text[location.start:].startswith("lawful killing;")


@pytest.mark.parametrize("separator", [",", ".", "'", "\u00a0", "\u202f", "\u2009", " ", "\u2019", "_"])
def test_a_number_does_not_continue_across_any_digit_group_separator(separator):
    assert found(f"they counted 1{separator}300 votes", "300 votes") is None
    assert found(f"they counted 300{separator}000 votes", "they counted 300") is None
    assert found(f"they counted 300{separator} votes", "they counted 300") is not None


SIGNS = ["-", "\u2212", "\u2013", "+", "\u00b1"]
"""A minus (with look-alikes folded to it: the minus sign, an en dash), a plus and a plus-minus."""


@pytest.mark.parametrize("sign", SIGNS)
@pytest.mark.parametrize("before", ["", "was ", "(", "was \u201c", "\n"])
def test_a_quote_starting_with_a_digit_does_not_match_after_a_sign(sign, before):
    text = f"Temperature {before}{sign}300 today."
    assert found(text, "300 today") is None
    assert f'longer word or number: "{sign}300 today"' in miss(text, "300 today")
    assert found(text, f"{sign}300 today") == f"{sign}300 today"


@pytest.mark.parametrize("sign", SIGNS)
@pytest.mark.parametrize(("text", "quote"), [("the years 1990{sign}2000 saw", "2000 saw"),
                                             ("the F{sign}16 jets", "16 jets"),
                                             ("COVID{sign}19 cases", "19 cases")])
def test_a_sign_between_a_word_and_a_number_is_a_hyphen_or_a_range_and_the_number_matches(sign, text, quote):
    assert found(text.format(sign=sign), quote) == quote


@pytest.mark.parametrize("neighbour", ["x", "\u00e9", "\u0416", "\u05d0", "\u0628", "\u0915", "7", "\u0663", "\u00b2",
                                       "\u2167", "\u0301", "\u093e"])
def test_any_letter_digit_or_combining_mark_next_to_a_quote_undoes_it(neighbour):
    assert found(f"ab{neighbour}cd ef", "cd ef") is None or unicodedata.category(neighbour) == "Mn"
    assert found(f"ab cd{neighbour}ef", "ab cd") is None


# Scripts written without spaces (UAX #29) -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "quote", "expected"), [
    ("\u6771\u4eac\u90fd\u306b\u4f4f\u3080", "\u4eac\u90fd", True),  # Han: each ideograph is a word
    ("\u6771\u4eac\u90fd\u306b\u4f4f\u3080", "\u306b\u4f4f", True),  # Hiragana too
    ("\u30ab\u30bf\u30ab\u30ca\u8a9e", "\u30ab\u30bf", False),  # Katakana runs are one word
    ("\u30ab\u30bf\u30ab\u30ca\u8a9e", "\u30ab\u30bf\u30ab\u30ca", True),
    ("\u30b3\u30fc\u30d2\u30fc\u3092", "\u30b3\u30fc", False),  # the long-vowel mark belongs to the word
    ("iPhone\u3092\u8cb7\u3063\u305f", "iPhone", True),
    ("300\u4eba\u304c", "300", True),
    ("1,300\u4eba\u304c", "300\u4eba", False),
    ("\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22", "\u0e44\u0e17\u0e22", True),
    ("\u0e01\u0e31\u0e1a", "\u0e01", False),  # a Thai vowel sign stays with its consonant
])
def test_scripts_without_spaces_use_word_boundaries(text, quote, expected):
    assert (found(text, quote) is not None) is expected


def test_word_boundaries_agree_with_the_regex_package_next_to_scripts_without_spaces():
    """The hand-written UAX #29 rules against the `regex` package's (pinned: trafilatura needs it)."""
    import regex

    from generator.text.quotes import _NO_SPACE_SCRIPTS, _in_ranges, _word_boundary

    boundary = regex.compile(r"\b", regex.WORD | regex.V1)
    pool = list("ab7\u0e01\u0e02\u0e31\u0e51\u0e52\u6771\u4eac\u3042\u3044\u30ab\u30fc\u30bf_ \u3002\u0301\u00e9\u1000"
                "\u1780\u0e81")
    rng = random.Random(29)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(8))
        for position in range(1, len(text)):
            if not (_in_ranges(text[position - 1], _NO_SPACE_SCRIPTS) or _in_ranges(text[position], _NO_SPACE_SCRIPTS)):
                continue
            if text[position - 1] == " " or text[position] == " ":
                continue  # a space is a boundary on either path
            assert _word_boundary(text, position) == bool(boundary.match(text, position)), (text, position)


# One block (red-team L7) -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "quote"), [
    (visible_text("# Rumours we deny\n\nThe minister resigned."), "deny The minister resigned."),
    (visible_text("Rumours we deny\n=====\nThe minister resigned."), "deny The minister resigned."),
    (visible_text("- the minister\n- resigned\n"), "the minister resigned"),
    (visible_text("1. the minister\n2. resigned\n"), "the minister resigned"),
    (visible_text("> the minister\n\nresigned"), "the minister resigned"),
    (visible_text("the minister\n\n    resigned\n"), "the minister resigned"),
    ("The minister\n\nresigned on Monday.", "The minister resigned"),
    ("The minister\n \t\nresigned on Monday.", "The minister resigned"),
    ("The minister\r\n\r\nresigned on Monday.", "The minister resigned"),
    ("The minister\u2029resigned on Monday.", "The minister resigned"),
    ("The minister \u2029 resigned on Monday.", "The minister resigned"),
    ("The minister\u2028\u2028resigned on Monday.", "The minister resigned"),
])
def test_a_quote_never_spans_two_blocks(text, quote):
    assert found(text, quote) is None
    said = miss(text, quote)
    assert " as one passage: it runs across two blocks" in said and " \u00b6 " in said


@pytest.mark.parametrize("quote", ["300. people", "300 people", "300"])
def test_the_number_of_an_ordered_list_item_is_a_marker_not_text(quote):
    assert found(visible_text("300. people were counted\n"), quote) is None
    assert found(visible_text("300. people were counted\n"), "people were counted") is not None
    assert found(visible_text("300\\. people were counted\n"), "300. people") is not None


def test_table_cells_cannot_be_quoted_together():
    text = visible_text("| Country | Fighters |\n| --- | --- |\n| Kazakhstan | 300 |\n")
    assert found(text, "Kazakhstan 300") is None


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\u2028", "\x85", "\v", "\f"])
def test_a_single_line_break_is_white_space_within_a_block(line_break):
    text = f"The minister{line_break}resigned on Monday."
    assert found(text, "The minister resigned") == f"The minister{line_break}resigned"
    assert found(visible_text("The minister  \nresigned."), "The minister resigned") is not None


# Folded on both sides (false negatives) ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "quote", "passage"), [
    ("Le caf\u0065\u0301 est ferm\u00e9.", "caf\u00e9 est ferm\u00e9", "caf\u0065\u0301 est ferm\u00e9"),
    ("Le caf\u00e9 est ferm\u00e9.", "cafe\u0301 est ferme\u0301", "caf\u00e9 est ferm\u00e9"),
    ("the govern\u00adment said", "the government said", "the govern\u00adment said"),
    ("the govern\u200bment said", "the government said", "the govern\u200bment said"),
    ("\ufeffThe government said", "The government", "The government"),
    ("the govern\u2060ment\u200c\u200d said", "the government said", "the govern\u2060ment\u200c\u200d said"),
    ("the govern\u2063ment said", "the government said", "the govern\u2063ment said"),
    ("the government said", "the gov\u2061ern\u2062ment\u2064 said", "the government said"),
    ("the govern\u180ement said", "the government said", "the govern\u180ement said"),
    ("the govern\U000e0041\U000e007fment said", "the government said", "the govern\U000e0041\U000e007fment said"),
    ("the \u201aofficial\u2018 figure", "the 'official' figure", "the \u201aofficial\u2018 figure"),
    ("the \u2039official\u203a figure", "the 'official' figure", "the \u2039official\u203a figure"),
    ("a 5\u2032 wall", "a 5' wall", "a 5\u2032 wall"),
    ("a well\u2010known man", "a well-known man", "a well\u2010known man"),
    ("a well\u2011known man", "a well-known man", "a well\u2011known man"),
    ("call 555\u20120199 now", "call 555-0199 now", "call 555\u20120199 now"),
    ("he said \u2015 no", "he said - no", "he said \u2015 no"),
    ("it fell to \u22125 degrees", "it fell to -5 degrees", "it fell to \u22125 degrees"),
    ("an of\ufb01cial \ufb02ight", "an official flight", "an of\ufb01cial \ufb02ight"),
    ("\ufb00\ufb03\ufb04", "ffffiffl", "\ufb00\ufb03\ufb04"),
    ("\uff13\uff10\uff10\u4eba", "300\u4eba", "\uff13\uff10\uff10\u4eba"),
    ("about \uff13\uff10\uff10 people", "about 300 people", "about \uff13\uff10\uff10 people"),
])
def test_look_alikes_invisible_characters_and_nfd_match_and_map_back_to_the_original(text, quote, passage):
    assert found(text, quote) == passage


@pytest.mark.parametrize("invisible", ["\u00ad", "\u180e", "\u200b", "\u200c", "\u200d", "\u2060", "\u2061", "\u2062",
                                       "\u2063", "\u2064", "\ufeff", "\U000e0000", "\U000e0001", "\U000e0020",
                                       "\U000e0061", "\U000e007f"])
def test_every_invisible_character_is_folded_on_both_sides(invisible):
    text = f"the govern{invisible}ment said"
    assert found(text, "the government said") == text
    assert found("the government said", f"the govern{invisible}ment said") == "the government said"


def test_compatibility_forms_are_not_folded():
    assert found("an area of 10\u00b2 km", "an area of 102 km") is None
    assert "U+00B2 SUPERSCRIPT TWO" in miss("an area of 10\u00b2 km", "an area of 102 km")


def test_an_ellipsis_is_literal_never_a_wildcard():
    assert found("The minister, under pressure, resigned.", "The minister ... resigned.") is None
    assert found("The minister \u2026 resigned.", "The minister ... resigned.") is not None


def test_a_word_hyphenated_across_a_line_break_is_quoted_as_written():
    text = "the govern-\nment said"
    assert found(text, "the government said") is None
    assert found(text, "the govern- ment said") == "the govern-\nment said"


# What a miss says about characters a reader cannot see or tell apart ----------------------------------------


@pytest.mark.parametrize(("text", "quote", "expected"), [
    ("He is guilty of it.", "H\u0435 is guilty",
     '; character 2 of the quote is "\u0435" (U+0435 CYRILLIC SMALL LETTER IE), where the source has "e" '
     '(U+0065 LATIN SMALL LETTER E) in "He" | the two look alike'),
    ("The \u0430uditor said no.", "The auditor said",
     '; character 5 of the quote is "a" (U+0061 LATIN SMALL LETTER A), where the source has "\u0430" '
     '(U+0430 CYRILLIC SMALL LETTER A) in "\u0430uditor"'),
    ("He is gu\u206ailty of it.", "He is guilty",
     '; the source has an invisible U+206A INHIBIT SYMMETRIC SWAPPING in "gu<U+206A>ilty" | a reader cannot see it'),
    ("He is gu\u034filty of it.", "He is guilty", "invisible U+034F COMBINING GRAPHEME JOINER"),
    ("He is guilty of it.", "  He is gu\u206bilty",
     "; character 11 of the quote is an invisible U+206B ACTIVATE SYMMETRIC SWAPPING | a reader cannot see it; "
     "remove it from the quote"),
    ("The \u039fSCE mission", "The OSCE mission", '"O" (U+004F LATIN CAPITAL LETTER O), where the source has "\u039f"'),
])
def test_a_miss_by_an_unseen_or_look_alike_character_names_it_and_where(text, quote, expected):
    assert found(text, quote) is None
    assert expected in miss(text, quote)


def test_other_misses_show_the_closest_passage_or_say_nothing_is_alike():
    text = "The Harbour Fund lost about 2 million euros in 2020."
    assert miss(text, "lost about 3 million euros") == ('; closest passage: "Fund lost about 2 million euros" | the '
                                                        'quote differs where marked [quote→source]: "lost about [3→2] '
                                                        'million euros"')
    assert miss(text, "the harbour fund") == ('; closest passage: "The Harbour Fund" | the quote differs where marked '
                                              '[quote→source]: "[t→T]he [h→H]arbour [f→F]und"')
    assert miss(text, "Entirely unrelated") == " | nothing like it is in that source; is it the right source?"
    assert miss("!!! ???", "word") == " | nothing like it is in that source; is it the right source?"
    assert miss("!!! ???", "") == " | nothing like it is in that source; is it the right source?"


# Text that repeats itself -----------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(unit=st.text("ab ,1", min_size=1, max_size=4), times=st.integers(1, 30), noise=st.text("ab ,1", max_size=6),
       needle=st.text("ab ,1", min_size=1, max_size=12))
def test_occurrences_in_repeating_text_are_all_found(unit, times, noise, needle):
    """Occurrences of a periodic quote are stepped through by its period; none may be skipped."""
    from generator.text.quotes import _is_whole, _whole_occurrences

    text = noise + unit * times + noise[::-1]
    expected = [i for i in range(len(text)) if text.startswith(needle, i) and _is_whole(text, i, i + len(needle))]
    assert list(_whole_occurrences(text, needle)) == expected


def test_a_long_quote_in_a_megabyte_of_repeating_text_is_searched_in_linear_time():
    """Red-team style: 'b ab ab …' occurs at every third character of 'ab ab ab …', never as whole words."""
    text = "ab " * 333_333
    needle = ("b " + "ab " * 1_700)[:5_000].strip()
    assert locate(fold(text), needle) is None
    assert "inside a longer word or number" in miss(text, needle)
