"""Each page's JSON-LD, meta description and OpenGraph values (generator/site/linked_data.py), made
by pages.make for pages of a dossier made in memory: the schema.org object of each kind of page,
addresses only with `base_url`, the escaping that keeps a statement inside its script element, and
descriptions cut on a word."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from support.records import CLAIM_FILE, CONFIG, claim, linked

from generator.core import urls
from generator.link.links import Links
from generator.site import keys, pages
from generator.site.linked_data import DESCRIPTION_LIMIT, describe, og_locale, serialise
from generator.site.views import Views

BASE = "https://dossier.example/fund/"
PUBLISHED = dataclasses.replace(CONFIG, base_url=BASE, curator="Mira Holt", license="CC BY 4.0",
                                license_url="https://creativecommons.org/licenses/by/4.0/",
                                description="What the *harbour fund* lost.")
GAZETTE = ("---\ntitle: Fund lost money\npublisher: The Gazette\ndate: 2021-03-04\nauthors: [Mira Holt]\n"
           "url: https://gazette.example/fund\narchive_url: https://archive.example/gazette\n---\n"
           "The harbour fund lost two million euros in 2020, the auditors said.\n")
AUDIT = ("---\ntitle: Audit report\npublisher: Court of Audit\ndate: 2021-05\nkind: report\n---\n"
         "The fund lost 2.1 million euros.\n")
FILES = {
    "sources/gazette.txt": GAZETTE, "sources/audit.txt": AUDIT,
    "people/ana.yaml": ("name: Ana Lind\naliases: [A. Lind]\ndescription: Head of the *harbour fund*.\nroles:\n"
                        "  - title: Director\n    agency: fund\n    since: 2019-02\n    citations:\n"
                        "      - source: gazette\n        quote: the auditors said\n"),
    "agencies/fund.yaml": "name: Harbour Fund\nshort_name: HF\naliases: [The Fund]\nkind: government\n"
                          "country: Norway\nparent: city\n",
    "agencies/city.yaml": "name: City of Harbour\n",
    "figures/loss.yaml": "name: Loss of the fund\nunit: euros\n",
    CLAIM_FILE: (claim("lost", more="  date: 2021-03\n  figure: loss\n  value: 2000000\n  status: refuted\n")
                 + claim("retracted", more="  status: retracted\n")
                 + "- id: audited\n  statement: The audit found a **larger** loss.\n  by: fund\n  about: [loss]\n"
                   "  status: corroborated\n  citations:\n    - source: audit\n      quote: lost 2.1 million euros\n"
                   "    - source: audit\n      quote: The fund lost\n    - source: gazette\n"
                   "      quote: the auditors said\n"),
}


@pytest.fixture(scope="module")
def local() -> Links:
    return linked(FILES)


@pytest.fixture(scope="module")
def published() -> Links:
    return linked(FILES, PUBLISHED)


def site_of(links: Links, path: str) -> dict[str, Any]:
    """The `site` values base.html receives on the page at `path`."""
    plan = pages.plan(links)[path]
    return pages.make(plan, Views(links, plan.depth)).context["site"]


def thing(links: Links, path: str) -> dict[str, Any]:
    """The page's JSON-LD, parsed."""
    return json.loads(site_of(links, path)["json_ld"])


def record(kind: str, record_id: str) -> str:
    return urls.record_page(kind, record_id)


def test_a_person_is_a_person_with_the_roles_held(published):
    person = thing(published, record("person", "ana"))
    assert person["@context"] == "https://schema.org"
    assert person["@type"] == "Person" and person["name"] == "Ana Lind"
    assert person["alternateName"] == ["A. Lind"]
    assert person["description"] == "Head of the harbour fund."
    assert person["url"] == BASE + "people/ana/index.html"
    assert person["worksFor"] == [{"@type": "OrganizationRole", "roleName": "Director", "startDate": "2019-02",
                                   "worksFor": {"@type": "Organization", "name": "Harbour Fund",
                                                "url": BASE + "agencies/fund/index.html"}}]
    assert "sameAs" not in person, "a person's record has no address of its own to give"


