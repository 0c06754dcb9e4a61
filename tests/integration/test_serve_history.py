"""`dossier serve` shows the edits not yet committed as such, on a real HTTP port; `dossier build`
never does (docs/history.md, "In the preview")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.dossiers import AUDIT
from support.git import Repo
from support.servers import Server, free_port

from generator.build import build

PAGE = "claims/berg-fund-lost-2-million/index.html"


@pytest.fixture
def preview(repo: Repo) -> Iterator[Server]:
    """`dossier serve` in the committed fixture dossier."""
    running = Server(repo.root, free_port())
    running.wait_for("serving site/ on")
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


def test_the_preview_shows_an_uncommitted_edit_as_not_yet_committed_and_a_build_does_not(preview):
    status, page = preview.get(PAGE)
    assert status == 200 and "<h2 id=\"history\">History</h2>" in page and "Not yet committed" not in page
    preview.edit(AUDIT, "status: disputed", "status: retracted")
    preview.wait_for("changed content/claims/audit.yaml")
    _, page = preview.get(PAGE)
    history = page[page.index('<section class="history"'):]
    assert history.index("Not yet committed") < history.index("status: disputed → retracted") < history.index(
        "The harbour fund dossier")
    _, changes = preview.get("changes/index.html")
    assert "Not yet committed" in changes and 'href="../claims/berg-fund-lost-2-million/index.html"' in changes
    _, feed = preview.get("changes.xml")
    assert "retracted" not in feed
    preview.process.terminate()
    preview.process.wait(timeout=10)

    assert build(preview.root / "config.yaml").report is not None
    for path in (PAGE, "changes/index.html", "changes.xml"):
        text = (preview.root / "site" / path).read_text(encoding="utf-8")
        assert "Not yet committed" not in text and "→ retracted" not in text, path
