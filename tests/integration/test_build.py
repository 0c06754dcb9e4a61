"""`dossier build` end to end: pages, links, safety of the output folder, determinism, golden output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.dossiers import FIXTURES, REPO, assert_same_tree, copy_sample, tree
from support.html import broken_links, element_text, parse

from generator.build import build
from generator.text import quotes

GOLDEN = REPO / "tests" / "golden" / "complete"


def built_site(root: Path) -> Path:
    result = build(root / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return root / "site"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(copy_sample(tmp_path_factory.mktemp("sample")))


def test_sample_dossier_has_every_page_of_the_spec(sample_site):
    for section in ("people", "agencies", "figures", "sources", "claims"):
        assert (sample_site / section / "index.html").is_file()
    assert (sample_site / "index.html").is_file()
    assert (sample_site / "people" / "nurtai-abykayev" / "index.html").is_file()
    assert (sample_site / "agencies" / "knb" / "index.html").is_file()
    assert (sample_site / "figures" / "kazakh-nationals-in-is" / "index.html").is_file()
    assert (sample_site / "dossier.json").is_file()
    assert not (sample_site / "sitemap.xml").exists(), "no base_url, no sitemap"


def test_every_internal_link_and_anchor_of_the_sample_site_resolves(sample_site):
    problems, checked = broken_links(sample_site)
    assert problems == []
    assert checked > 1000


def test_every_citation_links_to_an_element_holding_the_whole_quote(sample_site):
    data = json.loads((sample_site / "dossier.json").read_text())
    citations = [c for claim in data["claims"] for c in claim["citations"]]
    citations += [c for person in data["people"] for role in person["roles"] for c in role["citations"]]
    assert len(citations) > 100
    for citation in citations:
        page, anchor = citation["url"].split("#")
        text = element_text((sample_site / page).read_text(encoding="utf-8"), anchor)
        assert text is not None, citation
        assert quotes.fold_quote(citation["quote"]) in quotes.fold(text).text, citation


def test_rendered_claims_carry_data_claim_and_relative_citation_links(sample_site):
    html = (sample_site / "people" / "nurtai-abykayev" / "index.html").read_text()
    assert 'data-claim="abykayev-over-300-kazakhs-in-is"' in html
    assert 'href="../../sources/tengrinews-2014-11-20-300-kazakhstanis/index.html#q-' in html
    assert "https://" not in html.split("<main", 1)[1].split("</main>")[0] or "#:~:text=" in html


def test_dossier_json_resolves_references_and_quote_offsets(sample_site):
    data = json.loads((sample_site / "dossier.json").read_text())
    assert data["schema"] == 1
    claim = next(c for c in data["claims"] if c["id"] == "abykayev-over-300-kazakhs-in-is")
    assert claim["by"] == {"id": "nurtai-abykayev", "url": "people/nurtai-abykayev/index.html"}
    assert claim["value"] == 300
    source = REPO / "content" / "sources" / f"{claim['citations'][0]['source']['id']}.txt"
    body = source.read_text().split("\n---\n", 1)[1]
    first = claim["citations"][0]
    assert " ".join(body[first["start"]:first["end"]].split()) == " ".join(first["quote"].split())


def test_source_text_links_mentions_and_never_inside_another_link(sample_site):
    html = (sample_site / "sources" / "tengrinews-2014-11-20-300-kazakhstanis" / "index.html").read_text()
    assert '<a class="mention" href="../../people/nurtai-abykayev/index.html">Nurtai Abykayev</a>' in html
    text = html.split('<div class="source-text', 1)[1].split("</div>\n</section>")[0]
    depth = 0
    for piece in text.split("<a ")[1:]:
        assert "</a>" in piece.split("<a", 1)[0]
    assert depth == 0


def _list_names(page: Path, list_class: str) -> list[str]:
    html = page.read_text().split(f'<ul class="{list_class}">', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item.split("</a>", 1)[0]) for item in html.split("<li>")[1:]]


def test_indexes_list_records_by_the_name_shown_not_by_id(sample_site):
    agencies = _list_names(sample_site / "agencies" / "index.html", "entity-list")
    assert agencies == sorted(agencies, key=lambda name: name.removeprefix("The ").casefold())
    assert agencies.index("Anti-Terrorist Centre of Kazakhstan") < agencies.index("The Astana Times") \
        < agencies.index("Commonwealth of Independent States"), "a leading 'The' does not count"
    figures = _list_names(sample_site / "figures" / "index.html", "figure-list")
    assert figures == sorted(figures, key=lambda name: name.casefold())
    assert figures.index("Kazakh citizens prevented from leaving to join terrorist groups abroad") > figures.index(
        "Deaths the Islamic State is responsible for"), "listed by name, not by its id 'citizens-prevented-…'"


def test_figure_summaries_keep_the_qualifiers_of_the_values(sample_site):
    home = (sample_site / "index.html").read_text()
    assert "1 value, more than 80 countries" in home
    assert "2 values, from about 300 to more than 300 people" in home
    figure = (sample_site / "figures" / "kazakh-nationals-in-is" / "index.html").read_text()
    assert "2 reported values: <strong>from about 300 to more than 300 people</strong>." in figure


@pytest.mark.parametrize(("page", "current"), [
    ("people/index.html", '<a href="../people/index.html" aria-current="page">People</a>'),
    ("people/nurtai-abykayev/index.html", '<a href="../../people/index.html" aria-current="true">People</a>'),
    ("claims/abykayev-over-300-kazakhs-in-is/index.html",
     '<a href="../../claims/index.html" aria-current="true">Claims</a>'),
    ("index.html", None),
])
def test_the_navigation_marks_the_current_page_and_the_current_section_apart(sample_site, page, current):
    html = (sample_site / page).read_text()
    assert html.count("aria-current=") == (current is not None)
    assert current is None or current in html


def test_the_search_index_lists_every_record_with_a_page_that_exists(sample_site):
    script = (sample_site / "search-index.js").read_text()
    assert script.startswith("window.DOSSIER_SEARCH = ") and script.endswith(";\n")
    entries = json.loads(script.removeprefix("window.DOSSIER_SEARCH = ").removesuffix(";\n"))
    data = json.loads((sample_site / "dossier.json").read_text())
    kinds = {"people": "person", "agencies": "agency", "figures": "figure", "sources": "source", "claims": "claim"}
    assert sorted((kind, page) for kind, _, page, _ in entries) == sorted(
        (kinds[section], record["url"]) for section in kinds for record in data[section])
    assert all((sample_site / page).is_file() for _, _, page, _ in entries)
    claim = next(entry for entry in entries if entry[2] == "claims/abykayev-over-300-kazakhs-in-is/index.html")
    assert "Nurtai Abykayev" in claim[3], "a claim is found by the name of who said it"
    assert (sample_site / "search" / "index.html").is_file()


def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    sites = []
    for name, seed in (("one", "1"), ("two", "2")):
        root = copy_sample(tmp_path / name)
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "Asia/Tokyo" if seed == "1" else "UTC"}
        subprocess.run([sys.executable, "-m", "generator", "build", "--quiet"], cwd=root, env=env, check=True)
        sites.append(tree(root / "site"))
    assert sites[0] == sites[1]


def test_second_build_rewrites_nothing(dossier):
    root = dossier()
    built_site(root)
    result = build(root / "config.yaml")
    assert result.report.written == 0
    assert result.report.removed == 0


def test_failed_build_leaves_the_previous_site_byte_for_byte(dossier, cli):
    root = dossier()
    site = built_site(root)
    before = tree(site)
    (root / "content" / "claims" / "fund.yaml").write_text("- id: broken\n  statement: [unclosed\n")
    run = cli("build", cwd=root)
    assert run.code == 1
    assert "nothing was written" in run.err
    assert tree(site) == before
    assert not list(root.glob("site.tmp-*"))


def test_a_rebuild_updates_the_site_in_place_and_leaves_unchanged_files_untouched(dossier):
    root = dossier()
    site = built_site(root)
    kept, changed = site / "people" / "mira-holt" / "index.html", site / "people" / "ana-lind" / "index.html"
    kept_before, site_before = kept.stat(), site.stat()
    (root / "content/people/ana-lind.yaml").write_text(
        (root / "content/people/ana-lind.yaml").read_text().replace("name: Ana Lind", "name: Ana M. Lind"))
    build(root / "config.yaml")
    assert "Ana M. Lind" in changed.read_text()
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (kept_before.st_ino, kept_before.st_mtime_ns)
    assert site.stat().st_ino == site_before.st_ino, "the same folder: a server or shell inside it keeps seeing it"
    assert sorted(path.name for path in root.iterdir() if path.name.startswith("site")) == ["site"]


def test_removed_records_disappear_from_the_site(dossier):
    root = dossier()
    site = built_site(root)
    assert (site / "people" / "mira-holt" / "index.html").exists()
    (root / "content" / "people" / "mira-holt.yaml").unlink()
    (root / "content" / "sources" / "gazette-2021-03-04-harbour-fund.txt").write_text(
        (root / "content" / "sources" / "gazette-2021-03-04-harbour-fund.txt").read_text().replace(
            "authors: [Mira Holt]\n", ""))
    built_site(root)
    assert not (site / "people" / "mira-holt").exists()


def test_files_are_made_as_the_umask_says(dossier):
    old = os.umask(0o077)
    try:
        site = built_site(dossier())
    finally:
        os.umask(old)
    assert {oct(path.stat().st_mode & 0o777) for path in site.rglob("*") if path.is_file()} == {"0o600"}
    assert {oct(path.stat().st_mode & 0o777) for path in [site, *site.rglob("*")] if path.is_dir()} == {"0o700"}


def test_refuses_to_write_into_a_folder_it_did_not_make(dossier, cli):
    root = dossier()
    (root / "site").mkdir()
    (root / "site" / "thesis.docx").write_text("years of work")
    run = cli("build", cwd=root)
    assert run.code == 2
    assert "not made by dossier" in run.err
    assert (root / "site" / "thesis.docx").read_text() == "years of work"


def test_sitemap_and_canonical_links_when_base_url_is_set(dossier):
    root = dossier({"config.yaml": "title: Harbour\nbase_url: https://example.org/harbour\n"})
    site = built_site(root)
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://example.org/harbour/people/ana-lind/index.html</loc>" in sitemap
    assert '<link rel="canonical" href="https://example.org/harbour/index.html">' in (site / "index.html").read_text()


def test_directory_link_style(dossier):
    site = built_site(dossier({"config.yaml": "title: Harbour\nlink_style: directory\n"}))
    html = (site / "people" / "ana-lind" / "index.html").read_text()
    assert 'href="../../agencies/harbour-fund/"' in html
    assert "index.html" not in html.split("<main", 1)[1]


def test_an_output_folder_inside_folders_that_do_not_exist_yet_is_made(dossier, cli):
    root = dossier({"config.yaml": "title: Harbour\noutput_dir: public/www/site\n"})
    run = cli("build", cwd=root)
    assert run.code == 0, run.err
    assert (root / "public" / "www" / "site" / "people" / "ana-lind" / "index.html").is_file()
    assert sorted(path.name for path in (root / "public" / "www").iterdir()) == ["site"], "no staging folder left"


def test_an_output_folder_under_a_file_is_a_configuration_error(dossier, cli):
    root = dossier({"config.yaml": "title: Harbour\noutput_dir: notes.txt/site\n", "notes.txt": "keep\n"})
    run = cli("build", cwd=root)
    assert run.code == 2
    assert "cannot make the output folder" in run.err and "Traceback" not in run.err
    assert (root / "notes.txt").read_text() == "keep\n"


def test_templates_beside_the_config_override_the_defaults_file_by_file(dossier):
    root = dossier({"templates/claim.html": '{% extends "base.html" %}{% block main %}<h1>CUSTOM {{ claim.id }}'
                                            "</h1>{% endblock %}\n",
                    "templates/assets/extra.css": "body { color: red }\n"})
    site = built_site(root)
    assert "<h1>CUSTOM lind-no-money-lost</h1>" in (site / "claims" / "lind-no-money-lost" / "index.html").read_text()
    assert "<h1>Ana Lind</h1>" in (site / "people" / "ana-lind" / "index.html").read_text()
    assert (site / "assets" / "extra.css").is_file() and (site / "assets" / "style.css").is_file()


def test_a_template_error_is_reported_at_the_templates_line(dossier, cli):
    root = dossier({"templates/claim.html": '{% extends "base.html" %}\n{% block main %}\n{{ claim.titel }}\n'
                                            "{% endblock %}\n"})
    run = cli("build", cwd=root)
    assert run.code == 1
    assert "templates/claim.html:3:1: error: template error:" in run.err
    assert "titel" in run.err
    assert not (root / "site").exists()


def test_a_template_linked_to_a_file_outside_the_templates_folder_is_refused(dossier, cli, tmp_path):
    secret = tmp_path / "outside" / "private.txt"
    secret.parent.mkdir()
    secret.write_text("PRIVATE-NOTES\n")
    root = dossier({"templates/assets/keep.css": ""})
    (root / "templates" / "person.html").symlink_to(secret)
    run = cli("build", cwd=root)
    assert run.code == 1
    assert "templates/person.html:1:1: error: template error: template 'person.html' is a link to" in run.err
    assert "outside the templates folder" in run.err
    assert not (root / "site").exists() or "PRIVATE-NOTES" not in "".join(
        path.read_text() for path in (root / "site").rglob("*.html"))


def test_golden_output_of_the_fixture_dossier(dossier):
    """Set DOSSIER_UPDATE_GOLDEN=1 to rewrite tests/golden/complete after a deliberate change. The
    search index (pagefind/) is left out: its files are gzip streams, whose bytes depend on the zlib
    that made them; tests/integration/test_search_index.py checks it is the same from build to build."""
    site = built_site(dossier())
    actual = {path: data for path, data in tree(site).items() if not path.startswith("pagefind/")}
    if os.environ.get("DOSSIER_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(site, GOLDEN, ignore=lambda folder, names: ["pagefind"] if Path(folder) == site else [])
    assert_same_tree(actual, tree(GOLDEN), "the fixture's site differs from tests/golden/complete (if the change is "
                     "deliberate, DOSSIER_UPDATE_GOLDEN=1 rewrites it)")


def test_a_plain_pip_install_builds_a_dossier_folder(tmp_path):
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(REPO)], check=True, capture_output=True)
    assert (target / "generator" / "templates" / "base.html").is_file()
    root = tmp_path / "newsroom"
    shutil.copytree(FIXTURES / "complete", root)
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "assets" / "style.css").is_file()
    assert parse(root / "site" / "index.html").ids


def test_a_build_with_nothing_changed_stops_early_and_anything_changed_builds(dossier, cli):
    root = dossier({"content/figures/unused.yaml": "name: Unused\nunit: things\n"})
    first = cli("build", cwd=root)
    assert first.code == 0 and "not referenced" in first.err
    again = cli("build", cwd=root)
    assert "nothing changed since the last build" in again.err
    assert "content/figures/unused.yaml:1:1: warning: figure 'unused' is not referenced" in again.err
    (root / "site" / "people" / "ana-lind" / "index.html").unlink()
    repaired = cli("build", cwd=root)
    assert "nothing changed" not in repaired.err
    assert (root / "site" / "people" / "ana-lind" / "index.html").is_file()
    page = root / "site" / "people" / "index.html"
    page.write_text(page.read_text().replace("Ana Lind", "Someone Else"))
    assert "nothing changed" not in cli("build", cwd=root).err, "a page edited by hand is written again"
    assert "Someone Else" not in page.read_text()
    (root / "site" / "people" / "stray.html").write_text("left over")
    assert "nothing changed" not in cli("build", cwd=root).err, "a stray file is pruned"
    assert not (root / "site" / "people" / "stray.html").exists()
    assert "nothing changed" in cli("build", cwd=root).err
    path = root / "content" / "people" / "ana-lind.yaml"
    path.write_text(path.read_text().replace("name: Ana Lind", "name: Ana M. Lind"))
    edited = cli("build", cwd=root)
    assert "nothing changed" not in edited.err
    assert "Ana M. Lind" in (root / "site" / "people" / "ana-lind" / "index.html").read_text()
    path.write_text("name: [broken\n")
    assert cli("build", cwd=root).code == 1
    assert cli("build", cwd=root).code == 1, "a failed build leaves nothing to shortcut"


def test_the_no_change_shortcut_watches_the_built_in_templates(tmp_path, monkeypatch):
    """In a checkout the built-in templates sit beside the package, not in it: editing one must
    make the next build render again."""
    from generator.incremental import uptodate

    templates = tmp_path / "builtin"
    templates.mkdir()
    (templates / "base.html").write_text("one")
    (tmp_path / "config.yaml").write_text("title: T\n")
    folders = {"content_dir": "content", "templates_dir": "templates"}
    monkeypatch.setattr(uptodate, "default_templates", lambda: templates)
    before = uptodate.fingerprint(tmp_path / "config.yaml", folders, strict=False)
    (templates / "base.html").write_text("two, longer")
    assert uptodate.fingerprint(tmp_path / "config.yaml", folders, strict=False) != before
