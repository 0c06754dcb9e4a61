"""The preview's deferred work (generator/serve/deferred.py): a rebuild's data files wait until the
browsers have had their pages, and never until after the next rebuild."""

from __future__ import annotations

import asyncio

from generator.output.write import OutputError
from generator.serve.deferred import Deferred


def test_the_work_waits_for_its_delay_then_runs_once() -> None:
    async def scenario() -> list[str]:
        done: list[str] = []
        deferred = Deferred(lambda problem: done.append(f"problem {problem}"), delay=0.05)
        deferred.later(lambda: done.append("data files"))
        assert done == [], "nothing runs before the browsers had their pages"
        await asyncio.sleep(0.15)
        deferred.now()
        return done

    assert asyncio.run(scenario()) == ["data files"]


def test_a_pending_work_is_done_before_the_next_rebuild_and_in_order() -> None:
    async def scenario() -> list[str]:
        done: list[str] = []
        deferred = Deferred(lambda problem: done.append(f"problem {problem}"), delay=10)
        deferred.later(lambda: done.append("first"))
        deferred.now()
        done.append("rebuild")
        deferred.later(lambda: done.append("second"))
        deferred.later(None)
        deferred.now()
        return done

    assert asyncio.run(scenario()) == ["first", "rebuild", "second"]


def test_a_write_that_fails_is_reported_not_raised() -> None:
    def fail() -> None:
        raise OutputError("disk full")

    async def scenario() -> list[str]:
        done: list[str] = []
        deferred = Deferred(lambda problem: done.append(f"problem {problem}"), delay=10)
        deferred.later(fail)
        deferred.now()
        return done

    assert asyncio.run(scenario()) == ["problem disk full"]
