"""References between records (generator/check/references.py): every id a record names, with the
kinds it may be, and the error for one that names nothing, in words and at its position."""

from __future__ import annotations

from support.records import CLAIM_FILE, base, claim, dossier

from generator.check.references import check_reference, claim_references, record_references
from generator.core.diagnostics import Span
from generator.core.kinds import CLAIM, KINDS
from generator.core.model import Dossier

ROLE = ("name: Ana Lind\nroles:\n  - title: Clerk\n    agency: fund\n    citations:\n"
        "      - source: gazette\n        quote: the auditors said\n")
FILES = base(**{"people/ana.yaml": ROLE, "agencies/office.yaml": "name: Office\nparent: fund\n",
                CLAIM_FILE: claim("a", more="  figure: loss\n  value: 3\n  supports: [b]\n  based_on: [b]\n")
                + claim("b", by="office", more="  disputes: [a]\n  revises: [a]\n")})


def records(of):
    return {kind.plural: kind.records(of) for kind in KINDS}


def named(refs):
    return [(kinds, target, field, index) for kinds, target, _, field, index in refs]


def test_a_claim_names_its_speaker_figure_relations_and_sources():
    claim_a = dossier(FILES).claims["a"]
    assert named(claim_references(claim_a)) == [
        (("people", "agencies"), "ana", "by", -1), (("figures",), "loss", "figure", -1),
        (("people", "agencies", "figures"), "fund", "about", 0), (("claims",), "b", "supports", 0),
        (("claims",), "b", "based_on", 0), (("sources",), "gazette", "source", -1)]


def references(sound: Dossier) -> list:
    """Every reference of the people, agencies, figures and sources of a dossier."""
    return [ref for kind in KINDS if kind is not CLAIM for record in kind.records(sound).values()
            for ref in record_references(record)]


def test_other_records_name_roles_agencies_parents_and_sources():
    assert named(references(dossier(FILES))) == [
        (("people", "agencies"), "fund", "agency", -1), (("sources",), "gazette", "source", -1),
        (("agencies",), "fund", "parent", -1)]


def test_every_reference_of_a_sound_dossier_names_a_record():
    sound = dossier(FILES)
    everything = [*references(sound), *(ref for c in sound.claims.values() for ref in claim_references(c))]
    assert [check_reference(ref, records(sound), {}) for ref in everything] == [None] * len(everything)


def test_an_unknown_id_is_an_error_in_words_at_its_value():
    sound = dossier(FILES)
    gone = {**records(sound), "agencies": {}}
    problems = [check_reference(ref, gone, {}) for ref in references(sound)]
    assert [(p.message, p.span) for p in problems if p] == [
        ("role of 'ana' names unknown person or agency 'fund'", Span("content/people/ana.yaml", 4, 13)),
        ("agency 'office' has as parent unknown agency 'fund'", Span("content/agencies/office.yaml", 2, 9))]


def test_a_broken_record_is_not_unknown_and_neither_is_a_claim_while_a_claims_file_is_broken():
    sound = dossier(FILES)
    without = {**records(sound), "agencies": {}, "claims": {}}
    [role, *_] = references(sound)
    assert check_reference(role, without, {"agencies": {"fund"}}) is None
    supports = next(ref for ref in claim_references(sound.claims["a"]) if ref[3] == "supports")
    assert check_reference(supports, without, {}) is not None
    assert check_reference(supports, without, {"claims": {"unreadable"}}) is None
