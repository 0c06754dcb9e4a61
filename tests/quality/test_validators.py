"""Checkers nobody here wrote: the Nu HTML Checker (vnu) and linkchecker, over every built page."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.servers import serving

REPO = Path(__file__).resolve().parents[2]
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER_CONFIG = "[checking]\nthreads=4\nmaxrequestspersecond=1000\n[filtering]\ncheckextern=0\n[AnchorCheck]\n"


def vnu_errors(*folders: Path) -> tuple[list[str], int]:
    """(errors, pages checked), from vnu's JSON report."""
    assert VNU.is_file(), "vnu.jar missing: run `npm ci` (python3 dev.py test does it)"
    assert shutil.which("java"), "Java is needed for the Nu HTML Checker"
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json",
                             *map(str, folders)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    pages = sum(len(list(folder.rglob("*.html"))) for folder in folders)
    return [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages], pages


def test_every_page_is_valid_html(sites):
    errors, pages = vnu_errors(*sites.values())
    assert errors == []
    assert pages > 140


def test_the_html_checker_does_find_errors(tmp_path):
    """A control: a checker that checks nothing would pass everything."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p id=a><p id=a></body></html>")
    errors, _ = vnu_errors(tmp_path)
    assert any("Duplicate ID" in error for error in errors)


def linkchecker(site: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG)
    config.chmod(0o644)
    tmp_path.chmod(0o755)
    with serving(site) as url:
        command = [sys.executable, "-m", "linkcheck", "--config", str(config), "--no-status", "-o", "text",
                   url + "index.html"]
        return subprocess.run(command, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_linkchecker_finds_no_broken_link_or_anchor(sites, name, tmp_path):
    result = linkchecker(sites[name], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 errors found" in result.stdout
    assert "0 warnings found" in result.stdout


def test_linkchecker_does_find_a_broken_anchor(sites, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sites["fixture"], site)
    index = site / "index.html"
    index.write_text(index.read_text().replace('href="people/index.html"', 'href="people/index.html#nowhere"'))
    result = linkchecker(site, tmp_path)
    assert result.returncode != 0
    assert "nowhere" in result.stdout
