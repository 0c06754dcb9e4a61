"""Reads of the link stage's result that note what they read (generator/site/reading.py): every read
adds the key of its input (site/keys.py) to `touched`, even a read that finds nothing."""

from __future__ import annotations

import dataclasses

from support.records import CLAIM_FILE, base, claim, linked

from generator.link.links import LinkMap
from generator.site import keys
from generator.site.reading import LinkReader


def reader() -> LinkReader:
    return LinkReader(linked(base(**{CLAIM_FILE: claim("a", more="  figure: loss\n  value: 3\n")})))


def test_a_reader_starts_having_read_nothing():
    assert reader().touched == set()


def test_reading_a_record_notes_the_record():
    read = reader()
    assert read.record("person", "ana").name == "Ana Lind"
    assert read.touched == {keys.record("person", "ana")}


def test_reading_the_ids_of_a_kind_notes_which_records_there_are():
    read = reader()
    assert read.all_ids("claim") == ["a"]
    assert read.touched == {keys.every("claim")}


def test_looking_up_an_entry_notes_it_even_when_it_is_empty():
    read = reader()
    assert read.lookup(LinkMap.CLAIMS_BY, "ana") == ("a",)
    assert read.lookup(LinkMap.DISPUTED_BY, "a") == ()
    assert read.touched == {keys.entry(LinkMap.CLAIMS_BY, "ana"), keys.entry(LinkMap.DISPUTED_BY, "a")}


def test_the_kind_of_an_entity_depends_on_that_id_in_every_entity_kind():
    read = reader()
    assert [read.entity_kind(i) for i in ("ana", "fund", "loss")] == ["person", "agency", "figure"]
    assert read.touched == {keys.outline(kind, i) for kind in ("person", "agency", "figure")
                            for i in ("ana", "fund", "loss")}


def test_where_a_quote_is_depends_on_its_source():
    read = reader()
    location, anchor = read.located(("gazette", "lost two million euros"))
    assert (location.start, location.end) == (17, 39)
    assert anchor.startswith("q-lost-two-million-euros-")
    assert read.touched == {keys.record("source", "gazette")}


def test_touch_notes_any_key():
    read = reader()
    read.touch(keys.NAMES)
    assert read.touched == {keys.NAMES}


def test_a_sources_outline_has_no_text_and_is_made_once_per_source_object():
    read = reader()
    source_id = next(iter(read.links.dossier.sources))
    record = read.record("source", source_id)
    first = read.outline("source", source_id)
    assert record.body and first.body == "" and first == dataclasses.replace(record, body="")
    assert read.outline("source", source_id) is first, "a second read makes no second copy"
    edited = dataclasses.replace(record, title="Another title")
    read.links.records["source"][source_id] = edited
    assert read.outline("source", source_id).title == "Another title", "a new source object, a new outline"
    assert read.touched == {keys.record("source", source_id), keys.outline("source", source_id)}
