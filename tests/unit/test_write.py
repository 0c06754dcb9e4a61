"""Writing the site (generator/output/write.py): nothing outside the output folder, unchanged files
left alone, stale files pruned, a staging folder that never outlives its build, and a refusal to
write into a folder dossier did not make. Small folders under tmp_path; no dossier is built."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest
from support.dossiers import tree

from generator.core.layout import MARKER
from generator.output import content
from generator.output.content import Content
from generator.output.write import (
    STAGING_MARKER,
    OutputError,
    Staging,
    WriteReport,
    cannot_write,
    check_output,
    update_site,
)


def staged(output: Path, files: Mapping[str, Content]) -> tuple[Staging, list[str]]:
    """A staging of `files` for `output`, and the files it actually staged (those that changed)."""
    staging = Staging(output)
    return staging, [relative for relative, data in sorted(files.items()) if staging.put(relative, data)]


def write(output: Path, files: dict[str, bytes]) -> WriteReport:
    """A full build of `files` into `output`: staged, then committed, pruning what it does not name."""
    staging, _ = staged(output, files)
    return staging.commit(set(files))


def test_a_first_build_becomes_the_site_with_its_marker_and_no_staging_left(tmp_path):
    output = tmp_path / "site"
    report = write(output, {"index.html": b"home", "people/ana/index.html": b"ana"})
    assert (report.written, report.removed) == (2, 0)
    assert tree(output) == {MARKER: (output / MARKER).read_bytes(), "index.html": b"home",
                            "people/ana/index.html": b"ana"}
    assert list(tmp_path.iterdir()) == [output]


def test_an_unchanged_file_is_not_staged_and_keeps_its_inode(tmp_path):
    output = tmp_path / "site"
    write(output, {"index.html": b"home", "a.html": b"a"})
    before = (output / "index.html").stat().st_ino
    staging, changed = staged(output, {"index.html": b"home", "a.html": b"new a"})
    assert changed == ["a.html"]
    report = staging.commit({"index.html", "a.html"})
    assert (report.written, report.removed) == (1, 0)
    assert (output / "index.html").stat().st_ino == before
    assert (output / "a.html").read_bytes() == b"new a"


def test_a_full_build_prunes_files_and_emptied_folders_it_no_longer_has(tmp_path):
    output = tmp_path / "site"
    write(output, {"index.html": b"home", "people/ana/index.html": b"ana"})
    report = write(output, {"index.html": b"home"})
    assert report.removed == 1
    assert not (output / "people").exists()
    assert sorted(tree(output)) == [MARKER, "index.html"]


def test_an_aborted_build_leaves_the_site_exactly_as_it_was(tmp_path):
    output = tmp_path / "site"
    write(output, {"index.html": b"home"})
    before = tree(output)
    staging, _ = staged(output, {"index.html": b"half-written", "new.html": b"new"})
    staging.abort()
    assert tree(output) == before
    assert list(tmp_path.iterdir()) == [output]


def test_a_rebuild_replaces_what_changed_and_deletes_what_was_removed(tmp_path):
    output = tmp_path / "site"
    write(output, {"index.html": b"home", "people/ana/index.html": b"ana", "people/bo/index.html": b"bo"})
    report = update_site(output, {"index.html": b"new home"}, {"people/ana/index.html"}, total=3)
    assert (report.written, report.unchanged, report.removed) == (1, 2, 1)
    assert sorted(tree(output)) == [MARKER, "index.html", "people/bo/index.html"]
    assert not (output / "people" / "ana").exists()


@pytest.mark.parametrize("pieces", [(b"{", b"", b'"a": 1', b"}"), (b'{"a": 1}',), ()])
@pytest.mark.parametrize("chunk", [3, content.CHUNK])
def test_a_file_given_in_pieces_is_written_joined_and_compared_chunk_by_chunk(tmp_path, monkeypatch, pieces, chunk):
    monkeypatch.setattr(content, "CHUNK", chunk)
    output = tmp_path / "site"
    write(output, {"dossier.json": b'{"a": 1}', "index.html": b"home"})
    before = (output / "dossier.json").stat().st_ino
    staging, changed = staged(output, {"dossier.json": pieces})
    assert changed == ([] if pieces else ["dossier.json"])  # the same bytes, in any pieces, are left alone
    staging.abort()
    assert (output / "dossier.json").stat().st_ino == before
    last_differs = (b'{"a', b'": ', b"2}")  # the same size, a change in the last chunk only
    report = update_site(output, {"dossier.json": last_differs}, set(), total=2)
    assert report.written == 1 and (output / "dossier.json").read_bytes() == b'{"a": 2}'


def test_a_folder_in_the_way_of_a_new_file_is_replaced(tmp_path):
    output = tmp_path / "site"
    write(output, {"page/index.html": b"folder"})
    write(output, {"page": b"now a file"})
    assert (output / "page").read_bytes() == b"now a file"


@pytest.mark.parametrize("made_by", ["dossier", "nobody"])
def test_a_non_empty_folder_is_written_into_only_when_dossier_made_it(tmp_path, made_by):
    output = tmp_path / "site"
    output.mkdir()
    (output / "notes.txt").write_text("someone's work")
    if made_by == "dossier":
        (output / MARKER).write_text("")
        check_output(output)
    else:
        with pytest.raises(OutputError, match="is not empty and was not made by dossier"):
            check_output(output)


def test_an_empty_or_missing_folder_may_be_written(tmp_path):
    check_output(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    check_output(tmp_path / "empty")


def test_a_file_or_a_link_is_never_an_output_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        check_output(tmp_path / "file")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(OutputError, match="is a symbolic link"):
        check_output(tmp_path / "link")


def test_a_stale_staging_folder_of_a_killed_build_is_removed_but_a_lookalike_is_kept(tmp_path):
    output = tmp_path / "site"
    stale, lookalike = tmp_path / "site.tmp-999999999", tmp_path / "site.tmp-2024"
    stale.mkdir()
    (stale / STAGING_MARKER).write_text("")
    lookalike.mkdir()  # a user's backup: no staging marker
    Staging(output).abort()
    assert not stale.exists()
    assert lookalike.is_dir()


def test_a_folder_not_made_by_dossier_in_the_way_of_the_staging_folder_is_refused(tmp_path):
    (tmp_path / f"site.tmp-{os.getpid()}").mkdir()
    with pytest.raises(OutputError, match="is in the way of the staging folder"):
        Staging(tmp_path / "site")


def test_a_write_error_is_one_line_with_the_path_and_the_reason():
    error = cannot_write("site/index.html", OSError(28, "No space left on device"), "; site/ was left as it was")
    assert str(error) == "cannot write site/index.html: No space left on device; site/ was left as it was"
