"""The preview's state between rebuilds: the builder kept from one build to the next, the folder
served and the problems of the last build. Content errors never stop the preview: the last good
site stays served and the errors are listed instead."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path

from generator.build import Builder, Built, Checked
from generator.core import diagnostics as diag
from generator.core.diagnostics import Diagnostic
from generator.incremental.later import NOTHING_LEFT, Finish, Left, PagesFailed
from generator.link.links import Links
from generator.output.write import OutputError, refused
from generator.serve.deferred import Steps

VIEWED = 8
"""How many of the pages last sent to a browser a rebuild renders first (docs/performance.md, "Pages first")."""


class Preview:
    """The preview's state: the builder kept between rebuilds and the problems of the last one."""

    def __init__(self, config_path: Path, output: Path, print_line: Callable[[str], None]) -> None:
        self.config_path = config_path
        self.builder = self._new_builder()
        self.root = config_path.parent
        self.output = output
        """The folder served: the output folder of config.yaml as it was when serving started."""
        self.print_line = print_line
        self.problems: list[Diagnostic] = []
        self.frozen = False
        self.viewed: dict[str, None] = {}
        """The pages last sent to a browser, oldest first (at most VIEWED): a rebuild renders them first."""
        self.save_waiting = threading.Event()
        """Set by the watcher as it hands a save over, cleared as the save's rebuild starts: a step of
        what a rebuild left for later ends at the next page or data file record (Finish.step), so that
        the save waits for one of them rather than a step's worth."""
        self.pending: frozenset[str] = frozenset()
        """The pages the last rebuild left for after the reload (Built.later), until `finish` renders them."""

    def _new_builder(self) -> Builder:
        return Builder(self.config_path, serial=True, defer_data=True, search_later=True, uncommitted=True)

    def saw(self, page: str) -> None:
        """A browser was sent `page` (a path in the output folder)."""
        self.viewed.pop(page, None)
        self.viewed[page] = None
        if len(self.viewed) > VIEWED:
            del self.viewed[next(iter(self.viewed))]

    def last_links(self) -> Links | None:
        """The link stage of the last good build (None before the first)."""
        last = self.builder.state.last
        return last.links if last is not None else None

    def rebuild(self, reason: str, changed: set[Path] | None = None, unfinished: Steps | None = None) -> Built:
        """Build again; `changed` are the paths the watcher saw change (None: look at everything);
        `unfinished`: what the last rebuild left undone (serve.deferred.Deferred.hand_over): this
        rebuild renders its pages, or, when it fails, gives them back to it."""
        started = time.perf_counter()
        carried = unfinished.leave() if unfinished is not None else NOTHING_LEFT
        if self.frozen:
            # A rebuild makes garbage by the thousand but few cycles: the collector would pause it
            # over and over for nothing, and, turned on again at its end, pause the first request
            # after the reload for a full pass over what the rebuild made. It stays off until the
            # work the rebuild leaves is done (serve.deferred.Deferred), which then collects.
            gc.disable()
        try:
            built = self.builder.build(changed=changed, first=self.viewed.keys(), carried=carried)
        except OSError as problem:  # the machine's (a failing disk): reported as a build's problem is
            gc.enable()
            self.builder = self._new_builder()  # what the old one kept may be half made: the next build starts afresh
            built = Built(Checked(self.root, None, None, []), output_problem=str(refused(problem)))
        except BaseException:
            gc.enable()
            raise
        self.pending = frozenset(built.later)
        if built.report is None and unfinished is not None:
            unfinished.resume(carried)
        seconds = time.perf_counter() - started
        checked = built.checked
        if built.report is not None:
            if not self.frozen:
                # The first build's objects live as long as the server: keep the collector from
                # scanning them again and again (each scan of a big dossier's heap is a visible pause).
                gc.freeze()
                self.frozen = True
            self.problems = []
            report = built.report
            later = f" ({len(built.later)} more pages after the reload)" if built.later else ""
            self.print_line(f"{reason}: {built.pages} pages rendered, {report.written} files written, "
                            f"{report.removed} removed in {seconds * 1000:.0f} ms{later}")
        else:
            self.problems = [d for d in checked.diagnostics if d.is_error] or checked.diagnostics
            if built.output_problem:
                self.problems = [diag.error("output", built.output_problem, diag.Span("config.yaml"))]
            self._report(reason)
        return built

    def finishing(self, built: Built, tell: Callable[[], None]) -> Finishing | None:
        """What a rebuild leaves for after the reload (Built.finish: the data files, then the pages
        that come later), done in steps; `tell()` shows the browsers the template errors of those
        pages, if any."""
        return Finishing(self, built.finish, tell) if built.finish is not None else None

    def _report(self, what: str, kept: str = "still serving the last good site") -> None:
        for problem in self.problems:
            self.print_line(problem.format())
        self.print_line(f"{what}: {diag.summary(self.problems)}; {kept}")


class Finishing:
    """A rebuild's Finish as the server runs it (serve.deferred.Steps): step by step, keeping
    Preview.pending to the pages not written yet, and reporting the template errors of the later
    pages as a failed rebuild's."""

    def __init__(self, preview: Preview, finish: Finish, tell: Callable[[], None]) -> None:
        self.preview, self.finish, self.tell = preview, finish, tell

    def __call__(self) -> None:
        while not self._step(lambda: False):
            pass

    def step(self) -> bool:
        """The next step, which ends at the next page once the watcher hands a save over."""
        return self._step(self.preview.save_waiting.is_set)

    def _step(self, interrupted: Callable[[], bool]) -> bool:
        try:
            done = self.finish.step(interrupted)
        except PagesFailed as failed:
            self.preview.problems = [*self.preview.problems, *failed.problems]
            self.preview._report("pages after the reload", "those pages keep their last good version")
            self.tell()
            done = True
        except OutputError:  # reported by serve.deferred; the next build writes what was not written
            done = True
            raise
        finally:
            self.preview.pending = frozenset(self.finish.site.rest)
        return done

    def leave(self) -> Left:
        """Stop (see Finish.leave)."""
        return self.finish.leave()

    def resume(self, left: Left) -> None:
        """Take back what `leave` gave to a rebuild that failed: it is still to be done."""
        self.finish.resume(left)
        self.preview.pending = frozenset(left.pages)
