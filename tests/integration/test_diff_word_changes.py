"""`dossier diff` shows which words changed, in a real git repository: one commit removes one comma
from a source's text, breaking a quote; the reviewer sees the comma, in Markdown as GitHub renders
it and in the terminal with and without colour (docs/review.md, "Word by word")."""

from __future__ import annotations

from markdown_it import MarkdownIt
from support.dossiers import REPO
from support.git import Repo, field, record, run_json

GAZETTE = "content/sources/gazette-2021-03-04-harbour-fund.txt"
GFM = MarkdownIt("gfm-like", {"html": True, "linkify": False})
"""GitHub-like Markdown with raw HTML passed through, as GitHub passes `<del>` and `<ins>`."""
MARKDOWN_LINE = ("    - changed: “We found that more than 40 percent of the payments had no "
                 "invoice<del><code>,</code></del>” Berg told the Gazette\\.")
TEXT_LINE = "      ~ “We found that more than 40 percent of the payments had no invoice[-,-]” Berg told the Gazette."
QUOTE_LINE = ("    citations: quote changed: gazette-2021-03-04-harbour-fund: "
              "“\"We found that more than 40 percent of the payments had no invoice[-,-]\"”")


def remove_the_comma(repo: Repo) -> None:
    """The source loses the comma that claim berg-payments-without-invoice quotes, on a branch."""
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(GAZETTE, "had no invoice,” Berg", "had no invoice” Berg")
    repo.commit("Gazette: the quote as printed")


def test_markdown_shows_the_removed_comma_inline(repo, cli):
    remove_the_comma(repo)
    run = cli("diff", "--format", "markdown", cwd=repo.root)
    assert run.code == 1, run.err
    assert MARKDOWN_LINE + "\n" in run.out
    assert "```diff" not in run.out and "-“We found" not in run.out
    assert "**A quote no longer matches its source.**" in run.out
    html = GFM.render(run.out)
    assert "had no invoice<del><code>,</code></del>” Berg told the Gazette." in html
    assert html.count("<del>") == html.count("</del>") == 1 and "<ins>" not in html


def test_hostile_words_inserted_next_to_a_change_stay_inert(repo, cli):
    repo.git("checkout", "-q", "-b", "review")
    repo.edit(GAZETTE, "Berg told the Gazette.",
              "Berg told <script>alert(1)</script> <b>x</b> `code` @octocat [a](javascript:x) the Gazette.")
    repo.commit("Hostile words")
    markdown = cli("diff", "--format", "markdown", cwd=repo.root).out
    html = GFM.render(markdown)
    assert "<script" not in html and "<b>" not in html and "<code>code</code>" not in html
    assert 'href="javascript' not in html and "@octocat" not in markdown
    assert ("<ins>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x&lt;/b&gt; `code` @\u2060octocat "
            "[a](javascript:x) </ins>") in html


def test_the_terminal_shows_it_with_and_without_colour(repo, cli):
    remove_the_comma(repo)
    plain = cli("diff", "--color", "never", cwd=repo.root)
    assert TEXT_LINE + "\n" in plain.out and "\x1b[" not in plain.out
    coloured = cli("diff", "--color", "always", cwd=repo.root)
    assert "had no invoice\x1b[41m,\x1b[0m” Berg told the Gazette." in coloured.out
    assert "\x1b[33m      ~\x1b[0m “We found" in coloured.out


def test_json_keeps_the_line_diff(repo, cli):
    remove_the_comma(repo)
    body = field(record(run_json(cli, repo), "source", "gazette-2021-03-04-harbour-fund"), "body")
    line = "“We found that more than 40 percent of the payments had no invoice,” Berg told the Gazette."
    assert "-" + line in body["diff"] and "+" + line.replace(",”", "”") in body["diff"]


def test_a_corrected_quote_is_one_quote_changed(repo, cli):
    remove_the_comma(repo)
    repo.edit("content/claims/audit.yaml", "had no invoice,\"'", "had no invoice\"'")
    repo.commit("The quote follows its source")
    run = cli("diff", "--color", "never", cwd=repo.root)
    assert "quote no longer matches" not in run.out
    assert QUOTE_LINE + "\n" in run.out
    markdown = cli("diff", "--format", "markdown", cwd=repo.root).out
    assert ("    - quote changed: gazette\\-2021\\-03\\-04\\-harbour\\-fund: “\"We found that more than 40 percent of "
            "the payments had no invoice<del><code>,</code></del>\"”") in markdown
    assert "added: gazette" not in markdown and "removed: gazette" not in markdown
    citations = field(record(run_json(cli, repo), "claim", "berg-payments-without-invoice"), "citations")
    assert len(citations["added"]) == len(citations["removed"]) == 1


def test_a_long_line_is_cut_around_each_change(repo, cli):
    sentence = " ".join(f"word{number}" for number in range(60))
    repo.write({"content/sources/long.txt":
                f"---\ntitle: Long\npublisher: The Gazette\ndate: 2021\nkind: news\n---\n{sentence}\n"})
    repo.commit("A long source")
    repo.git("checkout", "-q", "-b", "review")
    repo.edit("content/sources/long.txt", "word10 ", "word10, ")
    repo.edit("content/sources/long.txt", "word50", "word-50")
    repo.commit("Two edits")
    run = cli("diff", "HEAD~1", "--color", "never", cwd=repo.root)
    assert ("      ~ … word5 word6 word7 word8 word9 word10{+,+} word11 word12 word13 word14 word15 word16 … "
            "word44 word45 word46 word47 word48 word49 [-word50-]{+word-50+} word51 word52 word53 word54 word55 "
            "word56 …\n") in run.out


def test_the_examples_in_the_docs_are_current():
    """docs/review.md, "Word by word", shows the lines the tests above check."""
    docs = (REPO / "docs" / "review.md").read_text(encoding="utf-8")
    assert TEXT_LINE in docs and MARKDOWN_LINE.strip() in docs and QUOTE_LINE in docs
