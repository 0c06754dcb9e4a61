"""Cross-record checks (generator/check/resolve.py and references.py): references that name no record,
with a did-you-mean hint, quotes found or not in their sources, and the warnings of docs/content.md,
each at the position of the value it is about. A resolve patched for a few claims equals one made
from scratch."""

from __future__ import annotations

import pytest
from support.records import CLAIM_FILE, base, claim, codes, only, resolved, revalidated, source, validated

from generator.check import resolve as resolve_module
from generator.check.parts import ResolveCache
from generator.check.resolve import resolve
from generator.core.diagnostics import Severity, Span
from generator.incremental.changes import records_changed
from generator.text import quotes


def test_a_dossier_whose_references_all_name_records_has_no_errors():
    result, problems = resolved(base(**{CLAIM_FILE: claim("a", more="  figure: loss\n  value: 2000000\n")}))
    assert not [problem for problem in problems if problem.is_error]
    assert result.locations[("gazette", "lost two million euros")].occurrences == 1


def test_an_unknown_speaker_is_an_error_at_its_value_with_the_nearest_id():
    _, problems = resolved(base(**{CLAIM_FILE: claim("a", by="anna")}))
    problem = only(problems, "ref.unknown")
    assert problem.message == "claim 'a' is by unknown person or agency 'anna'"
    assert problem.hint == "did you mean 'ana'?"
    assert problem.span == Span("content/claims/main.yaml", 3, 7)


def test_an_unknown_id_far_from_any_has_no_hint():
    _, problems = resolved(base(**{CLAIM_FILE: claim("a", more="  supports: [zzzzzz]\n")}))
    problem = only(problems, "ref.unknown")
    assert problem.message == "claim 'a' supports unknown claim 'zzzzzz'"
    assert problem.hint is None
    assert problem.span.line == 5


def test_an_unknown_source_is_reported_at_the_citation():
    text = claim("a").replace("source: gazette", "source: gazete")
    _, problems = resolved(base(**{CLAIM_FILE: text}))
    problem = only(problems, "ref.unknown")
    assert problem.message == "claim 'a' cites unknown source 'gazete'"
    assert (problem.hint, problem.span.line) == ("did you mean 'gazette'?", 6)


def test_a_role_naming_an_unknown_agency_and_an_agency_with_an_unknown_parent():
    files = base(**{"people/ana.yaml": "name: Ana Lind\nroles:\n  - title: Clerk\n    agency: fnd\n"
                                       "    citations:\n      - source: gazette\n        quote: the auditors said\n",
                    "agencies/fund.yaml": "name: Harbour Fund\nparent: ministry\n",
                    CLAIM_FILE: claim("a")})
    _, problems = resolved(files)
    messages = sorted(problem.message for problem in problems if problem.code == "ref.unknown")
    assert messages == ["agency 'fund' has as parent unknown agency 'ministry'",
                        "role of 'ana' names unknown person or agency 'fnd'"]


def test_a_claim_that_supports_itself_is_an_error():
    _, problems = resolved(base(**{CLAIM_FILE: claim("a", more="  supports: [a]\n")}))
    assert only(problems, "ref.self").message == "claim 'a' supports itself"


def test_a_quote_not_in_its_source_is_an_error_at_the_quote():
    _, problems = resolved(base(**{CLAIM_FILE: claim("a", quote="lost three million euros")}))
    problem = only(problems, "quote.not-found")
    assert problem.severity is Severity.ERROR
    assert problem.message.startswith("quote not found in source 'gazette'")
    assert problem.span == Span("content/claims/main.yaml", 7, 14)


def test_a_quote_found_twice_is_a_warning_and_links_to_the_first():
    files = base(**{CLAIM_FILE: claim("a", quote="lost money"),
                    "sources/gazette.txt": source("It lost money. It lost money.")})
    result, problems = resolved(files)
    problem = only(problems, "quote.ambiguous")
    assert problem.severity is Severity.WARNING
    assert problem.span.line == 7
    assert result.locations[("gazette", "lost money")].start == 3
    assert result.locations[("gazette", "lost money")].occurrences == 2


