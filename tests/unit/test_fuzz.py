"""Property tests: whatever bytes a curator (or an attacker) saves, reading them never raises."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from support.fuzz import FUZZ_SETTINGS, yamlish

from generator.core import kinds
from generator.core.diagnostics import Diagnostic
from generator.read.load import RecordFile, SourceFile, parse_record_text, parse_source_text

PERSON = "content/people/x.yaml"
SOURCE = "content/sources/x.txt"


INVISIBLES = {"text.bidi", "text.invisible"}
"""What a source's text may be read with: its invisible characters, reported (docs/content.md, "Text and
Markdown fields")."""


def assert_well_formed(parsed: object, problems: list[Diagnostic], path: str, kind: type) -> None:
    """Either nothing and why (errors only), or the file, with at most its text's invisible characters."""
    if parsed is None:
        assert problems and all(problem.is_error for problem in problems)
    else:
        assert isinstance(parsed, kind)
        assert {problem.code for problem in problems} <= INVISIBLES
    for problem in problems:
        assert problem.span.path == path
        assert problem.span.line >= 1 and problem.span.col >= 1
        assert problem.message


def parse_both(data: bytes) -> None:
    assert_well_formed(*parse_record_text(data, PERSON, "x", kinds.PERSON), PERSON, RecordFile)
    assert_well_formed(*parse_source_text(data, SOURCE, "x", "txt"), SOURCE, SourceFile)


@FUZZ_SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    parse_both(data)


@FUZZ_SETTINGS
@given(st.text(max_size=500))
def test_arbitrary_text_never_raises(text):
    parse_both(text.encode("utf-8"))


@FUZZ_SETTINGS
@given(yamlish)
def test_yamlish_text_never_raises(text):
    parse_both(text.encode("utf-8"))
    parse_both(("---\n" + text + "\n---\nbody\n").encode("utf-8"))


def test_a_text_with_invisible_characters_is_read_with_them_reported():
    """The case hypothesis found: a source is still read when its text holds a bidi control."""
    parse_both("---\ntitle: x\n---\nbody \u202e here\u200b\n".encode())
