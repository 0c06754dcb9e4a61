"""Cross-record checks: references, quotes located in their sources, and the warnings docs/content.md lists.

`resolve` takes the validated dossier and returns, besides diagnostics, where every cited quote
is in its source's visible text, so rendering never has to search again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field

from generator.check import unused
from generator.check.claims import (
    ClaimChecks,
    ClaimsPart,
    claims_part,
    patched_relations,
    swap_contributions,
    value_problems,
)
from generator.check.cycles import cycle_problems
from generator.check.references import check_reference, claim_references, references
from generator.check.resolved import QuoteKey, Resolved
from generator.core.diagnostics import Diagnostic, Span, error, warning
from generator.core.kinds import ENTITIES, FIGURE, KINDS, SOURCE
from generator.core.model import Citation, Claim, Dossier, Source
from generator.text import markdown, quote_misses, quotes
from generator.text.quotes import Location


@dataclass(slots=True)
class ResolveCache:
    """Work that the next resolve may reuse: keyed by the Source object it was done for (records of
    unchanged files stay the same objects) or by the text itself."""

    visible: dict[str, tuple[Source, str, quotes.Folded | None]] = field(default_factory=dict)
    locations: dict[QuoteKey, tuple[Source, Location | None]] = field(default_factory=dict)
    lints: dict[tuple[str, Span, bool], list[Diagnostic]] = field(default_factory=dict)
    claims: dict[str, tuple[Claim, ClaimChecks]] = field(default_factory=dict)
    """Each claim's checks, valid while the claim and the context below stay the same."""
    cycles: tuple = ()
    """(the parent and based-on edges, the problems found in them) of the last resolve."""
    context: tuple = ()
    """What a claim's checks depend on besides the claim: the ids of every kind, the broken ids,
    the figures' units, and the source objects (their texts)."""
    last: _Outcome | None = None
    """The last resolve, in parts."""
    claims_part: ClaimsPart | None = None
    """What the claims' checks of the last full resolve added up to (claims.claims_part)."""

    def claim_checks(self, claim: Claim, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                     ) -> ClaimChecks:
        cached = self.claims.get(claim.id)
        if cached is None or cached[0] is not claim:
            cached = self.claims[claim.id] = (claim, _check_claim(claim, records, broken, self))
        return cached[1]

    def renew_context(self, dossier: Dossier, broken: Mapping[str, set[str]]) -> None:
        """Forget the checks of the claims that name what changed: an id that came or went, a figure's
        unit, a source; with ids, those with problems too (hints name the nearest ids)."""
        context = (tuple(frozenset(kind.records(dossier)) for kind in KINDS),
                   tuple(sorted((kind, frozenset(ids)) for kind, ids in broken.items())),
                   {figure_id: figure.unit for figure_id, figure in dossier.figures.items()},
                   dict(dossier.sources))
        if not self.context or self.context[1] != context[1]:
            self.claims.clear()
        else:
            ids_changed = {record_id for old, new in zip(self.context[0], context[0]) for record_id in old ^ new}
            changed = ids_changed | _differing(self.context[2], context[2], lambda a, b: a == b)
            changed |= _differing(self.context[3], context[3], lambda a, b: a is b)
            if changed:
                self.claims = {claim_id: cached for claim_id, cached in self.claims.items()
                               if not (ids_changed and cached[1].diagnostics)
                               and changed.isdisjoint(cached[1].named)}
        self.context = context

    def text_of(self, source: Source) -> str:
        cached = self.visible.get(source.id)
        if cached is None or cached[0] is not source:
            text = markdown.visible_text(source.body) if source.format == "md" else source.body
            cached = self.visible[source.id] = (source, text, None)
        return cached[1]

    def folded(self, source: Source) -> quotes.Folded:
        text = self.text_of(source)
        _, _, folded = self.visible[source.id]
        if folded is None:
            folded = quotes.fold(text)
            self.visible[source.id] = (source, text, folded)
        return folded

    def locate(self, source: Source, quote: str) -> Location | None:
        cached = self.locations.get((source.id, quote))
        if cached is None or cached[0] is not source:
            cached = self.locations[(source.id, quote)] = (source, quotes.locate(self.folded(source), quote))
        return cached[1]

    def lint(self, text: str, span: Span, exact_lines: bool) -> list[Diagnostic]:
        if (key := (text, span, exact_lines)) not in self.lints:
            self.lints[key] = markdown.lint(text, span, exact_lines)
        return self.lints[key]

    def forget_missing(self, dossier: Dossier) -> None:
        """Drop what belongs to sources that are gone, so the cache does not grow without end."""
        for source_id in set(self.visible) - set(dossier.sources):
            del self.visible[source_id]
        self.locations = {key: found for key, found in self.locations.items() if key[0] in dossier.sources}


