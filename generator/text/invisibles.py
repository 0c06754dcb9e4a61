"""Invisible characters in content: bidi controls (errors: they can make text display differently
from what it says) and zero-width characters no script needs (warnings; not published). The rules
are in docs/content.md."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.common.entities import entities

from generator.core.diagnostics import Context, Span
from generator.text import quotes

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
"""They can make text display differently from what it says (Trojan Source, CVE-2021-42574)."""
ZERO_WIDTH = quotes.INVISIBLE
"""The invisible characters that quote matching folds away (zero-width ones, soft hyphen, tags, ...)."""
_JOINERS = frozenset("\u200c\u200d\u180e")
"""Zero-width non-joiner and joiner, Mongolian vowel separator: part of the spelling of some scripts."""
_TAGS = "\U000e0020-\U000e007f"
_EMOJI_TAG_SEQUENCE = re.compile(f"\U0001f3f4[{_TAGS}]+")
"""A flag such as England's: a black flag, tag letters, a cancel tag (Unicode TR #51)."""
_LITERAL_INVISIBLE = re.compile(quotes.character_class(BIDI_CONTROLS | ZERO_WIDTH))
_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));")
"""A character reference as CommonMark reads it (`&#x202E;`, `&#8238;`, `&rlm;`)."""
_JOINING_SCRIPTS = frozenset(["ARABIC", "SYRIAC", "NKO", "MANDAIC", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI",
                              "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "TIBETAN",
                              "MYANMAR", "KHMER", "BALINESE", "JAVANESE"])
"""Scripts whose spelling needs the zero-width (non-)joiner: Persian, Arabic, Indic and others."""
MAX_REPORTED = 10
"""Invisible characters reported one by one in a text; the rest are counted."""


@dataclass(frozen=True, slots=True)
class Invisible:
    """An invisible character in a text: written as itself or, in Markdown, as a character reference."""

    start: int
    end: int
    char: str

    @property
    def is_bidi(self) -> bool:
        return self.char in BIDI_CONTROLS


def invisibles(text: str, is_markdown: bool) -> list[Invisible]:
    """The bidi controls in `text`, and the other invisible characters (ZERO_WIDTH) no script or
    emoji around them needs, in order. In Markdown a character reference counts as its character."""
    found = [Invisible(match.start(), match.end(), match[0]) for match in _LITERAL_INVISIBLE.finditer(text)]
    if is_markdown and "&" in text:
        found += [Invisible(match.start(), match.end(), char) for match in _REFERENCE.finditer(text)
                  if (char := _referenced(match)) in BIDI_CONTROLS or char in ZERO_WIDTH]
    in_flags = _in_emoji_flags(text)
    return sorted((item for item in found if not (item.char in _JOINERS and _joins(text, item))
                   and item.start not in in_flags), key=lambda item: item.start)


def _in_emoji_flags(text: str) -> set[int]:
    """The offsets of the tag characters that spell emoji flags (they are needed there)."""
    if "\U0001f3f4" not in text:
        return set()
    return {offset for match in _EMOJI_TAG_SEQUENCE.finditer(text) for offset in range(match.start() + 1, match.end())}


def _referenced(reference: re.Match) -> str:
    hexadecimal, decimal, name = reference.groups()
    if name:
        return entities.get(name, "")
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(code) if code <= 0x10FFFF else ""


def _joins(text: str, joiner: Invisible) -> bool:
    """Whether a zero-width (non-)joiner sits by a letter of a script that needs it, or in an emoji sequence."""
    neighbours = text[joiner.start - 1:joiner.start] + text[joiner.end:joiner.end + 1]
    return any(_needs_joiners(char) for char in neighbours)


def _needs_joiners(char: str) -> bool:
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code == 0xFE0F:  # emoji, their modifiers
        return True
    return unicodedata.name(char, "").split(" ", 1)[0] in _JOINING_SCRIPTS


def check_invisibles(text: str, is_markdown: bool, what: str, locate: Callable[[int], tuple[Span, int | None]],
                     ctx: Context) -> tuple[str, bool]:
    """`text` without its invisible characters (see `invisibles`), and whether it holds no bidi
    control. Each is reported where `locate(offset)` says: a position in the file, and the
    character's number in a value when the position is only the value's. Bidi controls are
    errors; the others are warnings and are not published (see docs/content.md)."""
    found = invisibles(text, is_markdown)
    for item in found[:MAX_REPORTED]:
        _report_invisible(text, item, what, locate, ctx)
    rest = found[MAX_REPORTED:]
    if rest:
        report = ctx.error if any(item.is_bidi for item in rest) else ctx.warning
        report("text.invisible", f"{what} holds {len(rest)} more invisible characters like these",
               locate(rest[0].start)[0])
    kept, last = [], 0
    for item in found:
        kept.append(text[last:item.start])
        last = item.end
    kept.append(text[last:])
    return "".join(kept), not any(item.is_bidi for item in found)


def _report_invisible(text: str, item: Invisible, what: str, locate: Callable[[int], tuple[Span, int | None]],
                      ctx: Context) -> None:
    span, number = locate(item.start)
    written = "" if item.end - item.start == 1 else f"'{text[item.start:item.end]}', "
    where = f" (character {number} of the value)" if number is not None else ""
    name = unicodedata.name(item.char, "unnamed character").lower()
    if item.is_bidi:
        ctx.error("text.bidi", f"{what} contains {written}the invisible bidi control U+{ord(item.char):04X} "
                               f"({name}){where}", span,
                  "bidi controls can make text display differently from what it says; remove it")
    else:
        ctx.warning("text.invisible", f"{what} contains {written}the invisible character U+{ord(item.char):04X} "
                                      f"({name}){where}; it is not published", span,
                    "it makes two spellings look the same; remove it")
