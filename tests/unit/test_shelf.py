"""Texts on a shelf (generator/core/shelf.py): each reads back as it was, in any script; a shelved text
is equal to the texts with its characters, and hashes as they do; a mapping of them is copied with
changes, and searched for names, without decoding a text; no shelf where no file can be made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.core.layout import CACHE_FOLDER
from generator.core.shelf import Shelf, Shelved, Texts, holds_any, kept, text_length, utf8

TEXTS = {
    "plain": "The fund lost two million euros in 2021.",
    "typographic": "The fund’s chair — a former minister — said so.",
    "scripts": "Астана — 阿斯塔纳 — أستانا: «quoted», naïve café, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 🙂 emoji.",
    "empty": "",
}


@pytest.fixture
def shelf(tmp_path: Path) -> Shelf:
    made = Shelf.in_cache_of(tmp_path)
    assert made is not None
    return made


def test_every_text_reads_back_as_it_was_and_its_length_is_known_without_reading(shelf: Shelf) -> None:
    shelved = {key: shelf.put(text) for key, text in TEXTS.items()}
    for key, text in TEXTS.items():
        assert str(shelved[key]) == text
        assert len(shelved[key]) == len(text) and bool(shelved[key]) == bool(text)
    assert shelved["scripts"].size == len(TEXTS["scripts"].encode("utf-8"))


def test_the_file_is_unlinked_in_the_cache_folder(tmp_path: Path, shelf: Shelf) -> None:
    shelf.put("some text")
    assert (tmp_path / CACHE_FOLDER).is_dir() and list((tmp_path / CACHE_FOLDER).iterdir()) == []


def test_no_shelf_where_no_file_can_be_made(tmp_path: Path) -> None:
    (tmp_path / CACHE_FOLDER).write_text("a file where the folder should be")
    assert Shelf.in_cache_of(tmp_path) is None


def test_a_shelved_text_equals_the_texts_with_its_characters_and_hashes_as_they_do(tmp_path: Path,
                                                                                    shelf: Shelf) -> None:
    other = Shelf.in_cache_of(tmp_path)
    assert other is not None
    first, again, elsewhere = shelf.put(TEXTS["scripts"]), shelf.put(TEXTS["scripts"]), other.put(TEXTS["scripts"])
    assert first == again == elsewhere == TEXTS["scripts"]
    assert hash(first) == hash(elsewhere) == hash(TEXTS["scripts"])
    assert {first: 1}[TEXTS["scripts"]] == 1
    assert first != shelf.put(TEXTS["plain"]) and first != TEXTS["plain"] and first != 3
    same_length = shelf.put("x" * len(TEXTS["plain"]))
    assert same_length != TEXTS["plain"] and same_length != shelf.put(TEXTS["plain"])


def test_texts_at_one_place_compare_without_being_read(shelf: Shelf, monkeypatch) -> None:
    text = shelf.put(TEXTS["typographic"])
    twin = Shelved(shelf, text.offset, text.size, text.length)
    longer = shelf.put(TEXTS["typographic"] + ".")
    monkeypatch.setattr(Shelf, "read", lambda *_: pytest.fail("a text was read to be compared"))
    assert text == twin and text != longer and text != "short"


def test_keep_gives_the_text_itself_when_the_disk_is_full(shelf: Shelf, monkeypatch) -> None:
    def full(*_: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("generator.core.shelf.os.pwrite", full)
    with pytest.raises(OSError):
        shelf.put("text")
    assert shelf.keep("text") == "text" and isinstance(shelf.keep("text"), str)


def test_a_short_write_is_finished(shelf: Shelf, monkeypatch) -> None:
    real = os.pwrite
    monkeypatch.setattr("generator.core.shelf.os.pwrite", lambda fd, data, offset: real(fd, data[:3], offset))
    text = shelf.put(TEXTS["scripts"])
    monkeypatch.undo()
    assert str(text) == TEXTS["scripts"] and str(shelf.put("after")) == "after"


@pytest.mark.parametrize("failure", ["error", "short"])
def test_a_text_the_disk_fails_to_give_back_is_an_os_error_naming_the_cache_folder(tmp_path: Path, shelf: Shelf,
                                                                                  monkeypatch, failure: str) -> None:
    """A failing disk (EIO), or fewer bytes than were written: an OSError with the cache folder as
    its file name, which the build reports in one line (tests/integration/test_write_failures.py)."""
    text = shelf.put(TEXTS["scripts"])
    real = os.pread

    def failing(fd: int, size: int, offset: int) -> bytes:
        if failure == "error":
            raise OSError(5, "Input/output error")
        return real(fd, size - 1, offset)

    monkeypatch.setattr("generator.core.shelf.os.pread", failing)
    with pytest.raises(OSError) as raised:
        str(text)
    assert raised.value.errno == 5 and raised.value.filename == str(tmp_path / CACHE_FOLDER)
    assert "keeps on disk" in raised.value.strerror


def test_a_mapping_of_texts_reads_each_when_asked_and_is_copied_with_changes_unread(shelf: Shelf,
                                                                                    monkeypatch) -> None:
    texts = Texts({"shelved": shelf.put(TEXTS["scripts"]), "in memory": TEXTS["plain"]})
    assert dict(texts) == {"shelved": TEXTS["scripts"], "in memory": TEXTS["plain"]}
    assert isinstance(kept(texts, "shelved"), Shelved) and kept(texts, "in memory") is TEXTS["plain"]
    assert text_length(texts, "shelved") == len(TEXTS["scripts"])
    assert kept({"a": "text"}, "a") == "text" and text_length({"a": "text"}, "a") == 4
    new_text = shelf.put(TEXTS["typographic"])
    copy = Texts(dict(texts))
    monkeypatch.setattr(Shelf, "read", lambda *_: pytest.fail("a text was read to be copied or compared"))
    updated = texts.updated({"in memory": None, "new": new_text})
    assert list(updated) == ["shelved", "new"] and kept(updated, "new") is new_text
    assert list(texts) == ["shelved", "in memory"], "the copy's changes leave the mapping as it was"
    assert texts == texts and texts != updated and texts != copy


@pytest.mark.parametrize("needles, found", [
    ({"阿斯塔纳"}, True), ({"naïve café"}, True), ({"🙂"}, True), ({"Астана —"}, True),
    ({"Astana"}, False), ({"naive"}, False), (set(), False), ({"missing", "𝔘𝔫𝔦"}, True),
])
def test_a_shelved_text_is_searched_for_names_as_its_str_is(shelf: Shelf, needles: set[str], found: bool) -> None:
    texts = Texts({"shelved": shelf.put(TEXTS["scripts"]), "in memory": TEXTS["scripts"]})
    assert holds_any(texts, "shelved", needles) is found
    assert holds_any(texts, "in memory", needles) is found
    assert holds_any({"plain": TEXTS["scripts"]}, "plain", needles) is found


def test_a_texts_utf8_bytes_are_read_as_the_shelf_holds_them(shelf: Shelf) -> None:
    for text in TEXTS.values():
        assert utf8(shelf.put(text)) == utf8(text) == text.encode("utf-8")
        assert all(part in shelf.put(text) for part in (text[:5], text[-5:]))