Spread = Callable[[Callable[[Sequence[list[str]]], list[tuple[str, ClaimChecks]]], Sequence[list[str]]],
                  list[list[tuple[str, ClaimChecks]]]]
"""Runs a function on shares of a list in processes of their own (output.parallel.fork_map with its
number of processes set): the claims' quotes of a big dossier are located on every core."""
SPREAD_FROM = 3000
"""Fewer claims than this are checked in this process: forking costs more than it saves."""


def resolve(dossier: Dossier, broken: Mapping[str, set[str]], cache: ResolveCache | None = None,
            claims: Set[str] | None = None, spread: Spread | None = None) -> tuple[Resolved, list[Diagnostic]]:
    """Check every reference and quote. `claims`: the only records that changed, came or went since
    the last resolve that left `cache` (incremental/changes.py decides when that is so; None:
    anything may have changed): the last outcome is patched with those claims' checks instead of
    going over every record. `spread`: see Spread."""
    cache = cache if cache is not None else ResolveCache()
    last = cache.last
    if claims is not None and last is not None and _patchable(last, dossier, broken, claims):
        outcome = _patched(last, dossier, broken, claims, cache)
    else:
        outcome = _outcome(dossier, broken, cache, spread)
    cache.last = outcome
    return outcome.resolved, outcome.diagnostics()


@dataclass(slots=True)
class _Outcome:
    """A resolve in parts: what one claim contributes can be taken out and put back."""

    dossier: Dossier
    resolved: Resolved
    claim_problems: dict[str, tuple[Diagnostic, ...]]
    """Claim id → its problems (claims without any are left out)."""
    others: list[Diagnostic]
    """The problems of the other records: references, quotes of roles, Markdown, shared names, and
    everything found in claims with errors (validate: partial claims)."""
    cycles: list[Diagnostic]
    relations: dict[str, list[Diagnostic]]
    """Revisions and independent support, across claims, by claim (claims.relation_problems)."""
    unreferenced: list[Diagnostic]
    broken: frozenset[tuple[str, frozenset[str]]]
    """The records left out for their errors (see resolve's `broken`), by kind."""
    targets: Counter
    """(kinds, id) → how many references name it."""
    quote_uses: Counter
    """(source id, quote) → how many records cite it (a location stays while one does)."""

    def diagnostics(self) -> list[Diagnostic]:
        by_claim = [*self.claim_problems.values(), *self.relations.values()]
        return [*(problem for problems in by_claim for problem in problems), *self.others, *self.cycles,
                *self.unreferenced]


