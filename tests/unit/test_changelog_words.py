"""What one commit changed in each record, in the words `dossier diff` uses (generator/history/wording.py,
commits.py): files given as text before and after, parsed by the build's own parsers, no git."""

from __future__ import annotations

from support.records import CONFIG, claim, source

from generator.history import claim_chunks
from generator.history.commits import FilePair, Located, Step, compare_commit
from generator.history.gitlog import clean_subject, is_content_file, parse_log
from generator.history.versions import FileVersion, parse_version
from generator.history.wording import excerpts

CLAIMS = "content/claims/main.yaml"
VALUE = "  figure: loss\n  value: 300\n  qualifier: about\n"


def version(path: str, text: str | None) -> FileVersion | None:
    return None if text is None else parse_version(text.encode(), path, CONFIG)


def compared(before: dict[str, str | None], after: dict[str, str | None],
             pending: dict | None = None) -> tuple[tuple[Step, ...], dict]:
    """The steps of a commit that turned the files `before` into `after` (None: absent)."""
    pairs = [FilePair(path if before.get(path) is not None else None, version(path, before.get(path)),
                      version(path, after.get(path))) for path in sorted(before.keys() | after.keys())]
    return compare_commit(pairs, pending or {}, CONFIG, lambda after, ids: {"loss": "people"})


def lines(before: dict[str, str | None], after: dict[str, str | None]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(step.record_id, step.status, step.lines) for step in compared(before, after)[0]]


def one_claim(more: str = "", quote: str = "lost two million euros") -> dict[str, str | None]:
    return {CLAIMS: claim("fund-lost", quote=quote, more=more)}


def test_a_value_and_its_qualifier_are_worded_with_the_figures_unit():
    assert lines(one_claim(VALUE), one_claim(VALUE.replace("about", "more than"))) == [
        ("fund-lost", "changed", ("value: about 300 people → more than 300 people",))]


def test_a_status_is_a_scalar_from_its_default():
    assert lines(one_claim(), one_claim("  status: retracted\n")) == [
        ("fund-lost", "changed", ("status: reported → retracted",))]


def test_a_quote_corrected_for_the_same_source_is_a_quote_changed():
    assert lines(one_claim(), one_claim(quote="lost two million euros in 2020")) == [
        ("fund-lost", "changed", ("quote changed",))]


def test_other_citation_changes_name_the_citation():
    extra = "    - source: other\n      quote: a second quote\n"
    assert lines(one_claim(), {CLAIMS: claim("fund-lost") + extra}) == [
        ("fund-lost", "changed", ("citation added: other: “a second quote”",))]
    assert lines({CLAIMS: claim("fund-lost") + extra}, one_claim()) == [
        ("fund-lost", "changed", ("citation removed: other: “a second quote”",))]


def test_a_short_text_is_quoted_whole_and_a_long_one_around_what_changed():
    before = one_claim()
    after = {CLAIMS: before[CLAIMS].replace("The fund lost money.", "The fund lost much money.")}
    assert lines(before, after) == [
        ("fund-lost", "changed", ("statement: “The fund lost money.” → “The fund lost much money.”",))]
    words = " ".join(f"word{number}" for number in range(60))
    old, new = excerpts(f"{words} about 300 people {words}", f"{words} more than 300 people {words}")
    assert old == "“…word56 word57 word58 word59 about 300 people word0 word1…”"
    assert new == "“…word56 word57 word58 word59 more than 300 people word0 word1…”"


def test_a_note_set_for_the_first_time_shows_none_before():
    assert lines(one_claim(), one_claim("  note: Checked twice.\n")) == [
        ("fund-lost", "changed", ("note: (none) → “Checked twice.”",))]


def test_a_sources_text_changed_and_its_title():
    path = "content/sources/gazette.txt"
    before = {path: source("The harbour fund lost money.", title="Fund lost money")}
    after = {path: source("The harbour fund lost much money.", title="Fund lost much money")}
    assert lines(before, after) == [
        ("gazette", "changed", ("title: Fund lost money → Fund lost much money", "text changed"))]


def test_a_name_lists_and_roles_as_items_added_and_removed():
    path = "content/people/ana.yaml"
    role = ("roles:\n  - title: Treasurer\n    agency: fund\n    since: 2019\n    citations:\n"
            "      - source: gazette\n        quote: lost two million euros\n")
    before = {path: "name: Ana Lind\naliases: [Ana L., A. Lind]\n"}
    after = {path: f"name: Ana Lind-Berg\naliases: [A. Lind, Ana Berg]\n{role}"}
    assert lines(before, after) == [("ana", "changed", (
        "name: Ana Lind → Ana Lind-Berg", "aliases added: Ana Berg", "aliases removed: Ana L.",
        "role added: Treasurer, fund (2019 – )"))]
    reordered = {path: "name: Ana Lind\naliases: [A. Lind, Ana L.]\n"}
    assert lines(before, reordered) == [("ana", "changed", ("aliases: order changed",))]


def test_added_removed_and_renamed_records():
    ana, berg = "content/people/ana.yaml", "content/people/berg.yaml"
    assert lines({}, {ana: "name: Ana Lind\n"}) == [("ana", "added", ("added",))]
    assert lines({ana: "name: Ana Lind\n"}, {}) == [("ana", "removed", ("removed",))]
    renamed = compared({ana: "name: Ana Lind\n"}, {berg: "name: Ana Lind\n"})[0]
    assert [(step.record_id, step.lines, step.renamed_from) for step in renamed] == [
        ("berg", ("renamed from ana",), "ana")]


