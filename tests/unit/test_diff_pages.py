"""Which files of the site a change touches (generator/diff/pages.py), for the pages and files of
the About page, the Data page, the open data files and the full-text index; and the tables of the
outputs' modules it reads them from (docs/review.md, "The files of the site that change")."""

from __future__ import annotations

import dataclasses

from support.records import CLAIM_FILE, CONFIG, base, claim, csv_tables, dossier, linked, sources_json

from generator.core import urls
from generator.core.model import Agency, Claim, Config, Dossier, Figure, Person, Source
from generator.diff.changes import RecordChange
from generator.diff.pages import DATA_FILES, SETTING_PAGES, all_pages, changed_pages
from generator.history.fields import FieldChange
from generator.site import bibliography, open_data
from generator.site.linked_data import WORK_FIELDS
from generator.site.search_records import INDEXED, search_records

MODELS = {"claim": Claim, "person": Person, "agency": Agency, "figure": Figure, "source": Source}
WITH_VALUE = "  figure: loss\n  value: 2000000\n"


def fields_of(model: type) -> set[str]:
    return {field.name for field in dataclasses.fields(model)}


def test_the_tables_name_fields_the_records_have():
    for path, shown in DATA_FILES.items():
        for kind, names in shown.items():
            assert names <= fields_of(MODELS[kind]), (path, kind, names - fields_of(MODELS[kind]))
    for kind, names in INDEXED.items():
        assert names <= fields_of(MODELS[kind]), (kind, names - fields_of(MODELS[kind]))
    assert fields_of(Source) >= WORK_FIELDS
    assert set(SETTING_PAGES) <= fields_of(Config)


def test_every_data_file_has_its_fields():
    assert set(open_data.SHOWN) == {table.path for table in open_data.TABLES}
    assert set(DATA_FILES) == set(urls.DATA_FILES)
    assert DATA_FILES[bibliography.PATH] == {"source": bibliography.SHOWN}


def test_fields_the_index_does_not_hold_leave_it_as_it_is():
    """What INDEXED leaves out of a source and a claim does not reach their search records."""
    plain = base(**{CLAIM_FILE: claim("c1")})
    edited = base(**{CLAIM_FILE: claim("c1", more=WITH_VALUE + "  derivation: As stated.\n")})
    edited["sources/gazette.txt"] = edited["sources/gazette.txt"].replace(
        "authors: [Mira Holt]\n", "authors: [Mira Holt]\nurl: https://gazette.example/a\nlanguage: de\n"
                                  "kind: blog\nnote: Read in print.\naccessed: 2021-03-05\n")
    assert not {"figure", "value", "derivation"} & INDEXED["claim"]
    assert not {"url", "language", "kind", "note", "accessed"} & INDEXED["source"]
    assert list(search_records(linked(edited))) == list(search_records(linked(plain)))


def data_files(files: dict[str, str]) -> dict[str, bytes]:
    links = linked(files)
    return {**csv_tables(links), bibliography.PATH: sources_json(links)}


def test_fields_a_data_file_does_not_show_leave_it_as_it_is():
    """A claim's statement, subjects and note are not in figures.csv, a source's text is not in
    sources.json; the files that show them change."""
    plain = base(**{CLAIM_FILE: claim("c1", more=WITH_VALUE)})
    edited = base(**{CLAIM_FILE: claim("c1", more=WITH_VALUE + "  note: Said twice.\n").replace(
        "The fund lost money.", "The fund lost two million.").replace("about: [fund]", "about: [fund, ana]")})
    edited["sources/gazette.txt"] += "More text.\n"
    assert not {"statement", "about", "note"} & DATA_FILES["data/figures.csv"]["claim"]
    assert "body" not in DATA_FILES[bibliography.PATH]["source"]
    before, after = data_files(plain), data_files(edited)
    assert {path for path in before if before[path] != after[path]} == {"data/claims.csv", "data/sources.csv"}


def changed(kind: str, record_id: str, *names: str) -> RecordChange:
    return RecordChange(kind, record_id, "changed", record_id, None,
                        fields=tuple(FieldChange(name, "scalar", "old", "new") for name in names))


def files(side: Dossier, *changes: RecordChange) -> set[str]:
    return set(changed_pages(side, side, (), changes))


def test_a_statement_changes_claims_csv_the_indexes_and_the_data_page():
    side = dossier(base(**{CLAIM_FILE: claim("c1", more=WITH_VALUE)}))
    pages = files(side, changed("claim", "c1", "statement"))
    assert {"data/claims.csv", urls.DATA, urls.DOSSIER_JSON, urls.SEARCH_BUNDLE, urls.SEARCH_INDEX,
            "claims/c1/index.html"} <= pages
    assert pages.isdisjoint({"data/figures.csv", "data/people.csv", "data/sources.csv", "data/sources.json"})


