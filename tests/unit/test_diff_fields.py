"""Records as plain data and the changes between two versions of a field (generator/history/fields.py)."""

from __future__ import annotations

from support.records import CLAIM_FILE, base, claim, dossier

from generator.core.diagnostics import Span
from generator.core.model import Citation, DateRange, PartialDate
from generator.history.fields import MAX_DIFF_LINES, FieldChange, compare_records, field_change, plain, text_diff

SPAN = Span("content/claims/x.yaml", 3, 5)


def test_plain_drops_positions_and_keeps_dates_as_written():
    citation = Citation("gazette", "a quote", SPAN, {"quote": SPAN})
    assert plain(citation) == {"source": "gazette", "quote": "a quote"}
    assert plain(PartialDate(2014, 11)) == "2014-11"
    assert plain(DateRange(PartialDate(2013), PartialDate(2017, 2, 3))) == ["2013", "2017-02-03"]
    assert plain((1, (2.5, 3))) == [1, [2.5, 3]]


def test_a_value_and_its_qualifier_are_one_change_in_the_figures_unit():
    old = {"id": "c", "figure": None, "value": 300, "qualifier": "more than"}
    new = {"id": "c", "figure": None, "value": [100, 150], "qualifier": "about"}
    [change] = compare_records("claim", old, new, None, None)
    assert (change.field, change.kind) == ("value", "value")
    assert change.old == {"value": 300, "qualifier": "more than", "text": "more than 300"}
    assert change.new == {"value": [100, 150], "qualifier": "about", "text": "about 100–150"}


def test_only_the_qualifier_changing_is_a_value_change():
    changes = compare_records("claim", {"value": 5, "qualifier": None}, {"value": 5, "qualifier": "at least"},
                              None, None)
    assert [(c.field, c.old["text"], c.new["text"]) for c in changes] == [("value", "5", "at least 5")]


def test_lists_report_items_added_and_removed():
    change = field_change("about", ["a", "b"], ["b", "c"])
    assert (change.kind, change.added, change.removed) == ("list", ("c",), ("a",))
    reordered = field_change("aliases", ["a", "b"], ["b", "a"])
    assert (reordered.added, reordered.removed) == ((), ())


def test_a_source_body_is_a_diff_not_two_copies():
    change = field_change("body", "one\ntwo\nthree\n", "one\n2\nthree\n")
    assert (change.old, change.new) == (None, None)
    assert change.diff == ("@@ -1,3 +1,3 @@", " one", "-two", "+2", " three")


def test_short_texts_are_old_and_new():
    change = field_change("statement", "More than 300.", "About 150.")
    assert (change.kind, change.old, change.new, change.diff) == ("text", "More than 300.", "About 150.", ())


def test_long_diffs_are_cut_and_say_how_much_is_left_out():
    before = "\n".join(f"line {n}" for n in range(200))
    after = "\n".join(f"line {n}!" for n in range(200))
    lines = text_diff(before, after)
    assert len(lines) == MAX_DIFF_LINES + 1
    assert lines[-1].startswith("… ") and lines[-1].endswith(" more lines")


def test_unchanged_records_have_no_changes():
    record = {"id": "x", "name": "X", "aliases": ["Y"]}
    assert compare_records("person", record, dict(record), None, None) == ()


def test_a_whole_record_is_plain_data_without_positions():
    record = plain(dossier(base(**{CLAIM_FILE: claim("a", more="  supports: [{claim: b, hedge: likely}]\n")}))
                   .claims["a"])
    assert "span" not in record and "spans" not in record
    assert record["citations"] == [{"source": "gazette", "quote": "lost two million euros"}]
    assert record["hedges"] == [{"relation": "supports", "claim": "b", "hedge": "likely"}]
    assert record["supports"] == ["b"] and record["about"] == ["fund"]


def test_a_value_is_shown_in_the_unit_of_its_figure_in_each_dossier():
    head = dossier(base(**{"figures/loss.yaml": "name: Loss\nunit: euros\n"}))
    old = {"id": "c", "figure": "loss", "value": 2_000_000, "qualifier": None}
    new = {"id": "c", "figure": "loss", "value": None, "qualifier": None}
    [change] = compare_records("claim", old, new, head, None)
    assert change.old["text"] == "2 million euros" and change.new is None


def test_changes_follow_the_old_record_s_field_order_then_the_new_fields():
    old = {"id": "x", "name": "A", "kind": "news"}
    new = {"kind": "report", "name": "B", "id": "x", "url": "https://example.org/"}
    assert [change.field for change in compare_records("source", old, new, None, None)] == ["name", "kind", "url"]


def test_each_key_of_a_capture_that_changed_is_a_change_of_its_own():
    old = {"capture": {"file": "a.html", "sha256": "1" * 64, "captured": "2024-01-01"}}
    new = {"capture": {"file": "a.html", "sha256": "2" * 64, "captured": "2024-01-02"}}
    assert compare_records("source", old, new, None, None) == (
        FieldChange("capture.sha256", "scalar", "1" * 64, "2" * 64),
        FieldChange("capture.captured", "scalar", "2024-01-01", "2024-01-02"))
    [added] = compare_records("source", {"capture": None}, {"capture": {"file": "a.pdf"}}, None, None)
    assert added == FieldChange("capture.file", "scalar", None, "a.pdf")


def test_citations_added_and_removed_are_items():
    kept, gone, new = ({"source": "s", "quote": q} for q in ("kept", "gone", "new"))
    change = field_change("citations", [kept, gone], [kept, new])
    assert (change.kind, change.added, change.removed) == ("citations", (new,), (gone,))


def test_a_text_of_several_lines_is_a_diff_and_a_field_set_for_the_first_time_is_a_scalar_change():
    change = field_change("description", "One.\nTwo.", "One.\nThree.")
    assert change.diff == ("@@ -1,2 +1,2 @@", " One.", "-Two.", "+Three.")
    assert field_change("url", None, "https://example.org/") == FieldChange("url", "scalar", None,
                                                                             "https://example.org/")


def test_a_text_line_starting_with_two_dashes_stays_in_the_line_diff():
    diff = text_diff("Body.\n-- signature\nEnd.", "Body.\n--- signature\nEnd.")
    assert "--- signature" in [line[1:] for line in diff if line.startswith("+")]
    assert "-- signature" in [line[1:] for line in diff if line.startswith("-")]
