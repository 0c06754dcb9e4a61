"""A one-shot check reads the content files and locates the claims' quotes in one process per core
when the dossier is big (read/load.py and check/resolve.py, SPREAD_FROM): the diagnostics and the
site must be exactly those of a check in one process, mistakes included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import build, check
from generator.check import resolve
from generator.read import load
from tests.support.dossiers import assert_same_tree, tree, write_files

MISTAKES = {
    "content/claims/zz-broken.yaml": "- id: broken\n  statement: [unclosed\n",
    "content/claims/zz-wrong.yaml": ("- id: wrong-quote\n  statement: A claim whose quote is in no source.\n"
                                     "  by: nobody-at-all\n  citations:\n"
                                     "    - source: rferl-2014-11-150-kazakh-women\n"
                                     "      quote: words that this source never printed anywhere\n"),
    "content/people/zz-empty.yaml": "",
    "content/sources/zz-bad-date.txt": "---\ntitle: A source\ndate: 2014-13-45\n---\nSome text.\n",
    "content/agencies/notes.md": "a file in the wrong folder\n",
}


def spread_everywhere(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """Every file and every claim of the smallest dossier is spread over `workers` processes."""
    monkeypatch.setattr(load, "SPREAD_FROM", 0)
    monkeypatch.setattr(resolve, "SPREAD_FROM", 0)
    monkeypatch.setattr(build_module.parallel, "workers", lambda: workers)


def formatted(root: Path) -> list[str]:
    return [problem.format() for problem in check(root / "config.yaml").diagnostics]


@pytest.mark.parametrize("workers", [2, 3])
def test_a_spread_check_reports_what_a_check_in_one_process_reports(sample, tmp_path, monkeypatch, workers):
    write_files(sample, MISTAKES)
    alone = formatted(sample)
    assert any("wrong-quote" in line for line in alone) and any("zz-broken.yaml" in line for line in alone)
    spread_everywhere(monkeypatch, workers)
    assert formatted(sample) == alone


def test_a_spread_build_writes_the_same_site(sample, tmp_path, monkeypatch):
    one = tmp_path / "one"
    shutil.copytree(sample, one)
    assert build(one / "config.yaml").report is not None
    spread_everywhere(monkeypatch, 2)
    assert build(sample / "config.yaml").report is not None
    assert_same_tree(tree(sample / "site"), tree(one / "site"), "a spread check changed the site")
