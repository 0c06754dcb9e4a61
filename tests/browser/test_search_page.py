"""The search page as a reader meets it (docs/search.md), in Chromium: served under a sub-path, a word
found only in a source's text finds that source with the word highlighted; filters narrow the
results and stay in the address; a claim is found under its source and links to its page; from disk
the page says why it searches less and still finds records; the keyboard reaches everything and axe
finds no violation; and results work with `link_style: directory`."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from support.axe import axe_violations
from support.dossiers import GAZETTE, REPO
from support.servers import serving
from support.watched import VIEWPORTS, Watched, open_page

SEARCH = "search/index.html"
WAIT = 30_000
"""Milliseconds a step may take (Pagefind loads its WebAssembly and index files first)."""
SOURCE_WORD = "expository"
"""A word of the sample that only the text of one source holds (checked by the first test)."""
COMMON_WORD = "kazakhstan"
"""A word of the sample found on more than one page of results."""
CLAIM = "knb-recruiters-radicalise-young-people"
"""A claim of the sample, found by words of its statement."""


def search(browser: Browser, url: str, words: str = "", **context_options) -> Watched:
    """The search page at `url`, with `words` typed into its field (as a reader types them)."""
    watched = open_page(browser, url, **context_options)
    if words:
        field = watched.page.locator("#search-words")
        field.fill(words)
    return watched


def results(page: Page, at_least: int = 1) -> list[dict[str, str]]:
    """The results shown (sub-results apart), once at least `at_least` are there: title, link, kind."""
    items = page.locator(".search-results > li")
    expect(items.nth(at_least - 1)).to_be_attached(timeout=WAIT)
    return page.evaluate("""() => [...document.querySelectorAll('.search-results > li')].map(item => ({
        title: item.querySelector(':scope > .search-title').innerText,
        href: item.querySelector(':scope > .search-title a').href,
        kind: item.querySelector(':scope > .search-kind').textContent}))""")


def counted(page: Page) -> int:
    """The number of results the status region announces (served, or records from disk)."""
    announced = re.compile(r"^\d+ (results?|records? match(es)?)\.$")
    expect(page.locator(".search-count")).to_have_text(announced, timeout=WAIT)
    return int(page.locator(".search-count").inner_text().split()[0])


def sample_texts() -> tuple[dict[str, str], str]:
    """The sample's source texts by file name, and everything else of its content (names, titles,
    statements, notes, quotes, the sources' front matter), lowercased."""
    texts, rest = {}, []
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix == ".yaml":
            rest.append(path.read_text().lower())
        elif path.parent.name == "sources":
            _, front, body = path.read_text().split("---\n", 2)
            texts[path.stem] = body.lower()
            rest.append(front.lower())
    return texts, "\n".join(rest)


def test_a_word_only_in_a_source_text_finds_that_source_under_a_sub_path(browser, sample_under_sub_path):
    texts, rest = sample_texts()
    holders = [name for name, text in texts.items() if SOURCE_WORD in text]
    assert len(holders) == 1 and SOURCE_WORD not in rest, "the word is only in one source's text"

    watched = search(browser, sample_under_sub_path + SEARCH, SOURCE_WORD)
    page = watched.page
    found = results(page)
    assert len(found) == 1
    assert found[0]["href"] == f"{sample_under_sub_path}sources/{holders[0]}/index.html"
    assert found[0]["kind"].startswith("Source · ")
    assert page.locator(".search-results > li > .search-excerpt mark").all_inner_texts() == [SOURCE_WORD]
    assert page.request.get(found[0]["href"]).status == 200
    page.locator(".search-results a").first.click()
    expect(page.locator("h1")).to_have_text(found[0]["title"], timeout=WAIT)
    assert watched.problems == [], "no console error (CSP violations are ones), failed request or HTTP error"
    page.context.close()


