"""The relation graph in Chromium (docs/relations.md): axe finds no violation on a person page and on
the network page, light and dark; on a phone and on a desktop every label of the graph stays inside
the viewport and inside its box, and no two labels overlap."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.axe import axe_violations
from support.servers import serving
from support.watched import VIEWPORTS, open_page

PAGES = ["people/nurtai-abykayev/index.html", "agencies/islamic-state/index.html", "network/index.html"]
LABEL_BOXES = """() => Array.from(document.querySelectorAll('svg.relation-graph text')).map(text => {
  const box = text.getBoundingClientRect();
  const shape = text.parentElement.querySelector('rect');
  const around = shape && text.parentElement.tagName.toLowerCase() === 'a' ? shape.getBoundingClientRect() : null;
  return {text: text.textContent, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          box: around && {left: around.left, right: around.right, top: around.top, bottom: around.bottom}};
})"""

LABEL_SIZE = """() => {
  const svg = document.querySelector('svg.relation-graph');
  const size = parseFloat(getComputedStyle(svg.querySelector('.node text')).fontSize);
  return size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
}"""
"""The height of a label as drawn, in CSS pixels."""


@pytest.fixture(scope="module")
def sample_url(sites) -> Iterator[str]:
    with serving(sites["sample"]) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_in_the_graph(browser, sample_url, path, scheme):
    watched = open_page(browser, sample_url + path, color_scheme=scheme)
    assert axe_violations(watched.page) == []
    assert watched.problems == []
    watched.page.context.close()


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and \
        a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("path", PAGES)
def test_labels_stay_in_the_viewport_and_their_boxes_and_never_overlap(browser, sample_url, path, viewport):
    watched = open_page(browser, sample_url + path, viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone")
    page = watched.page
    labels = page.evaluate(LABEL_BOXES)
    assert len(labels) > 5
    width = page.evaluate("document.documentElement.clientWidth")
    for label in labels:
        assert label["left"] >= 0 and label["right"] <= width, label
        if label["box"]:
            assert label["box"]["left"] <= label["left"] and label["right"] <= label["box"]["right"], label
    crowded = [(a["text"], b["text"]) for index, a in enumerate(labels) for b in labels[index + 1:] if overlaps(a, b)]
    assert crowded == []
    font = page.evaluate(LABEL_SIZE)
    assert font >= 11, f"labels are drawn {font:.1f} px high"
    page.context.close()
