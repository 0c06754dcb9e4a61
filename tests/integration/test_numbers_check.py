"""Values traced to their quotes, end to end: `dossier check` and `dossier build` as a curator runs them
in a real folder (docs/numbers.md, docs/content.md "Claims")."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from support.dossiers import FIXTURES, REPO, write_files
from support.processes import dossier_env

SOURCE = ("---\ntitle: Retailer breached\npublisher: The Coastal Gazette\ndate: 2014-09-02\nkind: news\n---\n"
          "Hackers obtained 209,000 U.S. credit card numbers from the retailer, the company said.\n\n"
          "A week later the company said 56 million cards were exposed.\n")
FIGURE = "name: Credit card numbers stolen\nunit: cards\n"
NEW_USER_CLAIM = """- id: cards-stolen-1200
  statement: Hackers stole 1,200 card numbers.
  by: jonas-berg
  date: 2014-09
  figure: cards-stolen
  value: 1200
  citations:
    - source: breach
      quote: Hackers obtained 209,000 U.S. credit card numbers
"""


def dossier_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=dossier_env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert "Traceback" not in done.stderr
    return done


def fixture_with(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "dossier"
    shutil.copytree(FIXTURES / "complete", root)
    write_files(root, {"content/sources/breach.txt": SOURCE, "content/figures/cards-stolen.yaml": FIGURE, **files})
    return root


def test_the_new_users_1200_citing_209000_is_a_warning_and_fails_strict(tmp_path):
    root = fixture_with(tmp_path, {"content/claims/cards.yaml": NEW_USER_CLAIM})
    lenient, strict = dossier_run("check", cwd=root), dossier_run("check", "--strict", cwd=root)
    expected = ("content/claims/cards.yaml:6:10: warning: value 1200 is not stated in its quote, which gives "
                "209,000 (add `derivation:` to say how it was derived, or cite a passage that states it)")
    assert lenient.returncode == 0 and expected in lenient.stderr.splitlines()
    assert strict.returncode == 1 and expected.replace("warning", "error") in strict.stderr.splitlines()


def test_a_derivation_is_accepted_and_published_in_dossier_json(tmp_path):
    claim = NEW_USER_CLAIM.replace("  value: 1200\n", "  value: 1200\n  derivation: cards of one bank only\n")
    root = fixture_with(tmp_path, {"content/claims/cards.yaml": claim})
    assert dossier_run("build", "--strict", "--quiet", cwd=root).returncode == 0
    [published] = [c for c in json.loads((root / "site" / "dossier.json").read_text())["claims"]
                   if c["id"] == "cards-stolen-1200"]
    assert published["derivation"] == "cards of one bank only"


def test_hedged_relations_and_revisions_appear_in_dossier_json(tmp_path):
    claims = NEW_USER_CLAIM.replace("  value: 1200\n", "  value: 209000\n") + """
- id: cards-exposed-56-million
  statement: 56 million cards were exposed.
  by: jonas-berg
  date: 2014-09-09
  figure: cards-stolen
  value: 56000000
  revises: [cards-stolen-1200]
  based_on:
    - {claim: cards-stolen-1200, hedge: possibly}
  citations:
    - source: breach
      quote: the company said 56 million cards were exposed
"""
    root = fixture_with(tmp_path, {"content/claims/cards.yaml": claims})
    done = dossier_run("build", "--strict", "--quiet", cwd=root)
    assert done.returncode == 0, done.stderr
    published = {c["id"]: c for c in json.loads((root / "site" / "dossier.json").read_text())["claims"]}
    later = published["cards-exposed-56-million"]
    assert later["based_on"] == [{"id": "cards-stolen-1200", "url": "claims/cards-stolen-1200/index.html",
                                  "hedge": "possibly"}]
    assert later["revises"] == [{"id": "cards-stolen-1200", "url": "claims/cards-stolen-1200/index.html"}]
    assert published["cards-stolen-1200"]["based_on"] == [] and published["cards-stolen-1200"]["revises"] == []


def test_the_sample_dossier_passes_strict_with_every_value_stated_or_derived():
    done = dossier_run("check", "--strict", cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1].endswith(": 0 errors, 0 warnings")


def test_one_run_reports_every_mistake_of_a_claim(tmp_path):
    broken = NEW_USER_CLAIM.replace("  date: 2014-09\n", "  date: 2014-09\n  status: maybe\n").replace(
        "Hackers obtained", "Hackers obtianed")
    root = fixture_with(tmp_path, {"content/claims/cards.yaml": broken})
    done = dossier_run("check", cwd=root)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("content/claims/cards.yaml")]
    assert [line.split(": ")[1] for line in lines] == ["error", "warning", "error"], lines
    assert "unknown status 'maybe'" in lines[0]
    assert "value 1200 is not stated" in lines[1]
    assert "quote not found in source 'breach'" in lines[2]
