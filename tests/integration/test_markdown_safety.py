"""Markdown keeps every word: HTML comments are removed only where Markdown reads raw HTML (never
in code) in what is published, and nesting the renderer would drop is an error at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.text import markdown

SOURCE_HEAD = "---\ntitle: t\npublisher: p\ndate: 2021\n---\n"
"""Front matter of a source whose body starts on line 6."""
BODY_LINE = 6


def source(body: str) -> dict[str, str]:
    return {"content/sources/probe.md": SOURCE_HEAD + body}


def published(root: Path) -> str:
    """Every page the build wrote, as one text."""
    result = build(root / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return "".join(page.read_text(encoding="utf-8") for page in (root / "site").rglob("*.html"))


INDENTED_CODE = "Intro.\n\n    code: <!-- begins\n\nThe ministry denied everything.\n\nMore text"
"""The red team's body: a comment opener in indented code, which is code, not a comment."""


def problems(run) -> list[str]:
    """The diagnostics of a run but the one that the probe source is cited by no claim."""
    return [line for line in run.lines if "is not cited by any claim" not in line]


def test_the_red_team_body_publishes_every_word_and_warns_of_nothing(dossier, cli):
    root = dossier(source(INDENTED_CODE))
    assert problems(cli("check", cwd=root)) == []
    pages = published(root)
    assert "The ministry denied everything." in pages
    assert "code: &lt;!-- begins" in pages


def test_a_comment_opener_markdown_reads_as_text_is_an_error(dossier, cli):
    body = "Before <!-- private\n\nnotes the author meant to hide\n\n--> after."
    run = cli("check", cwd=dossier(source(body)))
    assert problems(run) == [
        "content/sources/probe.md:6:8: error: '<!--' here starts no HTML comment, so what follows it would be "
        "published (inside a paragraph a comment must end with '-->' in the same paragraph; write '\\<!--' to "
        "show '<!--' as text)"]
    assert run.code == 1


def test_markdown_fields_keep_a_comment_opener_in_code_and_plain_fields_drop_comments(dossier, cli):
    claim = ("- id: probe\n  statement: 'Use `<!--` to open a comment, said Ana Lind'\n"
             "  note: 'Checked. <!-- private --> Done.'\n  citations:\n"
             "    - source: fund-statement-2021-03\n      quote: said director Ana Lind\n")
    root = dossier({"content/claims/probe.yaml": claim,
                    "content/agencies/state-audit-office.yaml":
                        "name: State Audit <!-- x -->Office\nkind: government\n"})
    assert problems(cli("check", cwd=root)) == [
        "content/agencies/state-audit-office.yaml:1:7: warning: 'name' holds an HTML comment; it is removed, "
        "never published",
        "content/claims/probe.yaml:3:9: warning: 'note' holds an HTML comment; it is removed, never published"]
    pages = published(root)
    assert "Use <code>&lt;!--</code> to open a comment" in pages
    assert "private" not in pages
    assert "State Audit Office" in pages


def nested_lists(depth: int) -> str:
    return "\n".join("  " * level + f"- item{level}" for level in range(depth))


def nested_quotes(depth: int) -> str:
    return "Before.\n\n" + "\n".join(">" * level + f" level{level}" for level in range(1, depth + 1))


@pytest.mark.parametrize(("body", "line"), [(nested_lists(12), 10), (nested_quotes(21), 22)], ids=["lists", "quotes"])
def test_nesting_the_renderer_would_drop_is_an_error_at_its_line(dossier, cli, body, line):
    run = cli("check", cwd=dossier(source(body)))
    assert problems(run) == [
        f"content/sources/probe.md:{BODY_LINE + line - 1}:1: error: lists and block quotes are nested too deeply "
        "here, and what is inside would be lost (Markdown keeps 19 levels: 19 block quotes or 9 lists inside one "
        "another) (nest fewer levels)"]
    assert run.code == 1


@pytest.mark.parametrize("body", [nested_lists(9), nested_quotes(19)], ids=["lists", "quotes"])
def test_nesting_the_renderer_keeps_is_published_whole(dossier, cli, body):
    root = dossier(source(body))
    assert problems(cli("check", cwd=root)) == []
    visible = markdown.visible_text(body)
    assert all(word in visible for word in body.replace(">", " ").replace("-", " ").split())


def test_nesting_too_deep_in_a_markdown_field_is_an_error(dossier, cli):
    claim = ("- id: probe\n  statement: |-\n" + "\n".join("    " + line for line in nested_lists(11).split("\n"))
             + "\n  citations:\n    - source: fund-statement-2021-03\n      quote: said director Ana Lind\n")
    run = cli("check", cwd=dossier({"content/claims/probe.yaml": claim}))
    assert [line.split(": error: ")[0] for line in problems(run)] == ["content/claims/probe.yaml:2:14"]
    assert "nested too deeply" in run.err


RLO = "\u202e"
REFERENCES = {"hex": "&#x202E;", "decimal": "&#8238;", "named": "&rlm;"}


