"""The names of page inputs (generator/site/keys.py): each constructor makes one kind of key, and the
readers `page_path` and `serialised_record` give back what `page` and `serialised` were made from."""

from __future__ import annotations

import pytest

from generator.link.links import LinkMap
from generator.site import keys


def test_each_constructor_makes_its_own_kind_of_key():
    assert keys.record("claim", "a") == "claim:a"
    assert keys.every("person") == "all:person"
    assert keys.entry(LinkMap.CLAIMS_BY, "ana") == "claims_by:ana"
    assert keys.entry(LinkMap.TIMELINE, 2) == "timeline:2"
    assert keys.kept("card", "a", 3) == "kept:card:a:3"
    assert keys.page("claims/a/index.html") == "page:claims/a/index.html"
    assert keys.serialised("claim", "a") == "json:claim:a"


def test_keys_of_different_inputs_differ():
    made = [keys.record("claim", "a"), keys.every("claim"), keys.entry(LinkMap.CLAIMS_ABOUT, "a"),
            keys.kept("claim", "a"), keys.page("claim:a"), keys.serialised("claim", "a"), keys.CONFIG, keys.NAMES]
    assert len(set(made)) == len(made)


@pytest.mark.parametrize("path", ["index.html", "claims/a/index.html", "page:odd/name.html", ""])
def test_page_path_reads_back_the_path_of_a_page_key(path):
    assert keys.page_path(keys.page(path)) == path


def test_page_path_of_any_other_key_is_none():
    for key in (keys.record("claim", "x"), keys.serialised("page", "x"), keys.CONFIG, keys.kept("page", "x")):
        assert keys.page_path(key) is None


@pytest.mark.parametrize(("kind", "record_id"), [("claim", "a"), ("source", "gazette-2021-03-04"), ("person", "")])
def test_serialised_record_reads_back_the_kind_and_id(kind, record_id):
    assert keys.serialised_record(keys.serialised(kind, record_id)) == (kind, record_id)


def test_serialised_record_of_any_other_key_is_none():
    for key in (keys.record("claim", "a"), keys.page("json:claim:a"), keys.every("claim"), keys.NAMES):
        assert keys.serialised_record(key) is None
