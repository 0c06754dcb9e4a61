"""The built site in a real browser (Debian's Chromium, driven by Playwright): pages load cleanly on
a desktop and a phone, from a web server and from disk, with and without JavaScript; citations
scroll to their highlighted passage; axe-core finds no accessibility violation in light or dark
mode; every link can be reached with the keyboard; the Content-Security-Policy is never violated."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from support.axe import axe_violations
from support.servers import serving
from support.watched import VIEWPORTS, open_page

PAGES = ["index.html", "people/nurtai-abykayev/index.html", "figures/kazakh-nationals-in-is/index.html",
         "sources/tengrinews-2014-11-20-300-kazakhstanis/index.html", "search/index.html", "about/index.html",
         "data/index.html"]


@pytest.fixture(scope="module")
def sample_url(sites) -> Iterator[str]:
    with serving(sites["sample"]) as url:
        yield url


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors_or_failed_requests(browser, sample_url, path, viewport):
    watched = open_page(browser, sample_url + path, viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone")
    page = watched.page
    assert watched.problems == []
    assert page.locator("h1").first.is_visible()
    stylesheet_applied = page.evaluate("getComputedStyle(document.body).maxWidth")
    assert stylesheet_applied != "none", "the stylesheet did not load"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"
    page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_works_from_disk(browser, sites, path):
    watched = open_page(browser, (sites["sample"] / path).as_uri())
    assert watched.problems == []
    assert watched.page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    watched.page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_without_javascript(browser, sample_url, path):
    watched = open_page(browser, sample_url + path, java_script_enabled=False)
    page = watched.page
    assert page.locator("h1").first.is_visible()
    assert page.locator("main").inner_text().strip()
    page.context.close()


def test_following_a_citation_scrolls_to_the_highlighted_quote(browser, sample_url):
    watched = open_page(browser, sample_url + "people/nurtai-abykayev/index.html")
    page = watched.page
    citation = page.locator("[data-claim] .citation blockquote a").first
    quote = citation.inner_text().strip("“”")
    citation.click()
    page.wait_for_load_state("load")
    fragment = page.evaluate("location.hash").lstrip("#")
    assert "/sources/" in page.url and fragment.startswith("q-")
    target = page.locator(f"[id='{fragment}']")
    assert target.locator("mark").count() >= 1, "the passage is highlighted"
    assert " ".join(quote.split())[:40] in " ".join(target.inner_text().split())
    box = target.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] < viewport["height"], "the passage is scrolled into view"
    assert watched.problems == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_accessibility_violations(browser, sample_url, path, scheme):
    watched = open_page(browser, sample_url + path, color_scheme=scheme)
    assert axe_violations(watched.page) == []
    watched.page.context.close()


def test_every_link_is_reachable_with_the_keyboard(browser, sample_url):
    watched = open_page(browser, sample_url + "figures/kazakh-nationals-in-is/index.html")
    page = watched.page
    links = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    reached = []
    for _ in range(len(links) + 5):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.href")
        if href:
            reached.append(href)
    assert page.evaluate("document.querySelector('a.skip').href") == reached[0], "the skip link comes first"
    assert set(links) <= set(reached)
    page.context.close()


def test_no_inline_script_or_style_and_a_csp_on_every_page(sites):
    """Scripts only as the site's own files (the search page), which the CSP allows; nothing inline."""
    for site in sites.values():
        for path in site.rglob("*.html"):
            html = path.read_text()
            head = html.split("<head>", 1)[1]
            assert head.lstrip().startswith('<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"')
            assert "<style" not in html and " style=" not in html
            scripts = re.findall(r"<script[^>]*>[^<]*</script>", html)
            assert len(scripts) == html.count("<script"), f"an unclosed or nested script in {path}"
            for script in scripts:
                if script.startswith('<script type="application/ld+json">'):
                    continue  # data, not code: script-src does not apply to it (docs/linked-data.md)
                own = re.fullmatch(r'<script src="(\.\./)*(search-index|assets/search)\.js" defer></script>', script)
                assert own, f"only the site's own script files, never inline code: {script}"


