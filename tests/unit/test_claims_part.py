"""The claims' part of a resolve kept across full resolves (generator/check/claims.py, claims_part):
an edit that leaves every claim's checks the same objects reuses the last part (quotes located,
targets, relations), whatever happened to the roles' quotes; any other edit makes it again. Either
way, the outcome equals a resolve from scratch."""

from __future__ import annotations

import dataclasses

import pytest
from support.records import CLAIM_FILE, base, claim, codes, source, validated

from generator.check import claims as claims_module
from generator.check.parts import ResolveCache
from generator.check.resolve import resolve
from generator.core.diagnostics import Diagnostic
from generator.incremental.changes import reported
from generator.read.validate import Validation

MINUTES = "sources/minutes.txt"
UNCITED = "sources/uncited.txt"
ANA = "people/ana.yaml"
ANA_TEXT = ("name: Ana Lind\nroles:\n  - title: Auditor\n    agency: fund\n    citations:\n"
            "      - source: minutes\n        quote: appointed the auditor\n")
"""Ana's role cites the minutes, which no claim cites: its quote is located beside the claims'."""
CLAIMS = (claim("a", more="  status: corroborated\n  figure: loss\n  value: 2000000\n")
          + claim("b", quote="the auditors said", more="  supports: [a]\n")
          + claim("c", quote="two million euros", by="fund", more="  supports: [a]\n"))
"""b supports a by the same speaker, c cites a passage overlapping a's: neither is independent, so
a is 'corroborated' without independent support (claims.relation_problems)."""
RELATIONS = ["claim.not-independent", "claim.not-independent", "claim.not-corroborated"]
BEFORE = base(**{ANA: ANA_TEXT, MINUTES: source("The board appointed the auditor in May."),
                 UNCITED: source("Nothing cites this."), CLAIM_FILE: CLAIMS})

KEEPING = {
    "a person's name": {ANA: ANA_TEXT.replace("Ana Lind", "Ana Lindqvist")},
    "a person's description": {ANA: ANA_TEXT + "description: An *auditor*.\n"},
    "a person's role title": {ANA: ANA_TEXT.replace("Auditor", "Chief auditor")},
    "an agency's name": {"agencies/fund.yaml": "name: Harbour Fund Ltd\n"},
    "a figure's name": {"figures/loss.yaml": "name: The fund's loss\nunit: euros\n"},
    "an uncited source's text": {UNCITED: source("Nothing cites this, still.")},
    "a role's quote moved": {MINUTES: source("In May, the board appointed the auditor.")},
    "a role's quote no longer found": {MINUTES: source("The board met in May.")},
    "a role's quote replaced": {ANA: ANA_TEXT.replace("appointed the auditor", "in May")},
}
"""Edits no claim's check depends on: a role's quote is located apart from the claims' (the same
words of the same source are located at the same place for a claim and a role, so the claims'
relations never need a role's)."""
REMAKING = {
    "a claim's quote no longer found": {"sources/gazette.txt": source("The fund did well, the auditors said.")},
    "a claim's quote moved": {"sources/gazette.txt": source(
        "In short: the harbour fund lost two million euros in 2020, the auditors said.")},
    "a figure's unit": {"figures/loss.yaml": "name: Loss of the fund\nunit: dollars\n"},
    "a claim's speaker": {CLAIM_FILE: CLAIMS.replace("by: fund", "by: ana")},
    "a claim removed": {CLAIM_FILE: CLAIMS.split("- id: c")[0]},
}
"""Edits that change a claim's checks."""

MEMO = "sources/memo.txt"
MEMO_CLAIMS = "claims/memo.yaml"
MANY = {**BEFORE, "people/bo.yaml": "name: Bo Berg\n",
        MEMO: source("The board paid two million euros to the fund in 2020."),
        "claims/more.yaml": "".join(claim(f"f{number:02}", quote="the auditors said") for number in range(16)),
        MEMO_CLAIMS: (claim("v", by="fund", more="  figure: loss\n  value: 2000000\n")
                      + claim("u", quote="the auditors said", by="bo")
                      + claim("w", quote="two million euros to the fund").replace("source: gazette", "source: memo")
                      + claim("x", quote="paid two million euros", by="fund", more="  supports: [w]\n").replace(
                          "source: gazette", "source: memo"))}
"""Twenty-three claims, of which an edit of the memo, the loss figure or Bo gives one or two new
checks: few enough for the part to be made from the last one rather than afresh."""
FEW_REMADE = {
    "the memo's passages apart": {MEMO: source("Two million euros to the fund were promised. In 2020 the board "
                                               "paid two million euros.")},
    "the memo's quotes gone": {MEMO: source("The board paid nothing.")},
    "the figure's unit": REMAKING["a figure's unit"],
    "a claim's relation": {MEMO_CLAIMS: MANY[MEMO_CLAIMS].replace("supports: [w]", "supports: [v]")},
    "a claims file added": {"claims/new.yaml": claim("y", quote="paid two million euros", by="bo", more=(
        "  supports: [w]\n")).replace("source: gazette", "source: memo")},
    "a claim removed": {MEMO_CLAIMS: MANY[MEMO_CLAIMS].split("- id: x")[0]},
}


