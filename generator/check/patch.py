"""The last resolve patched with the records that changed (docs/performance.md, "The preview: save
to page"): their checks, and those of the records that depend on them, are taken out of its sums
and made again; the rest of the dossier is not gone over. Records left out for their errors, or
taken in again, are patched in as records that came or went, since references to them are then not
reported (check_reference). A patched outcome equals one made from scratch (tests/unit/test_resolve.py
compares them; tests/integration/test_incremental_random.py compares the checks after random saves)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set

from generator.check import unused
from generator.check.claims import RecordChecks, patched_relations, swap_contributions
from generator.check.parts import (
    NO_CHECKS,
    Outcome,
    ResolveCache,
    check_record,
    cycles,
    differing_ids,
    frozen,
    partial_checks,
    records_by_kind,
)
from generator.check.references import Target
from generator.check.resolved import QuoteKey, Resolved
from generator.check.unused import RecordKey
from generator.core.diagnostics import Diagnostic
from generator.core.kinds import AGENCY, BY_PLURAL, CLAIM, FIGURE, PERSON, SOURCE
from generator.core.model import Claim, Dossier
from generator.core.shelf import Texts
from generator.text.quotes import Location


def patched(last: Outcome, dossier: Dossier, broken: Mapping[str, set[str]], changed: Mapping[str, Set[str]],
            cache: ResolveCache) -> Outcome:
    """The last outcome with the checks of the changed records taken out and their new ones put in.
    Checked again besides them: the claims that cite a changed source or report a changed figure,
    the people whose roles cite a changed source; when ids came or went, the records that name
    them or have problems (whose hints name the nearest ids); when any other record than a claim
    changed, the claims read in part."""
    left_out = _left_out_changed(last, dossier, broken)
    came_or_went = _came_or_went(last.dossier, dossier, changed) | left_out
    cache.patched[0].update(record_id for ids in changed.values() for record_id in ids)
    cache.patched[1].update(came_or_went)
    naming = _patched_naming(last, dossier, changed, came_or_went)
    claim_ids, for_records = _claims_to_check(last, dossier, changed, naming, came_or_went)
    if (CLAIM.plural in dict(last.broken)) != bool(broken.get(CLAIM.plural)):  # see check_reference
        for_records |= _naming_a_missing_claim(dossier) - claim_ids
        claim_ids |= for_records
    others = _records_to_check(last, dossier, changed, came_or_went)
    olds, news, claim_problems = _claims_checked_again(last, dossier, claim_ids, broken, cache)
    relation_ids = {claim_id for claim_id, old, new in zip(sorted(claim_ids), olds, news)
                    if claim_id not in for_records or old.locations != new.locations}  # see _claims_to_check
    own, partial = _records_checked_again(last, dossier, others, broken, cache, olds, news, bool(came_or_went))
    named_before = {target: last.targets[target] > 0 for check in (*olds, *news) for target in check.targets}
    locations = _swapped(last, olds, news)
    unreferenced = _patched_unreferenced(last, dossier, broken, changed, named_before, bool(left_out))
    found_cycles = cycles(dossier, cache) if last.cycles or _edges_may_have_come(last, dossier, changed) else (
        last.cycles)  # they hold positions
    aliases = list(unused.shared_aliases(dossier)) if {PERSON.plural, AGENCY.plural} & changed.keys() else (
        last.aliases)
    relations = patched_relations(last.relations, last.dossier.claims, dossier.claims, locations, relation_ids) if (
        relation_ids) else last.relations
    resolved = Resolved(dossier, _visible_texts(last, dossier, changed, cache), locations)
    return Outcome(dossier, resolved, claim_problems, own, aliases, partial, found_cycles, relations, unreferenced,
                   frozen(broken), last.targets, last.quote_uses, naming)


def _left_out_changed(last: Outcome, dossier: Dossier, broken: Mapping[str, set[str]]) -> set[str]:
    """The ids left out for their errors in one resolve but not the other, and those of the claims
    read in part that changed: references to them are reported differently (check_reference)."""
    ids = differing_ids(dict(last.broken), dict(frozen(broken)))
    partial_before, partial_after = last.dossier.partial_claims, dossier.partial_claims
    return ids | {claim_id for claim_id in partial_before.keys() | partial_after.keys()
                  if partial_before.get(claim_id) is not partial_after.get(claim_id)}


def _naming_a_missing_claim(dossier: Dossier) -> set[str]:
    """The claims that relate to a claim that is not there: while a claim is left out for its errors,
    such a reference is not reported (check_reference)."""
    return {claim.id for claim in dossier.claims.values()
            if any(target not in dossier.claims for target in (*claim.supports, *claim.disputes, *claim.based_on,
                                                               *claim.revises))}


def _edges_may_have_come(last: Outcome, dossier: Dossier, changed: Mapping[str, Set[str]]) -> bool:
    """Whether an agency's parent or a claim's `based_on` may have come or changed: without one, no
    cycle can appear (a record that goes takes its edges with it)."""
    before, after = last.dossier.claims, dossier.claims
    return AGENCY.plural in changed or any(_based_on(before, claim_id) != _based_on(after, claim_id)
                                           for claim_id in changed.get(CLAIM.plural, ()))


def _based_on(claims: Mapping[str, Claim], claim_id: str) -> tuple[str, ...]:
    return claims[claim_id].based_on if claim_id in claims else ()


def _came_or_went(old: Dossier, new: Dossier, changed: Mapping[str, Set[str]]) -> set[str]:
    """The ids of the changed records that only one of the dossiers has."""
    return {record_id for kind, ids in changed.items() for record_id in ids
            if (record_id in BY_PLURAL[kind].records(old)) != (record_id in BY_PLURAL[kind].records(new))}


def _claims_checked_again(last: Outcome, dossier: Dossier, claim_ids: set[str], broken: Mapping[str, set[str]],
                          cache: ResolveCache) -> tuple[list[RecordChecks], list[RecordChecks],
                                                        dict[str, tuple[Diagnostic, ...]]]:
    """The last and the new checks of the claims, in the order of their ids, and the claims' problems then."""
    records, old_records = records_by_kind(dossier), records_by_kind(last.dossier)
    olds: list[RecordChecks] = []
    news: list[RecordChecks] = []
    claim_problems = dict(last.claim_problems)
    for claim_id in sorted(claim_ids):
        old, new = _checks_before_and_after(last.dossier.claims.get(claim_id), dossier.claims.get(claim_id),
                                            old_records, records, broken, cache)
        olds.append(old)
        news.append(new)
        claim_problems.pop(claim_id, None)
        if new.diagnostics:
            claim_problems[claim_id] = new.diagnostics
    return olds, news, claim_problems


