"""The open data files of built sites, read as a reader's tools read them: the CSV files with Python's
csv module against the columns docs/open-data.md documents, sources.json rendered by citeproc-py,
the Data page's links and sizes against the files on disk; and rebuilds that make them as a full
build does."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from support.dossiers import ANA, AUDIT, REPO, build_copy, copy_sample, full_build, tree

from generator.build import Builder
from generator.core import urls

DOC = REPO / "docs" / "open-data.md"
STATEMENT = "statement: The Harbour Fund lost about 2 million euros in 2020."
FORMULA = '=HYPERLINK("https://evil.example","click") lost 2 million'
KEYS = {"data/claims.csv": "id", "data/figures.csv": "claim_id", "data/people.csv": "id",
        "data/agencies.csv": "id", "data/sources.csv": "id"}
"""The column that names each row's record."""


def documented_columns() -> dict[str, list[str]]:
    """Each CSV file's columns, as the tables of docs/open-data.md list them."""
    columns: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if heading := re.fullmatch(r"### (data/\w+\.csv)", line):
            current = columns.setdefault(heading.group(1), [])
        elif line.startswith("## "):
            current = None
        elif current is not None and (cell := re.match(r"\| `(\w+)` \|", line)):
            current.append(cell.group(1))
    return columns


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    assert reader.fieldnames == documented_columns()[path.relative_to(path.parents[1]).as_posix()]
    return rows


def expected_rows(site: Path) -> dict[str, list[str]]:
    """The records each CSV file has a row for, in order, as dossier.json lists them."""
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    return {"data/claims.csv": [claim["id"] for claim in data["claims"]],
            "data/figures.csv": [value["id"] for figure in data["figures"] for value in figure["values"]],
            "data/people.csv": [person["id"] for person in data["people"]],
            "data/agencies.csv": [agency["id"] for agency in data["agencies"]],
            "data/sources.csv": [source["id"] for source in data["sources"]]}


def test_the_documentation_lists_the_columns_of_every_csv_file():
    assert set(documented_columns()) == set(KEYS) == set(urls.DATA_FILES) - {"data/sources.json"}
    assert all(columns for columns in documented_columns().values())


@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_every_csv_file_opens_with_the_documented_columns_and_one_row_per_record_or_value(sites, name):
    site = sites[name]
    for path, records in expected_rows(site).items():
        rows = read_csv(site / path)
        assert [row[KEYS[path]] for row in rows] == records, path
        assert (site / path).read_bytes().endswith(b"\r\n")


def test_a_claim_statement_that_starts_with_an_equals_sign_comes_out_defused(dossier, tmp_path):
    root = dossier()
    audit = root / AUDIT
    audit.write_text(audit.read_text(encoding="utf-8").replace(STATEMENT, f"statement: '{FORMULA}'"), encoding="utf-8")
    site = build_copy(root, tmp_path / "built")
    row = next(row for row in read_csv(site / "data/claims.csv") if row["id"] == "berg-fund-lost-2-million")
    assert row["statement"] == "'" + FORMULA
    assert row["value"] == "2000000"


@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_citeproc_renders_the_bibliography_with_every_source_title(sites, name):
    items = json.loads((sites[name] / "data" / "sources.json").read_text(encoding="utf-8"))
    style = CitationStylesStyle("harvard-cite-them-right", validate=True)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items) == len(expected_rows(sites[name])["data/sources.csv"])
    titles = [source["title"] for source in json.loads((sites[name] / "dossier.json").read_text())["sources"]]
    for title in titles:
        assert any(title in entry for entry in rendered), (title, rendered)


def listed_files(page: Path) -> dict[str, int]:
    """The files the Data page links to (relative to the site), with the bytes it says each has."""
    html = page.read_text(encoding="utf-8")
    listed = re.findall(r'<a href="([^"]+)"[^>]*>[^<]+</a></p>\n<p class="download-about">[^<]*</p>\n'
                        r'<p class="download-facts">[^<]*<data value="(\d+)">', html)
    return {(page.parent / href).resolve().relative_to(page.parents[1].resolve()).as_posix(): int(size)
            for href, size in listed}


@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_the_data_page_lists_every_file_with_its_size_on_disk(sites, name):
    site = sites[name]
    listed = listed_files(site / urls.DATA)
    assert list(listed) == [urls.DOSSIER_JSON, *urls.DATA_FILES]
    assert listed == {path: (site / path).stat().st_size for path in listed}
    assert "no licence stated" in (site / urls.DATA).read_text(encoding="utf-8")


def test_the_data_page_states_the_licence_lists_the_captures_and_is_in_the_sitemap(tmp_path):
    root = copy_sample(tmp_path / "sample")
    config = root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "base_url: https://dossier.example/kz/\n"
                      "publish_captures: true\nlicense: CC BY 4.0\n"
                      "license_url: https://creativecommons.org/licenses/by/4.0/\n", encoding="utf-8")
    site = build_copy(root, tmp_path / "built")
    page = (site / urls.DATA).read_text(encoding="utf-8")
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in page
    captures = sorted((site / "captures").iterdir())
    total = sum(path.stat().st_size for path in captures)
    assert f"{len(captures)} files, each downloaded from its source" in page
    assert f'<data value="{total}">' in page
    assert "<loc>https://dossier.example/kz/data/index.html</loc>" in (site / "sitemap.xml").read_text()


def data_files(site_tree: dict[str, bytes]) -> dict[str, bytes]:
    """The files of a site's `tree` that the Data page lists, and the page."""
    return {path: data for path, data in site_tree.items() if path.startswith("data/") or path == urls.DOSSIER_JSON}


def test_an_incremental_rebuild_makes_the_data_files_of_a_full_build(dossier, tmp_path):
    root = dossier()
    builder = Builder(root / "config.yaml", defer_data=True)
    builder.build()
    for path, old, new in ((ANA, "name: Ana Lind", "name: Ana Lindqvist"),
                           (AUDIT, STATEMENT, f"statement: '{FORMULA}'"),
                           (AUDIT, "value: 2000000", "value: [1500000, 2500000]")):
        file = root / path
        file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        result = builder.build(changed={file})
        assert result.report is not None, [d.format() for d in result.checked.diagnostics]
        if result.finish is not None:
            result.finish()
        assert data_files(tree(root / "site")) == data_files(full_build(root, tmp_path)), path
