"""Which words changed (generator/diff/words.py), the lines of a field's change (lines.py), and how the
text and Markdown formats show them: inline, escaped, a deleted comma visible."""

from __future__ import annotations

from markdown_it import MarkdownIt

from generator.diff.changes import DossierDiff, RecordChange, SideSummary
from generator.diff.formats import to_text
from generator.diff.lines import Line, field_lines
from generator.diff.markdown import to_markdown, words
from generator.diff.words import CONTEXT_WORDS, SHORT, Segment, alike, tokens, visible, word_diff
from generator.history.fields import FieldChange, field_change

GFM = MarkdownIt("gfm-like", {"html": True, "linkify": False})
"""GitHub-like Markdown with raw HTML passed through, as GitHub passes `<del>` and `<ins>`."""


def shown(segments: tuple[Segment, ...]) -> list[tuple[str, str]]:
    return [(segment.kind, segment.text) for segment in segments]


def report(*fields: FieldChange) -> DossierDiff:
    """A diff of one changed claim with these field changes."""
    side = SideSummary("main", None, 0, 0, True)
    record = RecordChange("claim", "c", "changed", "A claim", "content/claims/c.yaml", fields=fields)
    return DossierDiff(side, side, (), (record,), (), ())


# Tokens -------------------------------------------------------------------------------------------


def test_words_punctuation_and_whitespace_are_tokens_of_their_own():
    assert tokens("The men, women.") == ("The", " ", "men", ",", " ", "women", ".")
    assert tokens("a  \n b") == ("a", "  \n ", "b")
    assert tokens("“quoted”") == ("“", "quoted", "”")


def test_numbers_with_separators_and_words_with_apostrophes_are_one_token():
    assert tokens("1.5 million, 2,000 euros in 2020.") == ("1.5", " ", "million", ",", " ", "2,000", " ", "euros",
                                                            " ", "in", " ", "2020", ".")
    assert tokens("the fund’s don't") == ("the", " ", "fund’s", " ", "don't")
    assert tokens("end.Start") == ("end", ".", "Start")


def test_unicode_letters_marks_and_wide_characters():
    decomposed = "cafe\u0301 naïve"
    assert tokens(decomposed) == ("cafe\u0301", " ", "naïve")
    assert tokens("हिन्दी भाषा") == ("हिन्दी", " ", "भाषा")
    assert tokens("香港基金") == ("香", "港", "基", "金")
    assert "".join(tokens("Ünïcödé — ok 👍🏽 x")) == "Ünïcödé — ok 👍🏽 x"


# Word diffs ---------------------------------------------------------------------------------------


def test_one_comma_removed_is_a_deleted_comma():
    assert shown(word_diff("We met the men, women and children.", "We met the men women and children.")) == [
        ("equal", "We met the men"), ("deleted", ","), ("equal", " women and children.")]


def test_a_changed_number_is_one_word_changed():
    assert shown(word_diff("at most 0.5 million euros", "at most 0.6 million euros")) == [
        ("equal", "at most "), ("deleted", "0.5"), ("inserted", "0.6"), ("equal", " million euros")]
    assert shown(word_diff("more than 300 people", "about 350 people")) == [
        ("deleted", "more than 300"), ("inserted", "about 350"), ("equal", " people")]


def test_neighbouring_changes_are_one_run():
    assert shown(word_diff("The fund **did not lose** money.", "The fund **never lost** money.")) == [
        ("equal", "The fund **"), ("deleted", "did not lose"), ("inserted", "never lost"), ("equal", "** money.")]


def test_texts_with_little_in_common_are_one_replacement_not_a_patchwork():
    assert shown(word_diff("The cat sat on the mat in a hat.", "A dog lay by the door of the yard.")) == [
        ("deleted", "The cat sat on the mat in a hat"), ("inserted", "A dog lay by the door of the yard"),
        ("equal", ".")]


