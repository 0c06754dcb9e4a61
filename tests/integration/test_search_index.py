"""The full-text search index in a build (docs/search.md): written with the pages, the same bytes for
the same dossier, reused while its records are unchanged, split into bundles when big, and a
Pagefind that is missing, fails or hangs is a one-line error that leaves the site as it was."""

from __future__ import annotations

import gzip
import json
import shutil
import stat
from pathlib import Path

import pytest
from support.dossiers import snapshot, staging_left, tree

from generator.output import pagefind, search_index

UNCHANGED = "search index: unchanged"


def bundle_files(site: Path) -> dict[str, bytes]:
    return {path: data for path, data in tree(site).items() if path.startswith("pagefind/")}


def records(root: Path) -> int:
    """The people, agencies, figures and sources of a dossier."""
    count = sum(len(list((root / "content" / folder).iterdir())) for folder in ("people", "agencies", "figures"))
    return count + len([p for p in (root / "content" / "sources").iterdir() if p.suffix in (".txt", ".md")])


def pages(bundle: Path) -> int:
    return int(json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"])


def test_a_build_writes_one_record_per_person_agency_figure_and_source(dossier, cli):
    root = dossier()
    run = cli("build", cwd=root)
    assert run.code == 0, run.err
    site = root / "site"
    assert pages(site / "pagefind") == records(root)
    assert json.loads((site / "pagefind" / "bundles.json").read_text()) == {"merge": []}
    assert not any(name.endswith(("-ui.js", "-ui.css")) for name in bundle_files(site))
    assert "search index: " in run.err and "records in 1 of 1 bundle indexed" in run.err


def test_the_same_dossier_gives_the_same_index_wherever_it_is_built(dossier, cli, tmp_path):
    first = dossier()
    assert cli("build", cwd=first).code == 0
    second = tmp_path / "elsewhere"
    first.rename(second)
    (second / "site").rename(tmp_path / "first-site")
    shutil.rmtree(second / ".dossier-cache")
    assert cli("build", cwd=second).code == 0
    assert bundle_files(second / "site") == bundle_files(tmp_path / "first-site")


def test_an_unchanged_index_is_kept_and_an_edit_indexes_it_again(dossier, cli):
    root = dossier()
    assert cli("build", cwd=root).code == 0
    before = snapshot(root / "site" / "pagefind")
    config = root / "config.yaml"
    config.write_text(config.read_text() + "contact: desk@example.org\n")
    run = cli("build", cwd=root)
    assert run.code == 0 and UNCHANGED in run.err
    assert snapshot(root / "site" / "pagefind") == before
    source = next((root / "content" / "sources").glob("*.txt"))
    source.write_text(source.read_text() + "\nA closing word: quetzalcoatl.\n")
    run = cli("build", cwd=root)
    assert run.code == 0 and "1 of 1 bundle indexed" in run.err
    assert any(b"quetzalcoatl" in _gunzipped(data) for name, data in bundle_files(root / "site").items()
               if "/fragment/" in name)


def _gunzipped(data: bytes) -> bytes:
    return gzip.decompress(data)


def test_a_bundle_changed_by_hand_is_indexed_again(dossier, cli):
    root = dossier()
    assert cli("build", cwd=root).code == 0
    fragment = next((root / "site" / "pagefind" / "fragment").iterdir())
    fragment.unlink()
    run = cli("build", cwd=root)
    assert run.code == 0 and UNCHANGED not in run.err
    assert fragment.exists()


def test_a_big_dossier_is_split_into_bundles_and_an_edit_indexes_one(dossier, cli, monkeypatch):
    monkeypatch.setattr(search_index, "BUNDLE_BUDGET", 3 * search_index.RECORD_COST)
    root = dossier()
    run = cli("build", cwd=root)
    assert run.code == 0, run.err
    site = root / "site"
    merged = json.loads((site / "pagefind" / "bundles.json").read_text())["merge"]
    assert len(merged) >= 2
    assert sum(pages(site / "pagefind" / folder) for folder in ["", *merged]) == records(root)
    person = next((root / "content" / "people").glob("*.yaml"))
    person.write_text(person.read_text() + "aliases: [Xylophone Person]\n" if "aliases" not in person.read_text()
                      else person.read_text().replace("aliases: [", "aliases: [Xylophone Person, "))
    run = cli("build", cwd=root)
    assert run.code == 0, run.err
    assert f"records in 1 of {len(merged) + 1} bundles indexed" in run.err


def fake_indexer(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "fake-pagefind"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.mark.parametrize(("script", "reason"), [
    (None, "cannot run the Pagefind binary"),
    ("exit 3", "the Pagefind indexer stopped (exit status 3)"),
    ("head -c 100 > /dev/null; exit 0", "the Pagefind indexer stopped"),
    ("head -c 20 > /dev/null; printf 'eyJwYXlsb2FkIjp7InR5cGUiOiJFcnJvciIsIm1lc3NhZ2UiOiJubyJ9fQ==,'; sleep 5",
     "Pagefind refused a request: no"),
], ids=["missing", "exits", "no-answer-then-exit", "refuses"])
def test_an_indexer_that_is_missing_or_fails_leaves_the_site_as_it_was(dossier, cli, monkeypatch, tmp_path,
                                                                          script, reason):
    root = dossier()
    assert cli("build", cwd=root).code == 0
    before = snapshot(root / "site")
    (root / "content" / "people" / "new-person.yaml").write_text("name: New Person\n")
    binary = tmp_path / "missing" if script is None else fake_indexer(tmp_path, script)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    run = cli("build", cwd=root)
    assert run.code == 2
    lines = run.err.strip().splitlines()
    assert lines[-1].startswith("dossier build: error: cannot build the search index: ") and reason in lines[-1]
    assert "Traceback" not in run.err
    assert snapshot(root / "site") == before
    assert staging_left(root) == []


def test_an_indexer_that_hangs_is_stopped(dossier, cli, monkeypatch, tmp_path):
    monkeypatch.setattr(pagefind, "REPLY_TIMEOUT", 2.0)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake_indexer(tmp_path, "sleep 60")))
    root = dossier()
    run = cli("build", cwd=root)
    assert run.code == 2
    assert "the Pagefind indexer did not answer for 2 s and was stopped" in run.err
    assert not (root / "site").exists()
