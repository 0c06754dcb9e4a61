"""Invisible characters in content (generator/text/invisibles.py, rules in docs/content.md): bidi
controls are errors, zero-width characters no script needs are warnings and are not published."""

from __future__ import annotations

import re

import pytest

from generator.core.diagnostics import Context, Span
from generator.text.invisibles import BIDI_CONTROLS, MAX_REPORTED, check_invisibles, invisibles
from generator.text.quotes import INVISIBLE, character_class


def found(text: str, is_markdown: bool = False) -> list[tuple[int, str]]:
    return [(item.start, f"U+{ord(item.char):04X}") for item in invisibles(text, is_markdown)]


def checked(text: str, is_markdown: bool = False) -> tuple[str, bool, list[str]]:
    """What `check_invisibles` keeps, whether the text is free of bidi controls, and what it reports,
    each character located at its offset on line 1 of probe.md."""
    context = Context([])
    kept, clean = check_invisibles(text, is_markdown, "'name'", lambda offset: (Span("probe.md", 1, offset + 1), None),
                                   context)
    return kept, clean, [diagnostic.format() for diagnostic in context.diagnostics]


def test_plain_text_has_no_invisible_character():
    assert found("Ana Lind, 2 million euros.") == []


def test_bidi_controls_and_zero_width_characters_are_found_in_order():
    assert found("a\u200bb\u202ec") == [(1, "U+200B"), (3, "U+202E")]


def test_a_character_reference_counts_as_its_character_in_markdown_only():
    text = "x &#x202E; y &#8203; z &rlm;"
    assert found(text) == []
    assert found(text, is_markdown=True) == [(2, "U+202E"), (13, "U+200B"), (23, "U+200F")]


@pytest.mark.parametrize("word", ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ spells it
                                  "\u0915\u094d\u200d\u0937",  # Devanagari conjunct with ZWJ
                                  "\U0001f469\u200d\U0001f4bb"])  # an emoji sequence
def test_a_joiner_a_script_or_an_emoji_needs_is_kept(word):
    assert found(word) == []


def test_a_joiner_between_latin_letters_is_found():
    assert found("zero\u200dwidth") == [(4, "U+200D")]


def test_the_tag_characters_of_a_flag_are_needed():
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert found(f"The flag {england} flies.") == []


def test_a_bidi_control_is_an_error_and_a_zero_width_space_a_warning_and_neither_is_kept():
    kept, clean, reported = checked("Ana\u200b Lind\u202e")
    assert kept == "Ana Lind"
    assert not clean
    assert reported == [
        "probe.md:1:4: warning: 'name' contains the invisible character U+200B (zero width space); it is not "
        "published (it makes two spellings look the same; remove it)",
        "probe.md:1:10: error: 'name' contains the invisible bidi control U+202E (right-to-left override) (bidi "
        "controls can make text display differently from what it says; remove it)"]


def test_a_reference_is_named_as_written():
    _, _, [reported] = checked("x &#x200B; y", is_markdown=True)
    assert "'name' contains '&#x200B;', the invisible character U+200B" in reported


def test_past_the_first_ten_the_rest_are_counted_in_one_line():
    kept, clean, reported = checked("a\u200b" * (MAX_REPORTED + 5))
    assert kept == "a" * (MAX_REPORTED + 5) and clean
    assert len(reported) == MAX_REPORTED + 1
    assert reported[-1].endswith("warning: 'name' holds 5 more invisible characters like these")


def test_the_scans_character_classes_match_exactly_their_characters_over_every_code_point():
    """Written as ranges for speed (text/quotes.py `character_class`), they match what the sets hold."""
    for characters in (INVISIBLE, BIDI_CONTROLS | INVISIBLE, frozenset("-]^\\ab")):
        pattern = re.compile(character_class(characters))
        matched = {chr(code) for code in range(0x110000) if pattern.fullmatch(chr(code))}
        assert matched == set(characters)
