"""A one-shot build keeps the cyclic collector off its long-lived objects (build.py `_long_lived`):
no collection during the check, the checked dossier and links frozen while the pages are made, and
everything handed back, the collector running again, once the build ends, whatever its outcome.
A kept Builder (the preview's) leaves the collector as it is."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.build import Builder

BROKEN_CLAIMS = {"content/claims/zz-broken.yaml": "- id: broken\n  statement: [unclosed\n"}


@pytest.fixture
def collector() -> Iterator[list[tuple[str, bool, int]]]:
    """What a build's progress lines saw of the collector: (line, enabled, objects frozen)."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
    seen: list[tuple[str, bool, int]] = []
    yield seen
    gc.enable()
    gc.unfreeze()


def watching(seen: list[tuple[str, bool, int]]) -> Callable[[str], None]:
    return lambda line: seen.append((line.split()[0], gc.isenabled(), gc.get_freeze_count()))


def test_a_one_shot_build_freezes_what_it_checked_and_hands_it_back(
        dossier: Callable[..., Path], collector: list[tuple[str, bool, int]]) -> None:
    root = dossier()
    built = Builder(root / "config.yaml", keep=False).build(progress=watching(collector))
    assert built.report is not None
    checked, rendered = collector[0], next(seen for seen in collector if seen[0] == "rendered")
    assert checked[0] == "checked" and not checked[1] and checked[2] == 0  # the check ran with no collection
    assert rendered[1] and rendered[2] > 0  # the pages were made with the dossier frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_failed_one_shot_build_gives_the_collector_back(
        dossier: Callable[..., Path], collector: list[tuple[str, bool, int]]) -> None:
    root = dossier(BROKEN_CLAIMS)
    built = Builder(root / "config.yaml", keep=False).build(progress=watching(collector))
    assert built.report is None and not built.checked.ok
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_kept_builder_leaves_the_collector_alone(
        dossier: Callable[..., Path], collector: list[tuple[str, bool, int]]) -> None:
    root = dossier()
    Builder(root / "config.yaml").build(progress=watching(collector))
    assert all(enabled and frozen == 0 for _, enabled, frozen in collector)
