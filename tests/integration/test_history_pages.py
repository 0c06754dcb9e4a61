"""History as readers see it, built from a real git repository (docs/history.md): five commits (a
value changed, a quote corrected, a claim retracted, a person renamed, a source added) each listed,
with its date, on the pages of the records it changed, on the Changes page and in changes.xml,
which is valid Atom (RFC 4287's RELAX NG schema) and links only to pages the site has. Builds are
the same bytes every time, with or without the cache; a rebuild after a new commit equals a full
build; outside git the site has no history at all."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree
from support.dossiers import assert_same_tree, full_build, tree
from support.git import Repo

from generator.build import Builder, build
from generator.core.layout import CACHE_FOLDER
from generator.site import changes_page

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parents[1] / "support" / "atom.rng")))
NEW_SOURCE = ("content/sources/harbour-fund-report-2021.txt",
              "---\ntitle: Harbour fund annual report\npublisher: Harbour Fund\ndate: 2021-04-01\n---\nThe report.\n")
COMMITS = (
    ("2026-02-01T09:00:00+00:00", "Give the fund's own estimate as an upper bound",
     lambda repo: repo.edit("content/claims/fund.yaml", "value: [0, 500000]", "value: [0, 400000]")),
    ("2026-02-02T09:00:00+00:00", "Quote Berg without the quotation marks",
     lambda repo: repo.edit("content/claims/audit.yaml",
                            "quote: '\"We found that more than 40 percent of the payments had no invoice,\"'",
                            "quote: more than 40 percent of the payments had no invoice")),
    ("2026-02-03T09:00:00+00:00", "Berg retracted his estimate",
     lambda repo: repo.edit("content/claims/audit.yaml", "status: disputed", "status: retracted")),
    ("2026-02-04T09:00:00+00:00", "Mira Holt's page under her full name",
     lambda repo: repo.git("mv", "content/people/mira-holt.yaml", "content/people/mira-holt-larsen.yaml")),
    ("2026-02-05T09:00:00+00:00", "Add the fund's annual report", lambda repo: repo.write(dict([NEW_SOURCE]))),
)


def commit_at(repo: Repo, monkeypatch: pytest.MonkeyPatch, when: str, subject: str) -> None:
    monkeypatch.setenv("GIT_COMMITTER_DATE", when)
    monkeypatch.setenv("GIT_AUTHOR_DATE", when)
    repo.commit(subject)


@pytest.fixture
def history(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The complete fixture committed, then the five commits of the issue, a day apart."""
    for when, subject, change in COMMITS:
        change(repo)
        commit_at(repo, monkeypatch, when, subject)
    return repo