def first_resolve(cache: ResolveCache, files: dict[str, str] = BEFORE) -> Validation:
    """`files` validated and resolved into `cache`."""
    validation = validated(files)
    resolve(validation.dossier, validation.broken, cache)
    return validation


def edited(before: Validation, changes: dict[str, str], files: dict[str, str] = BEFORE) -> Validation:
    """`files` with `changes` validated after `before`, as a kept Builder does: the records of
    unchanged files stay the same objects."""
    return validated({**files, **changes}, previous=before)


def full_resolve(validation: Validation, cache: ResolveCache) -> list[Diagnostic]:
    """A resolve told nothing of what changed (not a claims-only patch), its problems checked
    against a resolve from scratch of the same dossier (in any order: they are sorted before they
    are shown, core/diagnostics.sorted_unique)."""
    kept, problems = resolve(validation.dossier, validation.broken, cache)
    fresh, fresh_problems = resolve(validation.dossier, validation.broken, ResolveCache())
    assert kept.locations == fresh.locations
    assert sorted(problems, key=str) == sorted(fresh_problems, key=str)
    return problems


def test_the_relations_of_the_dossier_are_found():
    problems = full_resolve(validated(BEFORE), ResolveCache())
    assert sorted(code for code in codes(problems) if code.startswith("claim.")) == sorted(RELATIONS)


@pytest.mark.parametrize("edit", KEEPING)
def test_an_edit_no_claim_check_depends_on_keeps_the_part_and_resolves_as_from_scratch(edit):
    cache = ResolveCache()
    before = first_resolve(cache)
    part = cache.claims_part
    after = edited(before, KEEPING[edit])
    assert all(after.dossier.claims[claim_id] is claim for claim_id, claim in before.dossier.claims.items())
    full_resolve(after, cache)
    assert cache.claims_part is part


@pytest.mark.parametrize("edit", REMAKING)
def test_an_edit_of_a_claim_check_makes_the_part_again(edit):
    cache = ResolveCache()
    before = first_resolve(cache)
    part = cache.claims_part
    full_resolve(edited(before, REMAKING[edit]), cache)
    assert cache.claims_part is not part


def test_a_claim_quote_no_longer_found_is_reported_and_its_relation_is_looked_at_again():
    cache = ResolveCache()
    before = first_resolve(cache)
    problems = full_resolve(edited(before, REMAKING["a claim's quote no longer found"]), cache)
    assert codes(problems).count("quote.not-found") == 2, "claims a and c"
    assert codes(problems).count("claim.not-independent") == 1, "c no longer shares a located passage with a"


@pytest.mark.parametrize("edit", ["a role's quote moved", "a role's quote replaced"])
def test_a_role_quote_elsewhere_is_located_anew_while_the_part_is_kept(edit):
    cache = ResolveCache()
    before = first_resolve(cache)
    part = cache.claims_part
    old, _ = resolve(before.dossier, before.broken, ResolveCache())
    kept, _ = resolve(edited(before, KEEPING[edit]).dossier, before.broken, cache)
    assert cache.claims_part is part
    minutes = [key for key in kept.locations if key[0] == "minutes"]
    assert minutes and all(kept.locations[key] != old.locations.get(key) for key in minutes)


@pytest.mark.parametrize("edit", KEEPING)
def test_relation_problems_stay_reported_when_the_part_is_kept(edit):
    cache = ResolveCache()
    before = first_resolve(cache)
    problems = full_resolve(edited(before, KEEPING[edit]), cache)
    assert sorted(code for code in codes(problems) if code.startswith("claim.")) == sorted(RELATIONS)


def test_a_full_resolve_after_a_claims_only_patch_does_not_take_the_part_from_before_it():
    """A patch leaves the part of the last full resolve in the cache: the next full resolve must see
    that a patched claim's checks are other objects, and not report the relations from before it."""
    cache = ResolveCache()
    before = first_resolve(cache)
    part = cache.claims_part
    patched = edited(before, REMAKING["a claim's speaker"])
    change = reported(patched.replaced)
    assert change.claims == frozenset({"c"})
    resolve(patched.dossier, patched.broken, cache, patched.replaced)
    after = validated({**BEFORE, **REMAKING["a claim's speaker"], **KEEPING["a person's name"]}, previous=patched)
    problems = full_resolve(after, cache)
    assert cache.claims_part is not part
    assert codes(problems).count("claim.not-independent") == 2, "c, now by ana, still shares a's passage"


