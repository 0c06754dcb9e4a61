"""Rebuilds that redo only what changed give exactly the bytes of a full build of the same input."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import tree

from generator.build import Builder, build, check

REPO = Path(__file__).resolve().parents[2]
CLAIMS = "content/claims/knb-november-2014.yaml"


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text()
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1))
    return edit


def append(relative: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with open(root / relative, "a") as handle:
            handle.write(text)
    return edit


def delete(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).unlink()


NEW_CLAIM = """
- id: test-new-claim
  statement: Abykayev spoke about the Kazakh zhamagat.
  by: nurtai-abykayev
  about: [knb]
  date: 2014-11-18
  figure: kazakh-nationals-in-is
  value: 301
  qualifier: at least
  citations:
    - source: tengrinews-2014-11-20-300-kazakhstanis
      quote: who constitute a so-called "Kazakh zhamagat."
"""

EDITS = {
    "claim-value": replace(CLAIMS, "value: 300", "value: 310"),
    "claim-statement": replace(CLAIMS, "More than 300 Kazakh nationals are fighting",
                               "More than 300 Kazakh nationals are said to be fighting"),
    "claim-added": append(CLAIMS, NEW_CLAIM),
    "person-renamed": replace("content/people/nurtai-abykayev.yaml", "name: Nurtai Abykayev", "name: Nurtai A. Abykayev"),
    "alias-added": replace("content/people/dinara-urazova.yaml", "name: Dinara Urazova",
                           "name: Dinara Urazova\naliases: [Urazova]"),
    "source-text-moved": replace("content/sources/tengrinews-2014-11-20-300-kazakhstanis.txt",
                                 "Kazakhstan intelligence agencies are concerned",
                                 "Иконка комментария блок соц сети\n\nKazakhstan intelligence agencies are concerned"),
    "claim-quote-and-parties": replace(CLAIMS, """  about: [knb, islamic-state]
  date: 2014-11-18""", """  about: [islamic-state]
  date: 2014-11-18"""),
    "claim-quote-shortened": replace(CLAIMS, "quote: 'gave the number of Kazakhs in the ranks of the Islamic State – more than 300'",
                                     "quote: 'gave the number of Kazakhs in the ranks of the Islamic State'"),
    "claim-basis-dropped": replace(CLAIMS, "  based_on:\n    - {claim: video-2013-around-150-kazakh-militants, hedge: "
                                           "likely}\n  note: >-\n    The figure", "  note: >-\n    The figure"),
    "claim-revises-added": replace("content/claims/astana-times-2017.yaml", "  value: 91.7\n",
                                   "  value: 91.7\n  revises: [kapital-readiness-before-89-9-percent]\n"),
    "claim-dated-later": replace(CLAIMS, "  date: 2014-11-18\n  figure", "  date: 2015-06-01\n  figure"),
    "config-title": replace("config.yaml", "title: Kazakh nationals in the Islamic State", "title: Kazakhs in IS"),
    "template-changed": lambda root: (root / "templates").mkdir() or shutil.copy(
        REPO / "templates" / "claim.html", root / "templates" / "claim.html") or
        replace("templates/claim.html", "<h2>Citations</h2>", "<h2>Sources cited</h2>")(root),
}


def stamps(root: Path) -> dict[Path, tuple[int, int]]:
    return {path: (path.stat().st_mtime_ns, path.stat().st_size) for path in root.rglob("*")
            if path.is_file() and "site" not in path.relative_to(root).parts}


def edited(root: Path, edit: Callable[[Path], None]) -> set[Path]:
    """Make the edit; the paths it added, changed or removed, as `dossier serve`'s watcher reports them."""
    before = stamps(root)
    edit(root)
    after = stamps(root)
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def full_check(root: Path, tmp: Path) -> list[str]:
    fresh = tmp / "fresh-check"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("site"))
    return [d.format() for d in check(fresh / "config.yaml").diagnostics]


