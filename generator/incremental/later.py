"""Pages first (docs/performance.md, "Pages first"): which pages a preview rebuild renders before
the browsers reload, and the Finish that writes the data files and the other pages after it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.core import urls
from generator.core.diagnostics import Diagnostic
from generator.output.content import Content
from generator.output.write import OutputError, WriteReport, update_site
from generator.site import keys
from generator.site.keys import InputKey


class Site(Protocol):
    """What a Finish needs of the rebuild's site (incremental.rendering.Site)."""

    changed: dict[str, Content]
    rest: list[str]
    digests: dict[str, bytes]
    data_changes: set[InputKey] | None

    def data_file_steps(self, interrupted: Callable[[], bool]) -> Iterator[set[str] | None]: ...

    def render_rest(self, seconds: float, interrupted: Callable[[], bool]) -> list[Diagnostic]: ...

    def forget(self, paths: set[str]) -> None: ...


@dataclass(frozen=True, slots=True)
class Left:
    """What a Finish stopped before doing (Finish.leave), for the next build to do (Builder.build's
    `carried`)."""

    pages: tuple[str, ...] = ()
    data_due: bool = False
    """The data files were not made: the next build makes them, for what changed for them here too."""
    data_changes: frozenset[InputKey] | None = frozenset()
    """When `data_due`, what changed for the data files since they were last made (Site.data_changes;
    None: anything)."""


NOTHING_LEFT = Left()


class PagesFailed(Exception):
    """Pages rendered after the others (Site.render_rest) met template errors; the data files were
    written all the same, and the pages that failed are rendered again by the next build."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__(f"{len(problems)} template errors")
        self.problems = problems


REST_SECONDS = 0.05
"""How long a step of a Finish renders pages for (one page at least): between two steps the preview
answers requests and takes saves (serve/deferred.py), so a save waits for the step under way, and
no longer (for one page of it, once the watcher has handed the save over: Finish.step). A step of
a fixed number of pages took ten times as long when the pages' claim cards were not made yet
(after `dossier serve` started from a saved site) as once they were. Much shorter steps make the
rest longer (each step writes its pages through a staging folder of its own): with steps of 4
pages in place of 12, edits 1 s apart at 10,000 sources took 20-90% longer to show."""


class Finish:
    """What a rebuild of a Builder that defers its data files leaves: the data files, a part at a
    time, then the pages left for later (Site.rest), REST_SECONDS at a time. Called, it does all
    that is left at once."""

    def __init__(self, site: Site, output: Path, protected: tuple[Path, ...]) -> None:
        self.site, self.output, self.protected = site, output, protected
        self.data_written = False
        self.data_steps: Iterator[set[str] | None] | None = None
        self.problems: list[Diagnostic] = []
        self.written = self.removed = 0
        self.interrupted: Callable[[], bool] = lambda: False
        """What the step under way was given (`step`): the data files' steps ask it as they go."""

    def __call__(self) -> WriteReport:
        while not self.step():
            pass
        return WriteReport(self.written, len(self.site.digests) - self.written, self.removed)

    def step(self, interrupted: Callable[[], bool] = lambda: False) -> bool:
        """Write the data files, or the next pages left; True once nothing is left. Raises
        PagesFailed then, when pages failed (they keep their last version, and no digest); raises
        OutputError when a write fails (what it did not write is left to the next build). A step ends
        at the next page or record once `interrupted()` (a save waits: Site.render_rest, core/steps.Pace)."""
        site, self.interrupted = self.site, interrupted
        site.changed = {}
        stale: set[str] = set()
        try:
            if not self.data_written:
                self.data_steps = self.data_steps or site.data_file_steps(lambda: self.interrupted())
                made = next(self.data_steps)
                if made is not None:
                    stale, self.data_written = made, True
            else:
                self.problems += site.render_rest(REST_SECONDS, interrupted)
            if site.changed or stale:
                report = update_site(self.output, site.changed, stale, len(site.digests), self.protected)
                self.written, self.removed = self.written + report.written, self.removed + report.removed
                site.changed = {}  # on disk: their bytes (dossier.json's 40 MB) need not wait for the next step
        except OutputError:  # not written (or not made: a capture changed), like the pages left: for the next build
            site.forget({*site.changed, *site.rest})
            site.rest = []
            raise
        if site.rest or not self.data_written:
            return False
        if self.problems:
            raise PagesFailed(self.problems)
        return True

    def leave(self) -> Left:
        """Stop here: the pages not rendered yet, and the data files if they are not made yet, are
        for the next build to make (Builder.build's `carried`). A save that comes while the data
        files are due does not wait for them (a few hundred milliseconds at 10,000 sources): the
        next build makes them once, for both builds' changes."""
        changes = self.site.data_changes
        left = Left(tuple(self.site.rest), not self.data_written,
                    None if changes is None or self.data_written else frozenset(changes))
        self.site.rest = []
        return left

    def resume(self, left: Left) -> None:
        """Take back what `leave` gave, which the next build could not do (it failed)."""
        self.site.rest = list(left.pages)


def first_pages(todo: list[str], changed: set[InputKey], rendered: Collection[str], wanted: Collection[str]
                ) -> tuple[list[str], list[str]]:
    """(the pages to render first, the others) of `todo`: the pages of the records that changed,
    the new pages, and the pages `wanted`. The others, such as the lists and the timeline pages
    that show a changed claim, follow once the first are served (docs/performance.md, "Pages first")."""
    own = {urls.record_page(*named) for key in changed if (named := keys.record_named(key)) is not None}
    now = [path for path in todo if path in own or path in wanted or path not in rendered]
    if len(now) == len(todo):
        return todo, []
    chosen = set(now)
    return now, [path for path in todo if path not in chosen]
