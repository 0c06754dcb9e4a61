"""A load told which files changed (read/load.py `load_content` with `changed`, as the preview's
watcher tells it): the files read again, new files of a record folder read and files gone left out
without walking the folder, and the outcome the same as a load that walks it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.read import load
from generator.read.load import Content, load_content

FILES = {
    "people/ana.yaml": "name: Ana Lind\n",
    "people/bo.yaml": "name: Bo Berg\n",
    "sources/memo.txt": "---\ntitle: Memo\npublisher: The Gazette\ndate: 2021-03-04\n---\nThe fund paid.\n",
    "claims/one.yaml": "- id: a\n  statement: The fund paid.\n",
}


def written(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    for relative, text in files.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, encoding="utf-8")
    return content


def summary(loaded: Content) -> tuple:
    """What a load gives the next stages: files in order, parsed files, unreadable stems, problems."""
    return (list(loaded.files), sorted(loaded.parsed), loaded.unreadable,
            sorted(problem.format() for problem in loaded.diagnostics))


def walked(root: Path) -> Content:
    return load_content(root, root / "content")


@pytest.fixture
def dossier(tmp_path: Path) -> tuple[Path, Content]:
    written(tmp_path, FILES)
    return tmp_path, walked(tmp_path)


def told(root: Path, previous: Content, changed: set[Path], monkeypatch: pytest.MonkeyPatch, walks: bool) -> Content:
    """The told load, which must (not) walk the folder as `walks` says."""
    calls: list[Path] = []
    original = load._entries
    monkeypatch.setattr(load, "_entries", lambda folder: calls.append(folder) or original(folder))
    loaded = load_content(root, root / "content", previous, changed)
    assert bool(calls) == walks
    return loaded


EDITS = {
    "a file changed": ({"people/ana.yaml": "name: Ana Lindqvist\n"}, ()),
    "a file added": ({"people/cy.yaml": "name: Cy Dahl\n"}, ()),
    "a file added before the others": ({"people/aa.yaml": "name: Aa Berg\n"}, ()),
    "a source added": ({"sources/audit.md": "---\ntitle: Audit\npublisher: X\ndate: 2021\n---\nText.\n"}, ()),
    "an unreadable file added": ({"people/zed.yaml": "name: [unclosed\n"}, ()),
    "a file deleted": ({}, ("people/bo.yaml",)),
    "a file renamed": ({"people/bob.yaml": "name: Bo Berg\n"}, ("people/bo.yaml",)),
    "a claims file deleted and a source added": (
        {"sources/new.txt": "---\ntitle: New\npublisher: X\ndate: 2021\n---\nNew.\n"}, ("claims/one.yaml",)),
}


@pytest.mark.parametrize("edit", EDITS)
def test_a_told_load_of_files_changed_added_or_gone_equals_a_walk_and_does_not_walk(dossier, monkeypatch, edit):
    root, previous = dossier
    added, gone = EDITS[edit]
    written(root, added)
    for relative in gone:
        os.unlink(root / "content" / relative)
    changed = {root / "content" / relative for relative in [*added, *gone]}
    loaded = told(root, previous, changed, monkeypatch, walks=False)
    assert summary(loaded) == summary(walked(root))


WALKING = {
    "a file with another extension": "people/cy.yml",
    "a file in a folder of its own": "people/more/cy.yaml",
    "a file outside the record folders": "notes.yaml",
    "a capture": "captures/memo.html",
}


@pytest.mark.parametrize("edit", WALKING)
def test_a_new_file_the_walk_would_report_is_walked_for(dossier, monkeypatch, edit):
    root, previous = dossier
    written(root, {WALKING[edit]: "name: Cy Dahl\n"})
    loaded = told(root, previous, {root / "content" / WALKING[edit]}, monkeypatch, walks=True)
    assert summary(loaded) == summary(walked(root))


def test_a_path_gone_that_was_never_read_is_walked_for(dossier, monkeypatch):
    root, previous = dossier
    told(root, previous, {root / "content" / "people" / "never.yaml"}, monkeypatch, walks=True)