def markdown_fields(value: str) -> dict[str, tuple[str, str, int]]:
    """Each Markdown field holding `value`: field → (file, its content, line of the value)."""
    quoted = "'" + value + "'"
    claim_head = "- id: probe\n  statement: 'Ana Lind spoke'\n"
    citation = "  citations:\n    - source: fund-statement-2021-03\n      quote: said director Ana Lind\n"
    return {
        "person description": ("content/people/mira-holt.yaml", f"name: Mira Holt\ndescription: {quoted}\n", 2),
        "agency description": ("content/agencies/harbour-fund.yaml",
                               f"name: Harbour Fund\nkind: other\nparent: state-audit-office\n"
                               f"description: {quoted}\n", 4),
        "figure description": ("content/figures/harbour-fund-loss-2020.yaml",
                               f"name: Money lost\nunit: euros\ndescription: {quoted}\n", 3),
        "source note": ("content/sources/probe.md",
                        f"---\ntitle: t\npublisher: p\ndate: 2021\nnote: {quoted}\n---\nx\n", 5),
        "claim statement": ("content/claims/probe.yaml", f"- id: probe\n  statement: {quoted}\n{citation}", 2),
        "claim note": ("content/claims/probe.yaml", f"{claim_head}  note: {quoted}\n{citation}", 3),
    }


@pytest.mark.parametrize("reference", REFERENCES.values(), ids=REFERENCES.keys())
@pytest.mark.parametrize("field", markdown_fields("").keys())
def test_a_bidi_control_written_as_a_reference_in_a_markdown_field_is_an_error(dossier, cli, field, reference):
    path, content, line = markdown_fields(f"Statement {reference}txet desrever here")[field]
    run = cli("check", cwd=dossier({path: content}))
    assert run.code == 1
    errors = [text for text in run.lines if ": error: " in text]
    assert len(errors) == 1 and errors[0].startswith(f"{path}:{line}:")
    assert f"contains '{reference}', the invisible bidi control U+" in errors[0]
    assert "(character 11 of the value)" in errors[0]


def test_the_red_team_statement_is_refused_and_nothing_is_written(dossier, cli):
    path, content, _ = markdown_fields("Statement &#x202E;txet desrever&#x202C; here")["claim statement"]
    root = dossier({path: content})
    run = cli("build", cwd=root)
    assert run.code == 1
    assert [text.split(" (")[0] for text in run.lines if ": error: " in text] == [
        "content/claims/probe.yaml:2:14: error: 'statement' contains '&#x202C;', the invisible bidi control U+202C",
        "content/claims/probe.yaml:2:14: error: 'statement' contains '&#x202E;', the invisible bidi control U+202E"]
    assert not (root / "site").exists()


LITERAL_BIDI = {
    ".txt body": ("content/sources/probe.txt", f"{SOURCE_HEAD}First line.\nSays {RLO}reversed.\n", "7:6", "the text"),
    ".md body": ("content/sources/probe.md", f"{SOURCE_HEAD}# Head\n\nSays \u2066isolated\u2069.\n", "8:6", "the text"),
    ".md body, in code": ("content/sources/probe.md", f"{SOURCE_HEAD}Code `x \u200ey`.\n", "6:9", "the text"),
    "statement": ("content/claims/probe.yaml",
                  f"- id: probe\n  statement: Ana {RLO}Lind\n  citations:\n    - source: fund-statement-2021-03\n"
                  "      quote: said director Ana Lind\n", "2:14", "'statement'"),
    "name": ("content/people/mira-holt.yaml", "name: Mira\u061c Holt\n", "1:7", "'name'"),
    "quote": ("content/claims/probe.yaml",
              "- id: probe\n  statement: x\n  citations:\n    - source: fund-statement-2021-03\n"
              f"      quote: said director{RLO} Ana Lind\n", "5:14", "'quote'"),
}


@pytest.mark.parametrize(("path", "content", "position", "what"), LITERAL_BIDI.values(), ids=LITERAL_BIDI.keys())
def test_a_literal_bidi_control_is_an_error_where_it_is(dossier, cli, path, content, position, what):
    run = cli("check", cwd=dossier({path: content}))
    assert run.code == 1
    errors = [text for text in run.lines if ": error: " in text]
    assert errors[0].startswith(f"{path}:{position}: error: {what} contains the invisible bidi control U+")


def test_a_reference_in_a_plain_text_field_or_a_txt_body_is_text_and_shown_as_written(dossier, cli):
    root = dossier({"content/figures/harbour-fund-loss-2020.yaml": "name: 'Money &#x202E; lost'\nunit: euros\n",
                    "content/sources/probe.txt": f"{SOURCE_HEAD}Says &rlm; as written.\n"})
    assert problems(cli("check", cwd=root)) == []
    pages = published(root)
    assert "Money &amp;#x202E; lost" in pages and "Says &amp;rlm; as written." in pages
    assert RLO not in pages and "\u200f" not in pages


