"""Quote matching seen from `dossier build`: the red-team's H1 edit of the sample fails the build, folded
characters are highlighted where the source has them, a cross-block quote is an error, and
bench/hint.py runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.dossiers import GAZETTE, REPO
from support.html import element_text
from support.processes import dossier_env

from generator.link.links import anchor_id

SAMPLE_SOURCE = "content/sources/tengrinews-2014-11-20-300-kazakhstanis.txt"


def test_a_number_changed_in_the_sample_source_fails_the_strict_build(sample, cli):
    path = sample / SAMPLE_SOURCE
    path.write_text(path.read_text(encoding="utf-8").replace("more than 300, who", "more than 3000, who"),
                    encoding="utf-8")
    run = cli("build", "--strict", cwd=sample)
    assert run.code == 1
    assert any("error: quote not found in source 'tengrinews-2014-11-20-300-kazakhstanis' as whole words: it occurs "
               'only inside a longer word or number: "gave the number of Kazakhs in the ranks of the Islamic State '
               '\u2013 more than 3000"' in line for line in run.lines), run.err
    assert not (sample / "site").exists()


def gazette_with(dossier, body_old: str, body_new: str, quote: str, extra: dict[str, str] | None = None) -> Path:
    root = dossier(extra)
    path = root / GAZETTE
    text = path.read_text(encoding="utf-8")
    assert body_old in text
    path.write_text(text.replace(body_old, body_new), encoding="utf-8")
    claims = root / "content" / "claims" / "audit.yaml"
    claim = ("- id: folded-quote\n  statement: A quote with folded characters.\n  by: jonas-berg\n  date: 2021-03-04\n"
             f"  citations:\n    - source: gazette-2021-03-04-harbour-fund\n      quote: {json.dumps(quote)}\n")
    claims.write_text(claims.read_text(encoding="utf-8") + claim, encoding="utf-8")
    return root


@pytest.mark.parametrize(("old", "new", "quote", "passage"), [
    ("rejected the findings", "re\u00adjected the \ufb01ndings", "rejected the findings",
     "re\u00adjected the \ufb01ndings"),
    ("director, Ana Lind,", "director, Ana\u200b Lind,", "director, Ana Lind", "director, Ana\u200b Lind"),
    ("more than 40 percent", "more than \uff14\uff10 percent", "more than 40 percent",
     "more than \uff14\uff10 percent"),
    ("The fund\u2019s", "The fund\u2032s", "The fund's director", "The fund\u2032s director"),
])
def test_a_passage_with_folded_characters_is_highlighted_as_the_source_writes_it(dossier, cli, old, new, quote,
                                                                                  passage):
    root = gazette_with(dossier, old, new, quote)
    run = cli("build", cwd=root)
    assert run.code == 0, run.err
    page = (root / "site" / "sources" / "gazette-2021-03-04-harbour-fund" / "index.html").read_text(encoding="utf-8")
    shown = element_text(page, anchor_id(quote))
    assert shown is not None, page
    assert shown.replace("\u00ad", "").replace("\u200b", "") == passage.replace("\u00ad", "").replace("\u200b", "")


@pytest.mark.parametrize(("between", "code"), [("\n", 0), ("\n\n", 1), ("\n  \n", 1)])
def test_a_quote_across_two_paragraphs_of_a_source_is_an_error(dossier, cli, between, code):
    root = gazette_with(dossier, "the Gazette.\nThe fund", f"the Gazette.{between}The fund",
                        "Berg told the Gazette. The fund\u2019s director")
    run = cli("check", cwd=root)
    assert run.code == code, run.err
    if code:
        assert ('as one passage: it runs across two blocks (paragraphs, headings, list items or table cells): '
                '"Berg told the Gazette. \u00b6 The fund\u2019s director"') in run.err


def test_the_hint_benchmark_runs_and_reports_seconds():
    done = subprocess.run([sys.executable, str(REPO / "bench" / "hint.py"), "--scale", "0.01"], capture_output=True,
                          text=True, encoding="utf-8", timeout=120,
                          env=dossier_env())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["source 10,000 chars, quote 100 chars",
                                                      "source 2,000 chars, quote 20 chars"]
    assert all(" s, miss explained (closest passage) " in line and line.endswith(" s") for line in lines), lines
