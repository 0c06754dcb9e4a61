"""`python -m generator` as a user runs it: real processes, exit codes, and what they print."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.processes import dossier_env

DIAGNOSTIC = re.compile(r"(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)")


class Process:
    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = done.returncode, done.stdout, done.stderr

    @property
    def diagnostics(self) -> list[re.Match[str]]:
        """Each diagnostic line of stderr, parsed; every line but the closing summary must be one."""
        lines = [line for line in self.err.splitlines() if not line.startswith("checked ")]
        matches = [DIAGNOSTIC.fullmatch(line) for line in lines]
        assert all(matches), lines
        return matches


def dossier_cmd(*args: str, cwd: Path) -> Process:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=dossier_env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    process = Process(done)
    assert "Traceback" not in process.err
    assert "internal error" not in process.err
    return process


# check -----------------------------------------------------------------------------------------------


def test_check_of_the_complete_fixture_succeeds(dossier):
    run = dossier_cmd("check", cwd=dossier())
    assert run.code == 0
    assert run.diagnostics == []
    assert "0 errors, 0 warnings" in run.err


UNUSED_FIGURE = {"content/figures/unused.yaml": "name: Unused\nunit: things\n"}


def test_a_warning_fails_only_under_strict(dossier):
    root = dossier(UNUSED_FIGURE)
    plain = dossier_cmd("check", cwd=root)
    assert plain.code == 0
    assert [(m["path"], m["severity"]) for m in plain.diagnostics] == [("content/figures/unused.yaml", "warning")]
    strict = dossier_cmd("check", "--strict", cwd=root)
    assert strict.code == 1
    assert [(m["path"], m["severity"]) for m in strict.diagnostics] == [("content/figures/unused.yaml", "error")]


def test_errors_are_compiler_style_and_sorted_by_file_then_line(dossier):
    claims = "".join(f"- id: c{n}\n  statement: x\n  citations:\n    - source: nowhere-{n}\n      quote: q\n"
                     for n in range(4))
    root = dossier({
        "content/people/ana-lind.yaml": "name: Ana Lind\naliases: [Lind]\nroles: []\nalias: x\n",
        "content/claims/zz-extra.yaml": claims,
        "content/agencies/harbour-fund.yaml": "name: Harbour Fund\nkind: goverment\n",
        **UNUSED_FIGURE,
    })
    run = dossier_cmd("check", cwd=root)
    assert run.code == 1
    found = [(m["path"], int(m["line"]), int(m["col"])) for m in run.diagnostics]
    assert found == sorted(found)
    assert [line for path, line, _ in found if path == "content/claims/zz-extra.yaml"] == [4, 9, 14, 19]
    assert {path for path, _, _ in found} == {"content/agencies/harbour-fund.yaml", "content/claims/zz-extra.yaml",
                                              "content/figures/unused.yaml", "content/people/ana-lind.yaml"}
    assert "error: claim 'c0' cites unknown source 'nowhere-0'" in run.err
    assert run.err.splitlines()[-1].startswith("checked ")


def test_check_outside_a_dossier_is_a_usage_error(tmp_path):
    run = dossier_cmd("check", cwd=tmp_path)
    assert run.code == 2
    assert "config.yaml" in run.err


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["check", "--nope"], ["new", "planet", "Mars"]])
def test_bad_usage_exits_2(tmp_path, args):
    assert dossier_cmd(*args, cwd=tmp_path).code == 2


# new -------------------------------------------------------------------------------------------------


def test_new_person_writes_a_record_with_the_name(dossier):
    root = dossier()
    run = dossier_cmd("new", "person", "Nurtai Abykayev", cwd=root)
    assert run.code == 0, run.err
    path = root / "content/people/nurtai-abykayev.yaml"
    assert path.is_file()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["name"] == "Nurtai Abykayev"
    assert "nurtai-abykayev.yaml" in run.out
    # The skeleton is a valid record: the new person is only unreferenced so far.
    check = dossier_cmd("check", cwd=root)
    assert check.code == 0
    assert [m["path"] for m in check.diagnostics] == ["content/people/nurtai-abykayev.yaml"]


def test_new_refuses_to_overwrite(dossier):
    root = dossier()
    path = root / "content/people/ana-lind.yaml"
    before = path.read_bytes()
    run = dossier_cmd("new", "person", "Ana Lind", cwd=root)
    assert run.code == 2
    assert "ana-lind" in run.err and "exists" in run.err
    assert path.read_bytes() == before


def test_new_refuses_an_id_taken_by_another_format(dossier):
    root = dossier()
    run = dossier_cmd("new", "source", "Fund statement 2021 03", cwd=root)
    assert run.code == 2
    assert not (root / "content/sources/fund-statement-2021-03.txt").exists()


@pytest.mark.parametrize(("kind", "name", "taken_id"), [("agency", "Ana Lind", "ana-lind"),
                                                        ("figure", "Ana Lind", "ana-lind"),
                                                        ("person", "Harbour Fund", "harbour-fund")])
def test_new_refuses_an_id_another_kind_already_has(dossier, kind, name, taken_id):
    """People, agencies and figures share one id space: a skeleton must not make the dossier fail."""
    root = dossier()
    run = dossier_cmd("new", kind, name, cwd=root)
    assert run.code == 2
    assert taken_id in run.err
    assert dossier_cmd("check", cwd=root).code == 0


def test_new_source_writes_text_with_front_matter(dossier):
    root = dossier()
    run = dossier_cmd("new", "source", "Some Title", cwd=root)
    assert run.code == 0, run.err
    text = (root / "content/sources/some-title.txt").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = text.split("---\n")[1]
    assert yaml.safe_load(front)["title"] == "Some Title"


@pytest.mark.parametrize(("kind", "folder"), [("agency", "agencies"), ("figure", "figures")])
def test_new_agency_and_figure(dossier, kind, folder):
    root = dossier()
    assert dossier_cmd("new", kind, "Border Service 2", cwd=root).code == 0
    assert yaml.safe_load((root / f"content/{folder}/border-service-2.yaml").read_text())["name"] == "Border Service 2"


def test_new_person_with_a_cyrillic_name_gets_a_transliterated_id(dossier):
    root = dossier()
    before = {path.name for path in (root / "content/people").iterdir()}
    run = dossier_cmd("new", "person", "Ерлан Қарин", cwd=root)
    assert run.code == 0, run.err
    [created] = {path.name for path in (root / "content/people").iterdir()} - before
    assert re.fullmatch(r"erlan-[kq]arin\.yaml", created)
    record = yaml.safe_load((root / "content/people" / created).read_text(encoding="utf-8"))
    assert record["name"] == "Ерлан Қарин"


@pytest.mark.parametrize("name", ["李小龍", "!!!", "   "])
def test_name_without_an_id_needs_the_id_option(dossier, name):
    root = dossier()
    before = sorted((root / "content").rglob("*"))
    run = dossier_cmd("new", "person", name, cwd=root)
    assert run.code == 2
    assert "--id" in run.err
    assert sorted((root / "content").rglob("*")) == before


def test_id_option_gives_the_id(dossier):
    root = dossier()
    run = dossier_cmd("new", "person", "李小龍", "--id", "bruce-lee", cwd=root)
    assert run.code == 0, run.err
    assert yaml.safe_load((root / "content/people/bruce-lee.yaml").read_text(encoding="utf-8"))["name"] == "李小龍"


@pytest.mark.parametrize("bad_id", ["Bruce Lee", "../escape", "a" * 81, "bruce--lee"])
def test_invalid_id_option_is_refused(dossier, bad_id):
    root = dossier()
    run = dossier_cmd("new", "person", "Bruce Lee", "--id", bad_id, cwd=root)
    assert run.code == 2
    assert not (root / "content/escape.yaml").exists()
    assert not (root / "content/people/bruce-lee.yaml").exists()


@pytest.mark.parametrize("name", ['Say "Hi": a # b', "Back\\slash: \u00e9 \U0001f600", "- [x] {y}: &z *w !t"])
def test_names_with_yaml_syntax_are_written_safely(dossier, name):
    root = dossier()
    assert dossier_cmd("new", "figure", name, "--id", "odd", cwd=root).code == 0
    assert yaml.safe_load((root / "content/figures/odd.yaml").read_text(encoding="utf-8"))["name"] == name
