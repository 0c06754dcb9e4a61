"""Figure charts as Chromium paints them: a revised mark of every kind looks revised."""

from __future__ import annotations

from playwright import sync_api as playwright
from support.browser import CHROMIUM, CHROMIUM_FLAGS

from generator.build import build

REVISED_OF_EVERY_KIND = """- id: berg-more-than-1-million
  statement: Berg first said more than 1 million euros were lost.
  by: jonas-berg
  date: 2021-03-10
  figure: harbour-fund-loss-2020
  value: 1000000
  qualifier: more than
  as_of: 2020
  derivation: an early estimate
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: The Harbour Fund lost about 2 million euros in 2020
- id: berg-1-2-million-reported
  statement: Berg then put it at 1.2 million euros.
  by: jonas-berg
  date: 2021-03-20
  figure: harbour-fund-loss-2020
  value: 1200000
  derivation: a second estimate
  revises: [berg-more-than-1-million]
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: The Harbour Fund lost about 2 million euros in 2020
- id: berg-1-5-million
  statement: Berg finally put it at 1.5 million euros.
  by: jonas-berg
  date: 2021-04-01
  figure: harbour-fund-loss-2020
  value: 1500000
  as_of: 2020
  derivation: a third estimate
  revises: [berg-1-2-million-reported]
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: The Harbour Fund lost about 2 million euros in 2020
"""


MARK_PAINT = """selector => [...document.querySelectorAll(selector)].map(element => {
    const style = getComputedStyle(element);
    return [style.fillOpacity, style.stroke, style.strokeOpacity, style.strokeDasharray].join(' | ');
})"""


def test_a_revised_mark_of_every_kind_is_drawn_faded_and_dashed_not_only_its_fill(dossier):
    """A hollow mark's fill is the background, so fading only the fill left a revised hollow mark
    looking current: every kind (bar, hollow mark, arrow) must differ in its outline too. In Chromium."""
    root = dossier({"content/claims/revisions.yaml": REVISED_OF_EVERY_KIND})
    assert build(root / "config.yaml").report is not None
    page_path = root / "site" / "figures" / "harbour-fund-loss-2020" / "index.html"
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(page_path.as_uri())
        paint = {kind: page.evaluate(MARK_PAINT, selector) for kind, selector in {
            "current bar": "rect.mark:not(.revised):not(.unstated)", "revised bar": "rect.mark.revised:not(.unstated)",
            "revised hollow": "rect.mark.revised.unstated", "revised arrow": "path.open.revised"}.items()}
        browser.close()
    assert all(len(found) == 1 for kind, found in paint.items() if kind != "current bar"), paint
    current = paint["current bar"][0]
    for kind in ("revised bar", "revised hollow", "revised arrow"):
        fill_opacity, _stroke, stroke_opacity, dashes = paint[kind][0].split(" | ")
        assert dashes != "none" and float(stroke_opacity) <= 0.6 and float(fill_opacity) <= 0.3, (kind, paint[kind])
        assert paint[kind][0] != current
