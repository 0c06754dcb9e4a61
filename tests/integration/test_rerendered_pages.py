"""Which pages an edit renders again: exactly the pages whose recorded inputs it changed (the pages
that show the edited record, and those that show a kept value made from it), and no other.

The fixture dossier (tests/fixtures/complete) is small enough to list every page by name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.edits import replace, write

from generator.build import Builder
from generator.core import urls

FUND_CLAIM = "content/claims/fund.yaml"
AUDIT_CLAIMS = "content/claims/audit.yaml"
CLAIM_PAGES = (
    "agencies/harbour-fund/index.html",  # the claim is about the fund
    "claims/berg-fund-lost-2-million/index.html",  # the claim it disputes lists it
    "claims/index.html",  # the timeline shows its card
    "claims/lind-no-money-lost/index.html",  # its own page
    "figures/harbour-fund-loss-2020/index.html",  # it gives a value of the figure
    "figures/index.html",  # the figure's spread of values
    "index.html",  # the home page's figures and disputes
    "people/ana-lind/index.html",  # she said it
    "people/jonas-berg/index.html",  # it is about him, and his claim's card names it
    "sources/fund-statement-2021-03/index.html",  # it cites the statement
    "sources/gazette-2021-03-04-harbour-fund/index.html",  # the disputed claim's card there names it
)


def removed_claim(path: str, claim_id: str) -> Callable[[Path], None]:
    """Remove a claim, the last of its file."""
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        file.write_text(text[:text.index(f"- id: {claim_id}")].rstrip() + "\n", encoding="utf-8")

    return edit


EDITS = {
    "a claim's note": (
        replace(AUDIT_CLAIMS, "not independent support for it.", "not independent support."),
        ("agencies/harbour-fund/index.html",  # the claim is about the fund
         "claims/berg-payments-without-invoice/index.html",  # its own page
         "claims/index.html",  # the timeline shows its card
         "people/jonas-berg/index.html",  # he said it
         "sources/gazette-2021-03-04-harbour-fund/index.html")),  # it cites the article
    "a claim's value": (replace(FUND_CLAIM, "value: [0, 500000]", "value: [0, 600000]"), CLAIM_PAGES),
    "a claim's statement": (replace(FUND_CLAIM, "lost no money", "lost no cash"), CLAIM_PAGES),
    "a person's description": (
        replace("content/people/mira-holt.yaml", "Reporter at", "Senior reporter at"),
        ("network/index.html",  # the overview reads every person (their names and roles)
         "people/index.html", "people/mira-holt/index.html")),  # the article she wrote names her only
    "a source's text": (
        replace("content/sources/fund-statement-2021-03.md", "# Statement on the audit",
                "# Statement on the audit, 2021"),
        ("sources/fund-statement-2021-03/index.html",)),  # links and cited quotes show no more of it
    "a figure's unit": (
        replace("content/figures/harbour-fund-loss-2020.yaml", "unit: euros", "unit: EUR"),
        CLAIM_PAGES),  # every value of the figure is shown with its unit, wherever its claims are listed
    "a claim removed": (
        removed_claim(AUDIT_CLAIMS, "berg-payments-without-invoice"),
        ("agencies/harbour-fund/index.html", "agencies/index.html", "claims/index.html", "index.html",
         "people/index.html", "people/jonas-berg/index.html", "sources/gazette-2021-03-04-harbour-fund/index.html",
         "sources/index.html")),  # its page is gone; the indexes count claims
    "a new source": (
        write("content/sources/new-2021.txt",
              "---\ntitle: New\npublisher: The Coastal Gazette\ndate: 2021-04-01\n---\nSome text.\n"),
        ("index.html", "sources/index.html", "sources/new-2021/index.html")),
    "nothing": (lambda root: None, ()),
}


@pytest.mark.parametrize("told", [False, True], ids=["looking", "told-by-watcher"])
@pytest.mark.parametrize("name", EDITS)
def test_an_edit_renders_exactly_the_pages_that_read_what_it_changed(dossier, name, told):
    root = dossier()
    builder = Builder(root / "config.yaml", serial=True)
    first = builder.build()
    assert first.report is not None and len(first.rendered) == first.pages
    edit, expected = EDITS[name]
    before = {path: path.stat().st_mtime_ns for path in (root / "content").rglob("*") if path.is_file()}
    edit(root)
    changed = {path for path in (root / "content").rglob("*")
               if path.is_file() and before.get(path) != path.stat().st_mtime_ns}
    result = builder.build(changed=changed if told else None)
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    assert result.rendered == expected
    assert result.pages == len(expected)


def test_a_full_build_renders_every_page(dossier):
    root = dossier()
    built = Builder(root / "config.yaml", serial=True).build()
    pages = {path for path in built.files if path.endswith(".html") and not path.startswith("captures/")}
    assert set(built.rendered) == pages - {urls.DATA}, "the Data page is made with the data files (docs/open-data.md)"
