"""Reading content/: encodings, line endings, front matter, and what is (not) a content file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import check
from generator.core.diagnostics import Span
from generator.read.load import parse_record_text, parse_source_text

REPO = Path(__file__).resolve().parents[2]
PERSON = "content/people/ana-lind.yaml"
SOURCE = "content/sources/gazette-2021-03-04-harbour-fund.txt"
GOOD_FRONT = "---\ntitle: Harbour fund\npublisher: The Coastal Gazette\ndate: 2021-03-04\n---\n"


def record_problems(data: bytes) -> list[tuple[str, Span]]:
    parsed, problems = parse_record_text(data, PERSON, "ana-lind", "people")
    assert (parsed is None) == bool(problems)
    return [(problem.code, problem.span) for problem in problems]


def source_problems(data: bytes) -> list[tuple[str, Span]]:
    parsed, problems = parse_source_text(data, SOURCE, "gazette", "txt")
    assert (parsed is None) == bool(problems)
    return [(problem.code, problem.span) for problem in problems]


def check_lines(root: Path) -> list[str]:
    """What `dossier check` reports for the dossier at `root`."""
    return [diagnostic.format() for diagnostic in check(root / "config.yaml").diagnostics]


# Encodings ------------------------------------------------------------------------------------------


def test_bom_is_dropped():
    parsed, problems = parse_record_text(b"\xef\xbb\xbfname: Ana Lind\n", PERSON, "ana-lind", "people")
    assert problems == []
    assert parsed.root.keys() == ["name"]
    assert parsed.root.entries[0][0].span == Span(PERSON, 1, 1)


def test_bom_is_dropped_before_front_matter():
    parsed, problems = parse_source_text(b"\xef\xbb\xbf" + GOOD_FRONT.encode() + b"Body.\n", SOURCE, "g", "txt")
    assert problems == []
    assert parsed.body == "Body.\n"


@pytest.mark.parametrize("content", [b"name: Ana: Lind\n", b"name: Ana\nname: Ana\n", b"name: caf\xe9\n",
                                     b"aliases: [x]\ndescription: caf\xe9\n"])
def test_bom_does_not_shift_positions(content):
    assert record_problems(b"\xef\xbb\xbf" + content) == record_problems(content)


@pytest.mark.parametrize("content", [
    b"name: Ana Lind\naliases: [Lind]\nname: Anna\n",
    b"name: Ana Lind\ndescription: a: b\n",
    b"name: Ana Lind\ndescription: caf\xe9 owner\n",
    b"name: Ana Lind\ndescription: |\n  two\n  lines\n\tbad: tab\n",
    b"name: Ana Lind\n\n\nroles: [\n",
])
def test_crlf_gives_the_same_positions_as_lf(content):
    problems = record_problems(content)
    assert problems
    assert record_problems(content.replace(b"\n", b"\r\n")) == problems


def test_crlf_dossier_reports_exactly_what_the_lf_one_does(dossier):
    files = {
        PERSON: "name: Ana Lind\naliases: [Lind, Lind]\nrole: x\n",
        SOURCE: GOOD_FRONT.replace("2021-03-04", "2021-13") + "Text.\n",
        "content/sources/fund-statement-2021-03.md": "---\ntitle: Statement\npublisher: Harbour Fund\ndate: 2021-03\n"
                                                     "---\n# Statement\n\nSome <b>raw</b> html.\n\nThe Harbour Fund "
                                                     "did not lose any money in 2020.\n",
    }
    root = dossier(files)
    lf = check_lines(root)
    for name, text in files.items():
        (root / name).write_bytes(text.replace("\n", "\r\n").encode())
    assert len(lf) >= 5
    assert check_lines(root) == lf


@pytest.mark.parametrize(("data", "line", "col", "byte"), [
    (b"name: caf\xe9\n", 1, 10, "E9"),
    (b"name: Ana Lind\ndescription: caf\xe9 owner\n", 2, 17, "E9"),
    (b"name: Ana Lind\r\ndescription: caf\xe9 owner\r\n", 2, 17, "E9"),
    ("name: Ерлан\ndescription: Қ".encode() + b"\xff\n", 2, 15, "FF"),
    (b"name: Ana\n\n\n\x80\n", 4, 1, "80"),
    (b"name: \xed\xa0\x80\n", 1, 7, "ED"),  # an encoded surrogate is not UTF-8 either
])
def test_invalid_utf8_names_the_line_and_column_of_the_bad_byte(data, line, col, byte):
    parsed, problems = parse_record_text(data, PERSON, "ana-lind", "people")
    assert parsed is None
    assert [(problem.code, problem.span) for problem in problems] == [
        ("encoding.invalid-utf8", Span(PERSON, line, col))]
    assert problems[0].message == f"byte 0x{byte} is not valid UTF-8"


def test_utf16_file_gets_a_hint_to_save_as_utf8():
    parsed, problems = parse_record_text("name: Ana\n".encode("utf-16"), PERSON, "ana-lind", "people")
    assert parsed is None
    assert "UTF-16" in problems[0].hint


def test_nul_byte_is_an_error_on_its_line():
    parsed, problems = parse_record_text(b"name: Ana\naliases: [x\x00]\n", PERSON, "ana-lind", "people")
    assert parsed is None
    assert [(problem.code, problem.span.line) for problem in problems] == [("encoding.nul", 2)]
    assert "NUL" in problems[0].message


@pytest.mark.parametrize("data", [b"", b"\n\n", b"   \n\t\n", b"\xef\xbb\xbf", b"\r\n"])
def test_empty_file_is_an_error(data):
    assert record_problems(data) == [("file.empty", Span(PERSON, 1, 1))]
    assert source_problems(data) == [("file.empty", Span(SOURCE, 1, 1))]


def test_comment_only_record_is_an_error():
    assert record_problems(b"# name: Ana Lind\n") == [("file.empty", Span(PERSON, 1, 1))]


# Front matter -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"title: x\n---\nbody\n", b"Just the text of the article.\n",
                                  b"\n---\ntitle: x\n---\nbody\n"])
def test_source_without_front_matter_is_an_error(data):
    assert source_problems(data) == [("frontmatter.missing", Span(SOURCE, 1, 1))]


@pytest.mark.parametrize("data", [b"---\ntitle: x\nbody\n", b"---\n", b"---\ntitle: x\n-- \nbody\n"])
def test_unclosed_front_matter_is_an_error(data):
    assert source_problems(data) == [("frontmatter.unclosed", Span(SOURCE, 1, 1))]


def test_empty_front_matter_is_an_error():
    assert [code for code, _ in source_problems(b"---\n---\nbody\n")] == ["frontmatter.empty"]


@pytest.mark.parametrize(("front", "line", "col"), [
    ("title: a\ntitle: b\n", 3, 1),
    ("title: a\npublisher: p: q\n", 3, 13),
    ("title: a\n\n\nauthors: [&x A]\n", 5, 11),
    ("title: a\nauthors:\n\t- A\n", 4, 1),
])
def test_front_matter_errors_are_at_file_lines(front, line, col):
    problems = source_problems(f"---\n{front}---\nbody\n".encode())
    assert len(problems) == 1
    assert (problems[0][1].line, problems[0][1].col) == (line, col)


def test_front_matter_schema_errors_are_at_file_lines(dossier):
    root = dossier({SOURCE: GOOD_FRONT.replace("date: 2021-03-04", "date: 2021-02-30\nkind: newz") +
                    "The Harbour Fund lost about 2 million euros in 2020, the state auditor Jonas Berg said.\n"})
    lines = [line for line in check_lines(root) if line.startswith(SOURCE)]
    assert [line.split(": ")[0] for line in lines] == [f"{SOURCE}:4:7", f"{SOURCE}:5:7"]


def test_body_starts_after_front_matter():
    parsed, problems = parse_source_text((GOOD_FRONT + "First line.\n\nSecond.\n").encode(), SOURCE, "g", "txt")
    assert problems == []
    assert parsed.body == "First line.\n\nSecond.\n"
    assert parsed.body_line == 6


# What is, and is not, a content file -------------------------------------------------------------------


def test_complete_fixture_has_no_diagnostics(dossier):
    assert check_lines(dossier()) == []


IGNORED = [".foo.yaml", "x.yaml~", ".x.swp", "4913", "#x.yaml#", ".#x.yaml", ".DS_Store", "x.yaml.swp"]


@pytest.mark.parametrize("folder", ["content", "content/people", "content/sources", "content/claims"])
def test_dotfiles_and_editor_temporaries_are_ignored(dossier, folder):
    root = dossier({f"{folder}/{name}": "name: [broken\n\x00" for name in IGNORED})
    os.symlink("nobody@host.12345:1700000000", root / folder / ".#lock.yaml")  # dangling, as Emacs leaves them
    (root / folder / ".hidden").mkdir()
    (root / folder / ".hidden" / "x.yaml").write_text("name: [broken\n")
    assert check_lines(root) == []


def test_symlinked_file_is_an_error(dossier, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Outside\n")
    root = dossier()
    os.symlink(outside, root / "content/people/outside.yaml")
    assert check_lines(root) == [
        "content/people/outside.yaml:1:1: error: symbolic links are not allowed in content (copy the file in; a "
        "link could publish files from outside the dossier)"]


@pytest.mark.parametrize("link", ["content/extra", "content/sources/archive"])
def test_symlinked_folder_is_an_error(dossier, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(GOOD_FRONT + "Secret.\n")
    root = dossier()
    os.symlink(outside, root / link, target_is_directory=True)
    lines = check_lines(root)
    assert [line.split(": ")[0:2] for line in lines] == [[f"{link}:1:1", "error"]]
    assert "symbolic link" in lines[0]


def test_a_record_folder_that_is_a_symlink_is_an_error(dossier, tmp_path):
    root = dossier()
    os.rename(root / "content/figures", tmp_path / "figures")
    os.symlink(tmp_path / "figures", root / "content/figures", target_is_directory=True)
    assert any(line.startswith("content/figures:1:1: error: symbolic links") for line in check_lines(root))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("fifo", ["content/people/pipe.yaml", "content/sources/pipe.txt", "content/pipe"])
def test_fifo_is_an_error_and_check_does_not_block(dossier, fifo):
    root = dossier()
    os.mkfifo(root / fifo)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.startswith(f"{fifo}:1:1: error: ")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("files", "expected"), [
    ({"content/sources/x.yaml": "name: X\n"}, "content/sources/x.yaml:1:1: error: files in content/sources/ must end "
     "in .txt or .md (records go in content/people/, agencies/, figures/ or claims/)"),
    ({"content/sources/x.pdf": "%PDF"}, "content/sources/x.pdf:1:1: error: files in content/sources/ must end in "
     ".txt or .md"),
    ({"content/people/sub/x.yaml": "name: X\n"}, "content/people/sub:1:1: error: folders inside content/people/ are "
     "not read (put its files directly in content/people/)"),
    ({"content/agency/x.yaml": "name: X\n"}, "content/agency:1:1: error: unknown folder 'agency' in content (did "
     "you mean 'agencies'?)"),
    ({"content/config.yaml": "title: x\n"}, "content/config.yaml:1:1: error: file outside the record folders is not "
     "read (move it into one of: sources/, people/, agencies/, figures/, claims/, captures/)"),
    ({"content/people/x.json": "{}"}, "content/people/x.json:1:1: error: files in content/people/ must end in .yaml"),
])
def test_files_in_the_wrong_place_are_errors(dossier, files, expected):
    assert check_lines(dossier(files)) == [expected]
