"""`dossier new claim`: a commented skeleton claim with a free id, appended to a claims file that is
created with its folder when needed (docs/init.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from support.dossiers import Run

from generator.scaffold import free_claim_id


def _start(tmp_path: Path) -> Path:
    (tmp_path / "config.yaml").write_text("title: T\n")
    return tmp_path


def test_first_claim_creates_folder_and_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = _start(tmp_path)
    made = cli("new", "claim", cwd=folder)
    assert made.code == 0, made.err
    path = folder / "content" / "claims" / "claims.yaml"
    assert "claim-1" in made.out and str(Path("content/claims/claims.yaml")) in made.out
    claims = yaml.safe_load(path.read_text())
    assert [claim["id"] for claim in claims] == ["claim-1"]
    assert set(claims[0]) == {"id", "statement", "citations"}
    assert not path.read_text().startswith("# yaml-language-server")  # no schemas/ in this dossier


def test_claims_are_appended_with_free_ids(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = _start(tmp_path)
    (folder / "content" / "claims").mkdir(parents=True)
    (folder / "content" / "claims" / "old.yaml").write_text("- id: claim-1\n  statement: x")
    cli("new", "claim", "--file", "old", "--by", "ana-lind", cwd=folder)
    cli("new", "claim", "--file", "old.yaml", cwd=folder)
    claims = yaml.safe_load((folder / "content" / "claims" / "old.yaml").read_text())
    assert [claim["id"] for claim in claims] == ["claim-1", "claim-2", "claim-3"]
    assert claims[1]["by"] == "ana-lind" and "by" not in claims[2]


def test_source_names_the_file_the_id_and_the_citation(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = _start(tmp_path)
    cli("new", "claim", "--source", "herald-2021", cwd=folder)
    cli("new", "claim", "--source", "herald-2021", cwd=folder)
    claims = yaml.safe_load((folder / "content" / "claims" / "herald-2021.yaml").read_text())
    assert [claim["id"] for claim in claims] == ["herald-2021-1", "herald-2021-2"]
    assert claims[0]["citations"] == [{"source": "herald-2021", "quote": "the exact words of the source"}]


def test_schema_line_when_the_dossier_has_schemas(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = _start(tmp_path)
    (folder / "schemas").mkdir()
    (folder / "schemas" / "claims.schema.json").write_text("{}")
    cli("new", "claim", cwd=folder)
    cli("new", "claim", cwd=folder)
    text = (folder / "content" / "claims" / "claims.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/claims.schema.json\n- id: claim-1\n")
    assert text.count("yaml-language-server") == 1


def test_bad_options_are_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = _start(tmp_path)
    for options in (["--source", "Herald 2021"], ["--by", "Ana"], ["--file", "../x"]):
        refused = cli("new", "claim", *options, cwd=folder)
        assert refused.code == 2 and refused.err.startswith("dossier new: error: "), options
    assert not (folder / "content").exists()


def test_other_kinds_still_need_a_name(cli: Callable[..., Run], tmp_path: Path) -> None:
    refused = cli("new", "person", cwd=_start(tmp_path))
    assert refused.code == 2 and "dossier new person NAME" in refused.err


def test_free_claim_id() -> None:
    assert free_claim_id(set(), None) == "claim-1"
    assert free_claim_id({"claim-1", "claim-3"}, None) == "claim-2"
    assert free_claim_id({"x-1"}, "x") == "x-2"
    assert len(free_claim_id(set(), "a" * 80)) <= 80
