"""Cross-record checks: references, quotes located in their sources, and the warnings docs/content.md lists.

`resolve` takes the validated dossier and returns, besides diagnostics, where every cited quote
is in its source's visible text, so rendering never has to search again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence, Set

from generator.check import unused
from generator.check.claims import RecordChecks, claims_part
from generator.check.parts import (
    NO_CHECKS,
    Outcome,
    ResolveCache,
    check_record,
    cycles,
    frozen,
    partial_checks,
    records_by_kind,
)
from generator.check.patch import claims_naming, patched
from generator.check.resolved import Resolved
from generator.core.diagnostics import Diagnostic
from generator.core.kinds import CLAIM, KINDS
from generator.core.model import Citation, Dossier
from generator.core.shelf import Texts

Spread = Callable[[Callable[[Sequence[list[str]]], list[tuple[str, RecordChecks]]], Sequence[list[str]]],
                  list[list[tuple[str, RecordChecks]]]]
"""Runs a function on shares of a list in processes of their own (output.parallel.fork_map with its
number of processes set): the claims' quotes of a big dossier are located on every core."""
SPREAD_FROM = 3000
"""Fewer claims than this are checked in this process: forking costs more than it saves."""


def resolve(dossier: Dossier, broken: Mapping[str, set[str]], cache: ResolveCache | None = None,
            changed: Mapping[str, Set[str]] | None = None, spread: Spread | None = None
            ) -> tuple[Resolved, list[Diagnostic]]:
    """Check every reference and quote. `changed`: the only records that changed since the last
    resolve that left `cache`, by their kind's folder, every id but claims' the same
    (incremental/changes.py decides when that is so; None: anything may have changed): the last
    outcome, when made with the same configuration, is patched with those records' checks instead of
    going over every record (check/patch.py). `spread`: see Spread."""
    cache = cache if cache is not None else ResolveCache()
    last = cache.last
    if changed is not None and last is not None and last.dossier.config == dossier.config:
        outcome = patched(last, dossier, broken, changed, cache)
    else:
        outcome = _outcome(dossier, broken, cache, spread)
        if cache.ahead:
            outcome.naming = claims_naming(dossier)
    cache.last = outcome
    return outcome.resolved, outcome.diagnostics()


def _outcome(dossier: Dossier, broken: Mapping[str, set[str]], cache: ResolveCache,
             spread: Spread | None) -> Outcome:
    """Everything resolved from scratch (but for the claims' checks, the cache keeps those)."""
    cache.forget_missing(dossier)
    cache.renew_context(dossier, broken)
    records = records_by_kind(dossier)
    roles = [citation for person in dossier.people.values() for role in person.roles for citation in role.citations]
    checks = _all_claim_checks(dossier, records, broken, cache, spread, roles)
    for gone in cache.claims.keys() - dossier.claims.keys():
        del cache.claims[gone]
    part = cache.claims_part = claims_part(checks, dossier.claims, cache.claims_part)
    cache.locate_all(dossier.sources, roles)  # done already unless the claims were checked in other processes
    own = {(kind.plural, record_id): check for kind in KINDS if kind is not CLAIM
           for record_id, record in kind.records(dossier).items()
           if (check := check_record(record, records, broken, cache)) is not NO_CHECKS}
    partial = tuple(partial_checks(dossier, records, broken, cache))  # never cached: its id may also be a valid claim's
    locations, quote_uses, targets = dict(part.locations), Counter(part.quote_uses), Counter(part.targets)
    for check in (*own.values(), *partial):
        targets.update(check.targets)
        quote_uses.update(key for key, _ in check.locations)
        for key, location in check.locations:
            locations.setdefault(key, location)
    visible = Texts({source_id: cache.text_of(source) for source_id, source in dossier.sources.items()})
    unreferenced = dict(unused.unreferenced(dossier, targets, unused.maybe_named_by_broken(dossier, broken)))
    return Outcome(dossier, Resolved(dossier, visible, locations),
                   {claim_id: check.diagnostics for claim_id, check in checks.items() if check.diagnostics},
                   own, list(unused.shared_aliases(dossier)), partial, cycles(dossier, cache), part.relations,
                   unreferenced, frozen(broken), targets, quote_uses)


def _all_claim_checks(dossier: Dossier, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                      cache: ResolveCache, spread: Spread | None, roles: Sequence[Citation] = ()
                      ) -> dict[str, RecordChecks]:
    """Every claim's checks, by id in the dossier's order, their quotes located a source at a time
    first (ResolveCache.locate_all), with those of the roles' `roles` when checked in this process;
    with `spread`, the claims citing one source first are checked in one process, so that each
    process reads and folds the sources of its own claims only."""
    def check_share(groups: Sequence[list[str]], also: Sequence[Citation] = ()) -> list[tuple[str, RecordChecks]]:
        claims = [dossier.claims[claim_id] for group in groups for claim_id in group]
        cache.locate_all(dossier.sources, [*(citation for claim in claims for citation in claim.citations), *also])
        return [(claim.id, cache.claim_checks(claim, records, broken)) for claim in claims]

    if spread is None or len(dossier.claims) < SPREAD_FROM:
        return dict(check_share([list(dossier.claims)], roles))
    by_source: dict[str, list[str]] = {}
    for claim_id, claim in dossier.claims.items():
        by_source.setdefault(claim.citations[0].source if claim.citations else "", []).append(claim_id)
    found = dict(pair for share in spread(check_share, list(by_source.values())) for pair in share)
    for claim_id, claim in dossier.claims.items():
        cache.claims[claim_id] = (claim, found[claim_id])
    return {claim_id: found[claim_id] for claim_id in dossier.claims}