def test_filters_narrow_the_results_and_stay_in_the_address(browser, sample_under_sub_path):
    watched = search(browser, sample_under_sub_path + SEARCH, COMMON_WORD)
    page = watched.page
    every = counted(page)
    page.locator("summary").focus()
    page.keyboard.press("Enter")
    kind = page.locator("#search-filter-kind")
    expect(kind).to_be_visible(timeout=WAIT)
    kind.select_option("source")
    expect(page.locator(".search-count")).not_to_have_text(f"{every} results.", timeout=WAIT)
    sources = counted(page)
    assert 0 < sources < every
    assert {result["kind"].split(" · ")[0] for result in results(page)} == {"Source"}
    assert page.url.endswith(f"?q={COMMON_WORD}&kind=source")

    page.locator("#search-filter-year").select_option("2014")
    expect(page).to_have_url(re.compile(r"&kind=source&year=2014$"), timeout=WAIT)
    expect(page.locator(".search-count")).not_to_have_text(f"{sources} results.", timeout=WAIT)
    in_2014 = results(page)
    assert all(result["kind"].startswith("Source · 2014") for result in in_2014)

    page.reload()
    assert results(page, len(in_2014)) == in_2014
    assert not page.locator("details.search-filters").evaluate("details => details.open")
    assert page.locator("summary").inner_text() == "Filters (2 chosen)"
    assert watched.problems == []
    page.context.close()


def test_a_claim_is_found_by_its_statement_under_its_source(browser, sample_under_sub_path):
    statement = "instil radical views in young people"
    claims = (REPO / "content/claims/knb-november-2014.yaml").read_text()
    assert f"id: {CLAIM}\n  statement: >-\n    Extremist recruiters come" in claims
    assert statement in " ".join(claims.split()), "the words are the claim's statement"
    watched = search(browser, sample_under_sub_path + SEARCH, statement)
    page = watched.page
    link = page.locator(f"a[href='{sample_under_sub_path}claims/{CLAIM}/index.html']")
    source = page.locator(".search-results > li", has=link)
    expect(source).to_have_count(1, timeout=WAIT)
    assert "/sources/" in source.locator(":scope > .search-title a").get_attribute("href")
    sub_result = source.locator(":scope > .search-claims > li").first
    expect(sub_result.locator("a")).to_have_attribute("href", f"{sample_under_sub_path}claims/{CLAIM}/index.html")
    assert sub_result.locator(".search-kind").text_content() == "Claim"
    assert sub_result.locator("mark").count() >= 1
    link.click()
    expect(page.locator("h1")).to_be_visible(timeout=WAIT)
    assert page.url == f"{sample_under_sub_path}claims/{CLAIM}/index.html"
    assert "Extremist recruiters" in page.locator("main").inner_text()
    assert watched.problems == []
    page.context.close()


def test_from_disk_the_page_says_why_and_still_finds_records_by_kind(browser, sites):
    watched = search(browser, (sites["sample"] / SEARCH).as_uri() + "?q=abykayev")
    page = watched.page
    note = page.locator(".search-note")
    expect(note).to_contain_text("Full-text search needs the site to be served", timeout=WAIT)
    found = results(page, 5)
    every = counted(page)
    assert found[0]["title"] == "Nurtai Abykayev" and found[0]["kind"] == "Person"
    assert "Claim" in {result["kind"] for result in found}, "claims are found by their statements"
    page.locator("summary").click()
    page.locator("#search-filter-kind").select_option("claim")
    expect(page.locator(".search-count")).not_to_have_text(f"{every} records match.", timeout=WAIT)
    assert 0 < counted(page) < every
    assert {result["kind"] for result in results(page)} == {"Claim"}
    assert page.url.endswith("?q=abykayev&kind=claim")
    assert watched.problems == []
    page.context.close()


MORE = "button:Show more results"


