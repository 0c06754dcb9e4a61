"""`dossier serve` started from the site the last full build saved in `.dossier-cache/`
(docs/performance.md, "Starting the preview"): when the inputs and the site folder are as that
build left them, the site is served at once, and the preview's builder is made ready for the first
save in a thread of its own (check and link, no rendering: incremental/saved.py). A save that
comes meanwhile is held until the builder is ready, then rebuilt like any other.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

import watchfiles
from tornado import ioloop

from generator.incremental import saved
from generator.incremental.saved import Saved
from generator.serve.preview import Preview

Changes = set[tuple[watchfiles.Change, str]]


def saved_site(preview: Preview) -> Saved | None:
    """The site the last full build saved, when the inputs and the site folder are exactly as it
    left them; else None, and why in one line (nothing when no site was ever saved)."""
    started = time.perf_counter()
    builder = preview.builder
    found = saved.load(builder.config_path, builder.mode.uncommitted, preview.output)
    if isinstance(found, str):
        if found != saved.NOTHING_SAVED:
            preview.print_line(f"building the site afresh: {found}")
        return None
    preview.print_line(f"serving the last build's site: {found.files} files as it left them "
                       f"(checked in {(time.perf_counter() - started) * 1000:.0f} ms)")
    return found


class Warmup:
    """The preview's builder made ready from a saved site, while the site is served."""

    def __init__(self) -> None:
        self.busy = False
        self.held: Changes = set()

    def start(self, preview: Preview, site: Saved, then: Callable[[bool, Changes], None]) -> None:
        """Warm `preview`'s builder in a thread; on the server's loop, `then(ready, held)` is called
        with whether the builder took the site over (else a full build is due) and the changes held
        meanwhile."""
        self.busy = True
        loop = ioloop.IOLoop.current()
        threading.Thread(target=self._warm, args=(preview, site, loop, then), name="dossier-warmup",
                         daemon=True).start()

    def holds(self, changes: Changes) -> bool:
        """Keep `changes` for when the builder is ready, if it is not yet."""
        if self.busy:
            self.held |= changes
        return self.busy

    def _warm(self, preview: Preview, site: Saved, loop: ioloop.IOLoop,
              then: Callable[[bool, Changes], None]) -> None:
        started = time.perf_counter()
        failure = "the dossier changed while the preview started"
        try:
            ready = preview.builder.warm(site)
        except Exception as problem:  # a bug must not leave every save held: the preview builds instead
            ready, failure = False, f"dossier serve: error: the warm-up failed ({problem!r})"
        seconds = time.perf_counter() - started
        loop.add_callback(self._done, preview, ready, failure, seconds, then)

    def _done(self, preview: Preview, ready: bool, failure: str, seconds: float,
              then: Callable[[bool, Changes], None]) -> None:
        self.busy = False
        held, self.held = self.held, set()
        if ready:
            # As after a first build (preview.py): the objects made live as long as the server.
            gc.freeze()
            preview.frozen = True
            preview.print_line(f"ready to rebuild on save: the dossier checked and linked in {seconds:.1f} s")
        else:
            preview.print_line(f"{failure}: building the site afresh")
        then(ready, held)
