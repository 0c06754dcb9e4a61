"""Figures on the built pages: a value without a period, revisions, derivations, hedged links and
notes, as the claim and figure pages show them."""

from __future__ import annotations

from generator.build import build
from generator.site import conflicts

UNDATED_PERIOD = """- id: holt-reported-loss
  statement: The Gazette reported a loss of about 2 million euros.
  by: mira-holt
  date: 2021-03-04
  figure: harbour-fund-loss-2020
  value: 2000000
  qualifier: about
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: The Harbour Fund lost about 2 million euros in 2020
"""


def test_a_value_without_as_of_reads_reported_and_is_listed_apart(dossier):
    root = dossier({"content/claims/holt.yaml": UNDATED_PERIOD})
    assert build(root / "config.yaml").report is not None
    claim_page = (root / "site" / "claims" / "holt-reported-loss" / "index.html").read_text()
    figure_page = (root / "site" / "figures" / "harbour-fund-loss-2020" / "index.html").read_text()
    assert 'reported <time datetime="2021-03-04">4 March 2021</time>, period not stated' in claim_page
    assert "as of" not in claim_page
    unstated = figure_page[figure_page.index('id="period-not-stated"'):]
    assert 'data-claim="holt-reported-loss"' in unstated.split("</table>")[0]
    assert "<td>not stated</td>" in unstated
    assert 'class="mark unstated"' in figure_page and "period is not stated" in figure_page
    disagreement_box = figure_page.split('<div class="disagreement"', 1)[1].split("</div>", 1)[0]
    assert "holt-reported-loss" not in disagreement_box
    assert 'as of <time datetime="2020">2020</time>' in figure_page  # the values that state it keep it


REVISION_AND_HEDGE = """- id: berg-revised-loss
  statement: Berg later put the loss at 1.5 million euros.
  by: jonas-berg
  date: 2021-04
  figure: harbour-fund-loss-2020
  value: 1500000
  as_of: 2020
  derivation: the auditor's later figure, given to the Gazette by phone
  revises: [berg-fund-lost-2-million]
  based_on:
    - claim: berg-payments-without-invoice
      hedge: likely
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: The Harbour Fund lost about 2 million euros in 2020
"""


def test_revised_values_derivations_and_hedged_links_are_shown_as_such(dossier):
    root = dossier({"content/claims/revision.yaml": REVISION_AND_HEDGE})
    assert build(root / "config.yaml").report is not None
    site = root / "site"
    figure_page = (site / "figures" / "harbour-fund-loss-2020" / "index.html").read_text()
    revised_row = figure_page.split('<tr data-claim="berg-fund-lost-2-million"', 1)[1].split("</tr>", 1)[0]
    assert "Revised by" in revised_row and "1.5 million euros" in revised_row and "status-revised" in revised_row
    assert 'class="mark revised"' in figure_page
    disagreement_box = figure_page.split('<div class="disagreement"', 1)[1].split("</div>", 1)[0]
    assert "berg-fund-lost-2-million" not in disagreement_box  # revised: no longer stands
    later_row = figure_page.split('<tr data-claim="berg-revised-loss"', 1)[1].split("</tr>", 1)[0]
    assert "Derived: the auditor" in later_row
    assert "1.5 million euros, derived: the auditor" in figure_page  # the chart's footnote
    later_page = (site / "claims" / "berg-revised-loss" / "index.html").read_text()
    assert ">Likely based on<" in later_page and ">Revises<" in later_page
    basis_page = (site / "claims" / "berg-payments-without-invoice" / "index.html").read_text()
    assert ">Likely basis for<" in basis_page


REVISION_WITHOUT_A_FIGURE = """- id: berg-payments-restated
  statement: Berg later repeated that many of the fund's payments had no invoice.
  by: jonas-berg
  date: 2021-04
  revises: [berg-payments-without-invoice]
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: '"We found that more than 40 percent of the payments had no invoice,"'
"""


def test_a_revised_claim_without_a_figure_links_to_its_revision(dossier):
    """`revised by` was looked for among the claims of the revised claim's figure only, so a claim
    without a figure never showed the claim that revised it."""
    root = dossier({"content/claims/restated.yaml": REVISION_WITHOUT_A_FIGURE})
    assert build(root / "config.yaml").report is not None
    revised_page = (root / "site" / "claims" / "berg-payments-without-invoice" / "index.html").read_text()
    assert ">Revised by<" in revised_page and "claims/berg-payments-restated/" in revised_page


NOTED_VALUE = REVISION_AND_HEDGE.replace("  revises: [berg-fund-lost-2-million]\n", "").replace(
    "  derivation:", "  note: The source gives *no basis* for it; 1.5 million is [the auditor's](https://example.org/) "
                   "later level.\n  derivation:")


def test_a_values_claim_note_is_shown_under_its_row_in_the_figures_table(dossier):
    """A caveat in a claim's note ("the source gives no basis for it") reaches the reader of the figure
    page: a row under the value's, across the whole table, its Markdown rendered and its value named."""
    root = dossier({"content/claims/noted.yaml": NOTED_VALUE})
    assert build(root / "config.yaml").report is not None
    page = (root / "site" / "figures" / "harbour-fund-loss-2020" / "index.html").read_text()
    table = page.split('<table class="values">', 1)[1].split("</table>", 1)[0]
    columns = table.split("</thead>", 1)[0].count('<th scope="col">')
    rows = table.split("<tbody>", 1)[1].split("</tr>")
    noted = next(index for index, row in enumerate(rows) if '<tr data-claim="berg-revised-loss"' in row)
    note = rows[noted + 1]
    assert note.lstrip().startswith('<tr class="value-note')
    assert f'data-note-for="berg-revised-loss">\n<td colspan="{columns}">' in note
    assert '<span class="note-label">Note on 1.5 million euros:</span>' in note
    assert "The source gives <em>no basis</em> for it" in note and 'href="https://example.org/"' in note
    assert sum("value-note" in row for row in rows) == 1  # values without a note get no note row


def many_values(count: int) -> str:
    """`count` values for 2020, each different from every other: every pair of them disagrees."""
    return "".join(f"""- id: count-{index:03d}
  statement: A count of {index} euros.
  by: mira-holt
  date: 2021-03-04
  figure: harbour-fund-loss-2020
  value: {index}
  as_of: 2020
  derivation: a test value
  citations:
    - source: gazette-2021-03-04-harbour-fund
      quote: The Harbour Fund lost about 2 million euros in 2020
""" for index in range(1, count + 1))


def test_a_figure_with_many_disagreeing_values_lists_the_first_pairs_and_counts_the_rest(dossier):
    """30 values that all differ: 435 pairs among them, and more with the fixture's own values. The
    page lists 30, says how many more there are, and flags every value."""
    root = dossier({"content/claims/counts.yaml": many_values(30)})
    assert build(root / "config.yaml").report is not None
    figure_page = (root / "site" / "figures" / "harbour-fund-loss-2020" / "index.html").read_text()
    box = figure_page.split('<div class="disagreement"', 1)[1].split("</div>", 1)[0]
    assert box.count("<li>") == conflicts.LISTED_PAIRS == 30
    more = int(box.split("<p>And ", 1)[1].split(" more pairs:", 1)[0].replace(",", ""))
    assert more >= 435 - 30
    for index in range(1, 31):
        row = figure_page.split(f'<tr data-claim="count-{index:03d}"', 1)[1].split("</tr>", 1)[0]
        assert 'class="disagrees"' in row and '<span class="flag">disagrees</span>' in row
    figures_list = (root / "site" / "figures" / "index.html").read_text()
    assert "sources disagree" in figures_list
