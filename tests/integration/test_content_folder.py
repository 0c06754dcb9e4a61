"""Reading a whole content/ folder: line endings and front matter seen through `dossier check`, and
what is (not) a content file: editor temporaries, symbolic links, FIFOs, files in the wrong place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.dossiers import ANA, GAZETTE
from support.processes import dossier_env

from generator.build import check

GOOD_FRONT = "---\ntitle: Harbour fund\npublisher: The Coastal Gazette\ndate: 2021-03-04\n---\n"


def check_lines(root: Path) -> list[str]:
    """What `dossier check` reports for the dossier at `root`."""
    return [diagnostic.format() for diagnostic in check(root / "config.yaml").diagnostics]


def test_crlf_dossier_reports_exactly_what_the_lf_one_does(dossier):
    files = {
        ANA: "name: Ana Lind\naliases: [Lind, Lind]\nrole: x\n",
        GAZETTE: GOOD_FRONT.replace("2021-03-04", "2021-13") + "Text.\n",
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


def test_front_matter_schema_errors_are_at_file_lines(dossier):
    root = dossier({GAZETTE: GOOD_FRONT.replace("date: 2021-03-04", "date: 2021-02-30\nkind: newz") +
                    "The Harbour Fund lost about 2 million euros in 2020, the state auditor Jonas Berg said.\n"})
    lines = [line for line in check_lines(root) if line.startswith(GAZETTE)]
    assert [line.split(": ")[0] for line in lines] == [f"{GAZETTE}:4:7", f"{GAZETTE}:5:7"]


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
    run = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, env=dossier_env(), capture_output=True,
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