def _outcome(dossier: Dossier, broken: Mapping[str, set[str]], cache: ResolveCache,
             spread: Spread | None) -> _Outcome:
    """Everything resolved from scratch (but for the claims' checks, the cache keeps those)."""
    cache.forget_missing(dossier)
    cache.renew_context(dossier, broken)
    records = _records(dossier)
    checks = _all_claim_checks(dossier, records, broken, cache, spread)
    for gone in cache.claims.keys() - dossier.claims.keys():
        del cache.claims[gone]
    named = [(kinds, target) for kinds, target, _, _, _ in references(dossier)]
    others = [problem for ref in references(dossier) if (problem := check_reference(ref, records, broken))]
    role_locations, quote_problems = _locate_role_quotes(dossier, cache)
    others += quote_problems
    others += _markdown_problems(dossier, cache)
    others += unused.shared_aliases(dossier)
    part = cache.claims_part = claims_part(checks, dossier.claims, cache.claims_part)
    locations = role_locations | part.locations
    quote_uses = Counter(part.quote_uses)
    quote_uses.update(role_locations.keys())
    targets = Counter(part.targets)
    targets.update(named)
    for partial in dossier.partial_claims.values():  # never cached: its id may also be a valid claim's
        check = _check_claim(partial, records, broken, cache)
        others += check.diagnostics
        targets.update(check.targets)
    visible = {source_id: cache.text_of(source) for source_id, source in dossier.sources.items()}
    unreferenced = list(unused.unreferenced(dossier, set(targets), unused.maybe_named_by_broken(dossier, broken)))
    return _Outcome(dossier, Resolved(dossier, visible, locations),
                    {claim_id: check.diagnostics for claim_id, check in checks.items() if check.diagnostics},
                    others, _cycles(dossier, cache), part.relations, unreferenced, _frozen(broken),
                    targets, quote_uses)


def _all_claim_checks(dossier: Dossier, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                      cache: ResolveCache, spread: Spread | None) -> dict[str, ClaimChecks]:
    """Every claim's checks, by id in the dossier's order; with `spread`, the claims citing one
    source first are checked in one process, so that each process reads and folds the sources of
    its own claims only."""
    if spread is None or len(dossier.claims) < SPREAD_FROM:
        return {claim_id: cache.claim_checks(claim, records, broken) for claim_id, claim in dossier.claims.items()}
    by_source: dict[str, list[str]] = {}
    for claim_id, claim in dossier.claims.items():
        by_source.setdefault(claim.citations[0].source if claim.citations else "", []).append(claim_id)

    def check_share(groups: Sequence[list[str]]) -> list[tuple[str, ClaimChecks]]:
        return [(claim_id, cache.claim_checks(dossier.claims[claim_id], records, broken))
                for group in groups for claim_id in group]

    found = dict(pair for share in spread(check_share, list(by_source.values())) for pair in share)
    for claim_id, claim in dossier.claims.items():
        cache.claims[claim_id] = (claim, found[claim_id])
    return {claim_id: found[claim_id] for claim_id in dossier.claims}


def _differing(old: Mapping[str, object], new: Mapping[str, object], same: Callable[[object, object], bool]
               ) -> set[str]:
    """The keys of two maps whose values are not the `same` (or that only one has)."""
    return {key for key in old.keys() | new.keys() if key not in old or key not in new or not same(old[key], new[key])}


def _frozen(broken: Mapping[str, set[str]]) -> frozenset[tuple[str, frozenset[str]]]:
    return frozenset((kind, frozenset(ids)) for kind, ids in broken.items() if ids)


def _patchable(last: _Outcome, dossier: Dossier, broken: Mapping[str, set[str]], claim_ids: Set[str]) -> bool:
    """Whether the last outcome can be patched with the claims that changed, came or went: the same
    configuration, records left out for their errors and claims read in part (their problems are
    not kept per claim), and, when ids came or went, no claim read in part (they may name those ids)."""
    before, after = last.dossier.partial_claims, dossier.partial_claims
    if last.dossier.config != dossier.config or last.broken != _frozen(broken) or before.keys() != after.keys() or any(
            before[claim_id] is not claim for claim_id, claim in after.items()):
        return False
    came_or_went = any((claim_id in last.dossier.claims) != (claim_id in dossier.claims) for claim_id in claim_ids)
    return not (came_or_went and after)


_NO_CHECKS = ClaimChecks((), (), ())
"""What a claim that is not there contributes."""


