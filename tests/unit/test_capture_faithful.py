"""Faithfulness of a working text to its capture: one test per way a working text can betray its original."""

from __future__ import annotations

import time

import pytest
from support.captures import ARTICLE_HTML, ARTICLE_PARAGRAPHS, ARTICLE_VISIBLE_BLOCKS

from generator.capture.faithful import SHOWN_PASSAGE, Faithfulness, check
from generator.capture.visible import Payload, VisibleText, visible_text
from generator.capture.working import cut_from_capture
from generator.core.diagnostics import Severity

FIRST, SECOND, THIRD = ARTICLE_PARAGRAPHS


@pytest.fixture(scope="module")
def article() -> VisibleText:
    return visible_text(Payload("text/html", ARTICLE_HTML.encode(), None))


def problems(result: Faithfulness) -> list[tuple[str, str, int]]:
    return [(problem.severity.value, problem.code, problem.offset) for problem in result.problems]


def test_a_faithful_cut_passes_and_counts_the_passages_it_leaves_out(article: VisibleText) -> None:
    result = check("\n\n".join(ARTICLE_PARAGRAPHS), article)
    assert result.faithful and result.problems == ()
    assert (result.paragraphs, result.blocks) == (3, len(ARTICLE_VISIBLE_BLOCKS))
    assert result.left_out == len(ARTICLE_VISIBLE_BLOCKS) - 3


def test_folding_lets_typographic_variants_and_line_breaks_match(article: VisibleText) -> None:
    quoted = '"We do not discuss individual cases," a spokesman said.'
    working = f"{FIRST.replace(' that ', chr(10) + 'that ')}\n\n{quoted}"
    assert check(working, article).problems == ()


def test_one_word_added_is_an_error_at_that_word(article: VisibleText) -> None:
    working = "\n\n".join([FIRST, SECOND.replace("did not say", "did not really say"), THIRD])
    result = check(working, article)
    assert problems(result) == [("error", "capture.changed", working.index("really"))]
    assert "did not say how many" in result.problems[0].passage


def test_a_not_removed_inside_a_paragraph_is_an_error_with_the_capture_passage(article: VisibleText) -> None:
    working = "\n\n".join([FIRST, SECOND.replace("did not say", "did say"), THIRD])
    result = check(working, article)
    assert problems(result) == [("error", "capture.changed", working.index("say how"))]
    assert "did not say" in result.problems[0].passage
    assert not result.faithful


def test_a_changed_first_word_points_at_the_paragraph_start(article: VisibleText) -> None:
    working = SECOND.replace("The committee", "A committee")
    assert problems(check(working, article)) == [("error", "capture.changed", 0)]


def test_a_paragraph_moved_out_of_order_is_an_error_at_the_moved_paragraph(article: VisibleText) -> None:
    working = "\n\n".join([SECOND, FIRST, THIRD])
    result = check(working, article)
    assert problems(result) == [("error", "capture.order", working.index(FIRST))]
    assert result.problems[0].passage == FIRST


def test_splitting_a_number_into_two_paragraphs_is_an_error_on_both_sides(article: VisibleText) -> None:
    working = FIRST.replace("1,240", "1,\n\n240")
    result = check(working, article)
    assert problems(result) == [("error", "capture.split-word", working.index("1,") + 2),
                                ("error", "capture.split-word", working.index("240"))]
    assert all('"1,240"' in problem.message for problem in result.problems)


def test_a_paragraph_may_not_begin_inside_a_word(article: VisibleText) -> None:
    working = "ational Security Committee said on Thursday"
    assert problems(check(working, article))[0][:2] == ("error", "capture.split-word")


def test_a_cut_inside_a_block_is_a_warning(article: VisibleText) -> None:
    working = "Security Committee said on Thursday that 1,240 people"
    result = check(working, article)
    assert problems(result) == [("warning", "capture.cut", 0), ("warning", "capture.cut", len(working))]
    assert result.faithful
    assert '"…The National"' in result.problems[0].message


@pytest.mark.parametrize("marker", ["[…]", "[...]"])
def test_a_cut_marked_with_the_marker_is_not_a_warning(article: VisibleText, marker: str) -> None:
    working = f"{marker} Security Committee said on Thursday that 1,240 people {marker}"
    result = check(working, article)
    assert result.problems == () and result.paragraphs == 1 and result.left_out == len(ARTICLE_VISIBLE_BLOCKS) - 1


def test_a_marker_with_nothing_cut_is_allowed(article: VisibleText) -> None:
    assert check(f"[…] {FIRST} […]", article).problems == ()


def test_a_paragraph_that_is_only_a_marker_says_passages_were_left_out(article: VisibleText) -> None:
    result = check(f"{FIRST}\n\n[…]\n\n{THIRD}", article)
    assert result.problems == () and result.paragraphs == 2


def test_a_marker_inside_a_paragraph_is_an_error_there(article: VisibleText) -> None:
    working = "The National Security Committee said […] that 1,240 people had been questioned since January."
    assert problems(check(working, article)) == [("error", "capture.marker", working.index("[…]"))]


def test_words_left_out_inside_a_paragraph_are_an_error(article: VisibleText) -> None:
    working = "The National Security Committee said that 1,240 people had been questioned since January."
    assert problems(check(working, article)) == [("error", "capture.changed", working.index("that"))]


def test_a_paragraph_may_not_run_across_two_blocks_of_the_capture(article: VisibleText) -> None:
    working = f"{FIRST} {SECOND}"
    result = check(working, article)
    assert problems(result) == [("error", "capture.joined", working.index(SECOND))]
    assert result.problems[0].passage == f"{FIRST} ¶ {SECOND}"


