"""The preview's deferred work (generator/serve/deferred.py): a rebuild's data files wait until the
browsers have had their pages, and never until after the next rebuild."""

from __future__ import annotations

import asyncio
import contextlib
import gc

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


def test_the_collector_a_rebuild_turned_off_is_on_again_once_the_work_is_done_or_fails() -> None:
    """serve.preview.Preview.rebuild leaves the collector off until the work it leaves is done."""
    def broken() -> None:
        raise RuntimeError("a bug")

    async def scenario() -> list[bool]:
        deferred = Deferred(lambda problem: None, delay=10)
        states = []
        for work in (lambda: None, broken):
            gc.disable()
            deferred.later(work)
            with contextlib.suppress(RuntimeError):
                deferred.now()
            states.append(gc.isenabled())
        return states

    try:
        assert asyncio.run(scenario()) == [True, True]
    finally:
        gc.enable()


def test_what_the_work_leaves_is_collected_once_then_out_of_the_collectors_sight() -> None:
    """A full pass of the collector after each rebuild would walk all that the earlier ones left."""
    kept: list[object] = []

    async def scenario() -> tuple[int, int]:
        deferred = Deferred(lambda problem: None, delay=10)
        before = gc.get_freeze_count()
        gc.disable()
        deferred.later(lambda: kept.extend([{"a": [1]}, {"b": [2]}]))
        deferred.now()
        return before, gc.get_freeze_count()

    try:
        before, after = asyncio.run(scenario())
        assert after >= before + 4 and gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


class _Steps:
    """Work of three steps, as serve.preview.Finishing does it."""

    def __init__(self, done: list[str]) -> None:
        self.done, self.left = done, ["a", "b", "c"]

    def __call__(self) -> None:
        while not self.step():
            pass

    def step(self) -> bool:
        self.done.append(f"step {self.left.pop(0)}")
        return not self.left

    def leave(self) -> list[str]:
        left, self.left = self.left, []
        return left

    def resume(self, left: list[str]) -> None:
        self.left = left


def test_work_in_steps_lets_the_loop_answer_between_steps() -> None:
    async def scenario() -> list[str]:
        done: list[str] = []
        deferred = Deferred(lambda problem: done.append(f"problem {problem}"), delay=0)
        deferred.later(_Steps(done))
        for _ in range(6):
            await asyncio.sleep(0)
            done.append("request")
        return done

    done = asyncio.run(scenario())
    assert [line for line in done if line.startswith("step")] == ["step a", "step b", "step c"]
    assert done.index("step c") - done.index("step a") > 2, "requests are answered between the steps"


def test_work_in_steps_is_handed_over_where_it_stands_and_other_work_is_done_first() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        done: list[str] = []
        deferred = Deferred(lambda problem: done.append(f"problem {problem}"), delay=10)
        work = _Steps(done)
        deferred.later(work)
        deferred._next()  # the delay has passed: one step
        handed = deferred.hand_over()
        assert handed is work
        deferred.now()  # nothing is left to do: the rebuild took it over
        left = handed.leave()
        deferred.later(lambda: done.append("data files"))
        assert deferred.hand_over() is None
        return done, left

    done, left = asyncio.run(scenario())
    assert done == ["step a", "data files"]
    assert left == ["b", "c"]


def test_work_done_now_is_done_whole_not_a_step_at_a_time() -> None:
    """A request that waits for the work (Deferred.now) has it done whole: a step may end early for a
    save that waits, and steps of a page each would each write through a staging folder of their own."""
    class Whole(_Steps):
        def __call__(self) -> None:
            self.done.append("whole")
            super().__call__()

    async def scenario() -> list[str]:
        done: list[str] = []
        deferred = Deferred(lambda problem: done.append(f"problem {problem}"), delay=10)
        deferred.later(Whole(done))
        deferred.now()
        return done

    assert asyncio.run(scenario()) == ["whole", "step a", "step b", "step c"]
