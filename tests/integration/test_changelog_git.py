"""Each record's changes read from real git repositories (generator/history/records.py): five commits
of a curator's edits, renames, first-parent merges, the cache, a dossier in a folder of its
repository, shallow clones, uncommitted edits, and repositories that try to break the reading."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support.git import Repo
from support.records import CONFIG

from generator.core.layout import CACHE_FOLDER
from generator.core.model import PartialDate
from generator.history import walk
from generator.history.cache import FORMAT, HEAD_FILE, cache_folder, code_version
from generator.history.changelog import NO_CHANGELOG, Changelog, changelog
from generator.history.records import read_changelog, uncommitted

ANA = "content/people/ana-lind.yaml"
BERG = "content/people/jonas-berg.yaml"
AUDIT = "content/claims/audit.yaml"
FUND = "content/claims/fund.yaml"
NEW_SOURCE = "content/sources/radio-2021-04.txt"
FIRST = PartialDate(2026, 1, 2)
"""The date of the `repo` fixture's first commit (support.git.COMMIT_DATE)."""


def commit_on(repo: Repo, monkeypatch: pytest.MonkeyPatch, day: str, message: str) -> None:
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{day}T12:00:00+00:00")
    repo.commit(message)


def history(log: Changelog, kind: str, record_id: str) -> list[tuple[PartialDate | None, str, str, tuple[str, ...]]]:
    """A record's changes, newest first: (day, subject, status, lines)."""
    return [(change.commit.day, change.commit.subject, change.status, change.lines)
            for change in log.of(kind, record_id)]


