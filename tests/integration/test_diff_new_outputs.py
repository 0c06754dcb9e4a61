"""`dossier diff` names the files of the About page, the Data page, the open data files and the
full-text index (`pagefind/`) that a change alters, checked against real builds of both sides of a
change committed in a git repository (docs/review.md, "The files of the site that change")."""

from __future__ import annotations

from pathlib import Path

from support.dossiers import AUDIT, FIXTURES, GAZETTE, build_copy, changed_files, tree
from support.git import Repo, run_json

from generator.core import urls

JONAS = "content/people/jonas-berg.yaml"


def reported_and_built(repo: Repo, cli, tmp_path: Path) -> tuple[set[str], set[str]]:
    """(the files `dossier diff` lists for the branch, the files that differ between builds of its
    merge base and of the working tree). Both sides are built outside git, so that dates from git,
    which the diff leaves out, are the same on both."""
    reported = {page["path"] for page in run_json(cli, repo)["pages"]}
    before = tree(build_copy(FIXTURES / "complete", tmp_path / "base"))
    after = tree(build_copy(repo.root, tmp_path / "head"))
    return reported, changed_files(before, after)


def test_a_claim_statement_change_lists_its_row_the_search_indexes_and_its_pages(repo, cli, tmp_path):
    """The claim reports a value, but figures.csv has no statement column (docs/open-data.md)."""
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(AUDIT, "lost about 2 million euros in 2020.", "lost about 2 million euros in 2020, the auditor said.")
    repo.commit("Reword the auditor's claim")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert reported == built
    assert {"data/claims.csv", "data/index.html", urls.SEARCH_BUNDLE, urls.SEARCH_INDEX,
            "claims/berg-fund-lost-2-million/index.html", "figures/harbour-fund-loss-2020/index.html",
            "people/jonas-berg/index.html", "sources/gazette-2021-03-04-harbour-fund/index.html"} <= reported
    assert "data/figures.csv" not in reported
    assert not any(path.startswith(urls.SEARCH_BUNDLE) and path != urls.SEARCH_BUNDLE for path in reported)


def test_a_status_change_lists_figures_csv_only_for_a_claim_with_a_value(repo, cli, tmp_path):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(AUDIT, "  as_of: 2020\n  status: disputed\n", "  as_of: 2020\n  status: corroborated\n")
    repo.commit("The auditor's figure is corroborated")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert built <= reported, sorted(built - reported)
    assert reported - built == {urls.HOME, "figures/index.html"}  # the spread is the same (docs/review.md)
    assert {"data/claims.csv", "data/figures.csv", urls.SEARCH_BUNDLE} <= reported


def test_a_note_on_a_claim_without_a_value_leaves_figures_csv_alone(repo, cli, tmp_path):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(AUDIT, "it is not independent support for it.", "it is not independent support.")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert reported == built
    assert {"data/claims.csv", urls.SEARCH_BUNDLE} <= reported and "data/figures.csv" not in reported


def test_a_contact_change_lists_the_about_page_only(repo, cli, tmp_path):
    repo.git("checkout", "-q", "-b", "review")
    (repo.root / "config.yaml").write_text((repo.root / "config.yaml").read_text(encoding="utf-8")
                                           + "contact: curators@example.org\n", encoding="utf-8")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert reported == built == {urls.ABOUT}


def test_a_curator_change_lists_the_citations_and_the_datasets(repo, cli, tmp_path):
    repo.git("checkout", "-q", "-b", "review")
    (repo.root / "config.yaml").write_text((repo.root / "config.yaml").read_text(encoding="utf-8")
                                           + "curator: Mira Holt\n", encoding="utf-8")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert reported == built
    assert {urls.ABOUT, urls.DATA, urls.HOME, "people/ana-lind/index.html"} <= reported
    assert "dossier.json" not in reported and urls.SEARCH_BUNDLE not in reported


def test_a_person_renamed_lists_people_csv_and_the_files_that_show_the_name(repo, cli, tmp_path):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(JONAS, "name: Jonas Berg", "name: Jonas A. Berg")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert reported == built
    assert {"data/people.csv", "data/claims.csv", "data/figures.csv", "data/index.html", urls.SEARCH_BUNDLE,
            urls.SEARCH_INDEX} <= reported
    assert {"data/agencies.csv", "data/sources.csv", "data/sources.json"}.isdisjoint(reported)


def test_a_source_s_kind_lists_the_claim_pages_that_cite_it_as_a_work(repo, cli, tmp_path):
    """A claim page's JSON-LD names the sources it cites as works of their kind (docs/linked-data.md)."""
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(GAZETTE, "kind: news\n", "kind: blog\n")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert reported == built
    assert {"data/sources.csv", "data/sources.json", "claims/berg-fund-lost-2-million/index.html",
            "claims/berg-payments-without-invoice/index.html"} <= built
    assert urls.SEARCH_BUNDLE not in reported and "data/claims.csv" not in reported


def test_the_history_from_git_is_left_out_like_its_dates(repo, cli, tmp_path):
    """Both sides are built outside git: neither has a Changes page or a feed (docs/history.md)."""
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(AUDIT, "status: disputed", "status: retracted")
    repo.commit("The auditor retracted his estimate")
    reported, built = reported_and_built(repo, cli, tmp_path)
    assert "claims/berg-fund-lost-2-million/index.html" in reported
    history = {path for path in reported | built if path.startswith("changes/") or path == urls.CHANGES_FEED}
    assert history == set()
