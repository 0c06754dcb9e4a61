"""The preview's search index: made again once the edits pause, never while a save waits for its page.

Indexing a big dossier takes seconds, so `dossier serve` builds with `Mode.search_later`: a build
keeps the site's search index as it was, and this module indexes the bundles whose records changed
once no build has happened for QUIET seconds, in a thread of its own, into a work folder in
`.dossier-cache/`; then, back on the server's loop (between two builds), it moves them into the
site. Until then the search page searches the last index, or, when there is none yet, names and
statements only, and says so (docs/search.md).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from tornado import ioloop

from generator.link.links import Links
from generator.output import search_index
from generator.output.pagefind import SearchIndexError
from generator.output.search_files import FormatError
from generator.output.search_index import Bundle, Indexing, Installed
from generator.output.write import OutputError
from generator.site.search_records import search_records

QUIET = 3.0
"""Seconds without a rebuild before the search index is made again."""


class SearchIndexer:
    """Indexes the preview's search again after each pause in the edits, one run at a time."""

    def __init__(self, root: Path, output: Path, protected: tuple[Path, ...], print_line: Callable[[str], None],
                 latest: Callable[[], Links | None]) -> None:
        """`latest`: the link stage of the last good build (None before the first)."""
        self.root, self.output, self.protected = root, output, protected
        self.print_line, self.latest = print_line, latest
        self.loop = ioloop.IOLoop.current()
        self.timer: object | None = None
        self.running = False
        self.again = False

    @property
    def work(self) -> Path:
        return search_index.work_folder(self.root)

    def built(self) -> None:
        """A build succeeded: index once the edits pause."""
        if self.timer is not None:
            self.loop.remove_timeout(self.timer)
        self.timer = self.loop.call_later(QUIET, self._start)

    def _start(self) -> None:
        self.timer = None
        if self.running:
            self.again = True
            return
        links = self.latest()
        if links is None:
            return
        bundles, todo = search_index.pending(search_records(links), search_index.installed(self.root, self.output))
        if not todo:
            return
        self.running = True
        threading.Thread(target=self._index, args=(bundles, todo), name="dossier-search-index", daemon=True).start()

    def _index(self, bundles: list[Bundle], todo: list[Bundle]) -> None:
        """In a thread of its own: Pagefind runs, the server goes on answering and rebuilding."""
        shutil.rmtree(self.work, ignore_errors=True)
        try:
            made, indexing = search_index.index(todo, self.work, workers=1)
        except (SearchIndexError, FormatError, OSError) as problem:
            self.loop.add_callback(self._failed, str(problem))
            return
        self.loop.add_callback(self._install, made, bundles, indexing)

    def _install(self, made: dict[str, Installed], bundles: list[Bundle], indexing: Indexing) -> None:
        try:
            holds = search_index.install(made, bundles, self.work, self.root, self.output, self.protected)
            self.print_line(indexing.describe(len(holds)))
        except (OutputError, OSError) as problem:
            self.print_line(f"dossier serve: error: the search index was not updated: {problem}")
        self._done()

    def _failed(self, problem: str) -> None:
        self.print_line(f"dossier serve: error: the search index was not updated: {problem}")
        self._done()

    def _done(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        self.running = False
        if self.again:
            self.again = False
            self.built()