def test_a_kept_part_is_kept_again_over_several_edits():
    cache = ResolveCache()
    validation = first_resolve(cache)
    part = cache.claims_part
    files = dict(BEFORE)
    for changes in KEEPING.values():
        files.update(changes)
        validation = validated(files, previous=validation)
        full_resolve(validation, cache)
    assert cache.claims_part is part


@pytest.mark.parametrize("edit", FEW_REMADE)
def test_an_edit_giving_few_claims_new_checks_resolves_as_from_scratch(edit):
    cache = ResolveCache()
    before = first_resolve(cache, MANY)
    part = cache.claims_part
    full_resolve(edited(before, FEW_REMADE[edit], MANY), cache)
    assert cache.claims_part is not part


@pytest.mark.parametrize("edit", ["a claims file added", "a claim removed"])
def test_claims_that_come_or_go_patch_the_part(edit, monkeypatch):
    cache = ResolveCache()
    before = first_resolve(cache, MANY)
    after = edited(before, FEW_REMADE[edit], MANY)
    # the claims and sources of files that did not change stay the same objects, as a kept Builder's
    # load and validate keep them (this helper parses every file again when ids come or go)
    claims = {claim_id: before.dossier.claims.get(claim_id, claim) for claim_id, claim in after.dossier.claims.items()}
    after = dataclasses.replace(after, dossier=dataclasses.replace(after.dossier, claims=claims,
                                                                   sources=before.dossier.sources))
    with monkeypatch.context() as patched:
        patched.setattr(claims_module, "PATCHED_SHARE", 1)  # an id that comes or goes checks claims with
        # problems again (their hints name the nearest ids): a few of these 23, none of 30,000
        patched.setattr(claims_module, "_whole_part", lambda *args: pytest.fail("made afresh"))
        kept, problems = resolve(after.dossier, after.broken, cache)
    fresh, fresh_problems = resolve(after.dossier, after.broken, ResolveCache())
    assert kept.locations == fresh.locations
    assert sorted(problems, key=str) == sorted(fresh_problems, key=str)
    assert cache.claims_part is not None and ("y" in cache.claims_part.ids) == (edit == "a claims file added")
    assert ("claim 'y' supports 'w'" in messages(problems)) == (edit == "a claims file added")


def test_claims_whose_passages_no_longer_overlap_are_independent_again():
    cache = ResolveCache()
    before = first_resolve(cache, MANY)
    assert "claim 'x' supports 'w'" in messages(full_resolve(before, ResolveCache()))
    problems = full_resolve(edited(before, FEW_REMADE["the memo's passages apart"], MANY), cache)
    assert "claim 'x' supports 'w'" not in messages(problems)


def test_a_removed_speaker_checks_its_claims_again_and_resolves_as_from_scratch():
    """Bo's file removed, the claims and sources the same objects (as load and validate keep them
    for files that did not change): only u, by Bo, has new checks."""
    cache = ResolveCache()
    before = first_resolve(cache, MANY)
    after = validated({path: text for path, text in MANY.items() if path != "people/bo.yaml"})
    dossier = dataclasses.replace(after.dossier, claims=before.dossier.claims, sources=before.dossier.sources)
    kept_checks = dict(cache.claims)
    problems = full_resolve(dataclasses.replace(after, dossier=dossier), cache)
    assert [claim_id for claim_id, (_, check) in cache.claims.items() if check is not kept_checks[claim_id][1]] == ["u"]
    assert "ref.unknown" in codes(problems)


def test_a_sequence_of_edits_and_patches_resolves_as_from_scratch_at_each_step():
    """One cache over many edits, claims-only patches among them (which leave the part of the
    last full resolve behind): every full resolve equals one from scratch."""
    cache = ResolveCache()
    validation = first_resolve(cache, MANY)
    files = dict(MANY)
    steps = [(FEW_REMADE["the memo's passages apart"], False), (FEW_REMADE["the figure's unit"], False),
             ({MEMO_CLAIMS: MANY[MEMO_CLAIMS].replace("paid two million", "paid two million euros")}, True),
             (KEEPING["a person's name"], False), ({MEMO: MANY[MEMO]}, False),
             ({MEMO_CLAIMS: MANY[MEMO_CLAIMS].replace("supports: [w]", "supports: [v]")}, True),
             (KEEPING["an agency's name"], False), (FEW_REMADE["the memo's quotes gone"], False),
             ({MEMO_CLAIMS: MANY[MEMO_CLAIMS]}, True), (KEEPING["a figure's name"], False)]
    for changes, claims_only in steps:
        files.update(changes)
        validation = validated(files, previous=validation)
        if claims_only:
            change = reported(validation.replaced)
            assert change.claims, changes
            resolve(validation.dossier, validation.broken, cache, validation.replaced)
        else:
            full_resolve(validation, cache)


def messages(problems: list[Diagnostic]) -> str:
    return "\n".join(problem.message for problem in problems)