def full_build(root: Path, tmp: Path) -> dict[str, bytes]:
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("site"))
    result = build(fresh / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return tree(fresh / "site")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "dossier"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    return root


@pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told-by-watcher"])
@pytest.mark.parametrize("name", EDITS)
def test_an_incremental_rebuild_equals_a_full_build(sample, tmp_path, name, hinted):
    builder = Builder(sample / "config.yaml")
    assert builder.build().report is not None
    changed = edited(sample, EDITS[name])
    result = builder.build(changed=changed if hinted else None)
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    assert tree(sample / "site") == full_build(sample, tmp_path)
    assert [d.format() for d in result.checked.diagnostics] == full_check(sample, tmp_path)


BROKEN_QUOTE = replace(CLAIMS, "quote: 'said that \"over 300\" Kazakh militants in Islamic State'",
                       "quote: 'said that \"over 900\" Kazakh militants in Islamic State'")


@pytest.mark.parametrize("hinted", [False, True], ids=["looking", "told-by-watcher"])
def test_a_sequence_of_edits_including_broken_ones_stays_equal_to_full_builds(sample, tmp_path, hinted):
    builder = Builder(sample / "config.yaml")
    builder.build()
    good = tree(sample / "site")
    changed = edited(sample, replace(CLAIMS, "value: 300", "value: [300"))  # broken YAML
    assert builder.build(changed=changed if hinted else None).report is None
    assert tree(sample / "site") == good, "a failed rebuild writes nothing"
    steps = (replace(CLAIMS, "value: [300", "value: 320"), BROKEN_QUOTE, EDITS["claim-value"],
             replace(CLAIMS, "\"over 900\"", "\"over 300\""), EDITS["claim-added"], EDITS["claim-basis-dropped"],
             delete("content/people/renat-tashkinbayev.yaml"), EDITS["alias-added"],
             replace(CLAIMS, "by: nurtai-abykayev", "by: nobody-known"))
    for edit in steps:
        changed = edited(sample, edit)
        result = builder.build(changed=changed if hinted else None)
        assert [d.format() for d in result.checked.diagnostics] == full_check(sample, tmp_path)
        if result.report is not None:
            assert tree(sample / "site") == full_build(sample, tmp_path)


def test_a_one_claim_edit_renders_only_the_pages_that_show_it(sample):
    builder = Builder(sample / "config.yaml")
    full = builder.build()
    replace(CLAIMS, "value: 300", "value: 310")(sample)
    result = builder.build()
    assert 0 < result.pages < full.pages / 4
    assert result.report.written < 20


def test_a_rebuild_with_no_change_renders_and_writes_nothing(sample):
    builder = Builder(sample / "config.yaml")
    builder.build()
    result = builder.build()
    assert result.pages == 0
    assert result.report.written == 0


def test_a_build_split_over_processes_equals_a_single_process_build(sample, tmp_path, monkeypatch):
    from generator import build as build_module

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.parallel, "workers", lambda: 3)
    split = Builder(sample / "config.yaml").build()
    assert split.report is not None
    parallel_site = tree(sample / "site")
    serial_root = tmp_path / "serial"
    shutil.copytree(sample, serial_root, ignore=shutil.ignore_patterns("site"))
    assert Builder(serial_root / "config.yaml", serial=True).build().report is not None
    assert parallel_site == tree(serial_root / "site")


def test_a_preview_rebuild_writes_pages_first_and_the_data_files_when_finished(sample, tmp_path):
    builder = Builder(sample / "config.yaml", defer_data=True)
    assert builder.build().finish is None, "a first build writes everything at once"
    data_before = (sample / "site" / "dossier.json").read_bytes()
    result = builder.build(changed=edited(sample, EDITS["claim-value"]))
    page = sample / "site" / "claims" / "abykayev-over-300-kazakhs-in-is" / "index.html"
    assert "310" in page.read_text(), "the pages are written by the build"
    assert (sample / "site" / "dossier.json").read_bytes() == data_before, "the data files wait"
    assert result.finish().written == 1
    assert tree(sample / "site") == full_build(sample, tmp_path)


def test_a_template_error_in_a_rebuild_writes_nothing_and_its_fix_builds_like_a_full_build(sample, tmp_path):
    builder = Builder(sample / "config.yaml", defer_data=True)
    builder.build()
    good = tree(sample / "site")
    template = sample / "templates" / "claim.html"
    template.parent.mkdir()
    template.write_text((REPO / "templates" / "claim.html").read_text().replace("{{ claim.", "{{ claim.nope.", 1))
    failed = builder.build(changed=edited(sample, EDITS["claim-value"]) | {template})
    assert failed.report is None
    assert any("templates/claim.html" in d.format() for d in failed.checked.diagnostics)
    assert tree(sample / "site") == good
    template.unlink()
    fixed = builder.build(changed={template})
    if fixed.finish is not None:
        fixed.finish()
    assert tree(sample / "site") == full_build(sample, tmp_path)