def test_without_base_url_no_address_of_the_site_is_given(local):
    person = thing(local, record("person", "ana"))
    assert "url" not in person and "url" not in person["worksFor"][0]["worksFor"]
    home = thing(local, urls.HOME)["@graph"]
    assert all("contentUrl" not in download for download in home[0]["distribution"])
    assert "url" not in home[1]


def test_an_agency_is_an_organization_of_its_kind_with_its_parent_children_and_members(published):
    fund = thing(published, record("agency", "fund"))
    assert fund["@type"] == "GovernmentOrganization"
    assert fund["alternateName"] == ["HF", "The Fund"] and fund["location"] == "Norway"
    assert fund["parentOrganization"] == {"@type": "Organization", "name": "City of Harbour",
                                          "url": BASE + "agencies/city/index.html"}
    assert fund["member"][0]["member"]["name"] == "Ana Lind" and fund["member"][0]["roleName"] == "Director"
    city = thing(published, record("agency", "city"))
    assert city["@type"] == "Organization" and city["subOrganization"][0]["name"] == "Harbour Fund"


def test_a_claim_appears_in_each_source_it_cites_once(published):
    claim_ = thing(published, record("claim", "audited"))
    assert claim_["@type"] == "Claim" and claim_["text"] == "The audit found a larger loss."
    assert claim_["author"] == {"@type": "Organization", "name": "Harbour Fund",
                                "url": BASE + "agencies/fund/index.html"}
    report, article = claim_["appearance"]
    assert report == {"@type": "Report", "name": "Audit report", "datePublished": "2021-05", "inLanguage": "en",
                      "publisher": {"@type": "Organization", "name": "Court of Audit"},
                      "url": BASE + "sources/audit/index.html"}
    assert article["@type"] == "NewsArticle" and article["url"] == "https://gazette.example/fund"
    assert article["archivedAt"] == "https://archive.example/gazette"
    assert article["author"] == [{"@type": "Person", "name": "Mira Holt"}]
    assert claim_["about"] == [{"@type": "Dataset", "name": "Loss of the fund",
                                "url": BASE + "figures/loss/index.html"}]


def test_a_claim_page_reads_the_sources_it_shows_through_views(published):
    plan = pages.plan(published)[record("claim", "audited")]
    page = pages.make(plan, Views(published, plan.depth))
    assert {keys.outline("source", "audit"), keys.outline("source", "gazette")} <= page.inputs  # what it shows of them


def test_only_a_verdict_of_the_curator_is_a_claim_review(published, local):
    assert thing(published, record("claim", "lost"))["review"] == {
        "@type": "ClaimReview", "author": "Mira Holt", "reviewRating": {"@type": "Rating", "alternateName": "Refuted"}}
    assert thing(local, record("claim", "audited"))["review"] == {
        "@type": "ClaimReview", "reviewRating": {"@type": "Rating", "alternateName": "Corroborated"}}
    retracted = thing(published, record("claim", "retracted"))
    assert retracted["creativeWorkStatus"] == "Retracted" and "review" not in retracted


def test_a_claim_is_dated_and_described_by_its_speaker_and_statement(published):
    claim_ = thing(published, record("claim", "lost"))
    assert claim_["datePublished"] == "2021-03"
    site = site_of(published, record("claim", "lost"))
    assert site["description"] == "Ana Lind: The fund lost money."
    assert site["og_type"] == "article"


def test_a_source_is_a_work_of_its_kind(published, local):
    gazette = thing(published, record("source", "gazette"))
    assert gazette["@type"] == "NewsArticle" and gazette["name"] == "Fund lost money"
    assert gazette["url"] == "https://gazette.example/fund" and gazette["datePublished"] == "2021-03-04"
    assert gazette["publisher"] == {"@type": "Organization", "name": "The Gazette"}
    assert "url" not in thing(local, record("source", "audit"))
    site = site_of(local, record("source", "gazette"))
    assert site["description"] == ("The Gazette, 2021-03-04. The harbour fund lost two million euros in 2020, "
                                   "the auditors said.")


