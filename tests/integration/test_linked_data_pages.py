"""Every built page's JSON-LD, meta description and OpenGraph tags, read from the HTML as a crawler
reads them: one `application/ld+json` block per page, expanded with pyld (offline, tests/support/
jsonld.py) into the schema.org graph it claims to be; and a statement that tries to end the script
element stays data."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.dossiers import AUDIT, FIXTURES
from support.jsonld import SCHEMA, expand, of_type, page_document, values

from generator.build import build
from generator.core import urls
from generator.site.linked_data import DESCRIPTION_LIMIT

OPEN_GRAPH = ("og:title", "og:type", "og:description", "og:site_name", "og:locale")
BASE = "https://harbour.example/inquiry/"
INJECTION = "</script><script>alert(1)</script>"


class _Head(HTMLParser):
    """The meta tags of a page (by name or property) and each script element's type and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.scripts: list[tuple[str | None, str]] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "meta" and (key := named.get("name") or named.get("property")):
            self.meta.setdefault(key, []).append(named.get("content") or "")
        if tag == "script":
            self._script = named.get("type") or ""
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def expanded(site: Path, page: str) -> list[dict]:
    return expand(page_document((site / page).read_text(encoding="utf-8")))


def every_page(sites: dict[str, Path]) -> list[Path]:
    return sorted(path for site in sites.values() for path in site.rglob("*.html"))


def test_every_page_has_one_json_ld_block_that_expands(sites):
    pages = every_page(sites)
    assert len(pages) > 140
    for path in pages:
        graph = expanded(path.parent, path.name)
        assert graph and all(node.get("@type", [""])[0].startswith(SCHEMA) for node in graph), path
        assert [kind for kind, _ in head(path).scripts].count("application/ld+json") == 1, path


def test_every_page_has_a_description_and_open_graph_tags(sites):
    for path in every_page(sites):
        meta = head(path).meta
        description = meta["description"]
        assert len(description) == 1 and 0 < len(description[0]) <= DESCRIPTION_LIMIT, path
        assert "\n" not in description[0]
        assert all(len(meta[key]) == 1 and meta[key][0] for key in OPEN_GRAPH), (path, meta)
        assert meta["og:description"] == description
        assert meta["og:type"][0] in ("website", "article", "profile")
        assert meta["twitter:card"] == ["summary"]
        assert "og:url" not in meta, "the sample and the fixture have no base_url"


def test_a_person_expands_to_a_person_who_works_for_an_organization(sites):
    graph = expanded(sites["sample"], "people/nurtai-abykayev/index.html")
    person, = of_type(graph, "Person")
    assert values(person, "name") == ["Nurtai Abykayev"]
    assert "Abykaev" in values(person, "alternateName")
    role, = values(person, "worksFor")
    assert role["@type"] == [SCHEMA + "OrganizationRole"] and values(role, "roleName") == ["Chairman"]
    agency, = values(role, "worksFor")
    assert values(agency, "name") == ["National Security Committee of Kazakhstan"]


def test_an_agency_expands_to_an_organization_of_its_kind(sites):
    graph = expanded(sites["sample"], "agencies/knb/index.html")
    agency, = of_type(graph, "GovernmentOrganization")
    assert values(agency, "name") == ["National Security Committee of Kazakhstan"]
    assert "KNB" in values(agency, "alternateName")
    assert {values(role, "member")[0]["@type"][0] for role in values(agency, "member")} == {SCHEMA + "Person"}


def test_a_claim_appears_in_its_source_with_the_original_address_and_date(sites):
    graph = expanded(sites["fixture"], "claims/berg-fund-lost-2-million/index.html")
    claim, = of_type(graph, "Claim")
    assert values(claim, "text") == ["The Harbour Fund lost about 2 million euros in 2020."]
    assert values(claim, "datePublished") == ["2021-03-03"]
    assert values(values(claim, "author")[0], "name") == ["Jonas Berg"]
    work, = values(claim, "appearance")
    assert work["@type"] == [SCHEMA + "NewsArticle"]
    assert values(work, "url") == [{"@id": "https://gazette.example/harbour-fund"}]
    assert values(work, "datePublished") == ["2021-03-04"]
    assert values(values(work, "publisher")[0], "name") == ["The Coastal Gazette"]