def five_commits(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's five commits: a value changed, a quote corrected, a claim retracted, a person
    renamed (a new name; then a new id, the same content), a source added."""
    repo.edit(AUDIT, "value: 2000000", "value: 2100000")
    commit_on(repo, monkeypatch, "2026-02-01", "Berg's estimate is 2.1 million")
    repo.edit(AUDIT, "quote: The Harbour Fund lost about 2 million euros in 2020",
              "quote: The Harbour Fund lost about 2 million euros")
    commit_on(repo, monkeypatch, "2026-02-02", "Quote corrected")
    repo.edit(AUDIT, "  status: disputed\n", "  status: retracted\n")
    commit_on(repo, monkeypatch, "2026-02-03", "Berg retracted his estimate")
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    commit_on(repo, monkeypatch, "2026-02-04", "Ana's married name")
    repo.git("mv", ANA, "content/people/ana-lind-berg.yaml")
    commit_on(repo, monkeypatch, "2026-02-05", "Ana's id follows her name")
    repo.write({NEW_SOURCE: "---\ntitle: Radio interview\npublisher: Coast Radio\ndate: 2021-04-01\n---\n"
                            "The fund's director spoke on the radio.\n"})
    commit_on(repo, monkeypatch, "2026-02-06", "A radio interview")


def test_five_commits_give_each_record_its_changes_newest_first(repo, monkeypatch):
    five_commits(repo, monkeypatch)
    log = read_changelog(repo.root, CONFIG)
    assert log.head == repo.git("rev-parse", "HEAD").strip()
    assert history(log, "claim", "berg-fund-lost-2-million") == [
        (PartialDate(2026, 2, 3), "Berg retracted his estimate", "changed", ("status: disputed → retracted",)),
        (PartialDate(2026, 2, 2), "Quote corrected", "changed", ("quote changed",)),
        (PartialDate(2026, 2, 1), "Berg's estimate is 2.1 million", "changed",
         ("value: about 2 million euros → about 2.1 million euros",)),
        (FIRST, "The harbour fund dossier", "added", ("added",))]
    assert history(log, "person", "ana-lind-berg") == [
        (PartialDate(2026, 2, 5), "Ana's id follows her name", "renamed", ("renamed from ana-lind",)),
        (PartialDate(2026, 2, 4), "Ana's married name", "changed", ("name: Ana Lind → Ana Lind-Berg",)),
        (FIRST, "The harbour fund dossier", "added", ("added",))]
    assert log.of("person", "ana-lind") == ()
    assert history(log, "source", "radio-2021-04") == [
        (PartialDate(2026, 2, 6), "A radio interview", "added", ("added",))]
    assert [change.commit.day for change in log.changes] == sorted((c.commit.day for c in log.changes), reverse=True)
    assert log.changes[0].title == "Radio interview"


def test_a_file_renamed_with_its_record_changed_is_one_record_renamed_and_changed(repo, monkeypatch):
    """The usual rename: a new file name (so a new id) and a new name in one commit. The record's
    earlier changes stay with it, and the same commit's other changes are listed after the rename."""
    repo.edit(ANA, "name: Ana Lind", "name: Ana Lind-Berg")
    repo.git("mv", ANA, "content/people/ana-lind-berg.yaml")
    commit_on(repo, monkeypatch, "2026-02-04", "Ana's married name")
    log = read_changelog(repo.root, CONFIG)
    assert history(log, "person", "ana-lind-berg") == [
        (PartialDate(2026, 2, 4), "Ana's married name", "renamed",
         ("renamed from ana-lind", "name: Ana Lind → Ana Lind-Berg")),
        (FIRST, "The harbour fund dossier", "added", ("added",))]
    assert log.of("person", "ana-lind") == ()


def test_a_renamed_claims_file_is_no_change_and_the_same_head_is_not_read_again(repo, monkeypatch):
    repo.git("mv", FUND, "content/claims/harbour-fund.yaml")
    commit_on(repo, monkeypatch, "2026-03-01", "One file for the fund's claims")
    log = read_changelog(repo.root, CONFIG)
    assert {change.commit.subject for change in log.changes} == {"The harbour fund dossier"}
    assert read_changelog(repo.root, CONFIG, log) is log


def test_a_merged_branch_is_one_change_at_its_merge(repo, monkeypatch):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(AUDIT, "value: 2000000", "value: 1900000")
    commit_on(repo, monkeypatch, "2026-04-01", "On the branch: 1.9 million")
    repo.edit(AUDIT, "value: 1900000", "value: 2200000")
    commit_on(repo, monkeypatch, "2026-04-02", "On the branch: 2.2 million")
    repo.git("checkout", "-q", "main")
    repo.edit(BERG, "description: State auditor.", "description: The state auditor.")
    commit_on(repo, monkeypatch, "2026-04-03", "On main meanwhile")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-04-05T12:00:00+00:00")
    repo.git("merge", "-q", "--no-ff", "review", "-m", "Merge the review")
    log = read_changelog(repo.root, CONFIG)
    assert history(log, "claim", "berg-fund-lost-2-million")[0] == (
        PartialDate(2026, 4, 5), "Merge the review", "changed",
        ("value: about 2 million euros → about 2.2 million euros",))
    assert len(log.of("claim", "berg-fund-lost-2-million")) == 2
    assert history(log, "person", "jonas-berg")[0][1] == "On main meanwhile"


def test_the_cache_spares_compared_commits_and_a_tampered_one_is_read_again(repo, monkeypatch):
    repo.write({".gitignore": f"{CACHE_FOLDER}/\n"})
    five_commits(repo, monkeypatch)
    compared = count_comparisons(monkeypatch)
    first = read_changelog(repo.root, CONFIG)
    assert len(compared) == 7
    folder = cache_folder(repo.root)
    assert (folder / HEAD_FILE).is_file() and len(list(folder.iterdir())) == 8
    assert read_changelog(repo.root, CONFIG) == first and len(compared) == 7
    repo.edit(BERG, "description: State auditor.", "description: The state auditor.")
    commit_on(repo, monkeypatch, "2026-03-01", "Berg's description")
    newer = read_changelog(repo.root, CONFIG)
    assert len(compared) == 8 and newer.changes[1:] == first.changes
    quote = folder / f"{newer.of('claim', 'berg-fund-lost-2-million')[1].commit.id}.json"
    root = folder / f"{newer.changes[-1].commit.id}.json"
    for path, tampered, again in ((quote, quote.read_bytes().replace(b"quote changed", b"quote chang3d"), 1),
                                  (folder / HEAD_FILE, b"{", 8), (root, b"", 1)):
        path.write_bytes(tampered)
        before = len(compared)
        assert read_changelog(repo.root, CONFIG) == newer and len(compared) == before + again
    assert read_changelog(repo.root, CONFIG) == newer and len(compared) == 18
    assert uncommitted(repo.root, CONFIG, newer) is newer


def count_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commits compared from now on (not taken from the cache)."""
    compared: list[str] = []
    real = walk.compare_commit

    def counting(*args, **kwargs):
        compared.append("x")
        return real(*args, **kwargs)

    monkeypatch.setattr(walk, "compare_commit", counting)
    return compared


def test_a_cache_tracked_by_git_is_neither_written_nor_read(repo, monkeypatch):
    repo.write({f"{CACHE_FOLDER}/keep.txt": "kept on purpose"})
    repo.commit("The cache folder is tracked")
    truth = read_changelog(repo.root, CONFIG)
    assert truth.changes and not cache_folder(repo.root).exists()
    shutil.copytree(_cache_of(repo, monkeypatch), cache_folder(repo.root))
    forged = cache_folder(repo.root) / f"{truth.changes[0].commit.id}.json"
    payload = forged.read_bytes().split(b"\n", 1)[1].replace(b"Ana Lind", b"Forged Name")
    header = {"format": FORMAT, "settings": ["content", "en", code_version()],
              "sha256": hashlib.sha256(payload).hexdigest()}
    forged.write_bytes(json.dumps(header).encode() + b"\n" + payload)  # what a commit could hold
    repo.commit("A cache committed")
    assert read_changelog(repo.root, CONFIG).changes == truth.changes


def _cache_of(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache written for the repository's HEAD in a copy that does not track it."""
    copy = repo.root.parent / "untracked-copy"
    shutil.copytree(repo.root, copy)
    (copy / ".gitignore").write_text(f"{CACHE_FOLDER}/\n", encoding="utf-8")
    Repo(copy).git("rm", "-rq", "--cached", CACHE_FOLDER)
    read_changelog(copy, CONFIG)
    return cache_folder(copy)


def test_an_unreadable_version_is_skipped_and_its_fix_compared_with_the_last_readable(repo, monkeypatch):
    repo.write({".gitignore": f"{CACHE_FOLDER}/\n"})
    repo.edit(AUDIT, "  status: disputed\n", "  status: [disputed\n")
    commit_on(repo, monkeypatch, "2026-03-01", "A typo")
    assert [change.commit.subject for change in read_changelog(repo.root, CONFIG).changes][:1] == [
        "The harbour fund dossier"]
    repo.edit(AUDIT, "  status: [disputed\n", "  status: refuted\n")
    commit_on(repo, monkeypatch, "2026-03-02", "Typo fixed, and refuted")
    cached = read_changelog(repo.root, CONFIG)
    assert history(cached, "claim", "berg-fund-lost-2-million")[0] == (
        PartialDate(2026, 3, 2), "Typo fixed, and refuted", "changed", ("status: disputed → refuted",))
    shutil.rmtree(cache_folder(repo.root))
    assert read_changelog(repo.root, CONFIG) == cached


def test_a_dossier_in_a_folder_of_its_repository(dossier, git_env, tmp_path, monkeypatch):
    root = dossier()
    outer = Repo(tmp_path)
    outer.git("init", "-q", "-b", "main")
    outer.commit("A dossier in a folder")
    (root / "content" / "people" / "ana-lind.yaml").write_text("name: Ana Lind-Berg\n", encoding="utf-8")
    commit_on(outer, monkeypatch, "2026-05-01", "Ana, shorter")
    log = read_changelog(root, CONFIG)
    assert history(log, "person", "ana-lind")[0] == (
        PartialDate(2026, 5, 1), "Ana, shorter", "changed",
        ("name: Ana Lind → Ana Lind-Berg", "aliases removed: Lind", "role removed: Director, harbour-fund"))


def test_outside_git_or_before_the_first_commit_there_is_no_changelog(dossier, git_env):
    root = dossier()
    assert read_changelog(root, CONFIG) is NO_CHANGELOG
    Repo(root).git("init", "-q", "-b", "main")
    assert read_changelog(root, CONFIG) is NO_CHANGELOG
    assert uncommitted(root, CONFIG, NO_CHANGELOG) == NO_CHANGELOG


def test_a_shallow_clone_starts_its_history_after_its_oldest_commit(repo, monkeypatch, tmp_path):
    five_commits(repo, monkeypatch)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True)
    log = read_changelog(clone, CONFIG)
    assert [(change.kind, change.record_id, change.status) for change in log.changes] == [
        ("source", "radio-2021-04", "added")]
    assert log.of("claim", "berg-fund-lost-2-million") == ()
    assert read_changelog(clone, CONFIG) == log
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=clone, check=True)
    deepened = read_changelog(clone, CONFIG)
    shutil.rmtree(cache_folder(clone))
    assert deepened == read_changelog(clone, CONFIG) and len(deepened.of("claim", "berg-fund-lost-2-million")) == 4


