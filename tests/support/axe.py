"""axe-core, the accessibility engine of browser devtools, run on a page opened in Chromium."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


def axe_violations(page: Page) -> list[tuple[str, str, list[str]]]:
    """What axe finds wrong with the page as it is: rule, help text, the first few elements."""
    result = Axe().run(page)
    assert len(result.response["passes"]) > 20, "axe really ran its rules"
    return [(v["id"], v["help"], [node["target"] for node in v["nodes"]][:3]) for v in result.response["violations"]]
