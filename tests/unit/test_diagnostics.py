"""Diagnostics as data (generator/core/diagnostics.py): compiler-style lines that cannot drive the
terminal, each reported once in file order, warnings made errors by --strict."""

from __future__ import annotations

import pickle

import pytest

from generator.core.diagnostics import (
    Context,
    Span,
    Spans,
    did_you_mean,
    error,
    has_errors,
    plural,
    sorted_unique,
    strict,
    summary,
    warning,
)


def test_a_diagnostic_is_one_compiler_style_line_with_its_hint():
    assert error("ref.unknown", "unknown person 'ana'", Span("content/claims/a.yaml", 3, 7),
                 "did you mean 'ana-lind'?").format() == (
        "content/claims/a.yaml:3:7: error: unknown person 'ana' (did you mean 'ana-lind'?)")
    assert warning("ref.unused", "not referenced", Span("x.yaml")).format() == "x.yaml:1:1: warning: not referenced"


@pytest.mark.parametrize(("written", "shown"), [
    ("a\nb", "a\\nb"), ("clear\x1b[2J", "clear\\x1b[2J"), ("bell\x07", "bell\\x07"), ("c1\x85", "c1\\x85"),
    ("evil\u202eelif", "evil\\u202eelif"), ("isolate\u2066", "isolate\\u2066"),
])
def test_control_characters_from_the_content_are_shown_as_escapes(written, shown):
    assert error("x", f"name {written}", Span("p.yaml")).format() == f"p.yaml:1:1: error: name {shown}"


def test_each_diagnostic_is_reported_once_in_file_line_and_column_order():
    second = error("b", "second", Span("a.yaml", 2, 1))
    first = warning("a", "first", Span("a.yaml", 1, 9))
    other = error("c", "other file", Span("b.yaml", 1, 1))
    assert sorted_unique([other, second, first, second]) == [first, second, other]


def test_strict_makes_every_warning_an_error_and_keeps_the_rest():
    found = strict([warning("w", "unused", Span("a.yaml"), "remove it")])
    assert [d.format() for d in found] == ["a.yaml:1:1: error: unused (remove it)"]
    assert has_errors(found) and not has_errors([warning("w", "unused", Span("a.yaml"))])


def test_the_summary_counts_errors_and_warnings_in_english():
    diagnostics = [error("e", "x", Span("a")), error("e", "y", Span("a")), warning("w", "z", Span("a"))]
    assert summary(diagnostics) == "2 errors, 1 warning"
    assert summary([]) == "0 errors, 0 warnings"
    assert [plural(n, noun) for n, noun in [(1, "person"), (3, "person"), (2, "agency"), (2, "claim")]] == [
        "1 person", "3 people", "2 agencies", "2 claims"]


def test_did_you_mean_names_the_closest_candidate_only_when_one_is_close():
    assert did_you_mean("tittle", ["title", "publisher", "date"]) == "did you mean 'title'?"
    assert did_you_mean("zzz", ["title", "publisher"]) is None


def test_a_context_collects_what_is_found_in_one_file():
    context = Context([])
    context.warning("w", "first", Span("a.yaml"))
    context.error("e", "second", Span("a.yaml", 2))
    assert [d.format() for d in context.diagnostics] == ["a.yaml:1:1: warning: first", "a.yaml:2:1: error: second"]


def test_spans_of_one_file_are_held_as_numbers_and_read_back_as_spans() -> None:
    written = {"id": Span("content/claims/a.yaml", 3, 5), "citations[0]": Span("content/claims/a.yaml", 70_000, 1)}
    spans = Spans.of(written)
    assert isinstance(spans, Spans)
    assert dict(spans) == written and spans == written and list(spans) == ["id", "citations[0]"]
    assert spans["citations[0]"] == Span("content/claims/a.yaml", 70_000, 1)
    assert spans.get("note") is None and "id" in spans and "note" not in spans and len(spans) == 2
    with pytest.raises(KeyError):
        spans["note"]
    assert pickle.loads(pickle.dumps(spans)) == spans
    assert spans != Spans.of({**written, "id": Span("content/claims/a.yaml", 3, 6)})
    assert spans != Spans.of({"id": Span("content/claims/b.yaml", 3, 5),
                              "citations[0]": Span("content/claims/b.yaml", 70_000, 1)})


def test_spans_in_several_files_or_none_stay_as_they_are() -> None:
    mixed = {"a": Span("one.yaml", 1, 1), "b": Span("two.yaml", 1, 1)}
    assert Spans.of(mixed) is mixed
    assert Spans.of({}) == {}
