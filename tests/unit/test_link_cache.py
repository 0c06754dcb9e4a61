"""The sources' mentions found on every core (link/cache.py `Spread`, a one-shot build's) are those
found in one process, and a cache that holds some of them looks only for the others."""

from __future__ import annotations

import pytest
from support.records import base, validated

from generator.check.resolve import resolve
from generator.link import cache as link_cache
from generator.link.cache import LinkCache
from generator.link.links import link
from generator.output import parallel

SOURCES = {f"sources/memo-{number}.txt": "---\ntitle: Memo\npublisher: The Gazette\ndate: 2021-03-04\n---\n"
                                         f"Ana Lind met the fund {number} times; Ana Lindqvist did not.\n"
           for number in range(7)}


class Spread:
    """Two processes, as a one-shot build on two cores; records how many sources each call hands them."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, function, items):
        self.calls.append(len(items))
        return parallel.fork_map(function, items, 2)


@pytest.fixture
def spread(monkeypatch: pytest.MonkeyPatch) -> Spread:
    monkeypatch.setattr(link_cache, "SPREAD_FROM", 2)
    return Spread()


def test_mentions_found_on_every_core_are_those_found_in_one_process(spread: Spread) -> None:
    checked = validated(base(**SOURCES))
    resolved, _ = resolve(checked.dossier, checked.broken)
    here = link(resolved, LinkCache())
    apart = link(resolved, LinkCache(), spread=spread)
    assert spread.calls == [len(resolved.dossier.sources)]
    assert list(apart.source_mentions) == list(here.source_mentions)
    assert apart.source_mentions == here.source_mentions
    assert apart.mentioned_in == here.mentioned_in
    assert any(here.source_mentions[f"memo-{number}"] for number in range(7))


def test_a_cache_holding_some_mentions_spreads_only_the_others(spread: Spread) -> None:
    first = validated(base(**SOURCES))
    cache = LinkCache()
    link(resolve(first.dossier, first.broken)[0], cache)
    edited = {**SOURCES, "sources/memo-3.txt": SOURCES["sources/memo-3.txt"] + "Ana Lind again.\n",
              "sources/memo-5.txt": SOURCES["sources/memo-5.txt"] + "The fund again.\n"}
    second = validated(base(**edited), previous=first)
    resolved, _ = resolve(second.dossier, second.broken)
    kept = link(resolved, cache, spread=spread)
    assert spread.calls == [2]
    assert kept.source_mentions == link(resolved).source_mentions
