"""The CI recipes in examples/github/ are valid workflows and pass zizmor's security audit.

They cannot run here (no GitHub); these checks are what can be checked offline: the workflow
schema, zizmor's audits, every action pinned to a full commit id, and the split between the
read-only pull-request run and the run that may write a comment.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "github"
WORKFLOWS = sorted(EXAMPLES.glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
UNSAFE = """name: unsafe
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[test]'"
    return str(found)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def test_there_are_the_three_recipes():
    assert [path.name for path in WORKFLOWS] == ["dossier-pages.yml", "dossier-pull-request-comment.yml",
                                                 "dossier-pull-request.yml"]


def test_workflows_match_githubs_schema():
    done = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_even_when_pedantic():
    done = run(tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", "--format", "plain",
               *map(str, WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_the_checkers_do_reject_a_bad_workflow(tmp_path):
    bad = tmp_path / "unsafe.yml"
    bad.write_text(UNSAFE, encoding="utf-8")
    zizmor = run(tool("zizmor"), "--offline", "--no-progress", str(bad))
    assert zizmor.returncode != 0 and "dangerous-triggers" in zizmor.stdout and "template-injection" in zizmor.stdout
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps: []\n", encoding="utf-8")
    schema = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(broken))
    assert schema.returncode != 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses
    assert [line for line in uses if not PINNED.match(line)] == []


def test_only_the_comment_workflow_may_write_and_it_runs_no_pull_request_code():
    pull_request, comment = (yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
                             for name in ("dossier-pull-request.yml", "dossier-pull-request-comment.yml"))
    assert pull_request[True] == {"pull_request": {"branches": ["main"]}}  # PyYAML reads `on` as True
    assert pull_request["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pull_request["jobs"].values())
    assert set(comment[True]) == {"workflow_run"} and comment["permissions"] == {}
    [job] = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert not any("checkout" in step.get("uses", "") for step in job["steps"])
    for name in ("dossier-pull-request.yml", "dossier-pull-request-comment.yml", "dossier-pages.yml"):
        assert "pull_request_target" not in (EXAMPLES / name).read_text(encoding="utf-8")
