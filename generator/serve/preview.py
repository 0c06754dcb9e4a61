"""The preview's state between rebuilds: the builder kept from one build to the next, the folder
served and the problems of the last build. Content errors never stop the preview: the last good
site stays served and the errors are listed instead."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from generator.build import Builder, Built
from generator.core import diagnostics as diag
from generator.core.diagnostics import Diagnostic
from generator.link.links import Links


class Preview:
    """The preview's state: the builder kept between rebuilds and the problems of the last one."""

    def __init__(self, config_path: Path, output: Path, print_line: Callable[[str], None]) -> None:
        self.builder = Builder(config_path, serial=True, defer_data=True, search_later=True, uncommitted=True)
        self.root = config_path.parent
        self.output = output
        """The folder served: the output folder of config.yaml as it was when serving started."""
        self.print_line = print_line
        self.problems: list[Diagnostic] = []
        self.frozen = False

    def last_links(self) -> Links | None:
        """The link stage of the last good build (None before the first)."""
        last = self.builder.state.last
        return last.links if last is not None else None

    def rebuild(self, reason: str, changed: set[Path] | None = None) -> Built:
        """Build again; `changed` are the paths the watcher saw change (None: look at everything)."""
        started = time.perf_counter()
        if self.frozen:
            # A rebuild makes garbage by the thousand but few cycles: the collector would pause it
            # over and over for nothing. The server collects once the browsers are told to reload.
            gc.disable()
        try:
            built = self.builder.build(changed=changed)
        finally:
            gc.enable()
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
            self.print_line(f"{reason}: {built.pages} pages rendered, {report.written} files written, "
                            f"{report.removed} removed in {seconds * 1000:.0f} ms")
        else:
            self.problems = [d for d in checked.diagnostics if d.is_error] or checked.diagnostics
            if built.output_problem:
                self.problems = [diag.error("output", built.output_problem, diag.Span("config.yaml"))]
            for problem in self.problems:
                self.print_line(problem.format())
            self.print_line(f"{reason}: {diag.summary(self.problems)}; still serving the last good site")
        return built
