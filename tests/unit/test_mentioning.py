"""The records whose texts hold a name whose mentions link elsewhere now (generator/incremental/
changes.py `mentioning`): found in every string of a record, nested fields included, positions left
out; each record's strings kept between calls while the record is the same object."""

from __future__ import annotations

import dataclasses

import pytest
from support.records import CLAIM_FILE, base, claim, linked

from generator.core.diagnostics import Span
from generator.incremental import changes
from generator.incremental.changes import mentioning
from generator.site import keys

FILES = base(**{CLAIM_FILE: claim("a") + claim("b", quote="the auditors said", by="fund").replace(
    "The fund lost money.", "Ana Lind said the fund lost money.")})


def test_a_name_is_found_in_the_records_that_hold_it_and_nowhere_else():
    links = linked(FILES)
    found = mentioning(links, {"Ana Lind"}, {})
    assert keys.record("claim", "b") in found
    assert keys.record("claim", "a") not in found
    assert keys.record("person", "ana") in found, "her own name"


def test_no_name_finds_nothing():
    assert mentioning(linked(FILES), set(), {}) == set()


def test_the_strings_of_a_record_are_kept_and_made_again_for_another_object():
    links = linked(FILES)
    kept: dict = {}
    first = mentioning(links, {"Ana Lind"}, kept)
    claim_b = links.dossier.claims["b"]
    assert kept[("claim", "b")][0] is claim_b
    strings = kept[("claim", "b")][1]
    assert mentioning(links, {"Ana Lind"}, kept) == first
    assert kept[("claim", "b")][1] is strings, "the same record: its strings are not walked again"
    edited = dataclasses.replace(claim_b, statement="The fund lost money.")
    claims = {**links.dossier.claims, "b": edited}
    later = dataclasses.replace(links, resolved=dataclasses.replace(
        links.resolved, dossier=dataclasses.replace(links.dossier, claims=claims)))
    assert keys.record("claim", "b") not in mentioning(later, {"Ana Lind"}, kept)
    assert kept[("claim", "b")][0] is edited


def test_every_string_of_a_record_is_walked_but_its_positions():
    links = linked(FILES)
    record = links.dossier.claims["b"]
    walked = set(changes._texts(record))
    assert "Ana Lind said the fund lost money." in walked
    assert "the auditors said" in walked, "a citation's quote, nested in a tuple of dataclasses"
    assert not any(isinstance(value, Span) for value in walked)
    assert all(isinstance(value, str) for value in walked)
    assert not any(text.endswith(".yaml") for text in walked), "a span's path is a position, left out"


def test_a_name_in_a_long_text_is_found_and_the_text_is_not_copied():
    long_statement = "The fund lost money. " * (changes.LONG_TEXT // 10) + "Ana Lind said so."
    links = linked(base(**{CLAIM_FILE: claim("a").replace("The fund lost money.", long_statement)}))
    kept: dict = {}
    assert keys.record("claim", "a") in mentioning(links, {"Ana Lind"}, kept)
    strings = kept[("claim", "a")][1]
    assert any(text is links.dossier.claims["a"].statement for text in strings), "the long text itself"
    assert keys.record("claim", "a") not in mentioning(links, {"Erik Berg"}, kept)


@pytest.mark.parametrize("note", ["Lind said so.", "Lind said so. " * (changes.LONG_TEXT // 10)],
                         ids=["short", "long"])
def test_a_name_is_never_found_across_two_strings_of_a_record(note):
    links = linked(base(**{CLAIM_FILE: claim("a", more=f"  note: {note}\n").replace(
        "The fund lost money.", "The fund lost money, wrote Ana")}))
    assert keys.record("claim", "a") not in mentioning(links, {"Ana Lind"}, {})
    assert keys.record("claim", "a") in mentioning(links, {"wrote Ana"}, {})


def test_the_strings_kept_before_the_first_change_of_names_are_the_ones_it_would_make():
    links = linked(FILES)
    ready: dict = {}
    changes.keep_record_strings(links, ready)
    made: dict = {}
    assert mentioning(links, {"Ana Lind"}, ready) == mentioning(links, {"Ana Lind"}, made)
    assert ready.keys() == made.keys()
    assert all(ready[key][1] == made[key][1] for key in made)
