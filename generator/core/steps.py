"""Work done in steps: a generator that yields None after each step and returns what it makes, so
that the preview's server answers requests and takes saves between two steps
(incremental/later.Finish)."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from typing import TypeVar

T = TypeVar("T")

STEP_SECONDS = 0.02
"""How long a step of the data files runs before it pauses (Pace): a save that comes meanwhile
waits for it. Steps of a whole file each (up to 210 ms at 10,000 sources) held back a save by as
much (docs/performance.md, "Steps of 20 ms")."""


def finished(steps: Generator[None, None, T]) -> T:
    """What work done in steps returns, all its steps done at once."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


class Pace:
    """When work done in steps pauses: once it has run for `seconds` since it last resumed, or once
    `interrupted()` (a save waits: serve/preview.Preview.save_waiting). Asked between two records
    (`if pace.due(): yield None`), so that a step ends within a record's work of its time, whatever
    the size of the file being made."""

    __slots__ = ("interrupted", "paused", "seconds", "since")

    def __init__(self, seconds: float = STEP_SECONDS, interrupted: Callable[[], bool] | None = None) -> None:
        self.seconds, self.since, self.paused, self.interrupted = seconds, time.perf_counter(), False, interrupted

    def due(self) -> bool:
        """Whether to pause now; after a pause, the clock starts again when this is next asked
        (the work resumed)."""
        now = time.perf_counter()
        if self.paused:
            self.since, self.paused = now, False
            return False
        if now - self.since < self.seconds and not (self.interrupted is not None and self.interrupted()):
            return False
        self.paused = True
        return True

    def pause(self) -> Generator[None, None, None]:
        """A step ends here, whatever the time (`yield from pace.pause()`); the clock starts again
        as the work resumes."""
        yield None
        self.since, self.paused = time.perf_counter(), False