def test_uncommitted_edits_come_first_and_a_clean_tree_is_the_same_changelog(repo, monkeypatch):
    log = read_changelog(repo.root, CONFIG)
    assert uncommitted(repo.root, CONFIG, log) is log
    repo.edit(AUDIT, "  status: disputed\n", "  status: refuted\n")
    repo.edit(AUDIT, "value: 2000000", "value: 2500000")
    (repo.root / "content" / "people" / "mira-holt.yaml").unlink()
    repo.write({"content/people/new-person.yaml": "name: New Person\n", "notes.txt": "not content"})
    repo.git("mv", ANA, "content/people/ana-l.yaml")
    shown = uncommitted(repo.root, CONFIG, log)
    ahead = [(change.kind, change.record_id, change.lines) for change in shown.changes if not change.commit.committed]
    assert ahead == [("claim", "berg-fund-lost-2-million", (
        "value: about 2 million euros → about 2.5 million euros", "status: disputed → refuted")),
                     ("person", "ana-l", ("renamed from ana-lind",)), ("person", "mira-holt", ("removed",)),
                     ("person", "new-person", ("added",))]
    assert [change.status for change in shown.of("person", "ana-l")] == ["renamed", "added"]
    assert shown == changelog(log.head, shown.changes, log.settings)
    assert shown.changes[0].commit.day is None and shown.head == log.head