def test_a_source_expands_to_a_work_with_its_publisher_and_author(sites):
    graph = expanded(sites["fixture"], "sources/gazette-2021-03-04-harbour-fund/index.html")
    article, = of_type(graph, "NewsArticle")
    assert values(article, "url") == [{"@id": "https://gazette.example/harbour-fund"}]
    assert values(values(article, "author")[0], "name") == ["Mira Holt"]
    assert values(values(article, "publisher")[0], "name") == ["The Coastal Gazette"]
    statement, = of_type(expanded(sites["fixture"], "sources/fund-statement-2021-03/index.html"), "CreativeWork")
    assert values(statement, "datePublished") == ["2021-03"] and "url" not in json.dumps(statement)


def test_the_home_page_is_a_dataset_with_its_downloads_and_the_website(sites):
    graph = expanded(sites["sample"], urls.HOME)
    dataset, = of_type(graph, "Dataset")
    assert values(dataset, "name") == ["Kazakh nationals in the Islamic State"]
    downloads = values(dataset, "distribution")
    assert [values(item, "name")[0] for item in downloads] == [urls.DOSSIER_JSON, *urls.DATA_FILES]
    assert {values(item, "encodingFormat")[0] for item in downloads} == {"application/json", "text/csv"}
    assert len(of_type(graph, "WebSite")) == 1


def test_the_data_page_is_the_same_dataset_as_the_home_page(sites):
    for site in sites.values():
        assert of_type(expanded(site, urls.DATA), "Dataset") == of_type(expanded(site, urls.HOME), "Dataset")


@pytest.fixture
def published(dossier: Callable[..., Path]) -> Path:
    """The fixture dossier built with `base_url`, a curator, a licence, and a claim whose statement
    tries to end the script element."""
    complete = FIXTURES / "complete"
    config = (complete / "config.yaml").read_text(encoding="utf-8")
    claims = (complete / AUDIT).read_text(encoding="utf-8")
    root = dossier({
        "config.yaml": config + f"base_url: {BASE}\ncurator: Mira Holt\nlicense: CC BY 4.0\n"
                                "license_url: https://creativecommons.org/licenses/by/4.0/\n",
        AUDIT: claims + (f"\n- id: injected\n  statement: '{INJECTION}'\n  by: jonas-berg\n  citations:\n"
                         "    - source: gazette-2021-03-04-harbour-fund\n"
                         "      quote: the state auditor Jonas Berg said\n")})
    built = build(root / "config.yaml")
    assert built.report is not None, [problem.format() for problem in built.checked.diagnostics]
    return root / "site"


def test_with_base_url_every_download_and_page_has_its_address(published: Path):
    graph = expanded(published, urls.HOME)
    dataset, = of_type(graph, "Dataset")
    assert values(dataset, "url") == [{"@id": BASE + urls.DATA}]
    assert values(dataset, "license") == [{"@id": "https://creativecommons.org/licenses/by/4.0/"}]
    assert values(dataset, "creator") == ["Mira Holt"]
    addresses = [values(item, "contentUrl") for item in values(dataset, "distribution")]
    assert addresses == [[{"@id": BASE + path}] for path in (urls.DOSSIER_JSON, *urls.DATA_FILES)]
    person, = of_type(expanded(published, "people/ana-lind/index.html"), "Person")
    assert values(person, "url") == [{"@id": BASE + "people/ana-lind/index.html"}]
    assert head(published / "people/ana-lind/index.html").meta["og:url"] == [BASE + "people/ana-lind/index.html"]


def test_a_statement_cannot_end_the_script_element(published: Path):
    page = published / "claims/injected/index.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    scripts = head(page).scripts
    assert [kind for kind, _ in scripts] == ["application/ld+json"], "no script element but the data block"
    data = json.loads(scripts[0][1])
    assert data["text"] == INJECTION
    claim, = of_type(expand(data), "Claim")
    assert values(claim, "text") == [INJECTION]
