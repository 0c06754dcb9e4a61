"""Live reload in a real browser: an open page reloads after an edit, shows the errors of a broken
save as an overlay, and comes back unchanged when the file is fixed."""

from __future__ import annotations

from playwright.sync_api import sync_playwright
from support.browser import CHROMIUM, CHROMIUM_FLAGS
from support.dossiers import AUDIT


def test_an_open_page_reloads_after_an_edit_and_shows_errors_until_they_are_fixed(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.on("response", lambda response: response.status >= 400 and problems.append(response.url))
        page.goto(server.url + "figures/harbour-fund-loss-2020/index.html")
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                               " && window.LiveReload.connector._connectionDesired")
        page.wait_for_timeout(500)
        before = page.content()
        assert "about 2 million euros" in before

        server.edit(AUDIT, "value: 2000000", "value: 2400000")
        page.wait_for_function("() => document.body.innerText.includes('about 2.4 million euros')", timeout=15000)

        server.edit(AUDIT, "lost about 2 million euros in 2020\n", "lost about 7 million euros in 2020\n")
        page.wait_for_selector("#dossier-errors", timeout=15000)
        overlay = page.locator("#dossier-errors").inner_text()
        assert "content/claims/audit.yaml:13:14: error: quote not found" in overlay
        assert page.locator("#dossier-errors").is_visible()

        server.edit(AUDIT, "lost about 7 million euros in 2020\n", "lost about 2 million euros in 2020\n")
        page.wait_for_selector("#dossier-errors", state="detached", timeout=15000)
        assert "about 2.4 million euros" in page.content()
        assert problems == [], problems
        browser.close()