def _patched(last: _Outcome, dossier: Dossier, broken: Mapping[str, set[str]], claim_ids: Set[str],
             cache: ResolveCache) -> _Outcome:
    """The last outcome with the checks of the changed claims taken out and their new ones put in
    (no other record changed); a claim that came or went has checks on one side only, and the
    claims that name it, or that have problems whose hints name the nearest ids, are checked again."""
    records, old_records = _records(dossier), _records(last.dossier)
    came_or_went = {claim_id for claim_id in claim_ids
                    if (claim_id in last.dossier.claims) != (claim_id in dossier.claims)}
    if came_or_went:
        claim_ids = set(claim_ids) | _naming_claims(last, dossier, came_or_went)
    locations = dict(last.resolved.locations)
    targets, quote_uses = last.targets, last.quote_uses
    claim_problems = dict(last.claim_problems)
    named_before: dict[tuple, bool] = {}
    olds: list[ClaimChecks] = []
    news: list[ClaimChecks] = []
    cycles_may_change = bool(came_or_went)
    for claim_id in sorted(claim_ids):
        old_claim, claim = last.dossier.claims.get(claim_id), dossier.claims.get(claim_id)
        old, new = _checks_before_and_after(old_claim, claim, old_records, records, broken, cache)
        for target in (*old.targets, *new.targets):
            named_before.setdefault(target, targets[target] > 0)
        olds.append(old)
        news.append(new)
        claim_problems.pop(claim_id, None)
        if new.diagnostics:
            claim_problems[claim_id] = new.diagnostics
        cycles_may_change |= old_claim is not None and claim is not None and old_claim.based_on != claim.based_on
    swap_contributions(locations, quote_uses, targets, olds, news)
    unreferenced = last.unreferenced
    if any((targets[target] > 0) != before for target, before in named_before.items()):
        unreferenced = list(unused.unreferenced(dossier, {target for target, uses in targets.items() if uses > 0},
                                                unused.maybe_named_by_broken(dossier, broken)))
    cycles = _cycles(dossier, cache) if cycles_may_change or last.cycles else last.cycles  # they hold positions
    relations = patched_relations(last.relations, last.dossier.claims, dossier.claims, locations, claim_ids)
    return _Outcome(dossier, Resolved(dossier, last.resolved.visible_texts, locations), claim_problems, last.others,
                    cycles, relations, unreferenced, last.broken, targets, quote_uses)


def _checks_before_and_after(old_claim: Claim | None, claim: Claim | None, old_records: Mapping[str, Mapping],
                             records: Mapping[str, Mapping], broken: Mapping[str, set[str]], cache: ResolveCache
                             ) -> tuple[ClaimChecks, ClaimChecks]:
    """A claim's last checks and its new ones (none for a claim not there); the same claim is
    checked again (what it names came or went), and a claim that went is forgotten."""
    old = cache.claim_checks(old_claim, old_records, broken) if old_claim else _NO_CHECKS
    if old_claim is not None and (claim is None or claim is old_claim):
        cache.claims.pop(old_claim.id, None)
    new = cache.claim_checks(claim, records, broken) if claim else _NO_CHECKS
    return old, new


def _naming_claims(last: _Outcome, dossier: Dossier, came_or_went: set[str]) -> set[str]:
    """The claims of both dossiers that name a claim that came or went, or that have problems while
    naming claims (an unknown id's hint names the nearest ids)."""
    naming: set[str] = set()
    for claim in dossier.claims.values():
        if claim.supports or claim.disputes or claim.based_on or claim.revises:
            named = {*claim.supports, *claim.disputes, *claim.based_on, *claim.revises}
            if claim.id in last.dossier.claims and (claim.id in last.claim_problems or named & came_or_went):
                naming.add(claim.id)
    return naming


def _records(dossier: Dossier) -> dict[str, Mapping]:
    """Records by kind, by the kinds' folders (as references name their kinds)."""
    return {kind.plural: kind.records(dossier) for kind in KINDS}