def built(root: Path) -> Path:
    result = build(root / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return root / "site"


def history_section(page: Path) -> str:
    found = re.search(r'<section class="history".*?</section>', page.read_text(encoding="utf-8"), re.S)
    assert found, f"{page} has no History section"
    return found.group(0)


@pytest.mark.parametrize(("page", "day", "line"), [
    ("claims/lind-no-money-lost/index.html", "2026-02-01", "value: "),
    ("claims/berg-payments-without-invoice/index.html", "2026-02-02", "quote"),
    ("claims/berg-fund-lost-2-million/index.html", "2026-02-03", "status: disputed → retracted"),
    ("people/mira-holt-larsen/index.html", "2026-02-04", "renamed from mira-holt"),
    ("sources/harbour-fund-report-2021/index.html", "2026-02-05", "added"),
])
def test_each_changed_record_lists_its_change_with_its_date(history, page, day, line):
    section = history_section(built(history.root) / page)
    newest = section.split("</ul>")[0]
    assert f'<time datetime="{day}">' in newest and line in newest, section


def test_a_record_lists_its_changes_newest_first_down_to_its_first_appearance(history):
    section = history_section(built(history.root) / "claims/berg-fund-lost-2-million/index.html")
    days = re.findall(r'<time datetime="([0-9-]+)">', section)
    assert days == ["2026-02-03", "2026-01-02"]
    assert section.split("</ul>")[-2].endswith("<li>added</li>\n")
    assert "Berg retracted his estimate" in section


def test_a_citation_gives_the_day_of_the_records_own_last_change(history):
    """Not of the last commit to its file: a claim's neighbour in the same claims file changed a
    day later (docs/about-page.md, "Dates from git")."""
    site = built(history.root)
    quoted = (site / "claims/berg-payments-without-invoice/index.html").read_text(encoding="utf-8")
    retracted = (site / "claims/berg-fund-lost-2-million/index.html").read_text(encoding="utf-8")
    assert "Last changed 2 February 2026." in quoted and "Last changed 3 February 2026." not in quoted
    assert "Last changed 3 February 2026." in retracted


def test_the_changes_page_lists_every_commit_newest_first_each_record_linked(history):
    site = built(history.root)
    page = (site / "changes/index.html").read_text(encoding="utf-8")
    subjects = [subject for _, subject, _ in reversed(COMMITS)] + ["The harbour fund dossier"]
    positions = [page.index(subject.replace("'", "&#39;")) for subject in subjects]
    assert positions == sorted(positions)
    assert 'href="../people/mira-holt-larsen/index.html"' in page
    assert 'href="../changes.xml"' in page
    assert 'href="../changes/index.html">Changes</a>' in (site / "about/index.html").read_text(encoding="utf-8")


def test_changes_xml_is_valid_atom_and_lists_the_commits_with_links_that_resolve(history):
    site = built(history.root)
    document = etree.parse(str(site / "changes.xml"))
    assert SCHEMA.validate(document), SCHEMA.error_log
    feed = ET.parse(site / "changes.xml").getroot()
    entries = feed.findall("a:entry", ATOM)
    assert [entry.findtext("a:title", namespaces=ATOM) for entry in entries] == [
        *(subject for _, subject, _ in reversed(COMMITS)), "The harbour fund dossier"]
    assert entries[0].findtext("a:updated", namespaces=ATOM) == "2026-02-05T09:00:00Z"
    assert feed.find("a:author/a:name", ATOM) is not None  # RFC 4287's rule: the feed has an author
    assert all(entry.find("a:link[@rel='alternate']", ATOM) is not None for entry in entries)
    assert len({entry.findtext("a:id", namespaces=ATOM) for entry in entries}) == len(entries)
    links = [link.get("href") for link in feed.iter(f"{{{ATOM['a']}}}link")]
    links += re.findall(r'href="([^"]+)"', "".join(entry.findtext("a:content", namespaces=ATOM) for entry in entries))
    for href in links:
        assert (site / href.split("#")[0]).is_file(), href


def test_with_base_url_the_feed_links_are_absolute_and_valid(history):
    with (history.root / "config.yaml").open("a", encoding="utf-8") as config:
        config.write("base_url: https://example.org/harbour/\ncurator: Mira Holt\n")
    document = etree.parse(str(built(history.root) / "changes.xml"))
    assert SCHEMA.validate(document), SCHEMA.error_log
    hrefs = document.xpath("//a:link/@href", namespaces=ATOM)
    assert hrefs and all(href.startswith("https://example.org/harbour/") for href in hrefs)
    assert document.xpath("string(/a:feed/a:author/a:name)", namespaces=ATOM) == "Mira Holt"


def test_builds_are_the_same_bytes_again_and_without_the_cache(history, tmp_path):
    first = tree(built(history.root))
    assert tree(built(history.root)) == first
    shutil.rmtree(history.root / CACHE_FOLDER, ignore_errors=True)
    assert_same_tree(tree(built(history.root)), first, "differs without .dossier-cache")


def test_a_rebuild_after_a_new_commit_equals_a_full_build(history, tmp_path, monkeypatch):
    builder = Builder(history.root / "config.yaml")
    assert builder.build().report is not None
    history.edit("content/people/ana-lind.yaml", "name: Ana Lind", "name: Ana Lind-Berg")
    commit_at(history, monkeypatch, "2026-02-06T09:00:00+00:00", "Ana Lind's married name")
    result = builder.build()
    assert result.report is not None
    assert "people/ana-lind/index.html" in result.rendered and "changes/index.html" in result.rendered
    assert_same_tree(tree(history.root / "site"), full_build(history.root, tmp_path), "differs from a full build")


def test_outside_git_the_site_has_no_history_no_changes_page_and_no_feed(dossier):
    site = built(dossier())
    assert not (site / "changes.xml").exists() and not (site / "changes").exists()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'class="history"' not in text and "changes.xml" not in text and "Changes</a>" not in text, page


def test_a_commit_that_adds_a_changes_page_rebuilds_equal_to_a_full_build(history, tmp_path, monkeypatch):
    monkeypatch.setattr(changes_page, "COMMITS_PER_PAGE", 2)
    builder = Builder(history.root / "config.yaml")
    assert builder.build().report is not None
    site = history.root / "site"
    assert sorted(path.name for path in (site / "changes").iterdir()) == ["index.html", "page-2.html", "page-3.html"]
    history.write({"content/people/eva-sund.yaml": "name: Eva Sund\n"})
    commit_at(history, monkeypatch, "2026-02-06T09:00:00+00:00", "Add Eva Sund")
    assert builder.build().report is not None
    assert (site / "changes/page-4.html").is_file()
    assert 'href="../changes/page-4.html"' in (site / "changes/index.html").read_text(encoding="utf-8")
    assert_same_tree(tree(site), full_build(history.root, tmp_path), "differs from a full build")