def test_a_value_changes_figures_csv_only_for_a_claim_that_reports_one():
    with_value = dossier(base(**{CLAIM_FILE: claim("c1", more=WITH_VALUE)}))
    without = dossier(base(**{CLAIM_FILE: claim("c1")}))
    assert {"data/claims.csv", "data/figures.csv"} <= files(with_value, changed("claim", "c1", "value"))
    assert "data/figures.csv" not in files(without, changed("claim", "c1", "status"))
    assert urls.SEARCH_BUNDLE not in files(with_value, changed("claim", "c1", "value"))


def test_a_rename_changes_the_files_that_show_the_name():
    side = dossier(base(**{CLAIM_FILE: claim("c1", more=WITH_VALUE)}))
    assert {"data/people.csv", "data/claims.csv", "data/figures.csv", urls.SEARCH_BUNDLE
            } <= files(side, changed("person", "ana", "name"))
    assert {"data/figures.csv"} <= files(side, changed("figure", "loss", "name"))
    assert "data/claims.csv" not in files(side, changed("figure", "loss", "name"))
    quiet = dossier(base(**{CLAIM_FILE: claim("c1")}))
    assert "data/figures.csv" not in files(quiet, changed("person", "ana", "name"))
    assert files(side, changed("person", "ana", "description")).isdisjoint({"data/claims.csv", "data/figures.csv"})


def test_a_capture_change_is_a_change_of_capture():
    side = dossier(base(**{CLAIM_FILE: claim("c1")}))
    pages = files(side, changed("source", "gazette", "capture.sha256"))
    assert "data/sources.csv" in pages and "data/sources.json" not in pages


def test_a_source_s_work_fields_change_the_pages_of_the_claims_citing_it():
    side = dossier(base(**{CLAIM_FILE: claim("c1")}))
    pages = files(side, changed("source", "gazette", "language"))
    assert {"claims/c1/index.html", "data/sources.csv", "data/sources.json"} <= pages
    assert urls.SEARCH_BUNDLE not in pages and "people/ana/index.html" not in pages


def setting(name: str, config: Config = CONFIG) -> set[str]:
    side = dataclasses.replace(dossier(base(**{CLAIM_FILE: claim("c1")})), config=config)
    return set(changed_pages(side, side, (FieldChange(name, "scalar", "old", "new"),), ()))


def test_settings_that_only_some_pages_show():
    assert setting("contact") == setting("about") == {urls.ABOUT}
    assert setting("license") == {urls.ABOUT, urls.DATA, urls.HOME}
    assert setting("license", dataclasses.replace(CONFIG, license_url="https://example.org/l")) == {urls.ABOUT,
                                                                                                     urls.DATA}
    assert {urls.ABOUT, urls.DATA, urls.HOME, "people/ana/index.html", "claims/c1/index.html"} <= setting("curator")
    assert urls.DOSSIER_JSON not in setting("curator")
    assert setting("title") >= {urls.ABOUT, urls.DATA, urls.SEARCH_BUNDLE, *urls.DATA_FILES}


def test_every_file_of_the_site_is_in_all_pages():
    pages = set(all_pages(dossier(base(**{CLAIM_FILE: claim("c1")}))))
    assert {urls.ABOUT, urls.DATA, urls.DOSSIER_JSON, urls.SEARCH_BUNDLE, *urls.DATA_FILES} <= pages
    assert not any(page.startswith(urls.SEARCH_BUNDLE) and page != urls.SEARCH_BUNDLE for page in pages)


def test_a_published_capture_s_download_is_listed_when_the_capture_changes():
    text = base(**{CLAIM_FILE: claim("c1")})
    text["sources/gazette.txt"] = text["sources/gazette.txt"].replace(
        "authors: [Mira Holt]\n", f"authors: [Mira Holt]\ncapture:\n  file: gazette.html\n  sha256: {'a' * 64}\n"
                                  "  captured: 2021-03-05T10:00:00Z\n")
    side = dossier(text)
    published = dataclasses.replace(side, config=dataclasses.replace(side.config, publish_captures=True))
    assert "captures/gazette.html.bin" in files(published, changed("source", "gazette", "capture.sha256"))
    assert "captures/gazette.html.bin" in set(all_pages(published))
    assert not any(page.startswith("captures/") for page in files(side, changed("source", "gazette", "capture.file")))
