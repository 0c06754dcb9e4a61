"""What the full-text search index holds (generator/site/search_records.py) and how a record is handed
to Pagefind (generator/output/pagefind.py's page_html): one record per person, agency, figure and
source; claims as sections of the source they cite first; filters; escaping."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from support.records import CLAIM_FILE, CONFIG, base, claim, linked, source

from generator.core import kinds
from generator.output.pagefind import page_html
from generator.site.search_records import SearchRecord, search_records


def records(files: dict[str, str], **config: object) -> dict[str, SearchRecord]:
    return {record.url: record for record in search_records(linked(files, dataclasses.replace(CONFIG, **config)))}


def test_every_person_agency_figure_and_source_is_one_record_and_claims_are_not():
    found = records(base(**{CLAIM_FILE: claim("c1")}))
    assert sorted(found) == ["/agencies/fund/index.html", "/figures/loss/index.html", "/people/ana/index.html",
                             "/sources/gazette/index.html"]
    assert {record.kind for record in found.values()} == {kinds.PERSON, kinds.AGENCY, kinds.FIGURE, kinds.SOURCE}


def test_a_source_holds_its_whole_text_and_its_claims_as_sections():
    text = "First paragraph.\n\n" + "filler words " * 2000 + "\n\nThe last word is zanzibar.\n"
    found = records(base(**{"sources/long.txt": source(text, title="Long report"),
                            CLAIM_FILE: claim("c1") + claim("c2", quote="zanzibar", more="  status: disputed\n")
                            .replace("source: gazette", "source: long")}))
    long = found["/sources/long/index.html"]
    assert "zanzibar" in long.content and long.lead.startswith("The Gazette")
    assert [section.anchor for section in long.sections] == ["claim-c2"]
    assert long.sections[0].title == "The fund lost money."
    assert "Ana Lind" in long.sections[0].text and "disputed" in long.sections[0].text
    assert long.filters == {"year": ["2021"], "publisher": ["The Gazette"], "status": ["disputed"],
                            "speaker": ["Ana Lind"]}
    assert [section.anchor for section in found["/sources/gazette/index.html"].sections] == ["claim-c1"]


def test_a_claim_is_a_section_of_the_source_it_cites_first_only():
    claims = claim("c1").replace("    - source: gazette\n", "    - source: other\n      quote: lost money\n"
                                                            "    - source: gazette\n")
    found = records(base(**{"sources/other.txt": source("The fund lost money twice."), CLAIM_FILE: claims}))
    assert [s.anchor for s in found["/sources/other/index.html"].sections] == ["claim-c1"]
    assert found["/sources/gazette/index.html"].sections == ()


def test_directory_links_drop_index_html():
    found = records(base(), link_style="directory")
    assert "/people/ana/" in found


def test_names_descriptions_and_roles_are_searchable_as_plain_text():
    person = "name: Ana Lind\naliases: [A. Lind]\ndescription: Head of the **harbour** fund.\n"
    found = records(base(**{"people/ana.yaml": person}))
    ana = found["/people/ana/index.html"]
    assert ana.title == "Ana Lind"
    assert "A. Lind" in ana.content and "Head of the harbour fund." in ana.content and "**" not in ana.content


def test_the_page_handed_to_pagefind_escapes_every_text_and_carries_filters_and_sections():
    hostile = '</h1><script>alert(1)</script> & "quotes"'
    found = records(base(**{"sources/gazette.txt": source(hostile, title=hostile),
                            CLAIM_FILE: claim("c1", quote="alert(1)")}))
    html = page_html(found["/sources/gazette/index.html"])
    assert "<script>" not in html and "&lt;script&gt;" in html
    parsed = _Parsed(html)
    assert parsed.ids == ["claim-c1"]
    assert ("kind", "source") in parsed.filters and ("speaker", "Ana Lind") in parsed.filters
    assert parsed.meta == [("kind", "source"), ("date", "2021-03-04")]


class _Parsed(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.filters: list[tuple[str, str]] = []
        self.meta: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "id" in found:
            self.ids.append(str(found["id"]))
        for what, into in (("data-pagefind-filter", self.filters), ("data-pagefind-meta", self.meta)):
            if what in found:
                into.append((str(found[what]).removesuffix("[data-value]"), str(found["data-value"])))
