"""A git repository holding a dossier, driven as a curator drives it, and the JSON that `dossier diff`
reports about it (validated against docs/diff.schema.json)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import jsonschema

from support.dossiers import REPO, Run, write_files

DIFF_SCHEMA = json.loads((REPO / "docs" / "diff.schema.json").read_text(encoding="utf-8"))
COMMIT_DATE = "2026-01-02T03:04:05+00:00"
"""The date of every commit made here, so that commit ids are stable."""


class Repo:
    """A git repository holding a dossier, driven like a curator would."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=True)
        return done.stdout

    def write(self, files: dict[str, str | bytes | None]) -> None:
        write_files(self.root, files)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


def run_json(cli: Callable[..., Run], repo: Repo, *args: str) -> dict:
    """`dossier diff --format json ARGS` in the repository, its report checked against the schema."""
    run = cli("diff", "--format", "json", *args, cwd=repo.root)
    assert run.code in (0, 1), run.err
    data = json.loads(run.out)
    jsonschema.validate(data, DIFF_SCHEMA)
    return data


def record(data: dict, kind: str, record_id: str) -> dict:
    """The one change to the record `kind`/`record_id` in a JSON report."""
    found = [r for r in data["records"] if r["kind"] == kind and r["id"] == record_id]
    assert len(found) == 1, [(r["kind"], r["id"]) for r in data["records"]]
    return found[0]


def field(entry: dict, name: str) -> dict:
    """The change to field `name` in a record's change."""
    return next(change for change in entry["fields"] if change["field"] == name)
