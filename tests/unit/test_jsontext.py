"""generator/core/jsontext.py writes what `json.dumps(..., ensure_ascii=False, indent=1, sort_keys=True)` writes."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from generator.core.jsontext import indented

STRINGS = ["", "plain", "Ana Lind-Berg", "“quoted” – dash", "line\nbreak\ttab", "\x00\x1f\x7f", "\u2028\u2029",
           "back\\slash \"quote\"", "emoji 🧾", "\ud800 lone surrogate", "<script>&amp;</script>", "ÅÄÖ é"]
NUMBERS: list[Any] = [0, -1, 2**70, -(2**70), 0.0, -0.0, 1.5, 1e300, 1e-300, 3.141592653589793, float("nan"),
                      float("inf"), float("-inf"), True, False, None]


def standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def random_value(rng: random.Random, depth: int) -> Any:
    choice = rng.randrange(6 if depth < 5 else 2)
    if choice == 0:
        return rng.choice(STRINGS)
    if choice == 1:
        return rng.choice(NUMBERS)
    if choice in (2, 3):
        return {rng.choice(STRINGS) + str(rng.randrange(5)): random_value(rng, depth + 1)
                for _ in range(rng.randrange(4))}
    items = [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return tuple(items) if choice == 4 else items


@pytest.mark.parametrize("value", [*STRINGS, *NUMBERS, {}, [], (), {"b": 1, "a": [{}, []]}, [[[]]], {"k": ()}])
def test_each_kind_of_value(value: Any) -> None:
    assert indented(value) == standard(value)


def test_random_nested_values() -> None:
    rng = random.Random(18)
    for _ in range(3000):
        value = random_value(rng, 0)
        assert indented(value) == standard(value)


def test_keys_of_other_types_follow_the_standard_library() -> None:
    assert indented({1: "a", 2: {"x": None}}) == standard({1: "a", 2: {"x": None}})
    assert indented({"a": {True: 1}}) == standard({"a": {True: 1}})


def test_a_value_json_cannot_write_raises_as_json_does() -> None:
    with pytest.raises(TypeError) as ours:
        indented({"a": {1, 2}})
    with pytest.raises(TypeError) as theirs:
        standard({"a": {1, 2}})
    assert str(ours.value) == str(theirs.value)


def test_subclasses_are_written_as_their_base() -> None:
    class Count(int):
        def __repr__(self) -> str:
            return "Count()"

    class Record(dict[str, object]):
        pass

    value = Record(b=Count(3), a=[Count(1)])
    assert indented(value) == standard(value)
