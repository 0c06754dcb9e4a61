"""Dates from git (generator/history/dates.py) in real repositories: each content file's last commit,
HEAD's date, renames, SOURCE_DATE_EPOCH outside git, and the cache that spares an unchanged HEAD
its `git log`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.dossiers import REPO
from support.git import Repo
from support.processes import dossier_env

from generator.core.layout import CACHE_FOLDER
from generator.core.model import PartialDate
from generator.history import dates as history
from generator.history import head
from generator.history.dates import CACHE_FILE, History, read_history

ANA = "content/people/ana-lind.yaml"
BERG = "content/people/jonas-berg.yaml"
FIRST = PartialDate(2026, 1, 2)
"""The date of every commit of the `repo` fixture (support.git.COMMIT_DATE)."""


def commit_on(repo: Repo, monkeypatch: pytest.MonkeyPatch, day: str, message: str = "edit") -> None:
    """Commit everything, on `day` (at noon UTC)."""
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{day}T12:00:00+00:00")
    repo.commit(message)


def dates(root: Path) -> History:
    return read_history(root, "content", environ={})


def test_each_file_has_the_date_of_its_last_commit_and_the_dossier_that_of_head(repo, monkeypatch):
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    commit_on(repo, monkeypatch, "2026-02-03")
    repo.write({"notes.txt": "not content"})
    commit_on(repo, monkeypatch, "2026-03-04")
    found = dates(repo.root)
    assert found.commit == repo.git("rev-parse", "HEAD").strip()
    assert found.changed == PartialDate(2026, 3, 4)
    assert found.date_of(ANA) == PartialDate(2026, 2, 3)
    assert found.date_of(BERG) == FIRST
    assert "notes.txt" not in found.files and all(path.startswith("content/") for path in found.files)


def test_a_renamed_file_keeps_the_date_of_its_last_change(repo, monkeypatch):
    repo.git("mv", ANA, "content/people/lind.yaml")
    commit_on(repo, monkeypatch, "2026-05-06")
    found = dates(repo.root)
    assert found.date_of("content/people/lind.yaml") == FIRST
    assert found.date_of(ANA) is None


def test_uncommitted_and_untracked_files_change_no_date(repo):
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    repo.write({"content/people/new.yaml": "name: New\n"})
    before = dates(repo.root)
    assert before.date_of(ANA) == FIRST and before.date_of("content/people/new.yaml") is None
    assert before.changed == FIRST


def test_a_dossier_in_a_folder_of_the_repository_names_its_files_from_its_own_folder(dossier, git_env, tmp_path):
    root = dossier()
    outer = Repo(tmp_path)
    outer.git("init", "-q", "-b", "main")
    outer.commit("a dossier in a folder")
    found = dates(root)
    assert found.date_of(ANA) == FIRST and found.changed == FIRST


def test_outside_git_there_are_no_dates_but_source_date_epoch(dossier):
    root = dossier()
    assert read_history(root, "content", environ={}) == History()
    assert read_history(root, "content", environ={"SOURCE_DATE_EPOCH": "1767312000"}) == History(
        changed=PartialDate(2026, 1, 2))
    for wrong in ("soon", "-1", " 1767312000", "1_767_312_000", "99999999999999999999"):
        assert read_history(root, "content", environ={"SOURCE_DATE_EPOCH": wrong}) == History(), wrong


def test_in_git_the_commit_date_wins_over_source_date_epoch(repo):
    assert read_history(repo.root, "content", environ={"SOURCE_DATE_EPOCH": "0"}).changed == FIRST


def test_a_repository_without_commits_has_no_dates(dossier, git_env):
    root = dossier()
    Repo(root).git("init", "-q", "-b", "main")
    assert dates(root) == History()


def test_an_unchanged_head_is_read_from_the_cache_with_one_git_call(repo, monkeypatch):
    first = dates(repo.root)
    assert json.loads((repo.root / CACHE_FOLDER / CACHE_FILE).read_text())["commit"] == first.commit
    calls: list[tuple[str, ...]] = []
    real_git = history.git

    def counted(cwd: Path, *args: str) -> str:
        calls.append(args)
        return real_git(cwd, *args)

    def refused(cwd: Path, *args: str) -> bytes:
        raise AssertionError(f"git {args} run for an unchanged HEAD")

    monkeypatch.setattr(history, "git", counted)
    monkeypatch.setattr(head, "git", counted)
    monkeypatch.setattr(history, "git_bytes", refused)
    assert dates(repo.root) == first
    assert [call[0] for call in calls] == ["rev-parse"]
    assert read_history(repo.root, "content", known=first, environ={}) is first


def test_a_new_commit_or_another_content_folder_is_not_read_from_the_cache(repo, monkeypatch):
    first = dates(repo.root)
    assert read_history(repo.root, "elsewhere", known=first, environ={}).files == {}
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    commit_on(repo, monkeypatch, "2026-02-03")
    assert dates(repo.root).date_of(ANA) == PartialDate(2026, 2, 3)


def test_a_cache_that_cannot_be_read_is_written_again(repo):
    first = dates(repo.root)
    (repo.root / CACHE_FOLDER / CACHE_FILE).write_text("{not json")
    assert dates(repo.root) == first
    assert json.loads((repo.root / CACHE_FOLDER / CACHE_FILE).read_text())["commit"] == first.commit


def test_a_cache_folder_that_git_tracks_is_not_written(repo):
    repo.write({f"{CACHE_FOLDER}/keep": ""})
    repo.commit("cache folder committed by mistake")
    assert dates(repo.root).changed == FIRST
    assert not (repo.root / CACHE_FOLDER / CACHE_FILE).exists()


def test_two_clones_of_one_commit_read_the_same_dates(repo, tmp_path):
    clone = tmp_path / "clone"
    Repo(tmp_path).git("clone", "-q", str(repo.root), str(clone))
    assert dates(clone) == dates(repo.root)


def test_the_benchmark_makes_its_repository_and_reads_every_files_date(tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "bench" / "history.py"), "--files", "30", "--commits", "6",
                           "--runs", "1", "--folder", str(tmp_path / "bench")], env=dossier_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("30 files, 6 commits: 30 files dated; empty cache ")