def _records_checked_again(last: Outcome, dossier: Dossier, others: set[tuple[str, str]],
                           broken: Mapping[str, set[str]], cache: ResolveCache, olds: list[RecordChecks],
                           news: list[RecordChecks], ids_moved: bool) -> tuple[dict[tuple[str, str], RecordChecks],
                                                                              tuple[RecordChecks, ...]]:
    """Outcome.records and Outcome.partial with the `others` records checked again, and the claims
    read in part when any was, or when ids came or went or were left out (`ids_moved`: such a claim
    may name them, or be one); their last and new checks are added to `olds` and `news`."""
    records = records_by_kind(dossier)
    own = dict(last.records) if others else last.records
    for key in sorted(others):
        olds.append(own.pop(key, NO_CHECKS))
        record = BY_PLURAL[key[0]].records(dossier).get(key[1])
        news.append(check_record(record, records, broken, cache) if record is not None else NO_CHECKS)
        if news[-1] is not NO_CHECKS:
            own[key] = news[-1]
    partial = last.partial
    if (others or ids_moved) and (dossier.partial_claims or last.partial):
        partial = tuple(partial_checks(dossier, records, broken, cache))
        olds += last.partial
        news += partial
    return own, partial


def _swapped(last: Outcome, olds: list[RecordChecks], news: list[RecordChecks]) -> Mapping[QuoteKey, Location]:
    """The last outcome's sums with the `olds` checks' contributions taken out and the `news`' put
    in (its counts in place: the last outcome is not used again); the located quotes, the last ones
    when no record's quotes moved."""
    moved = any(old.locations != new.locations for old, new in zip(olds, news))  # the checks of one record each
    locations = dict(last.resolved.locations) if moved else {}
    swap_contributions(locations, last.quote_uses, last.targets, olds, news)
    return locations if moved else last.resolved.locations


def _claims_to_check(last: Outcome, dossier: Dossier, changed: Mapping[str, Set[str]],
                     naming: Mapping[str, set[str]] | None, came_or_went: set[str]) -> tuple[set[str], set[str]]:
    """The claims whose checks are made again, and, of them, those checked again only for another
    record: one they name changed, came or went, or an id came or went while they have problems
    (an unknown id's hint names the nearest ids). Their relations change only if their quotes
    moved: those of a claim that changed are looked at again (claims.relations_affected)."""
    claim_ids = set(changed.get(CLAIM.plural, ()))
    for_records: set[str] = set()
    if naming is not None:
        for record_id in (*changed.get(SOURCE.plural, ()), *changed.get(FIGURE.plural, ()), *came_or_went):
            for_records |= naming.get(record_id, set())
    if came_or_went:
        for_records |= last.claim_problems.keys() & dossier.claims.keys()
    return claim_ids | for_records, for_records - claim_ids


def _patched_naming(last: Outcome, dossier: Dossier, changed: Mapping[str, Set[str]], came_or_went: set[str]
                    ) -> dict[str, set[str]] | None:
    """Outcome.naming for `dossier`: the last one patched with the claims that changed, or, when a
    source or a figure changed, or ids came or went, and there is none yet, made from every claim."""
    naming = last.naming
    if naming is None:
        if not (came_or_went or {SOURCE.plural, FIGURE.plural} & changed.keys()):
            return None
        return claims_naming(dossier)
    for claim_id in changed.get(CLAIM.plural, ()):
        old, new = last.dossier.claims.get(claim_id), dossier.claims.get(claim_id)
        for record_id in _named_ids(old) if old else ():
            naming[record_id].discard(claim_id)
        for record_id in _named_ids(new) if new else ():
            naming.setdefault(record_id, set()).add(claim_id)
    return naming


