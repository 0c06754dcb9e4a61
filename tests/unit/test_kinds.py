"""The one table of record kinds (generator/core/kinds.py): every name a kind has, and the orders
the package lists them in."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from generator.core import kinds
from generator.core.model import Dossier


def test_each_kind_is_found_by_its_name_and_by_its_plural():
    for kind in kinds.KINDS:
        assert kinds.BY_NAME[kind.name] is kind
        assert kinds.BY_PLURAL[kind.plural] is kind


def test_the_five_kinds_in_the_order_of_the_docs_and_of_the_site():
    assert [kind.name for kind in kinds.KINDS] == ["source", "person", "agency", "figure", "claim"]
    assert [kind.name for kind in kinds.SITE_ORDER] == ["person", "agency", "figure", "source", "claim"]
    assert set(kinds.SITE_ORDER) == set(kinds.KINDS)


def test_people_agencies_and_figures_share_one_id_space():
    assert kinds.ENTITIES == (kinds.PERSON, kinds.AGENCY, kinds.FIGURE)


def test_a_kinds_folder_section_and_dossier_field_are_its_plural():
    field_names = {field.name for field in dataclasses.fields(Dossier)}
    for kind in kinds.KINDS:
        assert kind.folder == kind.section == kind.plural
        assert kind.plural in field_names


def test_only_claims_are_many_to_a_file():
    assert [kind.name for kind in kinds.KINDS if not kind.named_by_file] == ["claim"]


def test_a_kinds_words_read_as_english():
    assert [kind.indefinite for kind in kinds.KINDS] == ["a source", "a person", "an agency", "a figure", "a claim"]
    assert all(kind.title == kind.plural.capitalize() for kind in kinds.KINDS)


def test_a_kinds_records_are_the_dossier_field_of_its_plural():
    dossier = SimpleNamespace(**{kind.plural: {kind.name: object()} for kind in kinds.KINDS})
    for kind in kinds.KINDS:
        assert kind.records(dossier) is getattr(dossier, kind.plural)


def test_the_tables_cannot_be_changed():
    with pytest.raises(TypeError):
        kinds.BY_NAME["people"] = kinds.PERSON
