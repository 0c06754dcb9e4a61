"""`dossier init`: a new dossier that checks and builds at once, its editor schemas mapped by folder,
the example workflows as shipped, and refusals that write nothing (docs/init.md)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import tomllib
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml
from support.dossiers import Run

from generator.init import SCHEMA_GLOBS, example_workflows

REPOSITORY = Path(__file__).resolve().parents[2]


def test_init_in_a_new_folder_checks_and_builds(cli: Callable[..., Run], tmp_path: Path) -> None:
    made = cli("init", "mydossier", cwd=tmp_path)
    assert made.code == 0, made.err
    assert "what next:" in made.out and "cd mydossier" in made.out and "dossier serve" in made.out
    folder = tmp_path / "mydossier"
    for name in ("people", "agencies", "figures", "sources", "claims", "captures"):
        assert (folder / "content" / name).is_dir()
    assert yaml.safe_load((folder / "config.yaml").read_text())["title"] == "Mydossier"
    assert "/.dossier-cache/" in (folder / ".gitignore").read_text()
    assert "/site/" in (folder / ".gitignore").read_text()
    assert cli("check", "--strict", cwd=folder).code == 0
    assert cli("build", cwd=folder).code == 0
    assert (folder / "site" / "index.html").is_file()
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".dossier-init")]


def test_config_lists_every_setting_with_its_default(cli: Callable[..., Run], tmp_path: Path) -> None:
    from generator.read.config import CONFIG_SCHEMA, DEFAULTS

    cli("init", "d", "--title", "Harbour Fund: the audit", cwd=tmp_path)
    text = (tmp_path / "d" / "config.yaml").read_text()
    settings = yaml.safe_load(text)
    assert settings["title"] == "Harbour Fund: the audit"
    assert {key: value for key, value in settings.items() if key != "title"} == {
        key: value for key, value in DEFAULTS.items() if value is not None}
    for key in CONFIG_SCHEMA:
        assert f"\n{key}: " in text or f"\n# {key}: " in text or text.startswith(f"{key}: "), key


def test_init_in_an_empty_git_repository(cli: Callable[..., Run], tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    made = cli("init", cwd=tmp_path / "repo")
    assert made.code == 0, made.err
    assert "cd " not in made.out
    assert (tmp_path / "repo" / ".git" / "HEAD").is_file()
    assert (tmp_path / "repo" / "config.yaml").is_file()


def test_init_refuses_a_folder_that_is_not_empty(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    refused = cli("init", "notes", cwd=tmp_path)
    assert refused.code == 2
    assert refused.err.count("\n") == 1 and "not empty" in refused.err and "empty folder" in refused.err
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["notes", "todo.txt"]


def test_init_refuses_a_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "config").write_text("x")
    refused = cli("init", "config", cwd=tmp_path)
    assert refused.code == 2 and "is a file" in refused.err
    assert [path.name for path in tmp_path.iterdir()] == ["config"]


def test_init_leaves_nothing_when_a_move_fails(cli: Callable[..., Run], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Into an empty git repository the staged files are moved one by one: a failure on the third
    puts the first two back, and the staging folder is removed."""
    (tmp_path / "d" / ".git").mkdir(parents=True)
    real_rename, moves = os.rename, []

    def rename(source: Path, target: Path) -> None:
        moves.append(target)
        if len(moves) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    failed = cli("init", "d", cwd=tmp_path)
    assert failed.code == 2 and failed.err.count("\n") == 1 and "No space left on device" in failed.err
    assert [path.name for path in (tmp_path / "d").iterdir()] == [".git"]
    assert [path.name for path in tmp_path.iterdir()] == ["d"]


def test_vscode_settings_map_each_schema_to_its_folder(cli: Callable[..., Run], tmp_path: Path) -> None:
    cli("init", "d", cwd=tmp_path)
    folder = tmp_path / "d"
    mapping = json.loads((folder / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    written = sorted(path.name for path in (folder / "schemas").glob("*.schema.json"))
    assert sorted(Path(schema).name for schema in mapping) == written == sorted(SCHEMA_GLOBS)
    for schema, globs in mapping.items():
        assert (folder / schema).is_file()
        assert json.loads((folder / schema).read_text())
        assert globs == SCHEMA_GLOBS[Path(schema).name]
    for kind, folder_name in (("person", "people"), ("agency", "agencies"), ("figure", "figures"),
                              ("claims", "claims")):
        assert any(fnmatch(f"content/{folder_name}/x.yaml", glob) for glob in mapping[f"./schemas/{kind}.schema.json"])
    assert mapping["./schemas/config.schema.json"] == ["config.yaml"]
    assert "content/sources/*.md" in mapping["./schemas/source.schema.json"]


def test_workflows_are_the_examples_byte_for_byte(cli: Callable[..., Run], tmp_path: Path) -> None:
    cli("init", "d", cwd=tmp_path)
    examples = sorted((REPOSITORY / "examples" / "github").glob("*.yml"))
    assert examples and example_workflows().resolve() == (REPOSITORY / "examples" / "github").resolve()
    written = tmp_path / "d" / ".github" / "workflows"
    assert sorted(path.name for path in written.iterdir()) == [path.name for path in examples]
    for example in examples:
        assert (written / example.name).read_bytes() == example.read_bytes()


def test_citation_cff_carries_the_title(cli: Callable[..., Run], tmp_path: Path) -> None:
    cli("init", "d", "--title", "Harbour Fund", cwd=tmp_path)
    citation = yaml.safe_load((tmp_path / "d" / "CITATION.cff").read_text())
    assert citation == {"cff-version": "1.2.0", "message": "If you use this dossier, please cite it as below.",
                        "type": "dataset", "title": "Harbour Fund"}


def test_init_then_new_records_then_check(cli: Callable[..., Run], tmp_path: Path) -> None:
    cli("init", "d", cwd=tmp_path)
    folder = tmp_path / "d"
    (folder / "content" / "sources" / "herald-2021.txt").write_text(
        "---\ntitle: Fund audit\npublisher: The Herald\ndate: 2021-03-05\nkind: news\n---\n"
        "The Harbour Fund lost about 2 million euros in 2020, the auditor said.\n")
    assert cli("new", "person", "Ana Lind", cwd=folder).code == 0
    assert cli("new", "claim", "--source", "herald-2021", "--by", "ana-lind", cwd=folder).code == 0
    person = (folder / "content" / "people" / "ana-lind.yaml").read_text()
    assert person.startswith("# yaml-language-server: $schema=../../schemas/person.schema.json\n")
    claims = folder / "content" / "claims" / "herald-2021.yaml"
    claims.write_text(claims.read_text().replace("the exact words of the source", "the auditor said"))
    checked = cli("check", cwd=folder)
    assert checked.code == 0, checked.err
    assert "0 errors" in checked.err


def test_workflows_ship_as_package_data() -> None:
    """An installed dossier finds them in generator/examples/ (core/builtin's PACKAGE), so the wheel
    must carry examples/github/*.yml there."""
    setuptools = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "generator.examples" in setuptools["packages"]
    assert setuptools["package-dir"]["generator.examples"] == "examples/github"
    assert setuptools["package-data"]["generator.examples"] == ["*.yml"]
