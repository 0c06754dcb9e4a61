"""Chains that must end somewhere (generator/check/cycles.py): every knot of records that lead back
to themselves is found, once, from its smallest id."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.cycles import find_cycles


def test_chains_that_end_have_no_cycle():
    assert find_cycles({"a": ["b"], "b": ["c"], "c": []}) == []
    assert find_cycles({}) == []


def test_a_record_that_names_itself_is_a_cycle_of_one():
    assert find_cycles({"a": ["a"]}) == [["a"]]


def test_a_cycle_starts_at_its_smallest_id_whichever_record_the_walk_enters_by():
    assert find_cycles({"c": ["a"], "a": ["b"], "b": ["c"]}) == [["a", "b", "c"]]
    assert find_cycles({"z": ["c"], "c": ["b"], "b": ["c"]}) == [["b", "c"]]


def test_each_knot_is_reported_once_and_the_cycles_are_in_order():
    edges = {"x": ["y"], "y": ["x"], "a": ["b"], "b": ["a"], "m": ["a", "x"]}
    assert find_cycles(edges) == [["a", "b"], ["x", "y"]]


def test_names_that_are_not_records_are_left_to_the_reference_checks():
    assert find_cycles({"a": ["nobody", "b"], "b": ["a"]}) == [["a", "b"]]


def test_a_chain_of_a_hundred_thousand_records_does_not_overflow():
    chain = {f"r{n:06}": [f"r{n + 1:06}"] for n in range(100_000)}
    chain["r100000"] = ["r000000"]
    [cycle] = find_cycles(chain)
    assert len(cycle) == 100_001 and cycle[0] == "r000000"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdef"), st.lists(st.sampled_from("abcdefg"), max_size=3), max_size=6))
def test_every_reported_cycle_is_a_real_cycle_and_every_knot_is_found(edges):
    cycles = find_cycles(edges)
    for cycle in cycles:
        assert cycle[0] == min(cycle) and len(set(cycle)) == len(cycle)
        assert all(after in edges[before] for before, after in zip(cycle, cycle[1:] + cycle[:1]))
    on_a_cycle = {record for cycle in cycles for record in cycle}
    for record in edges:
        if _leads_back(edges, record):
            assert _reaches_any(edges, record, on_a_cycle), (record, cycles)


def _reachable(edges, start):
    seen, pending = set(), [start]
    while pending:
        for child in edges.get(pending.pop(), []):
            if child in edges and child not in seen:
                seen.add(child)
                pending.append(child)
    return seen


def _leads_back(edges, record):
    return record in _reachable(edges, record)


def _reaches_any(edges, record, targets):
    return record in targets or bool(_reachable(edges, record) & targets)
