"""The no-change shortcut (generator/incremental/uptodate.py): a build is skipped only when its
inputs and its output are exactly as the last successful build left them. A tiny dossier folder
under tmp_path stands for a real one; nothing is built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core.layout import CACHE_FOLDER
from generator.incremental.uptodate import CacheError, check_cache_folder, fingerprint, forget, remember, up_to_date

FOLDERS = {"content_dir": "content", "templates_dir": "templates", "output_dir": "site"}
SITE = {"index.html": "home", "people/index.html": "people", "people/ana/index.html": "ana"}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A dossier folder that a build has just written, and recorded."""
    write_all(tmp_path, {"config.yaml": "title: T\n", "content/people/ana.yaml": "name: Ana\n",
                         **{f"site/{name}": text for name, text in SITE.items()}})
    (tmp_path / "templates").mkdir()
    config = tmp_path / "config.yaml"
    remember(config, FOLDERS, False, fingerprint(config, FOLDERS, False), list(SITE), ["a warning"])
    return config


def write_all(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_nothing_changed_gives_back_the_last_builds_record_and_its_warnings(config):
    recorded = up_to_date(config, False)
    assert recorded is not None
    assert recorded["lines"] == ["a warning"]


def test_a_stricter_build_is_not_the_same_build(config):
    assert up_to_date(config, True) is None


@pytest.mark.parametrize("change", [
    lambda root: (root / "config.yaml").write_text("title: U\n"),
    lambda root: (root / "content/people/ana.yaml").write_text("name: Ana Lind\n"),
    lambda root: (root / "content/people/bo.yaml").write_text("name: Bo\n"),
    lambda root: (root / "templates/person.html").write_text("{{ record.name }}"),
    lambda root: (root / "site/people/ana/index.html").write_text("edited by hand"),
    lambda root: (root / "site/people/index.html").unlink(),
    lambda root: (root / "site/stray.html").write_text("left over"),
], ids=["config", "content edited", "content added", "template added", "page edited", "page removed",
        "stray file"])
def test_any_change_to_an_input_or_the_output_means_a_real_build(config, change):
    change(config.parent)
    assert up_to_date(config, False) is None


def test_a_page_touched_with_the_same_size_is_noticed_by_its_times(config):
    page = config.parent / "site/index.html"
    info = page.stat()
    page.write_text("HOME")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert up_to_date(config, False) is None


def test_a_forgotten_build_is_never_up_to_date(config):
    forget(config)
    assert up_to_date(config, False) is None
    forget(config)  # nothing to forget: no error


def test_an_input_changed_while_building_is_not_recorded(config):
    before = fingerprint(config, FOLDERS, False)
    forget(config)
    (config.parent / "content/people/ana.yaml").write_text("name: Ana Lind\n")
    remember(config, FOLDERS, False, before, list(SITE), [])
    assert up_to_date(config, False) is None


def test_a_broken_manifest_means_a_real_build(config):
    for manifest in (config.parent / CACHE_FOLDER).iterdir():
        manifest.write_text("{not json")
    assert up_to_date(config, False) is None


def test_a_cache_that_is_not_a_folder_is_refused_before_anything_is_written(tmp_path):
    config = tmp_path / "config.yaml"
    check_cache_folder(config)  # missing: fine
    (tmp_path / CACHE_FOLDER).symlink_to(tmp_path / "nowhere")
    with pytest.raises(CacheError, match="is not a folder"):
        check_cache_folder(config)


def test_the_shortcut_loads_no_other_library_and_none_of_the_stages() -> None:
    """Its docstring's promise, which keeps a no-change build at what the file system costs: importing
    it loads the standard library, the core helpers and the one git query of `history.head`."""
    loaded = subprocess.run([sys.executable, "-c", "import sys, generator.incremental.uptodate; "
                             "print(' '.join(sorted(sys.modules)))"], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2]).stdout.split()
    outside = {name.split(".")[0] for name in loaded} - set(sys.stdlib_module_names) - {"generator"}
    assert not {name for name in outside if not name.startswith("_")}
    assert {name for name in loaded if name.startswith("generator.")} <= {
        "generator.core", "generator.core.builtin", "generator.core.diagnostics", "generator.core.files",
        "generator.core.layout", "generator.history", "generator.history.head", "generator.incremental",
        "generator.incremental.uptodate", "generator.read", "generator.read.gitrev"}
