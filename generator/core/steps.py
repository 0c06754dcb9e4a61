"""Work done in steps: a generator that yields None after each step and returns what it makes, so
that the preview's server answers requests and takes saves between two steps
(incremental/later.Finish)."""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")


def finished(steps: Generator[None, None, T]) -> T:
    """What work done in steps returns, all its steps done at once."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