def test_whitespace_changes_are_changes_and_shown_visibly():
    assert shown(word_diff("a,b c", "a, b c")) == [("equal", "a,"), ("inserted", " "), ("equal", "b c")]
    assert visible("  ") == "␣␣" and visible("\n\t") == "↵⇥" and visible(" x ") == " x "


def test_a_short_text_is_shown_whole():
    old = "w " * (SHORT // 2 - 2) + "end"
    assert len(old) <= SHORT
    assert "…" not in "".join(segment.text for segment in word_diff(old, old.replace("end", "fin")))


def test_many_changes_in_a_long_text_each_keep_their_context():
    old = " ".join(f"w{number}" for number in range(100)) + "."
    new = old.replace("w10 ", "w10, ").replace(" w50 ", " W50 ").replace("w90", "w90 w91b")
    segments = shown(word_diff(old, new))
    assert segments == [
        ("equal", "… w5 w6 w7 w8 w9 w10"), ("inserted", ","),
        ("equal", " w11 w12 w13 w14 w15 w16 … w44 w45 w46 w47 w48 w49 "),
        ("deleted", "w50"), ("inserted", "W50"), ("equal", " w51 w52 w53 w54 w55 w56 … w85 w86 w87 w88 w89 w90"),
        ("inserted", " w91b"), ("equal", " w91 w92 w93 w94 w95 w96 …")]
    assert all(text.count(" ") <= 2 * CONTEXT_WORDS + 2 for kind, text in segments if kind == "equal")


def test_a_long_deleted_run_is_cut_in_its_middle():
    old = "Start. " + " ".join(f"gone{number}" for number in range(60)) + " End."
    [start, deleted, end] = shown(word_diff(old, "Start. End."))
    assert (start, end) == (("equal", "Start. "), ("equal", "End."))
    assert deleted[0] == "deleted" and deleted[1].startswith("gone0 gone1 ") and " … " in deleted[1]
    assert deleted[1].endswith("gone58 gone59 ")


def test_unicode_changes():
    assert shown(word_diff("香港基金", "香港银行")) == [("equal", "香港"), ("deleted", "基金"), ("inserted", "银行")]
    assert shown(word_diff("un café noir", "un cafe noir")) == [("equal", "un "), ("deleted", "café"),
                                                                 ("inserted", "cafe"), ("equal", " noir")]


def test_a_huge_change_is_fast_and_one_replacement():
    old, new = " ".join(f"a{n}" for n in range(4000)), " ".join(f"b{n}" for n in range(4000))
    assert [kind for kind, _ in shown(word_diff(old, new))] == ["deleted", "inserted"]


def test_alike_lines():
    assert alike("The Harbour Fund did not lose any money.", "The Harbour Fund never lost any money.")
    assert not alike("By Mira Holt", "A new paragraph about something else entirely.")


# Lines of a field's change ------------------------------------------------------------------------


def test_a_citation_of_the_same_source_is_a_quote_changed():
    old = [{"source": "a", "quote": "one, two"}, {"source": "b", "quote": "x"}, {"source": "a", "quote": "three"}]
    new = [{"source": "a", "quote": "one two"}, {"source": "c", "quote": "y"}, {"source": "a", "quote": "three!"}]
    lines = field_lines(field_change("citations", old, new))
    assert [(line.sign, line.words) for line in lines] == [
        ("~", "quote changed: a: "), ("~", "quote changed: a: "), ("+", "c: “y”"), ("-", "b: “x”")]
    assert shown(lines[0].segments) == [("equal", "“"), ("equal", "one"), ("deleted", ","), ("equal", " two"),
                                        ("equal", "”")]


def test_a_text_of_several_lines_pairs_changed_lines_and_keeps_whole_lines_added_or_removed():
    old = "Title\n\nThe fund lost 2 million, the auditor said.\nBy Mira Holt\n"
    new = "Title\n\nA new first line that shares nothing.\nThe fund lost 2 million the auditor said.\nBy Mira Holt\n"
    lines = field_lines(field_change("body", old, new))
    assert [line.sign for line in lines] == ["⋯", " ", "+", "~", " "]
    assert shown(lines[3].segments) == [("equal", "The fund lost 2 million"), ("deleted", ","),
                                        ("equal", " the auditor said.")]


def test_unpaired_lines_stay_whole_and_the_lines_left_out_are_counted():
    diff = ("@@ -1 +1 @@", "-By Mira Holt", "+Something else entirely now", "… 3 more lines")
    lines = field_lines(FieldChange("body", "text", None, None, diff=diff))
    assert lines == [Line("⋯"), Line("-", "By Mira Holt"), Line("+", "Something else entirely now"),
                     Line("…", "… 3 more lines")]


def test_values_and_empty_texts_are_old_and_new():
    assert field_lines(field_change("status", "reported", "disputed")) == [Line("~", "reported", new="disputed")]
    assert field_lines(field_change("note", None, "A note.")) == [Line("~", "(none)", new="A note.")]


# How the formats show them ------------------------------------------------------------------------


COMMA = field_change("statement", "The men, women and children.", "The men women and children.")


def test_text_without_colour_uses_gits_word_diff_markers():
    out = to_text(report(COMMA))
    assert "    statement: The men[-,-] women and children.\n" in out
    number = field_change("note", "at most 0.5 million", "at most 0.6 million")
    assert "    note: at most [-0.5-]{+0.6+} million\n" in to_text(report(number))


def test_text_in_colour_shows_deleted_red_struck_inserted_green_and_lone_marks_on_a_ground():
    out = to_text(report(COMMA, field_change("note", "lost 2 million", "lost 3 million")), colour=True)
    assert "The men\x1b[41m,\x1b[0m women and children." in out
    assert "lost \x1b[31;9m2\x1b[0m\x1b[32m3\x1b[0m million" in out


def test_markdown_shows_deleted_and_inserted_words_inline_and_a_deleted_comma_visibly():
    markdown = to_markdown(report(COMMA))
    assert "- **statement**: The men<del><code>,</code></del> women and children\\." in markdown
    html = GFM.render(markdown)
    assert "The men<del><code>,</code></del> women and children." in html


def test_markdown_keeps_the_whitespace_around_changes():
    changed = (Segment("equal", "a "), Segment("deleted", "b"), Segment("inserted", "c"), Segment("equal", " d"))
    assert words(changed) == "a <del>b</del><ins>c</ins> d"
    space = (Segment("equal", "a"), Segment("inserted", " "), Segment("equal", "b"))
    assert words(space) == "a<ins><code>␣</code></ins>b"


HOSTILE = ("<script>alert(1)</script> ``` `code` @octocat [x](javascript:alert(1)) </del><b>bold</b> "
           "\x1b[31mred \u202eevil <!-- c")


def test_hostile_content_in_changed_words_stays_inert_in_markdown():
    change = field_change("statement", "Safe words here and more words.", "Safe words " + HOSTILE + " and more words.")
    markdown = to_markdown(report(change))
    html = GFM.render(markdown)
    assert "<script" not in html and "<b>" not in html and 'href="javascript' not in html and "<!-- c" not in html
    assert "<code>code</code>" not in html and html.count("<del>") == html.count("</del>")
    assert "@octocat" not in markdown and "@\u2060octocat" in markdown
    assert "\x1b" not in markdown and "\u202e" not in markdown
    assert "\\\\x1b" in markdown and "\\\\u202e" in markdown
    assert "&lt;/del&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_control_characters_are_escaped_before_colours_are_added():
    change = field_change("statement", "Safe words here.", "Safe words " + HOSTILE + " here.")
    for colour in (False, True):
        out = to_text(report(change), colour=colour)
        assert "\x1b[31mred" not in out and "\u202e" not in out
        assert "\\x1b[31mred" in out and "\\u202eevil" in out
    coloured = to_text(report(change), colour=True)
    assert "\x1b[32m<script>alert(1)</script>" in coloured