def test_zero_width_characters_no_script_needs_are_warnings_at_their_place_and_not_published(dossier, cli):
    body = (f"{SOURCE_HEAD}Scraped zero\u200bwidth and soft\u00adhyphen.\n\n"
            "Word\u2060joiner and &ZeroWidthSpace; in Markdown.\n")
    root = dossier({"content/sources/probe.md": body,
                    "content/people/mira-holt.yaml": "name: Mira\u200b Holt\n"})
    assert problems(cli("check", cwd=root)) == [
        "content/people/mira-holt.yaml:1:7: warning: 'name' contains the invisible character U+200B (zero width "
        "space) (character 5 of the value); it is not published (it makes two spellings look the same; remove it)",
        "content/sources/probe.md:6:13: warning: the text contains the invisible character U+200B (zero width "
        "space); it is not published (it makes two spellings look the same; remove it)",
        "content/sources/probe.md:6:28: warning: the text contains the invisible character U+00AD (soft hyphen); "
        "it is not published (it makes two spellings look the same; remove it)",
        "content/sources/probe.md:8:5: warning: the text contains the invisible character U+2060 (word joiner); "
        "it is not published (it makes two spellings look the same; remove it)",
        "content/sources/probe.md:8:17: warning: the text contains '&ZeroWidthSpace;', the invisible character "
        "U+200B (zero width space); it is not published (it makes two spellings look the same; remove it)"]
    pages = published(root)
    assert "Scraped zerowidth and softhyphen." in pages and "Wordjoiner and  in Markdown." in pages
    assert not any(char in pages for char in "\u200b\u00ad\u2060")


INVISIBLE_OTHERS = {"\u2061": "function application", "\u2062": "invisible times", "\u2063": "invisible separator",
                    "\u2064": "invisible plus", "\u180e": "mongolian vowel separator",
                    "\U000e0041": "tag latin capital letter a", "\U000e007f": "cancel tag"}
"""The invisible characters beyond the zero-width ones that quote matching folds: each a warning too."""


@pytest.mark.parametrize("char", INVISIBLE_OTHERS, ids=[f"U+{ord(char):04X}" for char in INVISIBLE_OTHERS])
@pytest.mark.parametrize("suffix", ["md", "txt"])
def test_every_invisible_character_quotes_fold_is_a_warning_in_bodies_and_fields(dossier, cli, char, suffix):
    root = dossier({f"content/sources/probe.{suffix}": f"{SOURCE_HEAD}Scraped in{char}visible.\n",
                    "content/people/mira-holt.yaml": f"name: Mira{char} Holt\n"})
    code, name = f"U+{ord(char):04X}", INVISIBLE_OTHERS[char]
    assert problems(cli("check", cwd=root)) == [
        f"content/people/mira-holt.yaml:1:7: warning: 'name' contains the invisible character {code} ({name}) "
        "(character 5 of the value); it is not published (it makes two spellings look the same; remove it)",
        f"content/sources/probe.{suffix}:6:11: warning: the text contains the invisible character {code} ({name}); "
        "it is not published (it makes two spellings look the same; remove it)"]
    pages = published(root)
    assert "Scraped invisible." in pages and char not in pages


NEEDED_JOINERS = {
    "Persian ZWNJ": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "Hindi ZWJ after virama": "\u0915\u094d\u200d\u0937",
    "emoji ZWJ sequence": "\U0001F468\u200d\U0001F469\u200d\U0001F467",
    "emoji with presentation selector": "\U0001F3F3\ufe0f\u200d\U0001F308",
    "Mongolian vowel separator": "\u182d\u1820\u180e\u1820",
    "flag of England (tag sequence)": "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",
}


@pytest.mark.parametrize("word", NEEDED_JOINERS.values(), ids=NEEDED_JOINERS.keys())
def test_a_joiner_its_script_needs_is_kept_without_a_warning(dossier, cli, word):
    root = dossier({"content/sources/probe.txt": f"{SOURCE_HEAD}They wrote {word} here.\n",
                    "content/figures/harbour-fund-loss-2020.yaml": f"name: 'Money {word}'\nunit: euros\n"})
    assert problems(cli("check", cwd=root)) == []
    assert f"They wrote {word} here." in published(root)


IMAGE_BODY = f"{SOURCE_HEAD}The fund ![the minister resigned](photo.png) published its accounts.\n"


def quoting(quote: str) -> dict[str, str]:
    return {"content/sources/probe.md": IMAGE_BODY,
            "content/claims/probe.yaml": f"- id: probe\n  statement: x\n  citations:\n    - source: probe\n"
                                         f"      quote: {quote}\n"}


def test_image_alt_text_is_not_quotable(dossier, cli):
    assert "minister" not in markdown.visible_text(IMAGE_BODY)
    run = cli("check", cwd=dossier(quoting("the minister resigned")))
    assert run.code == 1
    assert "content/claims/probe.yaml:5:14: error: quote not found in source 'probe'" in run.err


def test_the_text_after_an_image_is_quoted_and_highlighted_where_it_is(dossier, cli):
    root = dossier(quoting("published its accounts"))
    assert problems(cli("check", cwd=root)) == []
    page = (root / "site" / "sources" / "probe" / "index.html")
    published(root)
    html = page.read_text(encoding="utf-8")
    assert "image: the minister resigned</a>" in html
    marked = html.split("<mark", 1)[1].split("</mark>", 1)[0]
    assert marked.endswith(">published its accounts")