def tab_to(page: Page, target: str, limit: int = 100) -> list[str]:
    """Press Tab until `target` has the focus; what was reached on the way, in order: an element's
    id, link address, or tag and text."""
    reached: list[str] = []
    while target not in reached:
        assert len(reached) < limit, f"Tab never reached {target}: {reached}"
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const e = document.activeElement;
            return e.id || e.href || e.tagName.toLowerCase() + ':' + e.textContent.trim(); }"""))
    return reached


def test_the_keyboard_reaches_the_field_the_filters_every_result_and_more(browser, sample_under_sub_path):
    watched = open_page(browser, sample_under_sub_path + SEARCH)
    page = watched.page
    tab_to(page, "search-words")
    page.keyboard.insert_text(COMMON_WORD)  # at once: letter by letter, a shorter word's count could show first
    total = counted(page)
    assert total > 10
    assert page.locator(".search-count").get_attribute("role") == "status"
    assert tab_to(page, "summary:Filters") == ["summary:Filters"]
    page.keyboard.press("Enter")
    expect(page.locator("#search-filter-kind")).to_be_visible(timeout=WAIT)
    selects = page.evaluate("[...document.querySelectorAll('.search-filter-list select')].map(s => s.id)")
    links = page.evaluate("[...document.querySelectorAll('.search-results a')].map(a => a.href)")
    assert len(selects) == 5 and len(links) >= 10
    reached = tab_to(page, MORE)
    assert reached[:len(selects)] == selects
    assert set(links) <= set(reached)

    page.keyboard.press("Enter")
    expect(page.locator(".search-results > li")).to_have_count(min(total, 20), timeout=WAIT)
    assert watched.problems == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_search_from_disk(browser, sites, scheme):
    """The fallback's results, its note and its kind filter, opened because the address names a kind."""
    watched = open_page(browser, (sites["sample"] / SEARCH).as_uri() + "?q=abykayev&kind=claim", color_scheme=scheme)
    page = watched.page
    results(page)
    assert page.locator("details.search-filters").evaluate("details => details.open")
    assert watched.problems == []  # before axe runs: from disk, axe's own requests for the stylesheet fail
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_results_and_filters_shown(browser, sample_under_sub_path, scheme, viewport):
    watched = search(browser, sample_under_sub_path + SEARCH, COMMON_WORD, color_scheme=scheme,
                     viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone")
    page = watched.page
    results(page, 10)
    page.locator("summary").click()
    expect(page.locator("#search-filter-kind")).to_be_visible(timeout=WAIT)
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the results scroll sideways by {overflow}px"
    assert watched.problems == []
    page.context.close()


@pytest.mark.parametrize("links", ["index.html", "directory"])
def test_results_work_with_either_link_style(browser, sites, directory_site, links, tmp_path):
    """The fixture dossier: a word of its source's text and a claim's statement, served under a
    sub-path, whether links end in `index.html` or in `/` (served as the folder's index.html)."""
    (tmp_path / "sub").symlink_to(sites["fixture"] if links == "index.html" else directory_site)
    ending = "index.html" if links == "index.html" else ""
    with serving(tmp_path) as url:
        watched = search(browser, f"{url}sub/search/{ending}", "wednesday invoice")
        page = watched.page
        found = results(page)
        assert found[0]["href"] == f"{url}sub/sources/gazette-2021-03-04-harbour-fund/{ending}"
        claim = page.locator(".search-claims a").first
        expect(claim).to_have_attribute("href", f"{url}sub/claims/berg-payments-without-invoice/{ending}")
        claim.click()
        expect(page.locator("h1")).to_be_visible(timeout=WAIT)
        assert "More than 40 percent" in page.locator("main").inner_text()
        page.go_back()
        page.locator(".search-results > li > .search-title a").first.click()
        expect(page.locator("h1")).to_have_text(found[0]["title"], timeout=WAIT)
        assert watched.problems == []
        page.context.close()


def test_in_dossier_serve_a_saved_word_is_found_once_the_preview_has_indexed_it(browser, server):
    """Before the preview's first index the page falls back and says why; once indexed, a word saved
    into a source's text is found in it, highlighted."""
    before = open_page(browser, server.url + SEARCH + "?q=harbour")
    expect(before.page.locator(".search-note")).to_contain_text("The full-text index is not there yet", timeout=WAIT)
    assert "Harbour Fund" in {result["title"] for result in results(before.page)}
    assert sorted(before.problems) == [  # the page asked for the index, which is not there yet
        "HTTP 404: " + server.url + "pagefind/bundles.json",
        "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]
    before.page.context.close()
    server.wait_for("search index:", timeout=60)

    server.edit(GAZETTE, "By Mira Holt\n", "By Mira Holt\nquetzalcoatlus\n")
    server.wait_for("changed content/sources/", timeout=60)
    server.wait_for("search index:", timeout=60)
    watched = open_page(browser, server.url + SEARCH + "?q=quetzalcoatlus")
    page = watched.page
    found = results(page)
    assert [result["href"] for result in found] == [server.url + "sources/gazette-2021-03-04-harbour-fund/index.html"]
    assert [mark.strip(".") for mark in page.locator(".search-excerpt mark").all_inner_texts()] == ["quetzalcoatlus"]
    assert page.locator(".search-note").is_hidden()
    assert watched.problems == []
    page.context.close()
