"""What a preview rebuild leaves to do once its pages are served: the data files (dossier.json, the
search records, the open data files, sitemap.xml) and a pass of the garbage collector.

Both run on the server's loop, which also answers the browsers: run right after the reload
message, they would hold back the very page that message makes the browser ask for. So they wait
for AFTER_RELOAD seconds; a save that comes first has them done before its own rebuild starts,
since each rebuild's data files are patched from the last ones (docs/performance.md, "The preview:
save to page").
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from tornado import ioloop

from generator.output.write import OutputError

AFTER_RELOAD = 0.4
"""Seconds between the reload message and the data files: long enough for a browser to ask for the
page again, and for the page's own files."""


class Deferred:
    """The work one rebuild leaves, done once the browsers have had their pages, or before the
    next rebuild, whichever comes first."""

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
        self.timer = self.loop.call_later(self.delay, self.now)

    def now(self) -> None:
        """Do the pending work, if any, at once: the next rebuild must start from it."""
        if self.timer is not None:
            self.loop.remove_timeout(self.timer)
            self.timer = None
        work, self.work = self.work, None
        if work is None:
            return
        try:
            work()
        except OutputError as problem:
            self.report_problem(problem)
        gc.collect()  # while nobody waits, rather than in the middle of the next rebuild


def _nothing() -> None:
    """No data files to write (the rebuild failed, or wrote them itself)."""
