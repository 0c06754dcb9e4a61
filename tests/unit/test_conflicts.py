"""Where a figure's values disagree (generator/site/conflicts.py), found by sorting and bisection,
gives what comparing every value with every other gives: the same pairs in the same order, their
count and the values in one; and a figure with thousands of values for one period is counted and
flagged without listing millions of pairs."""

from __future__ import annotations

import dataclasses
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.diagnostics import Span
from generator.core.model import Claim, DateRange, PartialDate, When
from generator.site import conflicts
from generator.site.figures import possible_values, revised_values

QUALIFIERS = (None, "exactly", "about", "more than", "at least", "less than", "at most", "up to")


def claim(claim_id: str, value, qualifier: str | None, as_of: When | None, status: str = "reported",
          revises: tuple[str, ...] = ()) -> Claim:
    return Claim(claim_id, "s", None, (), PartialDate(2014), "f", value, qualifier, as_of, status,
                 (), (), (), None, revises, Span("c.yaml", 1, 1), {})


def same_period(a: When, b: When) -> bool:
    """Equal once both are cut to the coarser precision (docs/content.md, "Claims")."""
    if isinstance(a, DateRange) or isinstance(b, DateRange):
        return a == b
    rank = min(0 if d.month is None else 1 if d.day is None else 2 for d in (a, b))
    return all(getattr(a, part) == getattr(b, part) for part in ("year", "month", "day")[:rank + 1])


def every_pair_compared(claims: list[Claim]) -> list[tuple[str, str]]:
    """The definition, followed literally: every value against every other."""
    revised = revised_values(claims, None)
    standing = [c for c in claims if c.status not in ("refuted", "retracted") and c.value is not None
                and c.as_of is not None and c.id not in revised]
    pairs = []
    for index, first in enumerate(standing):
        for second in standing[index + 1:]:
            a, b = possible_values(first), possible_values(second)
            if same_period(first.as_of, second.as_of) and not a.meets(b):
                pairs.append((min(first.id, second.id), max(first.id, second.id)))
    return sorted(pairs)


dates = st.one_of(
    st.builds(PartialDate, st.integers(2013, 2014)),
    st.builds(PartialDate, st.integers(2013, 2014), st.integers(1, 2)),
    st.builds(PartialDate, st.integers(2013, 2014), st.integers(1, 2), st.integers(1, 2)),
    st.builds(lambda a, b: DateRange(PartialDate(2013, a), PartialDate(2014, b)), st.integers(1, 2), st.integers(1, 2)),
    st.none())
numbers = st.one_of(st.integers(-5, 20), st.sampled_from([0.5, 9.5, 10.0, 11.0]),
                    st.tuples(st.integers(0, 10), st.integers(10, 20)))


@st.composite
def figure_values(draw) -> list[Claim]:
    count = draw(st.integers(0, 14))
    made = []
    for index in range(count):
        revises = (f"c{draw(st.integers(0, index - 1)):02d}",) if index and draw(st.integers(0, 9)) == 0 else ()
        made.append(claim(f"c{index:02d}", draw(st.one_of(numbers, st.none())), draw(st.sampled_from(QUALIFIERS)),
                          draw(dates), draw(st.sampled_from(["reported", "reported", "refuted", "retracted"])),
                          revises))
    return draw(st.permutations(made))


@settings(max_examples=400, deadline=None)
@given(figure_values(), st.one_of(st.none(), st.integers(0, 5)))
def test_sorting_and_bisection_find_what_comparing_every_pair_finds(claims, listed):
    expected = every_pair_compared(claims)
    found = conflicts.conflicts(claims, listed=listed)
    assert found.count == len(expected)
    assert found.claims == {claim_id for pair in expected for claim_id in pair}
    assert list(found.pairs) == (expected if listed is None else expected[:listed])
    assert conflicts.disagreements(claims) == expected


def test_a_closed_end_meets_a_closed_end_and_an_open_one_does_not():
    at_least, up_to = claim("a", 300, "at least", PartialDate(2014)), claim("b", 300, "up to", PartialDate(2014))
    more_than = claim("c", 300, "more than", PartialDate(2014))
    assert conflicts.disagreements([at_least, up_to]) == []
    assert conflicts.disagreements([more_than, up_to]) == [("b", "c")]
    assert conflicts.disagreements([more_than, at_least]) == []


def test_thousands_of_values_for_one_year_are_counted_and_flagged_and_only_the_first_pairs_listed():
    """3,000 values for 2015, half of them far from the others: 2.25 million pairs that disagree.
    Comparing every pair took seconds here and the figure page listing them was 180 MB."""
    claims = [claim(f"v{index:04d}", 100 + index % 1500 if index < 1500 else 10_000 + index, None, PartialDate(2015))
              for index in range(3000)]
    started = time.process_time()
    found = conflicts.conflicts(claims)
    assert time.process_time() - started < 5, "a generous bound: quadratic work would take far longer"
    low_unequal = 1500 * 1499 // 2  # the first 1,500 values are all different numbers
    assert found.count == low_unequal + 1500 * 1500 + 1500 * 1499 // 2
    assert len(found.claims) == 3000
    assert len(found.pairs) == conflicts.LISTED_PAIRS
    assert found.pairs[:2] == (("v0000", "v0001"), ("v0000", "v0002"))


def test_a_revised_value_takes_no_part_as_the_figure_page_says():
    first = claim("first", 100, None, PartialDate(2015))
    later = dataclasses.replace(claim("later", 140, None, PartialDate(2015)), revises=("first",))
    assert conflicts.conflicts([first, later]).count == 0
    assert conflicts.conflicts([first, later], revised=()).count == 1
