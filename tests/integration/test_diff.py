"""`dossier diff` against real git repositories made here: branches, merge bases, every kind of change,
broken quotes, unreadable files, errors, the three formats, and the site files a change touches."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter

import pytest
from markdown_it import MarkdownIt
from support.dossiers import FIXTURES, REPO, build_copy, changed_files, copy_sample, tree
from support.git import Repo, field, record, run_json

from generator.text import yamltree


def review_changes(repo: Repo) -> None:
    """The change of the issue: a claim's value, a source edit that breaks a quote, a person added,
    a claim deleted; committed on a branch `review`."""
    repo.git("checkout", "-q", "-b", "review")
    repo.edit("content/claims/audit.yaml", "  value: 2000000\n  qualifier: about\n",
              "  value: 1500000\n  qualifier: more than\n")
    repo.edit("content/sources/fund-statement-2021-03.md", "**did not lose**", "**never lost**")
    repo.write({"content/people/petra-nyman.yaml":
                "name: Petra Nyman\ndescription: Auditor at the State Audit Office.\n"})
    claims = repo.root / "content/claims/audit.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text[:text.index("\n- id: berg-payments-without-invoice")] + "\n", encoding="utf-8")
    repo.commit("Review: the auditor's figure, the fund's statement, a new auditor")


# What a reviewer sees ------------------------------------------------------------------------------


def test_no_change_is_exit_0_and_says_so(repo, cli):
    repo.git("checkout", "-q", "-b", "review")
    run = cli("diff", cwd=repo.root)
    assert run.code == 0, run.err
    assert "no change in what the dossier says" in run.out
    data = run_json(cli, repo)
    assert data["changed"] is False and data["records"] == [] and data["pages"] == []


def test_the_reviewers_markdown(repo, cli):
    review_changes(repo)
    run = cli("diff", "--format", "markdown", "--pages-url", "https://preview.example/pr-7/", cwd=repo.root)
    assert run.code == 1, run.err
    markdown = run.out
    lines = markdown.splitlines()
    assert lines[0] == "<!-- dossier-diff -->"
    assert lines[1] == ("### Dossier diff: 1 claim removed, 1 claim changed, 1 person added, 1 source changed; "
                        "1 quote no longer matches its source; 2 new problems; 23 files of the site change")
    assert "❌ working tree has 1 error: the site cannot be built until it is fixed" in markdown
    assert "**A quote no longer matches its source.**" in markdown
    assert ("claim [`lind-no-money-lost`](https://preview.example/pr-7/claims/lind-no-money-lost/index.html) "
            "quotes “The Harbour Fund did not lose any money in 2020\\.”") in markdown
    assert "- **value**: about 2 million euros → **more than 1\\.5 million euros**" in markdown
    assert "- ➖ **removed** `berg-payments-without-invoice` — More than 40 percent" in markdown
    assert "- ➕ **added** [`petra-nyman`](https://preview.example/pr-7/people/petra-nyman/index.html)" in markdown
    assert "**its new text breaks the quotes of** `claim lind-no-money-lost`" in markdown
    assert ("  - changed: The Harbour Fund \\*\\*<del>did not lose</del><ins>never lost</ins>\\*\\* any money "
            "in 2020\\.") in markdown
    assert "- `claims/berg-payments-without-invoice/index.html` (removed)" in markdown
    assert markdown.count("<details") == markdown.count("</details>") == 4
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert html.count("<details") == 4 and "<h3>Dossier diff:" in html
    assert '<a href="https://preview.example/pr-7/people/petra-nyman/index.html"><code>petra-nyman</code></a>' in html
    assert "<del>did not lose</del><ins>never lost</ins>" in html


def test_the_markdown_example_in_the_docs_is_current(repo, cli):
    """docs/review.md shows the output of the scenario above; rerun and paste it when this fails."""
    review_changes(repo)
    run = cli("diff", "--format", "markdown", "--pages-url", "https://preview.example/pr-7/", cwd=repo.root)
    docs = (REPO / "docs" / "review.md").read_text(encoding="utf-8")
    example = docs.split("<!-- example: begin -->\n````markdown\n", 1)[1].split("````\n<!-- example: end -->", 1)[0]
    assert example == run.out


def test_json_reports_the_review_and_validates(repo, cli):
    review_changes(repo)
    data = run_json(cli, repo)
    assert data["changed"] is True and data["broken_quotes"] == 1
    assert data["counts"] == {"claim": {"removed": 1, "changed": 1}, "person": {"added": 1},
                              "source": {"changed": 1}}
    value = field(record(data, "claim", "berg-fund-lost-2-million"), "value")
    assert value["old"] == {"value": 2000000, "qualifier": "about", "text": "about 2 million euros"}
    assert value["new"] == {"value": 1500000, "qualifier": "more than", "text": "more than 1.5 million euros"}
    broken = record(data, "claim", "lind-no-money-lost")
    assert broken["status"] == "unchanged" and broken["fields"] == []
    [problem] = broken["problems"]
    assert problem["code"] == "quote.not-found" and problem["change"] == "new"
    assert problem["location"] == "content/claims/fund.yaml:13:14"
    assert problem["quote"] == "The Harbour Fund did not lose any money in 2020."
    assert problem["source"] == "fund-statement-2021-03"
    assert record(data, "claim", "berg-payments-without-invoice")["status"] == "removed"
    person = record(data, "person", "petra-nyman")
    assert person["status"] == "added" and person["page"] == "people/petra-nyman/index.html"
    assert [p["code"] for p in person["problems"]] == ["unused.entity"]
    body = field(record(data, "source", "fund-statement-2021-03"), "body")
    assert body["kind"] == "text" and body["old"] is None
    assert "-The Harbour Fund **did not lose** any money in 2020." in body["diff"]
    assert {"path": "people/petra-nyman/index.html", "change": "added"} in data["pages"]
    assert {"path": "claims/berg-payments-without-invoice/index.html", "change": "removed"} in data["pages"]


def test_text_format_and_colour(repo, cli):
    review_changes(repo)
    plain = cli("diff", cwd=repo.root)
    assert plain.code == 1 and "\x1b[" not in plain.out
    assert "    value: about 2 million euros → more than 1.5 million euros" in plain.out
    assert ("! quote no longer matches: claim lind-no-money-lost quotes “The Harbour Fund did not lose any money in "
            "2020.”") in plain.out
    assert "+ person petra-nyman: added (content/people/petra-nyman.yaml)" in plain.out
    coloured = cli("diff", "--color", "always", cwd=repo.root)
    assert "\x1b[32m+ person petra-nyman: added" in coloured.out
    assert "\x1b[31m- claim berg-payments-without-invoice: removed" in coloured.out


def test_exit_zero_for_ci(repo, cli):
    review_changes(repo)
    assert cli("diff", "--exit-zero", cwd=repo.root).code == 0
    assert cli("diff", cwd=repo.root).code == 1


# Which revisions ------------------------------------------------------------------------------------


def test_default_base_is_the_merge_base_with_main(repo, cli):
    review_changes(repo)
    repo.git("checkout", "-q", "main")
    repo.write({"content/figures/harbour-fund-loss-2020.yaml": "name: Money lost by the Harbour Fund in 2020\n"
                                                               "unit: euros\ndescription: What the fund lost.\n"})
    repo.commit("Describe the figure on main")
    repo.git("checkout", "-q", "review")
    default = run_json(cli, repo)
    base = repo.git("merge-base", "main", "review").strip()
    assert default["base"]["revision"] == base and default["base"]["label"] == f"main (merge base {base[:7]})"
    assert all(r["kind"] != "figure" for r in default["records"])
    against_main = run_json(cli, repo, "main")
    figure = record(against_main, "figure", "harbour-fund-loss-2020")
    assert field(figure, "description")["old"] == "What the fund lost."


def test_two_revisions_leave_out_the_working_tree(repo, cli):
    review_changes(repo)
    repo.write({"content/people/ola-nordmann.yaml": "name: Ola Nordmann\n"})  # not committed
    data = run_json(cli, repo, "main", "review")
    assert data["head"]["label"].startswith("review (")
    assert all(r["id"] != "ola-nordmann" for r in data["records"])
    assert record(data, "person", "petra-nyman")["status"] == "added"
    assert run_json(cli, repo, "review", "HEAD")["changed"] is False


def test_two_folders_need_no_git(dossier, cli, tmp_path):
    base = shutil.copytree(FIXTURES / "complete", tmp_path / "base")
    head = dossier({"content/agencies/harbour-fund.yaml": "name: Harbour Fund\naliases: [the fund]\nkind: ngo\n"
                                                          "parent: state-audit-office\n"})
    run = cli("diff", "--format", "json", str(base), str(head), cwd=head)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    agency = record(data, "agency", "harbour-fund")
    assert [(f["field"], f["old"], f["new"]) for f in agency["fields"]] == [
        ("kind", "other", "ngo"), ("description", "A public fund that finances harbour works.", None)]


def test_each_side_s_files_are_parsed_once(dossier, cli, tmp_path, monkeypatch):
    """Where each record starts is found in what the check parsed, not by parsing content/ again."""
    base = shutil.copytree(FIXTURES / "complete", tmp_path / "base")
    head = dossier({"content/claims/broken.yaml": "- id: [broken\n"})
    parsed: Counter[str] = Counter()
    parse = yamltree.parse

    def counted(text: str, path: str, *args, **kwargs):
        parsed[path] += 1
        return parse(text, path, *args, **kwargs)

    monkeypatch.setattr(yamltree, "parse", counted)
    run = cli("diff", str(base), str(head), cwd=head)
    assert run.code == 1, run.err
    assert parsed["content/claims/broken.yaml"] == 1
    assert parsed["content/claims/audit.yaml"] == 2 and set(parsed.values()) <= {1, 2}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_a_record_folder_is_a_problem_of_no_record(dossier, cli, tmp_path):
    base = shutil.copytree(FIXTURES / "complete", tmp_path / "base")
    head = dossier()
    os.mkfifo(head / "content/people/piped.yaml")
    run = cli("diff", "--format", "json", str(base), str(head), cwd=head)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    assert data["records"] == []
    assert [(p["code"], p["location"]) for p in data["problems"]] == [
        ("fs.not-regular", "content/people/piped.yaml:1:1")]


def test_a_dossier_that_did_not_exist_in_base_is_all_new(git_env, cli, tmp_path):
    repo = Repo(tmp_path / "newsroom")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.write({"README.md": "Our dossiers.\n"})
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "first-dossier")
    shutil.copytree(FIXTURES / "complete", repo.root / "harbour")
    repo.commit("The harbour dossier")
    run = cli("diff", "--format", "json", "--config", "harbour/config.yaml", cwd=repo.root)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    assert data["base"]["exists"] is False
    assert {r["status"] for r in data["records"]} == {"added"} and len(data["records"]) == 11
    assert {"path": "index.html", "change": "added"} in data["pages"]
    subfolder = cli("diff", "--format", "json", "main", cwd=repo.root / "harbour")
    assert json.loads(subfolder.out)["counts"]["claim"] == {"added": 3}


def test_temporary_folders_are_removed_and_the_repository_is_untouched(repo, cli, tmp_path, monkeypatch):
    review_changes(repo)
    repo.git("checkout", "-q", "-b", "broken")
    repo.write({"config.yaml": "title: [not text\n"})
    repo.commit("Break the config")
    repo.git("checkout", "-q", "review")
    repo.write({"content/people/ola-nordmann.yaml": "name: Ola Nordmann\n"})
    status = repo.git("status", "--porcelain")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert cli("diff", "main", "review", cwd=repo.root).code == 1
    assert cli("diff", "main", cwd=repo.root).code == 1
    failed = cli("diff", "main", "broken", cwd=repo.root)
    assert failed.code == 2 and "broken (" in failed.err
    assert list(scratch.iterdir()) == []
    assert repo.git("status", "--porcelain") == status == "?? content/people/ola-nordmann.yaml\n"
    assert len(repo.git("worktree", "list").splitlines()) == 1


# Every kind of change ------------------------------------------------------------------------------


def test_each_kind_of_field_change(repo, cli):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit("content/claims/audit.yaml", "  status: disputed\n", "  status: refuted\n")
    repo.edit("content/claims/audit.yaml", "  note: Berg's own finding",
              "  disputes: [lind-no-money-lost]\n  note: Berg's own finding")
    repo.edit("content/claims/fund.yaml", "      quote: The loss the auditor reports is at most 0.5 million euros\n",
              "      quote: it is an accounting difference\n")
    repo.edit("content/people/jonas-berg.yaml", "aliases: [Berg]", "aliases: [Berg, J. Berg]")
    repo.edit("content/people/jonas-berg.yaml", "    since: 2019\n", "    since: 2018\n")
    repo.edit("content/agencies/harbour-fund.yaml", "finances harbour works.", "finances harbour works and ferries.")
    repo.edit("content/figures/harbour-fund-loss-2020.yaml", "unit: euros", "unit: EUR")
    repo.edit("content/sources/gazette-2021-03-04-harbour-fund.txt", "title: Harbour fund", "title: Harbour Fund")
    repo.edit("content/claims/fund.yaml", "  derivation: '\"did not lose any money\" is the low end, 0;",
              "  derivation: '\"did not lose any money\" is the lowest end, 0;")
    repo.edit("content/claims/fund.yaml", "  disputes: [berg-fund-lost-2-million]",
              "  disputes: [{claim: berg-fund-lost-2-million, hedge: likely}]")
    repo.commit("Edits")
    data = run_json(cli, repo)
    lind = record(data, "claim", "lind-no-money-lost")
    derivation = field(lind, "derivation")
    assert derivation["kind"] == "text" and "lowest end" in derivation["new"]
    hedges = field(lind, "hedges")
    assert (hedges["kind"], hedges["added"]) == ("list", [{"relation": "disputes", "claim": "berg-fund-lost-2-million",
                                                           "hedge": "likely"}])
    assert "disputes berg-fund-lost-2-million (likely)" in cli("diff", cwd=repo.root).out
    status = field(record(data, "claim", "berg-fund-lost-2-million"), "status")
    assert (status["kind"], status["old"], status["new"]) == ("scalar", "disputed", "refuted")
    disputes = field(record(data, "claim", "berg-payments-without-invoice"), "disputes")
    assert (disputes["kind"], disputes["added"], disputes["removed"]) == ("list", ["lind-no-money-lost"], [])
    citations = field(record(data, "claim", "lind-no-money-lost"), "citations")
    assert citations["kind"] == "citations"
    assert citations["added"] == [{"source": "fund-statement-2021-03", "quote": "it is an accounting difference"}]
    assert citations["removed"] == [{"source": "fund-statement-2021-03",
                                     "quote": "The loss the auditor reports is at most 0.5 million euros"}]
    person = record(data, "person", "jonas-berg")
    assert field(person, "aliases")["added"] == ["J. Berg"]
    roles = field(person, "roles")
    assert roles["kind"] == "roles" and roles["added"][0]["since"] == "2018" and roles["removed"][0]["since"] == "2019"
    description = field(record(data, "agency", "harbour-fund"), "description")
    assert description["kind"] == "text" and description["new"].endswith("and ferries.")
    unit = field(record(data, "figure", "harbour-fund-loss-2020"), "unit")
    assert (unit["old"], unit["new"]) == ("euros", "EUR")
    title = field(record(data, "source", "gazette-2021-03-04-harbour-fund"), "title")
    assert title["new"] == 'Harbour Fund "lost" 2 million, auditor says'


def test_renames_are_reported_as_renames(repo, cli):
    repo.git("checkout", "-q", "-b", "review")
    repo.git("mv", "content/people/mira-holt.yaml", "content/people/mira-holt-reporter.yaml")
    repo.edit("content/claims/fund.yaml", "- id: lind-no-money-lost", "- id: lind-fund-lost-no-money")
    repo.commit("Renames")
    data = run_json(cli, repo)
    person = record(data, "person", "mira-holt-reporter")
    assert (person["status"], person["old_id"], person["fields"]) == ("renamed", "mira-holt", [])
    claim = record(data, "claim", "lind-fund-lost-no-money")
    assert (claim["status"], claim["old_id"]) == ("renamed", "lind-no-money-lost")
    assert len(data["records"]) == 2
    assert {"path": "people/mira-holt/index.html", "change": "removed"} in data["pages"]
    markdown = cli("diff", "--format", "markdown", cwd=repo.root).out
    assert "- 🔀 **renamed from lind\\-no\\-money\\-lost** `lind-fund-lost-no-money`" in markdown


# Problems under their records ----------------------------------------------------------------------


def test_a_bad_claim_is_reported_under_itself_not_the_claim_before_it(repo, cli):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit("content/claims/audit.yaml", "- id: berg-payments-without-invoice",
              "- id: berg-fund-was-audited\n  statement: The fund was audited.\n  status: checked\n"
              "  citations:\n    - source: gazette-2021-03-04-harbour-fund\n      quote: the state auditor\n\n"
              "- id: berg-payments-without-invoice")
    repo.commit("A claim with a bad status")
    data = run_json(cli, repo)
    assert [(r["kind"], r["id"], r["status"], r["unreadable"]) for r in data["records"]] == [
        ("claim", "berg-fund-was-audited", "added", "head")]
    [problem] = data["records"][0]["problems"]
    assert problem["code"] == "value.choice" or "status" in problem["message"]
    assert problem["location"].startswith("content/claims/audit.yaml:17:")


def test_a_claims_file_that_cannot_be_parsed_is_unreadable_not_removed(repo, cli):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit("content/claims/audit.yaml", "  status: disputed\n", "  status: [disputed\n")
    repo.commit("Broken YAML")
    data = run_json(cli, repo)
    claims = {r["id"]: (r["status"], r["unreadable"]) for r in data["records"]}
    assert claims == {"berg-fund-lost-2-million": ("unreadable", "head"),
                      "berg-payments-without-invoice": ("unreadable", "head")}
    assert [p["location"].split(":")[0] for p in data["problems"]] == ["content/claims/audit.yaml"]
    assert data["problems"][0]["change"] == "new"
    assert data["pages"] == []
    text = cli("diff", cwd=repo.root).out
    assert "! claim berg-fund-lost-2-million: can no longer be read (content/claims/audit.yaml)" in text


def test_fixed_problems_are_reported_as_fixed(repo, cli):
    repo.edit("content/claims/fund.yaml", "  by: ana-lind\n", "  by: ana-lindh\n")
    repo.commit("A typo")
    repo.git("checkout", "-q", "-b", "review")
    repo.edit("content/claims/fund.yaml", "  by: ana-lindh\n", "  by: ana-lind\n")
    repo.commit("Fix the typo")
    data = run_json(cli, repo)
    claim = record(data, "claim", "lind-no-money-lost")
    assert [(p["code"], p["change"]) for p in claim["problems"]] == [("ref.unknown", "fixed")]
    assert data["base"]["errors"] == 1 and data["head"]["errors"] == 0
    assert "✅ fixed error: claim 'lind\\-no\\-money\\-lost' is by unknown person or agency" in \
        cli("diff", "--format", "markdown", cwd=repo.root).out


# Errors ---------------------------------------------------------------------------------------------


def test_a_revision_that_does_not_exist_is_exit_2(repo, cli):
    run = cli("diff", "no-such-branch", cwd=repo.root)
    assert run.code == 2 and run.out == ""
    assert run.err == f"dossier diff: error: revision 'no-such-branch' not found in {repo.root}\n"
    with pytest.raises(SystemExit) as usage:
        cli("diff", "main", "HEAD", "extra", cwd=repo.root)
    assert usage.value.code == 2


def test_a_folder_outside_git_is_exit_2(dossier, cli):
    root = dossier()
    run = cli("diff", cwd=root)
    assert run.code == 2
    assert "is not in a git repository, so revisions cannot be read there" in run.err
    assert "Traceback" not in run.err


def test_a_broken_config_or_missing_dossier_is_exit_2(repo, cli, tmp_path):
    repo.write({"config.yaml": "title: [not text\n"})
    run = cli("diff", "main", cwd=repo.root)
    assert run.code == 2 and run.err.startswith("dossier diff: error: working tree: cannot read the dossier: ")
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli("diff", str(empty), str(FIXTURES / "complete"), cwd=tmp_path)
    assert run.code == 2 and "no config.yaml in" in run.err
    assert cli("diff", "--pages-url", "javascript:alert(1)", cwd=repo.root).code == 2


def test_hostile_content_is_inert_in_markdown(repo, cli):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit("content/claims/fund.yaml",
              "  statement: The fund says it lost no money in 2020; at most 0.5 million euros is an accounting "
              "difference.",
              "  statement: '<script>alert(1)</script> @octocat [x](javascript:alert(1)) ``` </details> <!-- x'")
    repo.commit("Hostile statement")
    run = cli("diff", "--format", "markdown", cwd=repo.root)
    html = MarkdownIt("commonmark").render(run.out)
    assert 'href="javascript' not in html and "<script" not in html and "<!-- x" not in html
    assert "@octocat" not in run.out and "@\u2060octocat" in run.out
    assert html.count("<details") == html.count("</details>")
    assert "&lt;/details&gt;" in html


# The site files a change touches -------------------------------------------------------------------


def test_a_one_claim_change_changes_only_the_pages_that_show_it(tmp_path, cli):
    """Output diffs stay clean. The sample dossier, before and after one claim's value changes."""
    edited = copy_sample(tmp_path / "edited")
    claims = edited / "content/claims/knb-november-2014.yaml"
    text = claims.read_text(encoding="utf-8")
    assert text.count("  value: 300\n  qualifier: more than\n") == 1
    claims.write_text(text.replace("  value: 300\n  qualifier: more than\n", "  value: 150\n  qualifier: about\n"),
                      encoding="utf-8")
    before = tree(build_copy(REPO, tmp_path / "before"))
    after = tree(build_copy(edited, tmp_path / "after"))
    expected = {
        "claims/abykayev-over-300-kazakhs-in-is/index.html",  # the claim
        "people/nurtai-abykayev/index.html",  # its `by`
        "agencies/knb/index.html", "agencies/islamic-state/index.html",  # its `about`
        "figures/kazakh-nationals-in-is/index.html",  # its figure: values, spread, chart
        "figures/index.html", "index.html",  # the indexes that show the figure's spread
        "dossier.json", "data/claims.csv", "data/figures.csv",  # the claim's rows
        "data/index.html",  # the sizes of the files
    }
    assert changed_files(before, after) == expected
    run = cli("diff", "--format", "json", str(tmp_path / "before"), str(tmp_path / "after"), cwd=tmp_path)
    assert run.code == 1, run.err
    assert {page["path"] for page in json.loads(run.out)["pages"]} == expected


