"""The preview's warm-up (generator/serve/warm.py): a save that comes while the builder is being
made ready from the saved site is held, then handed on once it is ready, never lost."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import watchfiles
from tornado import ioloop

from generator.incremental.saved import Saved
from generator.serve.preview import Preview
from generator.serve.warm import Changes, Warmup

SAVE = {(watchfiles.Change.modified, "/dossier/content/claims/a.yaml")}


def test_a_save_during_the_warm_up_is_held_and_handed_on_when_it_is_done():
    loop = ioloop.IOLoop()
    release = threading.Event()
    builder = SimpleNamespace(warm=lambda site: release.wait(10))
    lines: list[str] = []
    preview = SimpleNamespace(builder=builder, print_line=lines.append, frozen=False, root=Path("/dossier"))
    warmup, outcome = Warmup(), []

    def then(ready: bool, held: Changes) -> None:
        outcome.append((ready, held))
        loop.stop()

    def begin() -> None:
        warmup.start(cast(Preview, preview), cast(Saved, None), then)  # stand-ins: a builder that waits
        assert warmup.holds(SAVE)
        release.set()

    loop.add_callback(begin)
    loop.start()
    loop.close()
    assert outcome == [(True, SAVE)]
    assert not warmup.busy and not warmup.holds(SAVE)
    assert lines[0].startswith("ready to rebuild on save")
    gc.unfreeze()  # the warm-up froze this process's objects, as the preview's own


def test_a_warm_up_that_fails_hands_on_a_full_build_rather_than_holding_saves():
    loop = ioloop.IOLoop()

    def broken(site: object) -> bool:
        raise RuntimeError("a bug")

    lines: list[str] = []
    preview = SimpleNamespace(builder=SimpleNamespace(warm=broken), print_line=lines.append, frozen=False)
    warmup, outcome = Warmup(), []

    def then(ready: bool, held: Changes) -> None:
        outcome.append(ready)
        loop.stop()

    loop.add_callback(lambda: warmup.start(cast(Preview, preview), cast(Saved, None), then))
    loop.start()
    loop.close()
    assert outcome == [False] and not warmup.busy
    assert lines == ["dossier serve: error: the warm-up failed (RuntimeError('a bug')): building the site afresh"]
