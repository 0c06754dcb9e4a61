"""Reading one content file: encodings, line endings, and front matter."""

from __future__ import annotations

import pytest
from support.dossiers import ANA, GAZETTE

from generator.core.diagnostics import Span
from generator.core.kinds import PERSON
from generator.read.load import parse_record_text, parse_source_text

GOOD_FRONT = "---\ntitle: Harbour fund\npublisher: The Coastal Gazette\ndate: 2021-03-04\n---\n"


def record_problems(data: bytes) -> list[tuple[str, Span]]:
    parsed, problems = parse_record_text(data, ANA, "ana-lind", PERSON)
    assert (parsed is None) == bool(problems)
    return [(problem.code, problem.span) for problem in problems]


def source_problems(data: bytes) -> list[tuple[str, Span]]:
    parsed, problems = parse_source_text(data, GAZETTE, "gazette", "txt")
    assert (parsed is None) == bool(problems)
    return [(problem.code, problem.span) for problem in problems]


# Encodings ------------------------------------------------------------------------------------------


def test_bom_is_dropped():
    parsed, problems = parse_record_text(b"\xef\xbb\xbfname: Ana Lind\n", ANA, "ana-lind", PERSON)
    assert problems == []
    assert parsed.root.keys() == ["name"]
    assert parsed.root.entries[0][0].span == Span(ANA, 1, 1)


def test_bom_is_dropped_before_front_matter():
    parsed, problems = parse_source_text(b"\xef\xbb\xbf" + GOOD_FRONT.encode() + b"Body.\n", GAZETTE, "g", "txt")
    assert problems == []
    assert parsed.body == "Body.\n"


@pytest.mark.parametrize("content", [b"name: Ana: Lind\n", b"name: Ana\nname: Ana\n", b"name: caf\xe9\n",
                                     b"aliases: [x]\ndescription: caf\xe9\n"])
def test_bom_does_not_shift_positions(content):
    assert record_problems(b"\xef\xbb\xbf" + content) == record_problems(content)


@pytest.mark.parametrize("content", [
    b"name: Ana Lind\naliases: [Lind]\nname: Anna\n",
    b"name: Ana Lind\ndescription: a: b\n",
    b"name: Ana Lind\ndescription: caf\xe9 owner\n",
    b"name: Ana Lind\ndescription: |\n  two\n  lines\n\tbad: tab\n",
    b"name: Ana Lind\n\n\nroles: [\n",
])
def test_crlf_gives_the_same_positions_as_lf(content):
    problems = record_problems(content)
    assert problems
    assert record_problems(content.replace(b"\n", b"\r\n")) == problems


@pytest.mark.parametrize(("data", "line", "col", "byte"), [
    (b"name: caf\xe9\n", 1, 10, "E9"),
    (b"name: Ana Lind\ndescription: caf\xe9 owner\n", 2, 17, "E9"),
    (b"name: Ana Lind\r\ndescription: caf\xe9 owner\r\n", 2, 17, "E9"),
    ("name: Ерлан\ndescription: Қ".encode() + b"\xff\n", 2, 15, "FF"),
    (b"name: Ana\n\n\n\x80\n", 4, 1, "80"),
    (b"name: \xed\xa0\x80\n", 1, 7, "ED"),  # an encoded surrogate is not UTF-8 either
])
def test_invalid_utf8_names_the_line_and_column_of_the_bad_byte(data, line, col, byte):
    parsed, problems = parse_record_text(data, ANA, "ana-lind", PERSON)
    assert parsed is None
    assert [(problem.code, problem.span) for problem in problems] == [
        ("encoding.invalid-utf8", Span(ANA, line, col))]
    assert problems[0].message == f"byte 0x{byte} is not valid UTF-8"


def test_utf16_file_gets_a_hint_to_save_as_utf8():
    parsed, problems = parse_record_text("name: Ana\n".encode("utf-16"), ANA, "ana-lind", PERSON)
    assert parsed is None
    assert "UTF-16" in problems[0].hint


def test_nul_byte_is_an_error_on_its_line():
    parsed, problems = parse_record_text(b"name: Ana\naliases: [x\x00]\n", ANA, "ana-lind", PERSON)
    assert parsed is None
    assert [(problem.code, problem.span.line) for problem in problems] == [("encoding.nul", 2)]
    assert "NUL" in problems[0].message


@pytest.mark.parametrize("data", [b"", b"\n\n", b"   \n\t\n", b"\xef\xbb\xbf", b"\r\n"])
def test_empty_file_is_an_error(data):
    assert record_problems(data) == [("file.empty", Span(ANA, 1, 1))]
    assert source_problems(data) == [("file.empty", Span(GAZETTE, 1, 1))]


def test_comment_only_record_is_an_error():
    assert record_problems(b"# name: Ana Lind\n") == [("file.empty", Span(ANA, 1, 1))]


# Front matter -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"title: x\n---\nbody\n", b"Just the text of the article.\n",
                                  b"\n---\ntitle: x\n---\nbody\n"])
def test_source_without_front_matter_is_an_error(data):
    assert source_problems(data) == [("frontmatter.missing", Span(GAZETTE, 1, 1))]


@pytest.mark.parametrize("data", [b"---\ntitle: x\nbody\n", b"---\n", b"---\ntitle: x\n-- \nbody\n"])
def test_unclosed_front_matter_is_an_error(data):
    assert source_problems(data) == [("frontmatter.unclosed", Span(GAZETTE, 1, 1))]


def test_empty_front_matter_is_an_error():
    assert [code for code, _ in source_problems(b"---\n---\nbody\n")] == ["frontmatter.empty"]


@pytest.mark.parametrize(("front", "line", "col"), [
    ("title: a\ntitle: b\n", 3, 1),
    ("title: a\npublisher: p: q\n", 3, 13),
    ("title: a\n\n\nauthors: [&x A]\n", 5, 11),
    ("title: a\nauthors:\n\t- A\n", 4, 1),
])
def test_front_matter_errors_are_at_file_lines(front, line, col):
    problems = source_problems(f"---\n{front}---\nbody\n".encode())
    assert len(problems) == 1
    assert (problems[0][1].line, problems[0][1].col) == (line, col)


def test_body_starts_after_front_matter():
    parsed, problems = parse_source_text((GOOD_FRONT + "First line.\n\nSecond.\n").encode(), GAZETTE, "g", "txt")
    assert problems == []
    assert parsed.body == "First line.\n\nSecond.\n"
    assert parsed.body_line == 6
