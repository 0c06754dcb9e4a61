"""A long claims file read item by item gives what reading it whole gives, positions included, or
is read whole; after an edit, the items that did not change are taken over."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.kinds import CLAIM, PERSON
from generator.read import pieces
from generator.read.load import parse_record_text
from generator.read.pieces import claims_in_pieces
from generator.read.records import FileRecords, validate_file

REL = "content/claims/long.yaml"

FINE = [
    "- id: c{n}\n  statement: Officials said {n} people left.\n  by: someone\n  date: 2020-01-0{d}\n"
    "  citations:\n    - source: report\n      quote: 'said {n} people'\n",
    "- id: c{n}\n  statement: |\n    A block\n    - with a dash\n  date: 2020\n",
    "- id: c{n}\n  statement: Values\n  figure: f\n  value: {n}\n  date: 2021-0{d}\n",
    "- id: c{n}\n  statement: Missing value\n  figure: f\n  date: 2021\n",  # an error in one item
    "- id: c{n}\n  statement: Bad date\n  date: someday\n",
    "- statement: No id\n  date: 2020\n",
    "# a comment at the start of a line\n\n",
    "-\n  id: c{n}\n  statement: Dash on a line of its own\n  date: 2020\n",
    "- id: c{n}\n  statement: 'A quoted\n    statement on two lines'\n  date: 2020\n",
]
"""Items that parse, each alone and among others."""

HAZARDS = [
    "- id: c{n}\n  statement: 'A quoted\n- statement that spans lines'\n  date: 2020\n",  # a cut inside a quote
    '- id: c{n}\n  statement: "Double\n- quoted"\n  date: 2020\n',
    "- id: c{n}\n  statement: Flow\n  about: [a,\n- b]\n  date: 2020\n",  # a cut inside a flow list
    "- id: c{n}\n  id: again\n  statement: Twice\n",  # a duplicate key: the file does not parse
    "- id: c{n}\n\tstatement: tab\n",
    "---\n",
    "...\n",
    "- id: c{n}\n  statement: Aliased &anchor\n  date: 2020\n",
    "- id: c{n}\n  statement: Unclosed [\n",
    "- - nested\n",
    "-not-an-item: x\n",
    "key: a mapping, not a list\n",
    "- id: c{n}\n  statement: Line\u2028separator\n",
    "- id: c{n}\n  statement: Next\u0085line\n",
    "\ufeff",
    "%YAML 1.1\n",
]
"""What may stop a file from being cut into items, or from parsing at all."""


def whole(text: str) -> FileRecords | None:
    """The file read whole, as a build without pieces reads it (None: it does not parse)."""
    parsed, _ = parse_record_text(text.encode(), REL, "long", CLAIM)
    return validate_file(parsed, None) if parsed is not None else None  # type: ignore[arg-type]


def positions(records: FileRecords) -> list:
    """Every position records hold (which equality leaves out) and every diagnostic."""
    def of(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return [(f.name, of(getattr(value, f.name))) for f in dataclasses.fields(value)]
        if isinstance(value, tuple):
            return [of(item) for item in value]
        if hasattr(value, "items") and not isinstance(value, dict):
            return sorted((name, str(span)) for name, span in value.items())
        return str(value)
    return [of(records.records), of(records.partial), sorted(records.broken),
            [problem.format() for problem in records.diagnostics]]


@pytest.fixture(autouse=True)
def every_file_is_long(monkeypatch):
    monkeypatch.setattr(pieces, "PIECES_FROM", 0)


def filled(items: list[tuple[str, int]], first: int = 0) -> list[str]:
    """The items' texts, with ids numbered from `first` and days put in."""
    return [item.replace("{n}", str(first + index)).replace("{d}", str(day)) for index, (item, day) in enumerate(items)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FINE), st.integers(1, 9)), min_size=1, max_size=10),
       st.lists(st.sampled_from(HAZARDS), max_size=1), st.integers(0, 10))