def _check_claim(claim: Claim, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                 cache: ResolveCache) -> ClaimChecks:
    refs = list(claim_references(claim))
    problems = [problem for ref in refs if (problem := check_reference(ref, records, broken))]
    locations = []
    for citation in claim.citations:
        source = records[SOURCE.folder].get(citation.source)
        if source is not None:
            found, problem = _located(citation, f"claim '{claim.id}'", source, cache)
            problems += [problem] if problem else []
            if found is not None:
                locations.append(((citation.source, citation.quote), found))
    problems += value_problems(claim, records[FIGURE.folder].get(claim.figure))
    for name in ("statement", "derivation", "note"):
        if value := getattr(claim, name):
            problems += cache.lint(value, claim.spans[name], exact_lines=False)
    return ClaimChecks(tuple(problems), tuple(locations), tuple((kinds, target) for kinds, target, _, _, _ in refs))


def _cycles(dossier: Dossier, cache: ResolveCache) -> list[Diagnostic]:
    """Parent agencies and `based_on` chains must end somewhere."""
    parents: dict[str, list[str]] = {agency_id: [agency.parent] for agency_id, agency in dossier.agencies.items()
                                     if agency.parent}
    bases: dict[str, list[str]] = {claim_id: list(claim.based_on) for claim_id, claim in dossier.claims.items()
                                   if claim.based_on}
    if cache.cycles and not cache.cycles[1] and cache.cycles[0] == (parents, bases):  # problems hold positions
        return cache.cycles[1]
    cache.cycles = ((parents, bases), cycle_problems(dossier, parents, bases))
    return cache.cycles[1]


def _locate_role_quotes(dossier: Dossier, cache: ResolveCache
                        ) -> tuple[dict[QuoteKey, Location], list[Diagnostic]]:
    locations: dict[QuoteKey, Location] = {}
    problems: list[Diagnostic] = []
    for person in dossier.people.values():
        for role in person.roles:
            for citation in role.citations:
                source = dossier.sources.get(citation.source)
                if source is None:
                    continue
                found, problem = _located(citation, f"role '{role.title}' of '{person.id}'", source, cache)
                problems += [problem] if problem else []
                if found is not None:
                    locations[(citation.source, citation.quote)] = found
    return locations, problems


def _located(citation: Citation, what: str, source: Source, cache: ResolveCache
             ) -> tuple[Location | None, Diagnostic | None]:
    """Where a citation's quote is, and what is wrong with it, if anything."""
    found = cache.locate(source, citation.quote)
    if found is None:
        return None, _quote_not_found(citation, what, cache.folded(source), cache.text_of(source))
    if found.occurrences > 1:
        return found, warning("quote.ambiguous", f"quote occurs more than once in source '{citation.source}'; "
                                                 "citations link to the first", citation.spans["quote"],
                              "quote a longer passage so that it is unique")
    return found, None


def _quote_not_found(citation: Citation, what: str, folded: quotes.Folded, text: str) -> Diagnostic:
    """The error for a quote that is not in its source, saying what comes nearest (quote_misses.explain_miss)."""
    miss = quote_misses.explain_miss(folded, citation.quote, text)
    return error("quote.not-found", f"quote not found in source '{citation.source}'{miss.detail}",
                 citation.spans["quote"], miss.hint)


_MARKDOWN_FIELDS = (*((kind, "description") for kind in ENTITIES), (SOURCE, "note"))
"""(kind, its field written in Markdown), in the order their problems are reported."""


def _markdown_problems(dossier: Dossier, cache: ResolveCache) -> Iterator[Diagnostic]:
    for kind, name in _MARKDOWN_FIELDS:
        for record in kind.records(dossier).values():
            value = getattr(record, name)
            if value:
                yield from cache.lint(value, record.spans[name], exact_lines=False)
    for source in dossier.sources.values():
        if source.format == "md":
            yield from cache.lint(source.body, Span(source.span.path, source.body_line), exact_lines=True)
