"""yamltree: YAML read as located text, never guessed, never expanded, never executed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic, Span
from generator.text import yamltree
from generator.text.yamltree import Mapping, Scalar, Sequence

PATH = "content/people/x.yaml"


def at(line: int, col: int) -> Span:
    return Span(PATH, line, col)


def parse_ok(text: str, first_line: int = 1) -> yamltree.Node:
    root, problems = yamltree.parse(text, PATH, first_line)
    assert problems == [], [problem.format() for problem in problems]
    assert root is not None
    return root


def parse_refused(text: str) -> list[Diagnostic]:
    root, problems = yamltree.parse(text, PATH)
    assert root is None
    assert problems, "expected at least one diagnostic"
    assert all(problem.is_error and problem.span.path == PATH for problem in problems)
    return problems


def value_of(root: yamltree.Node, key: str) -> yamltree.Node:
    assert isinstance(root, Mapping)
    return dict((k.value, v) for k, v in root.entries)[key]


# Scalars stay the text the author wrote ------------------------------------------------------------


@pytest.mark.parametrize("written", ["NO", "no", "on", "Off", "yes", "y", "01234", "0o17", "0x1F", "10:00",
                                     "1:20:30", "1.10", "1e3", ".inf", "2014-11", "2014-11-20", "~", "null", "true",
                                     "+12", "1_000"])
def test_plain_scalars_stay_exactly_the_text_written(written):
    value = value_of(parse_ok(f"key: {written}\n"), "key")
    assert value == Scalar(written, value.span, plain=True)
    assert type(value.value) is str


def test_quoted_and_block_scalars_are_text_and_not_plain():
    root = parse_ok("a: '01234'\nb: \"NO\"\nc: |\n  two\n  lines\nd: >\n  folded\n  text\n")
    assert [(value_of(root, key).value, value_of(root, key).plain) for key in "abcd"] == [
        ("01234", False), ("NO", False), ("two\nlines\n", False), ("folded text\n", False)]


def test_keys_stay_text_too():
    root = parse_ok("NO: 1\n2014-11: 2\n~: 3\n")
    assert root.keys() == ["NO", "2014-11", "~"]


def test_a_comment_only_document_has_no_root_and_no_problem():
    assert yamltree.parse("# nothing here\n", PATH) == (None, [])


# Positions ------------------------------------------------------------------------------------------


def test_positions_are_one_based_line_and_column():
    root = parse_ok("name: Ana Lind\naliases:\n  - Lind\n  - {short: AL}\n")
    assert root.span == at(1, 1)
    assert root.entries[0][0].span == at(1, 1)
    assert value_of(root, "name").span == at(1, 7)
    aliases = value_of(root, "aliases")
    assert isinstance(aliases, Sequence)
    assert aliases.span == at(3, 3)
    assert [item.span for item in aliases.items] == [at(3, 5), at(4, 5)]
    inner = aliases.items[1]
    assert value_of(inner, "short").span == at(4, 13)


def test_columns_count_characters_not_bytes():
    root = parse_ok("Ерлан: Қарин\n😀: x\n")
    assert value_of(root, "Ерлан").span.col == 8
    assert value_of(root, "😀").span.col == 4


def test_first_line_offsets_every_line_but_not_columns():
    root = parse_ok("title: T\nauthors: [A, B]\n", first_line=2)
    assert value_of(root, "title").span == at(2, 8)
    assert [item.span for item in value_of(root, "authors").items] == [at(3, 11), at(3, 14)]


def test_syntax_error_position_respects_first_line():
    _, problems = yamltree.parse("title: ok\nsubtitle: a: b\n", PATH, first_line=2)
    assert [(problem.code, problem.span) for problem in problems] == [("yaml.syntax", at(3, 12))]


@pytest.mark.parametrize(("text", "span", "hint"), [
    ("name: Ana\naliases: [A, B\ndescription: x\n", at(3, 10),
     "the '[' here is not closed; end it with ']'; the parser gave up at line 4"),
    ("name: Ana\nroles: {a: 1\nb: 2\n", at(3, 8),
     "the '{' here is not closed; end it with '}'; the parser gave up at line 4"),
    ("name: Ana\naliases:\n  - [1, 2\n  - 3\n", at(4, 5),
     "the '[' here is not closed; end it with ']'; the parser gave up at line 6"),
])
def test_a_bracket_left_open_is_reported_where_it_opens(text, span, hint):
    _, problems = yamltree.parse(text, PATH, first_line=2)
    assert [(problem.code, problem.span, problem.hint) for problem in problems] == [("yaml.syntax", span, hint)]


@pytest.mark.parametrize(("text", "span"), [
    ('name: Ana\naliases: [A, "B" C]\n', at(2, 18)),
    ('name: Ana\naliases: [\n  A,\n  "B" C,\n  D,\n]\n', at(4, 7)),
    ("name: Ana\naliases: [O'Brien, 'it''s [', # [ a comment\n  \"B\" C]\n", at(3, 7)),
])
def test_a_mistake_inside_brackets_that_close_is_reported_where_it_is(text, span):
    _, problems = yamltree.parse(text, PATH)
    assert [(problem.code, problem.span, problem.hint) for problem in problems] == [("yaml.syntax", span, None)]


UNICODE_LINE_BREAKS = ["\u2028", "\u2029", "\u0085"]
"""LINE SEPARATOR, PARAGRAPH SEPARATOR, NEXT LINE: YAML 1.1 breaks lines there, editors and `path:line` do not."""


@pytest.mark.parametrize("char", UNICODE_LINE_BREAKS)
def test_unicode_line_breaks_in_quoted_text_do_not_shift_line_numbers(char):
    root, problems = yamltree.parse(f'name: Ana\ndescription: "one{char}two"\nname: B\n', PATH)
    assert root is None
    assert [(problem.code, problem.span) for problem in problems] == [("yaml.duplicate-key", at(3, 1))]


@pytest.mark.parametrize("char", UNICODE_LINE_BREAKS)
def test_unicode_line_break_in_plain_text_is_read_or_reported_on_its_own_line(char):
    root, problems = yamltree.parse(f"name: Ana\ndescription: one{char}two\naliases: [A]\n", PATH)
    assert [problem.span.line for problem in problems] in ([], [2])
    if root is not None:
        assert root.keys() == ["name", "description", "aliases"]
        assert value_of(root, "aliases").span == at(3, 10)


# Duplicate keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "name: A\nname: B\n",
    '"name": A\nname: B\n',
    "name: A\n'name': B\n",
    "{name: A, name: B}\n",
])
def test_duplicate_keys_are_errors_at_the_second_key(text):
    problems = parse_refused(text)
    assert [problem.code for problem in problems] == ["yaml.duplicate-key"]
    assert "duplicate key 'name' (first defined at line 1)" in problems[0].message
    assert problems[0].span.line == (1 if text.startswith("{") else 2)


def test_duplicate_keys_in_nested_mappings_are_each_reported():
    problems = parse_refused("roles:\n  - title: A\n    title: B\n  - agency: x\n    agency: y\n")
    assert [(problem.code, problem.span.line) for problem in problems] == [("yaml.duplicate-key", 3),
                                                                           ("yaml.duplicate-key", 5)]


def test_same_key_in_different_mappings_is_fine():
    root = parse_ok("- name: A\n- name: B\n")
    assert [value_of(item, "name").value for item in root.items] == ["A", "B"]


# Anchors, aliases, tags -----------------------------------------------------------------------------


def test_anchors_are_refused_at_their_position():
    problems = parse_refused("name: &n Jonas\naliases: [*n]\n")
    assert [(problem.code, problem.span) for problem in problems] == [("yaml.anchor", at(1, 7))]


def test_alias_without_anchor_is_refused():
    problems = parse_refused("name: Jonas\naliases: [*n]\n")
    assert problems[0].span.line == 2


def test_merge_keys_are_refused():
    parse_refused("base: &b {kind: other}\nagency:\n  <<: *b\n")


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.monotonic()
    problems = parse_refused("\n".join(lines) + "\n")
    assert time.monotonic() - started < 5
    assert problems[0].code == "yaml.anchor"


def test_python_tags_are_refused_and_never_run(tmp_path: Path):
    marker = tmp_path / "pwned"
    text = (f"name: !!python/object/apply:os.system ['touch {marker}']\n"
            f"description: !!python/object/new:subprocess.call [['touch', '{marker}']]\n")
    problems = parse_refused(text)
    assert problems[0].code == "yaml.tag"
    assert problems[0].span == at(1, 7)
    assert "!!python/object/apply:os.system" in problems[0].message
    assert not marker.exists()


@pytest.mark.parametrize("text", ["name: !custom x\n", "name: !!binary aGVsbG8=\n", "roles: !!set {a, b}\n",
                                  "name: !<tag:yaml.org,2002:python/none> x\n"])
def test_other_tags_are_refused(text):
    assert parse_refused(text)[0].code == "yaml.tag"


# Nesting, documents ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["[" * 100_000, "{a: " * 100_000, "- " * 100_000 + "x\n",
                                  "".join("  " * depth + "k:\n" for depth in range(5_000))])
def test_deep_nesting_is_a_diagnostic_not_a_crash(text):
    problems = parse_refused(text)
    assert problems[0].span.line >= 1 and problems[0].span.col >= 1


def test_nesting_a_record_needs_is_fine():
    root = parse_ok("roles:\n  - citations:\n      - source: s\n        quote: q\n")
    citation = value_of(value_of(root, "roles").items[0], "citations").items[0]
    assert value_of(citation, "quote").value == "q"


@pytest.mark.parametrize(("text", "line"), [
    ("name: A\n---\nname: B\n", 2),
    ("---\nname: A\n...\n---\nname: B\n", 4),
    ("name: A\n---\n", 2),
])
def test_multiple_documents_are_refused_at_the_second(text, line):
    problems = parse_refused(text)
    assert [(problem.code, problem.span.line) for problem in problems] == [("yaml.multiple-documents", line)]


def test_a_single_explicit_document_is_fine():
    assert value_of(parse_ok("%YAML 1.1\n---\nname: A\n...\n"), "name").value == "A"
