"""Maps from a key to the sorted, unique values filed under it (claims by person, sources by the
entities they mention), made from (key, value) pairs, and patched from the pairs that changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping


def group(pairs: Iterable[tuple], sort: bool = True) -> dict:
    """(key, value) pairs → key: sorted tuple of unique values."""
    grouped: dict = defaultdict(set)
    for key, value in pairs:
        grouped[key].add(value)
    return {key: tuple(sorted(values)) for key, values in sorted(grouped.items())}


def regrouped(last: Mapping[str, tuple[str, ...]], gone: Iterable[tuple[str, str]], came: Iterable[tuple[str, str]]
              ) -> Mapping[str, tuple[str, ...]]:
    """A map made by `group`, with the pairs `gone` (every pair of what changed, as it was) taken
    out and `came` (as it is) put in: what `group` makes of the pairs now; `last` itself when
    nothing changed."""
    touched: dict[str, set[str]] = {}
    for key, value in gone:
        touched.setdefault(key, set(last.get(key, ()))).discard(value)
    for key, value in came:
        touched.setdefault(key, set(last.get(key, ()))).add(value)
    if not touched:
        return last
    result = dict(last)
    for key, values in touched.items():
        if values:
            result[key] = tuple(sorted(values))
        else:
            result.pop(key, None)
    return dict(sorted(result.items())) if touched.keys() - last.keys() else result