def test_the_csp_blocks_an_injected_inline_script(browser, sample_url):
    """A control: if content ever smuggled a script in, the browser would refuse to run it."""
    watched = open_page(browser, sample_url + "index.html")
    page = watched.page
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';
                              document.body.appendChild(s); }""")
    assert page.evaluate("window.pwned") is None
    assert any("Content Security Policy" in problem for problem in watched.problems)
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_disputed_claim_reads_as_body_text_with_only_its_badge_in_colour(browser, sample_url, scheme):
    watched = open_page(browser, sample_url + "claims/abykayev-over-300-kazakhs-in-is/index.html",
                        color_scheme=scheme)
    page = watched.page
    colour = page.evaluate("""() => {
        const style = selector => getComputedStyle(document.querySelector(selector)).color;
        return {body: style('main'), statement: style('.claim.status-disputed .statement'),
                badge: style('.claim.status-disputed .status')};
    }""")
    assert colour["statement"] == colour["body"]
    assert colour["badge"] != colour["body"]
    page.context.close()


def test_chart_labels_stay_legible_on_a_phone(browser, sample_url):
    watched = open_page(browser, sample_url + "figures/terrorist-acts-prevented-in-kazakhstan/index.html",
                        viewport=VIEWPORTS["phone"], is_mobile=True)
    heights = watched.page.evaluate("""() => [...document.querySelectorAll('.chart-svg .tick')]
        .filter(text => getComputedStyle(text).display !== 'none')
        .map(text => text.getBoundingClientRect().height)""")
    assert len(heights) >= 6
    assert min(heights) >= 10, "tick labels at least 10 px tall on a 390 px screen"
    watched.page.context.close()


def test_copying_a_passage_copies_the_sources_text_without_claim_markers(browser, sample_url):
    watched = open_page(browser, sample_url + "sources/tengrinews-2014-11-20-300-kazakhstanis/index.html")
    copied = watched.page.evaluate("""() => {
        const text = document.querySelector('.source-text');
        getSelection().selectAllChildren(text);
        document.execCommand('copy');
        return getSelection().toString();
    }""")
    assert "Abykayev" in copied
    assert "(claim:" not in copied and "(role)" not in copied
    watched.page.context.close()


@pytest.mark.parametrize("where", ["served", "disk"])
def test_search_finds_records_as_the_reader_types(browser, sample_url, sites, where):
    url = sample_url + "search/index.html" if where == "served" else (sites["sample"] / "search/index.html").as_uri()
    watched = open_page(browser, url)
    page = watched.page
    box = page.get_by_label("Search every page of the dossier")
    box.fill("abykayev")
    results = page.locator(".search-results > li")
    expect(results.nth(4)).to_be_attached()  # the person, and the claims he made or that are about him
    assert results.first.locator(":scope > .search-title").inner_text() == "Nurtai Abykayev"
    assert results.first.locator(":scope > .search-kind").text_content() == "Person"
    assert re.fullmatch(r"\d+ (results|records match)\.", page.locator(".search-count").inner_text())
    results.first.locator("a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Nurtai Abykayev"
    page.go_back()
    box = page.get_by_label("Search every page of the dossier")
    box.fill("jonas")
    expect(page.locator(".search-count")).to_have_text(re.compile(r"^(No record matches|Nothing found)\.$"))
    assert page.locator(".search-results li").count() == 0
    assert watched.problems == []
    page.context.close()


def test_search_reads_its_words_from_the_address(browser, sample_url):
    watched = open_page(browser, sample_url + "search/index.html?q=Astana%20Times")
    expect(watched.page.locator(".search-results")).to_contain_text("The Astana Times")
    watched.page.context.close()