def test_records_nothing_names_are_warnings_at_their_files():
    _, problems = resolved(base(**{"sources/unused.txt": source("Text."),
                                   CLAIM_FILE: claim("a")}))
    assert only(problems, "unused.source").span == Span("content/sources/unused.txt")
    assert only(problems, "unused.entity").message == ("figure 'loss' is not referenced by any claim, role, "
                                                       "parent or source")


def test_an_author_of_a_source_is_referenced():
    """Mira Holt wrote the gazette's article: her record is named by it."""
    _, problems = resolved(base(**{"people/mira.yaml": "name: Mira Holt\n", CLAIM_FILE: claim("a")}))
    assert "person 'mira'" not in " ".join(problem.message for problem in problems)


def test_a_record_is_named_only_by_references_that_may_name_its_kind():
    """A claim that supports the claim `loss` does not name the figure `loss`."""
    _, problems = resolved(base(**{CLAIM_FILE: claim("a") + claim("loss") + claim("w", more="  supports: [loss]\n")}))
    assert only(problems, "unused.entity").message.startswith("figure 'loss' is not referenced")


def test_a_name_shared_by_two_entities_is_a_warning_at_the_second():
    _, problems = resolved(base(**{"agencies/office.yaml": "name: Office\naliases: [Harbour Fund]\n",
                                   CLAIM_FILE: claim("a")}))
    problem = only(problems, "alias.shared")
    assert problem.message == "'Harbour Fund' names both 'fund' and 'office'"
    assert problem.span.path == "content/agencies/office.yaml" and problem.span.line == 2


def test_a_reference_to_a_broken_record_is_not_reported_again():
    files = base(**{"people/ana.yaml": "name: [Ana]\n", CLAIM_FILE: claim("a")})
    validation = validated(files)
    assert "ana" in validation.broken["people"]
    _, problems = resolve(validation.dossier, validation.broken)
    assert "ref.unknown" not in codes(problems)


def test_while_a_claims_file_is_unreadable_no_entity_is_called_unreferenced():
    """It may name any of them (docs/content.md, "Errors and warnings")."""
    validation = validated(base(**{CLAIM_FILE: claim("a")}))
    assert "unused.entity" in codes(resolve(validation.dossier, validation.broken)[1])
    _, problems = resolve(validation.dossier, {**validation.broken, "claims": {"unreadable"}})
    assert "unused.entity" not in codes(problems)


def test_while_a_person_is_left_out_no_person_agency_or_source_is_called_unreferenced():
    """A person's role may name an agency or a person, and cite sources (docs/content.md, "People")."""
    files = base(**{CLAIM_FILE: claim("a", by="fund"),
                    "people/bo.yaml": "name: Bo\nroles:\n  - title: Clerk\n    agency: ana\n    citations: wrong\n"})
    validation = validated(files)
    assert "bo" in validation.broken["people"]
    _, problems = resolve(validation.dossier, validation.broken)
    unreferenced = [problem.message.split(" is not")[0] for problem in problems if problem.code == "unused.entity"]
    assert unreferenced == ["figure 'loss'"]  # a person never names a figure


def test_a_claim_read_in_part_is_still_checked_but_does_not_hide_unreferenced_records():
    broken = claim("b", by="nobody", more="  status: wrong\n")
    validation = validated(base(**{CLAIM_FILE: claim("a") + broken}))
    assert "b" in validation.dossier.partial_claims and "b" not in validation.dossier.claims
    _, problems = resolve(validation.dossier, validation.broken)
    assert only(problems, "ref.unknown").message == "claim 'b' is by unknown person or agency 'nobody'"
    assert "unused.entity" in codes(problems)