def test_every_page_that_changes_is_listed(tmp_path, cli):
    """Many kinds of change at once: each file that differs between the two builds is in the report."""
    head = tmp_path / "head-source"
    shutil.copytree(FIXTURES / "complete", head)
    edits = {
        "content/claims/audit.yaml": [("lost about 2 million euros in 2020.",
                                       "lost about 2 million euros in 2020, the auditor said.")],
        "content/people/jonas-berg.yaml": [("name: Jonas Berg", "name: Jonas A. Berg")],
        "content/agencies/state-audit-office.yaml": [("short_name: SAO", "short_name: NAO")],
        "content/figures/harbour-fund-loss-2020.yaml": [("unit: euros", "unit: EUR")],
        "content/sources/gazette-2021-03-04-harbour-fund.txt": [("publisher: The Coastal Gazette",
                                                                 "publisher: Coastal Gazette")],
    }
    for name, replacements in edits.items():
        path = head / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    before = tree(build_copy(FIXTURES / "complete", tmp_path / "base"))
    after = tree(build_copy(head, tmp_path / "head"))
    actual = changed_files(before, after)
    run = cli("diff", "--format", "json", str(tmp_path / "base"), str(tmp_path / "head"), cwd=tmp_path)
    reported = {page["path"] for page in json.loads(run.out)["pages"]}
    assert actual <= reported, sorted(actual - reported)
    assert len(reported - actual) <= 3, sorted(reported - actual)