def test_a_record_moved_to_another_file_is_no_change():
    other = "content/claims/other.yaml"
    assert lines({CLAIMS: claim("a") + claim("b"), other: claim("c")},
                 {CLAIMS: claim("a"), other: claim("c") + claim("b")}) == []


def test_steps_come_in_report_order_claims_first_then_by_id():
    before = {"content/people/ana.yaml": "name: Ana\n", CLAIMS: claim("b")}
    after = {"content/people/ana.yaml": "name: Ana Lind\n", CLAIMS: claim("a") + claim("b", more="  date: 2020\n")}
    assert [(step.kind, step.record_id) for step in compared(before, after)[0]] == [
        ("claim", "a"), ("claim", "b"), ("person", "ana")]


def test_an_unreadable_version_is_skipped_and_the_next_compared_with_the_last_readable():
    broken = {CLAIMS: "- id: fund-lost\n  statement: [unclosed\n"}
    steps, pending = compared(one_claim(), broken)
    assert steps == () and set(pending) == {("claim", "fund-lost")}
    steps, left = compared(broken, one_claim("  status: disputed\n"), pending)
    assert [(step.record_id, step.lines) for step in steps] == [("fund-lost", ("status: reported → disputed",))]
    assert left == {}


def test_a_record_with_a_bad_field_is_neither_removed_nor_changed():
    steps, pending = compared(one_claim(), one_claim("  status: maybe\n"))
    assert steps == () and isinstance(pending[("claim", "fund-lost")], Located)
    steps, _ = compared(one_claim("  status: maybe\n"), {CLAIMS: None}, pending)
    assert [(step.record_id, step.status) for step in steps] == [("fund-lost", "removed")]


def test_subjects_are_one_line_without_control_characters_and_cut():
    assert clean_subject("Fix\x1b[31m red\ttab\x00 \u2028end") == "Fix [31m red tab end"
    long = clean_subject("word " * 100)
    assert len(long) == 200 and long.endswith("…")


def test_only_the_content_files_the_build_reads_are_content_files():
    assert is_content_file("content/people/ana.yaml", "content")
    assert is_content_file("content/sources/a.md", "content")
    for path in ("content/people/ana.yml", "content/people/.ana.yaml", "content/people/x/ana.yaml",
                 "content/captures/a.html", "notes/people/ana.yaml", "content/ana.yaml", "content/sources/a.yaml"):
        assert not is_content_file(path, "content"), path


def test_a_log_with_renames_merges_and_paths_outside_the_content_folder():
    blob = "1" * 40
    zero = "0" * 40
    output = "\0".join([
        f"\x01{'c' * 40} {'b' * 40} {'d' * 40} 1767312000", "Merge: a \x01 subject",
        f"\n:100644 100644 {blob} {blob} R100", "dossier/content/people/a.yaml", "dossier/content/people/b.yaml",
        f":000000 100644 {zero} {blob} A", "dossier/README.md",
        f":000000 120000 {zero} {blob} A", "dossier/content/people/link.yaml",
        f"\x01{'b' * 40}  1767225600", "", ""])
    newer, older = parse_log(output, "dossier/", "content", frozenset({"b" * 40}))
    assert (newer.parent, newer.seconds, newer.subject, newer.boundary) == ("b" * 40, 1767312000,
                                                                           "Merge: a subject", False)
    assert [(t.old and t.old.path, t.new and t.new.path, t.new and t.new.blob) for t in newer.touched] == [
        ("content/people/a.yaml", "content/people/b.yaml", blob), (None, "content/people/link.yaml", "")]
    assert (older.parent, older.boundary, older.touched) == (None, True, ())


TRICKY_CLAIMS_FILES = [
    claim("a") + "\n# a comment\n\n" + claim("b"),
    "# leading comment\n" + claim("a") + claim("a"),
    "---\n" + claim("a"),
    "[{id: a}]\n",
    claim("a") + "- id: b\n  statement: [unclosed\n",
    claim("a") + claim("b", more="  status: maybe\n"),
    claim("a").replace("  statement: The fund lost money.", "  statement: 'The fund\n- lost money.'"),
    claim("a") + "\t# tab\n",
    "-\n  id: a\n  statement: S\n  citations:\n    - source: gazette\n      quote: lost\n",
    claim("a", more="  note: |+\n    kept\n\n") + "\n" + claim("b", more="  note: |+\n    end\n\n") + "\n\n",
    claim("a") + "  note: |+\n    kept\n\n\n" + claim("b") + "  note: |+\n    end\n\n",
]


def test_a_claims_file_read_claim_by_claim_reads_as_the_whole_file():
    for text in TRICKY_CLAIMS_FILES:
        whole = parse_version(text.encode(), CLAIMS, CONFIG)
        pieces: dict = {}
        found = parse_version(text.encode(), CLAIMS, CONFIG, pieces)
        assert (found.readable, found.broken, list(found.records)) == (
            whole.readable, whole.broken, list(whole.records)), text
        assert all(found.records[key].model == whole.records[key].model for key in whole.records), text


def test_a_claims_file_read_again_reads_only_its_changed_claims(monkeypatch):
    pieces: dict = {}
    parse_version((claim("a") + claim("b")).encode(), CLAIMS, CONFIG, pieces)
    read = []
    real = claim_chunks._read_piece
    monkeypatch.setattr(claim_chunks, "_read_piece", lambda piece, *rest: read.append(piece) or real(piece, *rest))
    again = parse_version((claim("a") + claim("b", more="  status: disputed\n")).encode(), CLAIMS, CONFIG, pieces)
    assert read == [claim("b", more="  status: disputed\n")]
    assert again.records[("claim", "b")].model.status == "disputed"
