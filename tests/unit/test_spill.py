"""A one-shot build's source texts set aside on a shelf (generator/check/spill.py, core/shelf.py):
every text reads back as it was, in any script; the sources' bodies are shelved and `Resolved.whole`
gives them back as strs; what keeps a text for later (a search record) keeps its place, not a copy;
and where no file can be made or written, the texts stay in memory."""

from __future__ import annotations

import dataclasses
import errno
from pathlib import Path

from support.records import base, claim, linked, resolved, source

from generator.check.spill import spill
from generator.core.layout import CACHE_FOLDER
from generator.core.shelf import Shelved, Texts, kept, text_length
from generator.output import search_index
from generator.site.search_records import search_records

TEXTS = {
    "plain": "The fund lost two million euros in 2021.",
    "scripts": "Астана — 阿斯塔纳 — أستانا: «quoted», naïve café, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 🙂 emoji.",
    "empty": "",
}
MARKDOWN = "# Heading\n\nThe *fund* lost **two million euros** in [2021](https://example.org).\n"


def files() -> dict[str, str]:
    return base(**{f"sources/{name}.txt": source(text or "x") for name, text in TEXTS.items()},
                **{"sources/written.md": source(MARKDOWN), "claims/main.yaml": claim("c1")})


def test_every_text_reads_back_as_it_was_with_its_length(tmp_path: Path) -> None:
    before, _ = resolved(files())
    after = spill(before, tmp_path)
    assert after is not None and isinstance(after.visible_texts, Texts)
    assert dict(after.visible_texts) == dict(before.visible_texts)
    assert list(after.visible_texts) == list(before.visible_texts)
    for source_id, text in before.visible_texts.items():
        assert text_length(after.visible_texts, source_id) == len(text) == text_length(before.visible_texts, source_id)


def test_bodies_are_shelved_and_resolved_whole_gives_them_back(tmp_path: Path) -> None:
    before, _ = resolved(files())
    after = spill(before, tmp_path)
    assert after is not None
    assert all(isinstance(record.body, Shelved) for record in after.dossier.sources.values())
    for source_id, record in before.dossier.sources.items():
        whole = after.whole(after.dossier.sources[source_id])
        assert whole == record and isinstance(whole.body, str) and whole.body == record.body
        assert before.whole(record) is record
    shared = [source_id for source_id, record in after.dossier.sources.items()
              if record.body is kept(after.visible_texts, source_id)]
    txt = [source_id for source_id, record in before.dossier.sources.items() if record.format == "txt"]
    assert sorted(shared) == sorted(txt) and {*TEXTS, "written"} <= after.dossier.sources.keys()
    assert "written" not in txt  # a txt source's body is its visible text, put there once
    assert after.locations == before.locations and after.dossier.claims == before.dossier.claims


def test_the_file_is_unlinked_and_in_the_cache_folder(tmp_path: Path) -> None:
    before, _ = resolved(files())
    assert spill(before, tmp_path) is not None
    assert (tmp_path / CACHE_FOLDER).is_dir() and list((tmp_path / CACHE_FOLDER).iterdir()) == []


def test_where_no_file_can_be_made_the_texts_stay_in_memory(tmp_path: Path) -> None:
    before, _ = resolved(files())
    (tmp_path / CACHE_FOLDER).write_text("a file where the folder should be")
    assert spill(before, tmp_path) is before
    assert spill(None, tmp_path) is None


def test_a_kept_text_is_the_str_itself_in_memory_and_its_place_on_disk(tmp_path: Path) -> None:
    before, _ = resolved(files())
    after = spill(before, tmp_path)
    assert after is not None
    assert kept(before.visible_texts, "scripts") is before.visible_texts["scripts"]
    place = kept(after.visible_texts, "scripts")
    assert isinstance(place, Shelved)
    assert str(place) == before.visible_texts["scripts"] and len(place) == len(before.visible_texts["scripts"])
    assert TEXTS["scripts"] in str(place)


def test_search_records_of_spilled_texts_say_the_same(tmp_path: Path) -> None:
    links = linked(files())
    records_before = {record.url: (str(record.content), record.size) for record in search_records(links)}
    after = spill(links.resolved, tmp_path)
    assert after is not None
    spilled = dataclasses.replace(links, resolved=after)
    records_after = {record.url: (str(record.content), record.size) for record in search_records(spilled)}
    assert records_after == records_before


def test_spilled_mappings_are_equal_only_to_themselves_and_texts_by_their_characters(tmp_path: Path) -> None:
    before, _ = resolved(files())
    first, second = spill(before, tmp_path), spill(before, tmp_path)
    assert first is not None and second is not None
    assert first.visible_texts == first.visible_texts and first.visible_texts != second.visible_texts
    scripts = before.visible_texts["scripts"]
    assert kept(first.visible_texts, "scripts") == kept(second.visible_texts, "scripts") == scripts
    assert kept(first.visible_texts, "plain") != kept(second.visible_texts, "scripts")


def test_a_disk_that_fills_up_while_the_texts_are_written_keeps_them_in_memory(tmp_path: Path, monkeypatch) -> None:
    before, _ = resolved(files())
    written = []

    def fills_up(fd: int, data: bytes, offset: int) -> int:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(data)
        return len(data)

    monkeypatch.setattr("generator.core.shelf.os.pwrite", fills_up)
    assert spill(before, tmp_path) is before
    assert written, "the first text was written, the second was not"


def test_the_search_bundles_of_spilled_texts_have_the_digests_of_texts_in_memory(tmp_path: Path) -> None:
    links = linked(files())
    after = spill(links.resolved, tmp_path)
    assert after is not None
    spilled = dataclasses.replace(links, resolved=after)
    digests = [[bundle.digest for bundle in search_index.plan(list(search_records(one)))] for one in (links, spilled)]
    assert digests[0] == digests[1]
