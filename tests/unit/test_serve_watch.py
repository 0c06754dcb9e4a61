"""Which file events make the preview rebuild (generator/serve/watch.py): the filter sees every
event under the dossier's folder, the output folder's and the cache's included."""

from __future__ import annotations

from pathlib import Path

import pytest
import watchfiles

from generator.core.model import Config
from generator.read.config import DEFAULTS
from generator.serve.watch import watched_change

ROOT = Path("/work/dossier")


@pytest.fixture
def relevant():
    return watched_change(ROOT / "config.yaml", Config(title="Harbour fund", **DEFAULTS))


@pytest.mark.parametrize("path", [
    "config.yaml", "content", "content/claims", "content/claims/harbour.yaml", "content/sources/new.txt",
    "content/captures/herald.html", "templates", "templates/claim.html", "templates/assets/site.css",
])
def test_config_content_and_templates_count(relevant, path):
    for change in watchfiles.Change:
        assert relevant(change, str(ROOT / path))


@pytest.mark.parametrize("path", [
    "site", "site/index.html", "site/claims/harbour/index.html", "site/pagefind/fragment/en_1.pf_fragment",
    ".dossier-cache/preview/site.json", ".dossier-cache/search-work/index.pf_meta", ".git/index",
    "notes.txt", "config.yaml.bak", "content-old/claims/harbour.yaml", "contents/x.yaml", "templates2/claim.html",
    "content/claims/.harbour.yaml.swp", "content/claims/harbour.yaml~", "content/claims/.#harbour.yaml",
    "/elsewhere/content/claims/harbour.yaml",
])
def test_the_output_the_cache_look_alike_folders_and_editor_temporaries_do_not(relevant, path):
    assert not relevant(watchfiles.Change.modified, str(ROOT / path))


def test_an_output_folder_inside_content_is_left_out(tmp_path):
    config = Config(title="Harbour fund", **{**DEFAULTS, "output_dir": "content/site"})
    relevant = watched_change(ROOT / "config.yaml", config)
    assert not relevant(watchfiles.Change.added, str(ROOT / "content/site/index.html"))
    assert not relevant(watchfiles.Change.added, str(ROOT / "content/site"))
    assert relevant(watchfiles.Change.added, str(ROOT / "content/claims/harbour.yaml"))