def test_hostile_commits_never_break_the_reading(repo, monkeypatch):
    """Binary, huge and control-character files, a link and a submodule in the content folder, and a
    subject with control characters: those files are skipped, the subject cleaned and cut."""
    repo.write({"content/people/binary.yaml": b"\x00\xff\xfe" * 100,
                "content/people/huge.yaml": "name: Huge\n" + "# padding\n" * 500_000,
                "content/sources/ctrl.txt": "---\ntitle: T\npublisher: P\ndate: 2021-01-01\n---\nA\x07text.\n",
                "outside/people/x.yaml": "name: Outside\n"})
    os.symlink("/etc/passwd", repo.root / "content" / "people" / "link.yaml")
    head = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{head},content/sources/sub.txt")
    repo.edit(BERG, "description: State auditor.", "description: The state auditor.")
    commit_on(repo, monkeypatch, "2026-06-01", "\x1b[31mRed\x07 " + "very long subject " * 40)
    log = read_changelog(repo.root, CONFIG)
    newest = [change for change in log.changes if change.commit.day == PartialDate(2026, 6, 1)]
    assert [(change.kind, change.record_id) for change in newest] == [("person", "jonas-berg")]
    subject = newest[0].commit.subject
    assert subject.startswith("[31mRed very long subject") and len(subject) == 200 and subject.endswith("…")


def test_an_unusual_content_folder_name(dossier, git_env):
    root = dossier()
    (root / "content").rename(root / "my content*[ü]")
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.commit("First")
    log = read_changelog(root, dataclasses.replace(CONFIG, content_dir="my content*[ü]"))
    assert history(log, "person", "ana-lind") == [(FIRST, "First", "added", ("added",))]


def test_a_git_failure_gives_no_changelog_and_writes_nothing(repo, monkeypatch):
    repo.edit(BERG, "description: State auditor.", "description: The state auditor.")
    commit_on(repo, monkeypatch, "2026-03-01", "Berg's description")
    blob = repo.git("rev-parse", f"HEAD:{BERG}").strip()
    objects = repo.root / ".git" / "objects"
    (objects / blob[:2] / blob[2:]).unlink()
    assert read_changelog(repo.root, CONFIG) is NO_CHANGELOG
    assert not cache_folder(repo.root).exists()
    shutil.rmtree(repo.root / ".git")
    assert read_changelog(repo.root, CONFIG) is NO_CHANGELOG


def test_another_branch_reuses_the_commits_it_shares(repo, monkeypatch):
    repo.write({".gitignore": f"{CACHE_FOLDER}/\n"})
    five_commits(repo, monkeypatch)
    read_changelog(repo.root, CONFIG)
    repo.git("checkout", "-q", "-b", "other", "HEAD~2")
    repo.edit(BERG, "description: State auditor.", "description: The state auditor.")
    commit_on(repo, monkeypatch, "2026-03-01", "On another branch")
    compared = count_comparisons(monkeypatch)
    log = read_changelog(repo.root, CONFIG)
    assert len(compared) == 1 and [change.commit.subject for change in log.changes][:2] == [
        "On another branch", "Ana's married name"]
    shutil.rmtree(cache_folder(repo.root))
    assert read_changelog(repo.root, CONFIG) == log