TWO_CLAIMS = claim("a") + claim("b", quote="the auditors said", by="fund")
EDITS = {
    "a speaker unknown": TWO_CLAIMS.replace("by: fund", "by: fnd"),
    "a quote not found": TWO_CLAIMS.replace("quote: the auditors said", "quote: the auditors say"),
    "a quote moved": TWO_CLAIMS.replace("quote: the auditors said", "quote: in 2020"),
    "a quote shared": TWO_CLAIMS.replace("quote: the auditors said", "quote: lost two million euros"),
    "a cycle": TWO_CLAIMS.replace("  citations:", "  based_on: [a]\n  citations:", 2).replace(
        "based_on: [a]", "based_on: [b]", 1),
    "a revision by another speaker": TWO_CLAIMS.replace("by: fund", "by: fund\n  revises: [a]"),
    "the figure named": TWO_CLAIMS.replace("by: fund", "by: fund\n  figure: loss\n  value: 3"),
    "another source cited": TWO_CLAIMS.replace("gazette\n      quote: the auditors said",
                                               "audit\n      quote: Audited"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_a_resolve_patched_for_the_claims_validate_replaced_equals_one_made_from_scratch(edit):
    files = {"sources/audit.txt": source("Audited.")}
    before = validated(base(**files, **{CLAIM_FILE: TWO_CLAIMS}))
    cache = ResolveCache()
    resolve(before.dossier, before.broken, cache)
    after = validated(base(**files, **{CLAIM_FILE: EDITS[edit]}), previous=before)
    assert after.replaced is not None
    patched, patched_problems = resolve(after.dossier, after.broken, cache, changed=after.replaced)
    fresh, fresh_problems = resolve(after.dossier, after.broken)
    assert patched.locations == fresh.locations
    assert sorted(patched_problems, key=str) == sorted(fresh_problems, key=str)


def test_each_source_is_folded_once_and_only_the_last_folded_text_is_kept(monkeypatch):
    """The quotes are located a source at a time, whatever the order of the claims and roles that
    cite them: each source's text is folded once, and the cache holds one folded text, not every one."""
    both = claim("b", quote="Audited").replace("source: gazette", "source: audit") + (
        "    - source: gazette\n      quote: in 2020\n")
    role = ("name: Ana Lind\nroles:\n  - title: Auditor\n    agency: fund\n    citations:\n"
            "      - source: gazette\n        quote: two million\n")
    files = validated(base(**{"sources/audit.txt": source("Audited in May."), "people/ana.yaml": role,
                              CLAIM_FILE: claim("a") + both + claim("c", quote="the auditors said")}))
    texts = {source.body for source in files.dossier.sources.values()}
    folded: list[str] = []
    real_fold = quotes.fold
    monkeypatch.setattr(quotes, "fold", lambda text, **how: folded.append(text) or real_fold(text, **how))
    cache = ResolveCache()
    resolved_now, problems = resolve(files.dossier, files.broken, cache)
    assert not [problem for problem in problems if problem.is_error], [problem.format() for problem in problems]
    assert ("gazette", "two million") in resolved_now.locations
    assert sorted(text for text in folded if text in texts) == sorted(texts)
    assert cache.folding is not None and cache.folding[0].body in texts


def test_a_resolve_patched_for_one_claim_equals_one_made_from_scratch():
    before = validated(base(**{CLAIM_FILE: claim("a") + claim("b", quote="the auditors said", by="fund")}))
    cache = ResolveCache()
    resolve(before.dossier, before.broken, cache)
    edited = claim("a") + claim("b", quote="the auditors say", by="anna")
    after = validated(base(**{CLAIM_FILE: edited}), previous=before)
    assert after.replaced == {"claims": {"b"}}
    patched, patched_problems = resolve(after.dossier, after.broken, cache, changed={"claims": {"b"}})
    fresh, fresh_problems = resolve(after.dossier, after.broken)
    assert patched.locations == fresh.locations
    assert sorted(patched_problems, key=str) == sorted(fresh_problems, key=str)
    assert {"ref.unknown", "quote.not-found"} <= set(codes(patched_problems))


THREE_CLAIMS = TWO_CLAIMS + claim("c", quote="the auditors said", by="fund", more="  supports: [a]\n  based_on: [b]\n")
CAME_OR_WENT = {
    "a supported claim removed": (THREE_CLAIMS, claim("b", quote="the auditors said", by="fund")
                                  + claim("c", quote="the auditors said", by="fund", more="  supports: [a]\n")),
    "the claim an unknown id named added": (claim("b", quote="the auditors said", by="fund", more="  supports: [d]\n"),
                                            claim("b", quote="the auditors said", by="fund", more="  supports: [d]\n")
                                            + claim("d")),
    "a near id added (the hint changes)": (claim("b", quote="the auditors said", by="fund", more="  supports: [abc]\n"),
                                           claim("b", quote="the auditors said", by="fund", more="  supports: [abc]\n")
                                           + claim("abd")),
    "the only claim citing a source removed": (TWO_CLAIMS + claim("x", quote="Audited", more="").replace(
        "source: gazette", "source: audit"), TWO_CLAIMS),
    "a cycle member removed": (TWO_CLAIMS.replace("  citations:", "  based_on: [a]\n  citations:", 2).replace(
        "based_on: [a]", "based_on: [b]", 1),
        claim("b", quote="the auditors said", by="fund", more="  based_on: [a]\n")),
    "a claim added that closes a cycle": (claim("b", quote="the auditors said", by="fund", more="  based_on: [z]\n"),
                                          claim("b", quote="the auditors said", by="fund", more="  based_on: [z]\n")
                                          + claim("z", more="  based_on: [b]\n")),
    "a claim added with a shared quote": (TWO_CLAIMS, TWO_CLAIMS + claim("e", quote="the auditors said")),
    "a claim with a figure's id removed, and the one supporting it": (
        TWO_CLAIMS + claim("loss") + claim("w", more="  supports: [loss]\n"), TWO_CLAIMS),
}


@pytest.mark.parametrize("edit", CAME_OR_WENT)
def test_a_resolve_patched_for_claims_that_came_or_went_equals_one_made_from_scratch(edit, monkeypatch):
    files = {"sources/audit.txt": source("Audited.")}
    old, new = CAME_OR_WENT[edit]
    before = validated(base(**files, **{CLAIM_FILE: old}))
    cache = ResolveCache()
    resolve(before.dossier, before.broken, cache)
    after = validated(base(**files, **{CLAIM_FILE: new}), previous=before)
    old_claims = before.dossier.claims
    changed = old_claims.keys() ^ after.dossier.claims.keys() | {
        claim_id for claim_id, record in after.dossier.claims.items() if old_claims.get(claim_id) is not record}
    with monkeypatch.context() as patching:
        patching.setattr(resolve_module, "_outcome", None)  # patched, not made from scratch
        patched, patched_problems = resolve(after.dossier, after.broken, cache, changed={"claims": changed})
    fresh, fresh_problems = resolve(after.dossier, after.broken)
    assert patched.locations == fresh.locations
    assert sorted(patched_problems, key=str) == sorted(fresh_problems, key=str)
    _, again_problems = resolve(before.dossier, before.broken, cache, changed={"claims": changed})
    assert sorted(again_problems, key=str) == sorted(resolve(before.dossier, before.broken)[1], key=str)


ROLE = ("name: Ana Lind\nroles:\n  - title: Clerk\n    agency: fund\n    citations:\n      - source: gazette\n"
        "        quote: the auditors said\n")
RECORDS = {**base(**{"people/ana.yaml": ROLE, "people/bo.yaml": "name: Bo Berg\n",
                     "agencies/office.yaml": "name: Audit Office\n", "sources/audit.txt": source("Audited."),
                     "sources/memo.md": source("The fund *lost* money."),
                     CLAIM_FILE: TWO_CLAIMS + claim("v", more="  figure: loss\n  value: 2000000\n")
                     + claim("m", quote="lost money").replace("source: gazette", "source: memo")
                     + claim("s", quote="million euros", by="fund", more="  supports: [v]\n")
                     + claim("u", quote="in 2020", by="bob")})}
GAZETTE_TEXT = RECORDS["sources/gazette.txt"]
RECORD_EDITS = {
    "a person's description with raw HTML": {"people/bo.yaml": "name: Bo Berg\ndescription: 'Bo <b>Berg</b>'\n"},
    "a role's quote not found": {"people/ana.yaml": ROLE.replace("the auditors said", "the auditors say")},
    "a role's agency unknown": {"people/ana.yaml": ROLE.replace("agency: fund", "agency: fnd")},
    "a role's lines moved": {"people/ana.yaml": "# moved\n" + ROLE.replace("agency: fund", "agency: fnd")},
    "a person named as an author": {"people/bo.yaml": "name: Bo Berg\naliases: [Mira Holt]\n"},
    "a name shared": {"people/bo.yaml": "name: Bo Berg\naliases: [Audit Office]\n"},
    "an agency's parent unknown": {"agencies/office.yaml": "name: Audit Office\nparent: ministri\n"},
    "a parent cycle": {"agencies/office.yaml": "name: Audit Office\nparent: fund\n",
                       "agencies/fund.yaml": "name: Harbour Fund\nparent: office\n"},
    "a parent named": {"agencies/fund.yaml": "name: Harbour Fund\nparent: office\n"},
    "a figure's unit": {"figures/loss.yaml": "name: Loss of the fund\nunit: percent\n"},
    "a source's text without a quote": {"sources/gazette.txt": GAZETTE_TEXT.replace("auditors", "inspectors")},
    "a source's quotes moved": {"sources/gazette.txt": GAZETTE_TEXT.replace("The harbour", "Back then, the harbour")},
    "a source's quote twice": {"sources/gazette.txt": GAZETTE_TEXT + "It lost two million euros.\n"},
    "a quote moved out of a passage another cites": {
        "sources/gazette.txt": GAZETTE_TEXT.replace("The harbour", "A million euros is a lot. The harbour")},
    "a source's authors": {"sources/gazette.txt": GAZETTE_TEXT.replace("Mira Holt", "Bo Berg")},
    "a Markdown source's text": {"sources/memo.md": source("The fund <b>lost</b> money.")},
    "a source's note": {"sources/audit.txt": source("Audited.").replace("---\nAud", "note: 'A <i>note</i>'\n---\nAud")},
    "a source and a claim": {"sources/audit.txt": source("Audited twice."),
                             CLAIM_FILE: RECORDS[CLAIM_FILE].replace("by: fund", "by: bo")},
}


@pytest.mark.parametrize("edit", RECORD_EDITS)
@pytest.mark.parametrize("partial", [False, True], ids=["", "with a claim read in part"])
@pytest.mark.parametrize("ahead", [False, True], ids=["", "the preview's cache"])
def test_a_resolve_patched_for_other_records_validate_replaced_equals_one_made_from_scratch(edit, partial, ahead,
                                                                                           monkeypatch):
    """A person, agency, figure or source edited: the checks of the records that depend on it are
    made again (claims citing a source or reporting a figure, roles citing a source), and the
    whole-dossier warnings (shared names, unreferenced records, cycles) when they may change. The
    preview's cache (`ahead`) has made what the patch needs with the first resolve."""
    files = {**RECORDS, "claims/other.yaml": claim("p", by="nobody", more="  status: wrong\n")} if partial else RECORDS
    before = validated(files)
    cache = ResolveCache(ahead=ahead)
    resolve(before.dossier, before.broken, cache)
    assert cache.last is not None and (cache.last.naming is not None) == ahead
    after = revalidated(files, RECORD_EDITS[edit], before)
    assert after.replaced is not None and after.replaced.keys() - {"claims"}
    with monkeypatch.context() as patching:
        patching.setattr(resolve_module, "_outcome", None)  # patched, not made from scratch
        patched, patched_problems = resolve(after.dossier, after.broken, cache, changed=after.replaced)
    fresh, fresh_problems = resolve(after.dossier, after.broken)
    assert patched.locations == fresh.locations
    assert dict(patched.visible_texts) == dict(fresh.visible_texts)
    assert sorted(patched_problems, key=str) == sorted(fresh_problems, key=str)
    back = revalidated({**files, **RECORD_EDITS[edit]}, {path: files[path] for path in RECORD_EDITS[edit]}, after)
    _, again_problems = resolve(back.dossier, back.broken, cache, changed=back.replaced)
    assert sorted(again_problems, key=str) == sorted(resolve(back.dossier, back.broken)[1], key=str)


def test_patches_in_a_row_find_the_claims_citing_a_source_after_a_claim_changed_its_citation(monkeypatch):
    """The claims citing each source and reporting each figure are kept from one patch to the next
    (Outcome.naming): a claim that now cites another source is checked again when that one changes."""
    steps = [{"sources/gazette.txt": GAZETTE_TEXT.replace("The harbour", "Then the harbour")},
             {CLAIM_FILE: RECORDS[CLAIM_FILE].replace("gazette\n      quote: the auditors said",
                                                      "audit\n      quote: Audited")},
             {"sources/audit.txt": source("Inspected.")},
             {"figures/loss.yaml": "name: Loss of the fund\nunit: percent\n"}]
    files = dict(RECORDS)
    validation = validated(files)
    cache = ResolveCache()
    resolve(validation.dossier, validation.broken, cache)
    for step in steps:
        validation = revalidated(files, step, validation)
        files.update(step)
        monkeypatch.setattr(resolve_module, "_outcome", None)
        _, patched_problems = resolve(validation.dossier, validation.broken, cache, changed=validation.replaced)
        monkeypatch.undo()
        assert sorted(patched_problems, key=str) == sorted(resolve(validation.dossier, validation.broken)[1], key=str)
    assert "quote.not-found" in codes(patched_problems)


IDS_CAME_OR_WENT = {
    "a person that claims name added": {CLAIM_FILE: RECORDS[CLAIM_FILE].replace("by: fund", "by: zed"),
                                        "people/zed.yaml": "name: Zed Zorn\n"},
    "a person that claims name deleted": {"people/ana.yaml": None},
    "a person added near an unknown id": {"people/bom.yaml": "name: Bom\n"},
    "a person's file renamed": {"people/bo.yaml": None, "people/bo-berg.yaml": "name: Bo Berg\n"},
    "a person added with a shared name": {"people/cy.yaml": "name: Cy\naliases: [Harbour Fund]\n"},
    "a person added who wrote a source": {"people/mira.yaml": "name: Mira Holt\n"},
    "a source that claims and a role cite deleted": {"sources/gazette.txt": None},
    "a source added": {"sources/notes.txt": source("Notes.")},
    "a source added written by a person nothing names": {"sources/column.txt": GAZETTE_TEXT.replace("Mira Holt",
                                                                                                    "Bo Berg")},
    "a figure with values deleted": {"figures/loss.yaml": None},
    "a parent agency deleted": {"agencies/fund.yaml": None,
                                "agencies/office.yaml": "name: Audit Office\nparent: fund\n"},
    "a claims file added naming a new person": {"claims/new.yaml": claim("n", by="nu"), "people/nu.yaml": "name: Nu\n"},
}


@pytest.mark.parametrize("edit", IDS_CAME_OR_WENT)
def test_a_resolve_patched_for_records_that_came_or_went_equals_one_made_from_scratch(edit, monkeypatch):
    """People, agencies, figures or sources that came or went: the records that name them, or have
    problems whose hints may now name others, are checked again, with every whole-dossier warning."""
    before = validated(RECORDS)
    cache = ResolveCache()
    resolve(before.dossier, before.broken, cache)
    after = revalidated(RECORDS, IDS_CAME_OR_WENT[edit], before)
    changed = records_changed(after.replaced, before.dossier, after.dossier)
    assert changed is not None and changed.keys() - {"claims"}
    with monkeypatch.context() as patching:
        patching.setattr(resolve_module, "_outcome", None)  # patched, not made from scratch
        patched, patched_problems = resolve(after.dossier, after.broken, cache, changed=changed)
    fresh, fresh_problems = resolve(after.dossier, after.broken)
    assert patched.locations == fresh.locations
    assert dict(patched.visible_texts) == dict(fresh.visible_texts)
    assert sorted(patched_problems, key=str) == sorted(fresh_problems, key=str)
    edited = {path: text for path, text in {**RECORDS, **IDS_CAME_OR_WENT[edit]}.items() if text is not None}
    back = revalidated(edited, {path: RECORDS.get(path) for path in IDS_CAME_OR_WENT[edit]}, after)
    changed = records_changed(back.replaced, after.dossier, back.dossier)
    _, again_problems = resolve(back.dossier, back.broken, cache, changed=changed)
    assert sorted(again_problems, key=str) == sorted(resolve(back.dossier, back.broken)[1], key=str)


PARTIAL_FILE = "claims/other.yaml"
PARTIAL = claim("p", by="nobody", more="  status: wrong\n")
UNDONE_IN_A_FULL_RESOLVE = {
    "a figure's unit": ({CLAIM_FILE: claim("v", more="  figure: loss\n  value: 2000000\n")},
                        [{"figures/loss.yaml": RECORDS["figures/loss.yaml"].replace("euros", "percent")},
                         {"figures/loss.yaml": RECORDS["figures/loss.yaml"]}]),
    "a source shadowed by another file": ({CLAIM_FILE: claim("a", quote="million euros")},
                                          [{"sources/gazette.md": source("Another text: two million euros.")},
                                           {"sources/gazette.md": None}]),
}


@pytest.mark.parametrize("case", UNDONE_IN_A_FULL_RESOLVE)
def test_a_full_resolve_after_patches_forgets_the_checks_they_made(case):
    """A patch checks claims against records that a later full resolve may find as they were at the
    one before (an edit undone along with one that takes the full path, here a claim read in part
    edited): the claims that name what the patches changed are checked again."""
    more, steps = UNDONE_IN_A_FULL_RESOLVE[case]
    files = base(**more, **{PARTIAL_FILE: PARTIAL})
    validation = validated(files)
    cache = ResolveCache()
    resolve(validation.dossier, validation.broken, cache)
    steps = [steps[0], {**steps[1], PARTIAL_FILE: PARTIAL + "  note: edited\n"}]
    for step in steps:
        last = validation.dossier
        validation = revalidated(files, step, validation)
        files = {path: text for path, text in {**files, **step}.items() if text is not None}
        changed = records_changed(validation.replaced, last, validation.dossier)
        patched, problems = resolve(validation.dossier, validation.broken, cache, changed=changed)
        fresh, fresh_problems = resolve(validation.dossier, validation.broken)
        assert sorted(problems, key=str) == sorted(fresh_problems, key=str)
        assert patched.locations == fresh.locations


def test_a_source_moved_to_another_file_is_warned_about_at_its_new_file():
    files = base(**{CLAIM_FILE: claim("a"), "sources/audit.txt": source("Audited.")})
    before = validated(files)
    cache = ResolveCache()
    resolve(before.dossier, before.broken, cache)
    after = revalidated(files, {"sources/audit.txt": None, "sources/audit.md": source("Audited.")}, before)
    _, problems = resolve(after.dossier, after.broken, cache,
                          changed=records_changed(after.replaced, before.dossier, after.dossier))
    assert only(problems, "unused.source").span.path == "content/sources/audit.md"