def test_passages_left_out_count_blocks_no_paragraph_takes_words_from(article: VisibleText) -> None:
    assert check(SECOND, article).left_out == len(ARTICLE_VISIBLE_BLOCKS) - 1
    assert check("[…] did not say how many […]", article).left_out == len(ARTICLE_VISIBLE_BLOCKS) - 1


def test_a_repeated_passage_is_matched_in_order() -> None:
    capture = _text("Standfirst.\n\nBody one.\n\nStandfirst.\n\nBody two.")
    assert check("Body one.\n\nStandfirst.\n\nBody two.", capture).problems == ()


def test_a_hidden_element_is_not_in_the_visible_text(article: VisibleText) -> None:
    assert problems(check("Hidden draft: do not publish", article))[0][:2] == ("error", "capture.changed")


def test_offsets_point_into_the_working_text_with_its_own_blank_lines(article: VisibleText) -> None:
    working = f"\n\n  {FIRST}\n   \n\n{SECOND.replace('not ', '')}\n"
    result = check(working, article)
    assert problems(result) == [("error", "capture.changed", working.index("say how"))]
    assert result.problems[0].severity is Severity.ERROR


def test_the_cost_grows_linearly_with_the_capture() -> None:
    """Captures of 2,500 and 10,000 blocks, a working text of every other block: four times the text
    costs about four times as much (a quadratic check would cost sixteen)."""

    def seconds(count: int) -> float:
        blocks = [f"Paragraph {number} says that {number * 7} people were counted." for number in range(count)]
        capture, working = _text("\n\n".join(blocks)), "\n\n".join(blocks[::2])
        started = time.perf_counter()
        result = check(working, capture)
        assert result.problems == () and result.left_out == count // 2
        return time.perf_counter() - started

    small = min(seconds(2_500) for _ in range(3))
    assert min(seconds(10_000) for _ in range(2)) < 8 * small


def test_working_text_from_an_extractor_is_taken_back_from_the_capture(article: VisibleText) -> None:
    lines = ["Committee questioned 1,240 people", FIRST, f"- {SECOND}", "Hidden draft: do not publish",
             '"We do not discuss individual cases," a spokesman said.', "| Comments | Reader42: This is outrageous! |"]
    working = cut_from_capture(lines, article, title="Committee questioned 1,240 people")
    assert working.paragraphs == (FIRST, SECOND, THIRD, "Comments", "Reader42: This is outrageous!")
    assert (working.dropped, working.whole) == (1, False)
    assert check("\n\n".join(working.paragraphs), article).problems == ()


def test_an_extracted_line_that_cuts_a_block_gets_markers(article: VisibleText) -> None:
    working = cut_from_capture(["Security Committee said on Thursday"], article)
    assert working.paragraphs == ("[…] Security Committee said on Thursday […]",)
    assert check(working.paragraphs[0], article).problems == ()


def test_nothing_extracted_gives_the_whole_visible_text(article: VisibleText) -> None:
    working = cut_from_capture([], article)
    assert working.whole and working.paragraphs == ARTICLE_VISIBLE_BLOCKS


# The capture's excerpt in a message ("the capture has: …") ------------------------------------------

SYRIA = ("According to the ministry, 4,000 people were displaced by the fighting in Syria and Iraq last year, "
         "most of them from villages near the border.")
LONG = " ".join(f"Sentence {number} of a long paragraph says something about the border." for number in range(12))


@pytest.mark.parametrize("working", [SYRIA.replace("4,000", "40,000"), SYRIA.replace("most of them", "all of them"),
                                     SYRIA.replace("According to", "According […] to")])
def test_the_excerpt_of_a_short_block_is_that_whole_block_and_nothing_next_to_it(working: str) -> None:
    capture = _text(f"Advertisement\n\n{SYRIA}\n\nRead more: the border")
    [problem] = check(working, capture).problems
    assert problem.passage == SYRIA


@pytest.mark.parametrize("changed", ["Sentence 0 of", "Sentence 6 of", "Sentence 11 of"])
def test_the_excerpt_of_a_long_block_marks_where_it_is_cut(changed: str) -> None:
    capture = _text(f"Advertisement\n\n{LONG}\n\nRead more: the border")
    [problem] = check(LONG.replace(changed, changed.replace("of", "in")), capture).problems
    assert problem.passage is not None and len(problem.passage) <= SHOWN_PASSAGE + 2
    assert "Advertisement" not in problem.passage and "Read more" not in problem.passage
    shown = problem.passage.strip("…")
    assert shown in LONG and shown.split()[0] in LONG.split() and shown.split()[-1] in LONG.split()
    assert problem.passage.startswith("…") == (not LONG.startswith(shown))
    assert problem.passage.endswith("…") == (not LONG.endswith(shown))


def test_an_excerpt_across_blocks_marks_their_edges() -> None:
    capture = _text(f"Advertisement\n\n{SYRIA}\n\n{LONG}")
    [problem] = check(f"{SYRIA} {LONG}", capture).problems
    assert problem.code == "capture.joined"
    assert problem.passage is not None and problem.passage.startswith(f"{SYRIA} ¶ Sentence 0")
    assert problem.passage.endswith("…") and len(problem.passage) <= SHOWN_PASSAGE + 2


def _text(text: str) -> VisibleText:
    return visible_text(Payload("text/plain", text.encode(), None))
