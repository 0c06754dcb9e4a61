"""What a preview rebuild leaves to do once its pages are served: the data files (dossier.json, the
search records, the open data files, sitemap.xml), the pages that come later (the lists and the
timeline pages that show what changed: docs/performance.md, "Pages first"), and a pass of the
garbage collector, which then leaves the survivors alone and is turned back on (a rebuild turns it off).

They run on the server's loop, which also answers the browsers: run right after the reload
message, they would hold back the very page that message makes the browser ask for. So they wait
for AFTER_RELOAD seconds, and then run a step at a time, the loop answering requests and taking
saves in between. A save that comes first has its rebuild take over what is left: the pages, and
the data files if they are not made yet (docs/performance.md, "The preview: save to page").
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from tornado import ioloop

from generator.output.write import OutputError

AFTER_RELOAD = 0.4
"""Seconds between the reload message and the data files: long enough for a browser to ask for the
page again, and for the page's own files."""


@runtime_checkable
class Steps(Protocol):
    """Work done a step at a time (serve.preview.Finishing): between two steps the loop answers
    requests and takes saves."""

    def step(self) -> bool:
        """Do the next step; True once the work is done. A step may end early when a save waits."""

    def __call__(self) -> object:
        """Do every step left, none cut short."""

    def leave(self) -> Any:
        """Stop; what is left, for the next rebuild to take over."""

    def resume(self, left: Any) -> None:
        """Take back what `leave` gave, when the rebuild that took it over failed."""


class Deferred:
    """The work one rebuild leaves, done once the browsers have had their pages, or before the
    next rebuild, whichever comes first; work done in steps is handed to the next rebuild instead."""

    def __init__(self, report_problem: Callable[[OutputError], None], delay: float = AFTER_RELOAD) -> None:
        """`report_problem`: what to do when the data files cannot be written."""
        self.report_problem, self.delay = report_problem, delay
        self.loop = ioloop.IOLoop.current()
        self.work: Callable[[], object] | None = None
        self.timer: object | None = None

    def later(self, work: Callable[[], object] | None) -> None:
        """Do `work` (None: nothing but the collector) once the browsers have had their pages."""
        self.now()
        self.work = work if work is not None else _nothing
        self.timer = self.loop.call_later(self.delay, self._next)

    def now(self) -> None:
        """Do the pending work, if any, at once, as a whole (work in steps is not cut short for a save
        that waits meanwhile: see Steps.step): the next rebuild, or a request, must start from it."""
        self._stop_timer()
        if self.work is not None:
            self._step(whole=True)

    def hand_over(self) -> Steps | None:
        """Before a rebuild: work done in steps stops where it is, and is returned for the rebuild to
        take over (see Steps.leave); any other work is done at once (see `now`)."""
        if isinstance(self.work, Steps):
            self._stop_timer()
            work, self.work = self.work, None
            return work
        self.now()
        return None

    def _next(self) -> None:
        """A step of the work, and the next one on a later turn of the loop."""
        self.timer = None
        if self.work is not None and not self._step():
            self.timer = self.loop.call_later(0, self._next)

    def _step(self, whole: bool = False) -> bool:
        """The work's next step (all of it, when it has no steps or `whole`); True once it is done."""
        work = self.work
        assert work is not None
        try:
            done = work.step() if isinstance(work, Steps) and not whole else _whole(work)
        except OutputError as problem:
            self.report_problem(problem)
            done = True
        except BaseException:  # a bug: the work is dropped, and the collector must not stay off
            self.work = None
            gc.enable()
            raise
        if done:
            self.work = None
            _collect_and_freeze()
            gc.enable()  # a preview rebuild turns it off (serve.preview.Preview.rebuild)
        return done

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.loop.remove_timeout(self.timer)
            self.timer = None


def _collect_and_freeze() -> None:
    """Collect while nobody waits, rather than in the middle of the next rebuild; then move what
    survives out of the collector's sight, as the first build's objects are (serve/preview.py).
    Each rebuild leaves objects that live on (the patched maps, the kept parts of the data files):
    left in sight, a full pass over them grew by tens of milliseconds an edit, to 0.6 s after forty
    edits at 10,000 sources, and a save that came meanwhile waited for it. What a frozen object's
    cycle holds is never collected: after forty-five edits of every kind, a full pass over the
    whole heap found 138 such objects (docs/performance.md, "The preview: save to page")."""
    gc.collect()
    gc.freeze()


def _whole(work: Callable[[], object]) -> bool:
    work()
    return True


def _nothing() -> None:
    """No data files to write (the rebuild failed, or wrote them itself)."""