def test_read_in_pieces_or_whole_it_is_the_same(fine, hazard, place):
    text = "".join(filled([*fine[:place], *((item, 1) for item in hazard), *fine[place:]]))
    read = claims_in_pieces(text.encode(), REL, CLAIM, None)
    expected = whole(text)
    if read is None:
        assert hazard or all(item.startswith("#") for item, _ in fine), "a list of items is read in pieces"
        return
    assert expected is not None, "a file that does not parse whole is never read in pieces"
    assert (read.records, read.partial, read.broken, read.diagnostics) == (
        expected.records, expected.partial, expected.broken, expected.diagnostics)
    assert positions(read) == positions(expected)


def claims_file(count: int) -> str:
    return "".join(filled([(FINE[0], 1 + n % 9) for n in range(count)]))


def test_an_edit_takes_over_the_items_that_did_not_change():
    text = claims_file(50)
    first = claims_in_pieces(text.encode(), REL, CLAIM, None)
    assert first is not None and len(first.records) == 50
    edited = text.replace("said 7 people left", "said 8 people left")
    second = claims_in_pieces(edited.encode(), REL, CLAIM, first)
    assert second is not None and positions(second) == positions(whole(edited))
    kept = {id(piece) for piece in first.pieces}
    assert sum(id(piece) in kept for piece in second.pieces) == 49, "the other items are taken over as read"


def test_items_moved_by_an_edit_are_taken_over_at_their_new_lines():
    text = claims_file(5)
    first = claims_in_pieces(text.encode(), REL, CLAIM, None)
    edited = "# a new first line\n" + text
    second = claims_in_pieces(edited.encode(), REL, CLAIM, first)
    assert second is not None and positions(second) == positions(whole(edited))
    assert [claim.span.line for claim in second.records] == [claim.span.line + 1 for claim in first.records]


EDITS = [
    lambda items, at, new: items[:at] + ["# a comment added\n"] + items[at:],
    lambda items, at, new: items[:at] + [new] + items[at:],  # a claim (with an error) added
    lambda items, at, new: items[:at] + items[at + 1:],
    lambda items, at, new: items[:at] + [item.replace("  date:", "  note: a line added\n  date:")
                                         for item in items[at:at + 1]] + items[at + 1:],
    lambda items, at, new: items[:at] + [item.replace("  date:", "  date: 2019\n  date:")  # a duplicate key
                                         for item in items[at:at + 1]] + items[at + 1:],
    lambda items, at, new: items + items[at:at + 1],  # the same item twice
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FINE), st.integers(1, 9)), min_size=1, max_size=10),
       st.lists(st.tuples(st.sampled_from(range(len(EDITS))), st.integers(0, 10)), min_size=1, max_size=4))
def test_edits_read_in_pieces_give_what_the_file_read_whole_gives(fine, edits):
    """Each edit read with what the last read kept: items added, removed, lengthened and repeated."""
    items = filled(fine)
    last = claims_in_pieces("".join(items).encode(), REL, CLAIM, None)
    for number, (edit, at) in enumerate(edits):
        items = EDITS[edit](items, at, filled([(FINE[3], 1)], first=100 + number)[0])
        text = "".join(items)
        read = claims_in_pieces(text.encode(), REL, CLAIM, last)
        expected = whole(text)
        if read is None:
            assert expected is None or all(item.startswith("#") for item in items)
            continue
        assert (read.records, read.partial, read.broken, read.diagnostics) == (
            expected.records, expected.partial, expected.broken, expected.diagnostics)
        assert positions(read) == positions(expected)
        last = read


@pytest.mark.parametrize("broken", ["  about: [a, b\n", "  statement: 'unclosed\n", "  id: c0\n"])
def test_an_edit_that_breaks_the_file_has_it_read_whole(broken):
    text = claims_file(5)
    first = claims_in_pieces(text.encode(), REL, CLAIM, None)
    edited = text.replace("  by: someone\n", "  by: someone\n" + broken, 1)
    assert claims_in_pieces(edited.encode(), REL, CLAIM, first) is None


def test_other_files_and_short_files_are_read_whole(monkeypatch):
    assert claims_in_pieces(b"name: A person\n", "content/people/a.yaml", PERSON, None) is None
    monkeypatch.setattr(pieces, "PIECES_FROM", 10_000)
    assert claims_in_pieces(claims_file(3).encode(), REL, CLAIM, None) is None
    assert claims_in_pieces(claims_file(100).encode(), REL, CLAIM, None) is not None