def claims_naming(dossier: Dossier) -> dict[str, set[str]]:
    """Every id the claims name → the claims that name it."""
    naming: dict[str, set[str]] = {}
    for claim in dossier.claims.values():
        for record_id in _named_ids(claim):
            naming.setdefault(record_id, set()).add(claim.id)
    return naming


def _named_ids(claim: Claim) -> set[str]:
    """Every id a claim names: who it is by and about, its figure, its sources, the claims it relates to."""
    return {*((claim.by,) if claim.by else ()), *claim.about, *((claim.figure,) if claim.figure else ()),
            *(citation.source for citation in claim.citations), *claim.supports, *claim.disputes,
            *claim.based_on, *claim.revises}


def _records_to_check(last: Outcome, dossier: Dossier, changed: Mapping[str, Set[str]], came_or_went: set[str]
                      ) -> set[tuple[str, str]]:
    """(kind's folder, id) of the people, agencies, figures and sources whose checks are made again:
    those that changed, came or went, the people whose roles cite a source that did, and, when ids
    came or went, those that name one or have problems."""
    keys = {(kind, record_id) for kind, ids in changed.items() if kind != CLAIM.plural for record_id in ids}
    if sources := changed.get(SOURCE.plural):
        keys.update((PERSON.plural, person.id) for person in dossier.people.values() if any(
            citation.source in sources for role in person.roles for citation in role.citations))
    if came_or_went:
        keys.update(key for key, check in last.records.items()
                    if check.diagnostics or not check.named.isdisjoint(came_or_went))
    return keys


def _patched_unreferenced(last: Outcome, dossier: Dossier, broken: Mapping[str, set[str]],
                          changed: Mapping[str, Set[str]], named_before: Mapping[Target, bool], left_out: bool
                          ) -> dict[RecordKey, Diagnostic]:
    """Outcome.unreferenced with the warnings made again of the records that changed, came or went
    (the warning is at the record's file), of those whose being named changed (`named_before`: a
    target → whether it was named before the changed records' checks were swapped; last.targets is
    after), and, when a source's authors changed, of every person (who wrote a source is referenced);
    when records were left out or taken in (`left_out`), all of them (while one is, the kinds it may
    name are not warned about: unused.maybe_named_by_broken)."""
    if left_out:
        return dict(unused.unreferenced(dossier, last.targets, unused.maybe_named_by_broken(dossier, broken)))
    keys = {(kind, record_id) for kind, ids in changed.items() if kind != CLAIM.plural for record_id in ids}
    keys.update((kind, target) for (kinds, target), before in named_before.items()
                if (last.targets[(kinds, target)] > 0) != before for kind in kinds)
    if _authors_changed(last.dossier, dossier, changed.get(SOURCE.plural, ())):
        keys.update((PERSON.plural, person_id) for person_id in dossier.people)
    if not keys:
        return last.unreferenced
    unreferenced = {key: problem for key, problem in last.unreferenced.items() if key not in keys}
    unreferenced.update(unused.unreferenced(dossier, last.targets, unused.maybe_named_by_broken(dossier, broken),
                                            sorted(keys)))
    return unreferenced


def _authors_changed(old: Dossier, new: Dossier, source_ids: Iterable[str]) -> bool:
    """Whether the sources `source_ids` have other authors now (one that came or went: none on one side)."""
    return any(getattr(old.sources.get(source_id), "authors", ()) != getattr(new.sources.get(source_id), "authors", ())
               for source_id in source_ids)


def _visible_texts(last: Outcome, dossier: Dossier, changed: Mapping[str, Set[str]], cache: ResolveCache
                   ) -> Mapping[str, str]:
    sources = changed.get(SOURCE.plural)
    visible = last.resolved.visible_texts
    if not sources:
        return visible
    assert isinstance(visible, Texts)  # as resolve makes them: copied without reading a text
    for source_id in sources - dossier.sources.keys():
        cache.visible.pop(source_id, None)
    return visible.updated({source_id: cache.text_of(source) if (source := dossier.sources.get(source_id)) else None
                            for source_id in sources})


def _checks_before_and_after(old_claim: Claim | None, claim: Claim | None, old_records: Mapping[str, Mapping],
                             records: Mapping[str, Mapping], broken: Mapping[str, set[str]], cache: ResolveCache
                             ) -> tuple[RecordChecks, RecordChecks]:
    """A claim's last checks and its new ones (none for a claim not there); the same claim is
    checked again (what it names came or went, or changed), and a claim that went is forgotten."""
    old = cache.claim_checks(old_claim, old_records, broken) if old_claim else NO_CHECKS
    if old_claim is not None and (claim is None or claim is old_claim):
        cache.claims.pop(old_claim.id, None)
    new = cache.claim_checks(claim, records, broken) if claim else NO_CHECKS
    return old, new
