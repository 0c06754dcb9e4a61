"""Pages opened in Chromium with everything that went wrong while they loaded: console errors and
warnings (Chromium logs each Content-Security-Policy violation as one), page errors, failed
requests and HTTP errors."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


class Watched:
    """A page with everything that went wrong while it loaded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda message: message.type in ("error", "warning") and self.problems.append(
            f"console {message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"failed request: {request.url}"))
        page.on("response", lambda response: response.status >= 400 and self.problems.append(
            f"HTTP {response.status}: {response.url}"))


def open_page(browser: Browser, url: str, **context_options) -> Watched:
    """`url` in a new browser context (`context_options`: viewport, colour scheme…), once loaded."""
    context = browser.new_context(**context_options)
    watched = Watched(context.new_page())
    watched.page.goto(url, wait_until="load")
    return watched