def test_a_figure_is_a_dataset_of_its_values(published):
    figure = thing(published, record("figure", "loss"))
    assert figure["@type"] == "Dataset"
    assert figure["variableMeasured"] == {"@type": "PropertyValue", "name": "Loss of the fund", "unitText": "euros"}
    assert [value["url"] for value in figure["isBasedOn"]] == [BASE + "claims/lost/index.html"]
    assert site_of(published, record("figure", "loss"))["description"].startswith(
        "Loss of the fund (euros): 1 reported value, ")


def test_the_home_page_is_the_dossier_as_a_dataset_and_the_website(published):
    dataset, website = thing(published, urls.HOME)["@graph"]
    assert dataset["@type"] == "Dataset" and dataset["name"] == "Test dossier"
    assert dataset["description"] == "What the harbour fund lost."
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["creator"] == "Mira Holt" and dataset["url"] == BASE + urls.DATA
    downloads = {item["name"]: item for item in dataset["distribution"]}
    assert list(downloads) == [urls.DOSSIER_JSON, *urls.DATA_FILES]
    assert downloads["data/claims.csv"] == {"@type": "DataDownload", "name": "data/claims.csv",
                                            "contentUrl": BASE + "data/claims.csv", "encodingFormat": "text/csv"}
    assert downloads["dossier.json"]["encodingFormat"] == "application/json"
    assert website == {"@type": "WebSite", "name": "Test dossier", "url": BASE + "index.html",
                       "description": "What the harbour fund lost.", "inLanguage": "en"}


def test_a_licence_without_an_address_is_named():
    licensed = linked(FILES, dataclasses.replace(CONFIG, license="All rights reserved"))
    dataset = thing(licensed, urls.HOME)["@graph"][0]
    assert dataset["license"] == {"@type": "CreativeWork", "name": "All rights reserved"}


def test_section_and_search_pages_are_web_pages_of_the_site(published):
    people = thing(published, urls.section_page("people"))
    assert people["@type"] == "CollectionPage" and people["name"] == "People"
    assert people["url"] == BASE + "people/index.html"
    assert people["isPartOf"] == {"@type": "WebSite", "name": "Test dossier", "url": BASE + "index.html"}
    assert thing(published, urls.SEARCH)["@type"] == "WebPage"
    assert thing(published, "claims/index.html")["@type"] == "CollectionPage"


def test_open_graph_values(published):
    assert site_of(published, record("person", "ana"))["og_type"] == "profile"
    assert site_of(published, record("agency", "fund"))["og_type"] == "website"
    assert site_of(published, urls.HOME)["og_type"] == "website"
    assert site_of(published, urls.HOME)["locale"] == "en"
    assert [og_locale(tag) for tag in ("en", "en-GB", "kk-Cyrl-KZ", "es-419", "kk-Cyrl")] == [
        "en", "en_GB", "kk_KZ", "es_419", "kk"]


def test_the_json_ld_cannot_end_its_script_element():
    statement = "</script><script>alert(1)</script> <!-- and </SCRIPT"
    text = str(serialise({"text": statement}))
    assert "<" not in text
    assert json.loads(text) == {"text": statement}


def test_serialised_json_ld_is_the_same_for_the_same_object():
    assert serialise({"b": 1, "a": ["é", 2]}) == serialise({"a": ["é", 2], "b": 1}) == '{"a": ["é", 2], "b": 1}'


def test_a_page_is_made_twice_alike(published):
    assert site_of(published, record("claim", "audited")) == site_of(published, record("claim", "audited"))


def test_a_description_is_one_line_cut_on_a_word():
    assert describe("  Two\n  lines. ") == "Two lines."
    text = "word " * 100
    cut = describe(text)
    assert len(cut) <= DESCRIPTION_LIMIT and cut.endswith("word…")
    assert describe("a" * 300) == "a" * (DESCRIPTION_LIMIT - 1) + "…"
    exact = "x" * (DESCRIPTION_LIMIT - 5) + " word"
    assert describe(exact) == exact
    assert describe(exact + " more") == "x" * (DESCRIPTION_LIMIT - 5) + "…"


def test_a_description_does_not_end_on_punctuation_before_its_ellipsis():
    text = "First sentence ends here, " + "and the second goes on " * 10
    cut = describe(text, limit=30)
    assert cut == "First sentence ends here…"
