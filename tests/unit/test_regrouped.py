"""A grouped map patched with the pairs that went and came (link.groups.regrouped) equals the map
grouped afresh: the claim maps and the mentions of a rebuild are patched so."""

from __future__ import annotations

import random

import pytest

from generator.link.groups import group, regrouped


def pairs(rng: random.Random, values: range) -> dict[str, set[tuple[str, str]]]:
    """Value → its (key, value) pairs: each value (a claim, a source) files itself under a few keys."""
    return {f"v{value}": {(f"k{rng.randrange(12)}", f"v{value}") for _ in range(rng.randrange(4))} for value in values}


@pytest.mark.parametrize("seed", range(40))
def test_regrouped_equals_grouped_afresh(seed):
    rng = random.Random(seed)
    before = pairs(rng, range(30))
    after = dict(before)
    changed = rng.sample(sorted(before), 5) + [f"v{value}" for value in range(30, 30 + rng.randrange(3))]
    for value in changed:
        after[value] = {(f"k{rng.randrange(15)}", value) for _ in range(rng.randrange(3))}
    for value in rng.sample(sorted(after), 2):
        after.pop(value)
        changed.append(value)
    last = group(pair for found in before.values() for pair in found)
    patched = regrouped(last, (pair for value in changed for pair in before.get(value, ())),
                        (pair for value in changed for pair in after.get(value, ())))
    fresh = group(pair for found in after.values() for pair in found)
    assert patched == fresh
    assert list(patched) == list(fresh), "in the same order"


def test_nothing_changed_gives_the_same_map():
    last = group([("k", "a")])
    assert regrouped(last, (), ()) is last
