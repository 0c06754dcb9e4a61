"""Reading files safely (generator/core/files.py): regular files only, never waiting on a pipe,
under a size limit, decoded as strict UTF-8 with every refusal at its position."""

from __future__ import annotations

import codecs
import os

import pytest

from generator.core.files import FileTooLarge, NotRegularFile, decode, read_limited, read_regular_file


def test_a_regular_file_is_read_whole_with_its_status(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    read = read_limited(path, 3)
    assert read.data == b"abc" and read.before.st_size == read.after.st_size == 3


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (3 * 2**20))
    with pytest.raises(FileTooLarge) as refused:
        read_limited(path, 2**20)
    assert refused.value.size == 3 * 2**20
    _, problem = read_regular_file(path, "big.txt", 2**20)
    assert problem.format() == "big.txt:1:1: error: file is 3.0 MB; the limit is 1 MB"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(NotRegularFile):
        read_limited(tmp_path / "pipe", 100)
    data, problem = read_regular_file(tmp_path / "pipe", "pipe", 100)
    assert data == b"" and problem.code == "fs.not-regular"


def test_a_symbolic_link_is_followed_only_when_asked(tmp_path):
    (tmp_path / "real.txt").write_bytes(b"real")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    with pytest.raises(OSError):
        read_limited(tmp_path / "link.txt", 100)
    assert read_limited(tmp_path / "link.txt", 100, follow_links=True).data == b"real"
    assert read_regular_file(tmp_path / "link.txt", "link.txt", 100)[1].code == "fs.unreadable"


def test_utf8_is_read_with_one_bom_dropped_and_line_endings_made_newlines():
    assert decode(codecs.BOM_UTF8 + b"a\r\nb\rc\n", "x.txt") == ("a\nb\nc\n", None)
    assert decode(codecs.BOM_UTF8 * 2 + b"a", "x.txt") == ("\ufeffa", None)


def test_an_invalid_byte_is_named_at_its_line_and_column_with_a_hint():
    text, problem = decode("caf\u00e9\nna\u00efve ".encode() + b"\xe9t\xe9\n", "x.txt")
    assert text == ""
    assert problem.format() == ("x.txt:2:7: error: byte 0xE9 is not valid UTF-8 (the file looks like Windows-1252 "
                                "or Latin-1; save it as UTF-8)")


def test_a_utf16_file_is_told_to_be_saved_as_utf8():
    _, problem = decode("name: Ana\n".encode("utf-16"), "x.yaml")
    assert problem.hint == "the file is UTF-16; save it as UTF-8"


def test_a_nul_character_is_an_error_on_its_line():
    _, problem = decode(b"a\nb\n\x00", "x.txt")
    assert problem.format() == "x.txt:3:1: error: file contains a NUL character; is it a binary file?"
