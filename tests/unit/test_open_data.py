"""The open data files made from in-memory dossiers: the CSV tables (columns, defusing, round trips
through Python's csv module, rows kept between builds) and the CSL-JSON bibliography."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from support.records import CONFIG, base, claim, csv_tables, linked, source, sources_json, validated

from generator.check.resolve import resolve
from generator.core import urls
from generator.link.links import Links, link
from generator.read.validate import Validation
from generator.site import bibliography, data_page, open_data
from generator.site.open_data import DANGEROUS_STARTS, TABLES

VALUE = "  figure: loss\n  value: [-5.2, 3]\n  qualifier: about\n  as_of: [2019, 2020]\n"
DANGEROUS = {
    "people/eve.yaml": 'name: "@Eve"\naliases: ["=Evie", "+E"]\ndescription: "-minus"\nroles:\n'
                       '  - title: "=Boss"\n    agency: fund\n    since: 2019\n    citations:\n'
                       '      - source: gazette\n        quote: lost two million euros\n',
    "agencies/ring.yaml": 'name: "=Ring"\nshort_name: "+R"\naliases: ["@ring"]\ncountry: "-Land"\n'
                          'description: "=1+1"\n',
    "sources/odd.txt": '---\ntitle: "=HYPERLINK(\\"http://x\\")"\npublisher: "+Press"\ndate: 2021\n'
                       'authors: ["@someone"]\nnote: "-note"\n---\nThe fund lost two million euros, it said.\n',
    "claims/main.yaml": '- id: odd\n  statement: "=SUM(A1:A2)"\n  by: eve\n  about: [fund]\n  note: "+note"\n'
                        '  derivation: "-half of it"\n' + VALUE +
                        "  citations:\n    - source: odd\n      quote: lost two million euros\n",
}


def read(data: bytes) -> list[list[str]]:
    """A CSV file's records as Python's csv module reads them."""
    text = data.decode("utf-8")
    found = list(csv.reader(io.StringIO(text, newline="")))
    assert text.endswith("\r\n") and text.count("\r\n") == len(found), "CRLF ends each record (a cell's lines: LF)"
    return found


def records(data: bytes) -> list[dict[str, str]]:
    header, *rows = read(data)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_every_file_has_its_columns_in_its_header_and_one_row_per_record_or_value():
    files = csv_tables(linked(base(**{"claims/main.yaml": claim("a", more=VALUE) + claim("b")})))
    assert list(files) == [table.path for table in TABLES]
    counts = {"data/claims.csv": 2, "data/figures.csv": 1, "data/people.csv": 1, "data/agencies.csv": 1,
              "data/sources.csv": 1}
    for table in TABLES:
        header, *rows = read(files[table.path])
        assert header == list(table.columns)
        assert len(rows) == counts[table.path], table.path
        assert all(len(row) == len(header) for row in rows)


def test_each_row_fills_exactly_the_columns_of_its_table():
    links = linked(base(**DANGEROUS))
    rows = open_data.Rows(links)
    for table in TABLES:
        for record in table.records(links):
            assert list(table.row(rows, record)) == list(table.columns), table.path


@pytest.mark.parametrize("start", DANGEROUS_STARTS)
def test_a_text_that_starts_like_a_formula_gets_a_leading_apostrophe(start):
    assert open_data.defused(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"
    assert open_data.cell_text(f"{start}1") == f"'{start}1"


@pytest.mark.parametrize("text", ["Harbour Fund", "", "1 = 1", "'quoted'", " =spaced", "a-b", "100%"])
def test_other_texts_are_left_as_they_are(text):
    assert open_data.defused(text) == text


def test_numbers_the_generator_writes_are_not_defused():
    numbers = (-5.2, -3, 0, 2_000_000, None)
    assert [open_data.cell_text(value) for value in numbers] == ["-5.2", "-3", "0", "2000000", ""]
    value = records(csv_tables(linked(base(**DANGEROUS)))["data/figures.csv"])[0]
    assert (value["value"], value["low"], value["high"]) == ("", "-5.2", "3")


def test_every_text_cell_of_every_table_that_starts_like_a_formula_is_defused():
    files = csv_tables(linked(base(**DANGEROUS)))
    defused = {
        "data/claims.csv": {"statement": "'=SUM(A1:A2)", "by_name": "'@Eve", "note": "'+note",
                            "derivation": "'-half of it"},
        "data/figures.csv": {"speaker_name": "'@Eve", "derivation": "'-half of it"},
        "data/people.csv": {"name": "'@Eve", "aliases": "'=Evie\n+E", "description": "'-minus",
                            "roles": "'=Boss | fund | 2019 | "},
        "data/agencies.csv": {"name": "'=Ring", "short_name": "'+R", "aliases": "'@ring", "country": "'-Land",
                              "description": "'=1+1"},
        "data/sources.csv": {"title": "'=HYPERLINK(\"http://x\")", "publisher": "'+Press", "authors": "'@someone",
                             "note": "'-note"},
    }
    for path, cells in defused.items():
        row = next(row for row in records(files[path]) if "odd" in row.values() or row.get("id") in ("eve", "ring"))
        assert {column: row[column] for column in cells} == cells, path
    every_cell = [cell for data in files.values() for row in read(data)[1:] for cell in row]
    assert not [cell for cell in every_cell if cell.startswith(DANGEROUS_STARTS) and not _number(cell)]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_quotes_commas_and_line_breaks_come_back_through_the_csv_module():
    statement = 'He said "yes, at once",\nthen "no".'
    files = {**base(), "sources/gazette.txt": source('The fund "lost", he said; two million euros.'),
             "claims/main.yaml": "- id: said\n  statement: |-\n    He said \"yes, at once\",\n    then \"no\".\n"
                                 "  by: ana\n  note: 'a, b; \"c\"'\n  citations:\n    - source: gazette\n"
                                 "      quote: 'The fund \"lost\", he said; two million euros'\n"}
    row = records(csv_tables(linked(files))["data/claims.csv"])[0]
    assert row["statement"] == statement
    assert row["note"] == 'a, b; "c"'
    assert row["quotes"] == 'The fund "lost", he said; two million euros'


def test_lists_are_ids_joined_by_semicolons_and_texts_one_to_a_line():
    first = claim("a", more="  supports: [{claim: b, hedge: likely}]\n").replace("[fund]", "[fund, loss]")
    second = claim("b") + "    - source: gazette\n      quote: the auditors said\n"
    files = base(**{"claims/main.yaml": first + second})
    rows = {row["id"]: row for row in records(csv_tables(linked(files))["data/claims.csv"])}
    assert rows["a"]["about_ids"] == "fund; loss"
    assert rows["a"]["supports"] == "b (likely)"
    assert rows["b"]["source_ids"] == "gazette; gazette"
    assert rows["b"]["quotes"] == "lost two million euros\nthe auditors said"
    anchors = rows["b"]["passage_urls"].split("; ")
    assert [anchor.split("#")[0] for anchor in anchors] == [urls.record_page("source", "gazette")] * 2


def test_a_value_row_names_its_figure_speaker_period_and_claim():
    files = base(**{"claims/main.yaml": claim("a", more=VALUE.replace("[-5.2, 3]", "300"))})
    row = records(csv_tables(linked(files))["data/figures.csv"])[0]
    assert row == {"figure_id": "loss", "figure_name": "Loss of the fund", "unit": "euros", "claim_id": "a",
                   "value": "300", "low": "", "high": "", "qualifier": "about", "as_of": "2019/2020",
                   "period": "2019/2020", "date": "", "speaker_id": "ana", "speaker_name": "Ana Lind",
                   "status": "reported", "derivation": "", "source_ids": "gazette",
                   "quotes": "lost two million euros", "passage_urls": row["passage_urls"],
                   "claim_url": "claims/a/index.html"}


def _linked_after(first: Validation) -> Links:
    result, problems = resolve(first.dossier, first.broken)
    assert not [problem for problem in problems if problem.is_error], [problem.format() for problem in problems]
    return link(result)


def test_kept_rows_are_made_again_only_for_records_that_changed_or_show_a_changed_name():
    files = base(**{"claims/main.yaml": claim("a", more=VALUE) + claim("b", by="fund")})
    first = validated(files)
    kept: open_data.KeptRows = {}
    csv_tables(_linked_after(first), kept)
    line_of_b = kept["data/claims.csv"]["b"][2]
    renamed = validated({**files, "people/ana.yaml": "name: Ana Berg\n"}, previous=first)
    again = csv_tables(_linked_after(renamed), kept)
    assert again == csv_tables(_linked_after(renamed))
    assert "Ana Berg" in again["data/claims.csv"].decode() and "Ana Berg" in again["data/figures.csv"].decode()
    assert kept["data/claims.csv"]["b"][2] is line_of_b, "a row that shows nothing that changed is kept"


def test_a_source_becomes_a_csl_item_of_its_kind_with_dates_as_precise_as_written():
    links = linked(base(**{"sources/report.txt": "---\ntitle: Annual audit\npublisher: State Audit Office\n"
                                                 "date: 2021-03\naccessed: 2024-01-02\nkind: report\n"
                                                 "archive_url: https://archive.example/a\nnote: '*Kept* whole.'\n"
                                                 "language: de\n---\nThe fund lost two million euros.\n"}))
    news = bibliography.csl_item(links.dossier.sources["gazette"])
    assert news == {"id": "gazette", "type": "article-newspaper", "title": "Fund lost money",
                    "container-title": "The Gazette", "author": [{"literal": "Mira Holt"}],
                    "issued": {"date-parts": [[2021, 3, 4]]}, "language": "en"}
    report = bibliography.csl_item(links.dossier.sources["report"])
    assert report == {"id": "report", "type": "report", "title": "Annual audit", "publisher": "State Audit Office",
                      "author": [{"literal": "State Audit Office"}], "issued": {"date-parts": [[2021, 3]]},
                      "accessed": {"date-parts": [[2024, 1, 2]]}, "language": "de",
                      "note": "Kept whole.\nArchived copy: https://archive.example/a"}


@pytest.mark.parametrize(("kind", "csl_type", "genre"), [
    ("news", "article-newspaper", None), ("blog", "post-weblog", None), ("report", "report", None),
    ("statement", "report", "Statement"), ("transcript", "interview", None), ("video", "motion_picture", None),
    ("other", "article", None)])
def test_each_kind_of_source_has_a_csl_type(kind, csl_type, genre):
    gazette = linked(base()).dossier.sources["gazette"]
    item = bibliography.csl_item(dataclasses.replace(gazette, kind=kind, url="https://gazette.example/a"))
    assert (item["type"], item.get("genre"), item["URL"]) == (csl_type, genre, "https://gazette.example/a")
    assert ("container-title" in item) == (kind in ("news", "blog"))


def test_the_bibliography_is_a_json_array_of_the_sources_in_id_order_and_kept_items_are_reused():
    files = base(**{"sources/aaa.txt": source("The fund lost two million euros.", title="First")})
    kept: open_data.KeptRows = {}
    data = sources_json(linked(files), kept)
    assert [item["id"] for item in json.loads(data)] == ["aaa", "gazette"]
    assert sources_json(linked(files), kept) == data == sources_json(linked(files))


def test_the_data_page_lists_every_data_file_and_the_tables_are_the_data_files():
    assert [item.path for item in data_page.DOWNLOADS] == [urls.DOSSIER_JSON, *urls.DATA_FILES]
    assert (*(table.path for table in TABLES), bibliography.PATH) == urls.DATA_FILES


def test_the_data_page_counts_published_captures_only_when_the_site_publishes_them():
    assert data_page.capture_totals(linked(base())) is None
    assert data_page.capture_totals(linked(base(), dataclasses.replace(CONFIG, publish_captures=True))) is None

