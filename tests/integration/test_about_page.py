"""The About page, "cite this page" and the footer links, in built sites: the settings of config.yaml
shown, the last-changed date from git's commits (absent outside git), builds of one commit byte for
byte the same, and pages rendered again exactly when a date they show changes."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from support.dossiers import tree
from support.git import Repo
from support.html import parse

from generator.build import Builder, build

SETTINGS = ("curator: Mira Holt\nlicense: CC BY 4.0\nlicense_url: https://creativecommons.org/licenses/by/4.0/\n"
            "contact: corrections@example.org\nabout: |\n  Kept by *the harbour desk*.\n")
BASE_URL = "base_url: https://example.org/fund/\n"
ABOUT = "site/about/index.html"
ANA = "content/people/ana-lind.yaml"
RECORD_PAGES = ("people/ana-lind/index.html", "agencies/harbour-fund/index.html",
                "figures/harbour-fund-loss-2020/index.html", "sources/fund-statement-2021-03/index.html",
                "claims/lind-no-money-lost/index.html")


def with_settings(root: Path, more: str = "") -> Path:
    config = root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + SETTINGS + more, encoding="utf-8")
    return root


def built(root: Path) -> Path:
    result = build(root / "config.yaml")
    assert result.report is not None, [problem.format() for problem in result.checked.diagnostics]
    return root / "site"


@pytest.fixture
def repo_with_settings(repo: Repo) -> Repo:
    """The fixture dossier with the About settings and a base URL, committed; its site and cache ignored."""
    with_settings(repo.root, BASE_URL)
    repo.write({".gitignore": "site/\n.dossier-cache/\n"})
    repo.commit("About settings")
    return repo


def cite_text(site: Path, page: str) -> str:
    """The text of the page's "Cite this page" section, its heading first."""
    html = (site / page).read_text(encoding="utf-8")
    section = re.search(r'<section class="cite" aria-labelledby="cite">(.*?)</section>', html, re.DOTALL)
    assert section is not None, page
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", section.group(1))).split())


def test_the_about_page_shows_the_settings_and_the_commit_date(repo_with_settings):
    html = (built(repo_with_settings.root).parent / ABOUT).read_text(encoding="utf-8")
    assert "<dt>Curated by</dt><dd>Mira Holt</dd>" in html
    assert ('<a href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener noreferrer">'
            'CC BY 4.0</a>') in html
    assert '<a href="mailto:corrections@example.org">corrections@example.org</a>' in html
    assert "Kept by <em>the harbour desk</em>." in html
    assert '<dt>Last changed</dt><dd><time datetime="2026-01-02">2 January 2026</time></dd>' in html
    assert 'id="method"' in html and "SHA-256" in html


def test_outside_git_no_date_is_shown(dossier):
    site = built(with_settings(dossier()))
    assert "Last changed" not in (site / "about/index.html").read_text(encoding="utf-8")
    assert cite_text(site, "people/ana-lind/index.html") == (
        "Cite this page “Ana Lind.” Harbour fund inquiry, curated by Mira Holt.")


def test_outside_git_source_date_epoch_dates_the_dossier(dossier, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    site = built(with_settings(dossier()))
    assert '<time datetime="2026-01-02">' in (site / "about/index.html").read_text(encoding="utf-8")
    assert "Last changed" not in cite_text(site, "people/ana-lind/index.html")


def test_every_record_page_is_cited_with_its_address_and_date(repo_with_settings):
    site = built(repo_with_settings.root)
    for page in RECORD_PAGES:
        text = cite_text(site, page)
        assert text.startswith("Cite this page “"), page
        assert text.endswith(f"Harbour fund inquiry, curated by Mira Holt. Last changed 2 January 2026. "
                             f"https://example.org/fund/{page}"), text
    assert "“The fund says it lost no money in 2020" in cite_text(site, "claims/lind-no-money-lost/index.html")


def test_two_builds_of_one_commit_are_byte_identical_and_an_uncommitted_edit_keeps_the_date(
        repo_with_settings, monkeypatch, tmp_path):
    root = repo_with_settings.root
    first = tree(built(root))
    clone = tmp_path / "clone"
    Repo(tmp_path).git("clone", "-q", str(root), str(clone))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert tree(built(clone)) == first
    repo_with_settings.edit(ANA, "name: Ana Lind", "name: Ana Lind-Holt")
    site = built(root)
    assert cite_text(site, "people/ana-lind/index.html").startswith("Cite this page “Ana Lind-Holt.”")
    assert "Last changed 2 January 2026." in cite_text(site, "people/ana-lind/index.html")


def test_the_footer_of_every_page_links_to_the_about_and_data_pages(repo_with_settings):
    site = built(repo_with_settings.root)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        links = set(parse(page).links)
        about, data = ("../" * (len(page.relative_to(site).parts) - 1) + name for name in
                       ("about/index.html", "data/index.html"))
        assert {about, data} <= links, page
    assert (site / "about/index.html").is_file() and (site / "data/index.html").is_file()


def test_a_new_commit_renders_again_exactly_the_pages_whose_dates_it_changes(repo_with_settings, monkeypatch):
    root = repo_with_settings.root
    builder = Builder(root / "config.yaml", serial=True)
    builder.build()
    repo_with_settings.edit(ANA, "name: Ana Lind", "name: Ana Lind-Holt")
    edited = builder.build(changed={root / ANA})
    assert "people/ana-lind/index.html" in edited.rendered
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-02-03T12:00:00+00:00")
    repo_with_settings.commit("Ana's full name")
    dated = builder.build(changed=set())
    assert dated.rendered == ("about/index.html", "changes/index.html",  # it lists the commit (docs/history.md)
                              "people/ana-lind/index.html")
    assert "Last changed 3 February 2026." in cite_text(root / "site", "people/ana-lind/index.html")
    assert "Last changed 2 January 2026." in cite_text(root / "site", "people/jonas-berg/index.html")
    fresh = Builder(root / "config.yaml", serial=True)
    (root / "site" / "index.html").unlink()
    fresh.build()
    assert "3 February 2026" in (root / ABOUT).read_text(encoding="utf-8")


def test_the_no_change_shortcut_builds_again_after_a_commit(repo_with_settings, cli, monkeypatch):
    root = repo_with_settings.root
    assert cli("build", cwd=root).code == 0
    assert "nothing changed" in cli("build", cwd=root).err
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-02-03T12:00:00+00:00")
    repo_with_settings.git("commit", "-q", "--allow-empty", "-m", "a commit that changes no file")
    run = cli("build", cwd=root)
    assert "nothing changed" not in run.err
    assert re.search(r'<time datetime="2026-02-03">', (root / ABOUT).read_text(encoding="utf-8"))
