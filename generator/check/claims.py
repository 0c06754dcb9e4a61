"""Checks that read a claim as a fact-checker does (docs/content.md, "Claims"): its value traced to
its quotes, its revisions made by the same speaker later, and its support independent of it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field

from generator.check.references import Target
from generator.core.diagnostics import Diagnostic, Span, error, warning
from generator.core.model import Claim, Figure
from generator.numbers.messages import findings
from generator.numbers.trace import trace_value
from generator.text.quotes import Location

QuoteKey = tuple[str, str]
"""(source id, quote as written)."""


@dataclass(frozen=True, slots=True)
class RecordChecks:
    """What resolving one record found: its problems, its located quotes (a claim's citations, a
    person's roles'), the ids it references."""

    diagnostics: tuple[Diagnostic, ...]
    locations: tuple[tuple[QuoteKey, Location], ...]
    targets: tuple[Target, ...]
    """(kinds, id) of everything the record names: people, agencies, figures, claims, sources."""
    named: frozenset[str] = field(init=False)
    """The ids of `targets`: a resolve forgets the checks of the records that name what changed."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "named", frozenset(target for _, target in self.targets))


@dataclass(frozen=True, slots=True)
class ClaimsPart:
    """What every claim's checks add up to in a resolve: the quotes they located, how many claims
    cite each, what they name, and the relations between claims (relation_problems)."""

    ids: tuple[str, ...]
    checks: tuple[RecordChecks, ...]
    """The checks it was made from, in the dossier's order (of `ids`)."""
    claims: Mapping[str, Claim]
    locations: dict[QuoteKey, Location]
    """The claims' quotes located (a role quoting the same words of the same source is located at
    the same place, or not at all, so that the relations need no other)."""
    quote_uses: Counter[QuoteKey]
    targets: Counter[Target]
    relations: dict[str, list[Diagnostic]]


PATCHED_SHARE = 8
"""A part is patched when fewer than one claim in this many has new checks, else made afresh."""


def claims_part(checks: Mapping[str, RecordChecks], claims: Mapping[str, Claim], last: ClaimsPart | None
                ) -> ClaimsPart:
    """The claims' part of a resolve, from `last`'s when it can be: kept when every claim's checks
    are the same objects as then (a claim's check is made again when the claim is not the same
    object, or when something it names changed its id, unit or text); patched with the claims
    whose checks are new, came or went, when they are few. So the edit of a person, an agency, a
    figure or a source, or a new claims file, does not go over 30,000 claims' relations again
    (docs/performance.md, "The preview: save to page")."""
    ids, values = tuple(checks), tuple(checks.values())
    if last is None:
        return _whole_part(ids, values, claims)
    changed = _changed_claims(last, ids, values, checks)
    if not changed:
        return last
    if len(changed) * PATCHED_SHARE >= len(values):
        return _whole_part(ids, values, claims)
    return _patched_part(last, ids, checks, claims, changed)


def _changed_claims(last: ClaimsPart, ids: tuple[str, ...], values: tuple[RecordChecks, ...],
                    checks: Mapping[str, RecordChecks]) -> set[str]:
    """The claims whose checks are not the same objects as in `last`, or that came or went."""
    if last.ids == ids:
        return {claim_id for claim_id, before, after in zip(ids, last.checks, values) if before is not after}
    before = dict(zip(last.ids, last.checks))
    return {claim_id for claim_id, check in checks.items() if before.get(claim_id) is not check} | (
        before.keys() - checks.keys())


def _whole_part(ids: tuple[str, ...], checks: tuple[RecordChecks, ...], claims: Mapping[str, Claim]) -> ClaimsPart:
    locations: dict[QuoteKey, Location] = {}
    uses: Counter[QuoteKey] = Counter()
    for check in checks:
        locations.update(check.locations)
        uses.update(key for key, _ in check.locations)
    targets = Counter(target for check in checks for target in check.targets)
    return ClaimsPart(ids, checks, claims, locations, uses, targets, relation_problems(claims, locations))


def _patched_part(last: ClaimsPart, ids: tuple[str, ...], checks: Mapping[str, RecordChecks],
                  claims: Mapping[str, Claim], changed: set[str]) -> ClaimsPart:
    """`last` with the contributions of the `changed` claims taken out and their new checks' put
    in; the relations of the claims they may affect looked at again."""
    locations, uses, targets = dict(last.locations), last.quote_uses.copy(), last.targets.copy()
    before = dict(zip(last.ids, last.checks))
    swap_contributions(locations, uses, targets, [before[claim_id] for claim_id in changed if claim_id in before],
                       [checks[claim_id] for claim_id in changed if claim_id in checks])
    relations = patched_relations(last.relations, last.claims, claims, locations, changed)
    return ClaimsPart(ids, tuple(checks.values()), claims, locations, uses, targets, relations)


def swap_contributions(locations: dict[QuoteKey, Location], uses: Counter[QuoteKey], targets: Counter[Target],
                       gone: list[RecordChecks], came: list[RecordChecks]) -> None:
    """Take what the `gone` checks added to a resolve out of its counts and put the `came` ones' in,
    in place: a quote no claim cites any more loses its location, a target no one names its count."""
    for check in gone:
        uses.subtract(key for key, _ in check.locations)
        targets.subtract(check.targets)
    for check in came:
        uses.update(key for key, _ in check.locations)
        targets.update(check.targets)
        locations.update(check.locations)
    for check in gone:
        for key, _ in check.locations:
            if uses[key] <= 0:
                del uses[key]
                locations.pop(key, None)
        for target in check.targets:
            if targets[target] <= 0:
                del targets[target]


def value_problems(claim: Claim, figure: Figure | None) -> list[Diagnostic]:
    """A warning when the claim's value, or its qualifier, is not what its quotes state; none when a
    `derivation` says how the value was worked out (docs/numbers.md)."""
    if claim.value is None or claim.derivation or not claim.citations:
        return []
    quotes = [citation.quote for citation in claim.citations]
    trace = trace_value(claim.value, claim.qualifier, quotes, figure.unit if figure else "")
    return [warning(finding.code, finding.message, _finding_span(claim, finding.quote), finding.hint)
            for finding in findings(trace)]


def _finding_span(claim: Claim, quote: int | None) -> Span:
    """A qualifier is contradicted by one quote, shown at that quote; a missing value at the value."""
    if quote is None:
        return claim.spans["value"]
    return claim.citations[quote].spans["quote"]


def relation_problems(claims: Mapping[str, Claim], locations: Mapping[QuoteKey, Location],
                      only: Set[str] | None = None, supporters: Mapping[str, list[Claim]] | None = None
                      ) -> dict[str, list[Diagnostic]]:
    """Revisions by another speaker or of a later claim (errors); support that is not independent,
    and `corroborated` without independent support (warnings): by claim id, the claims with
    problems only. `locations` are the located quotes; `only`: the claims to look at (all: None);
    `supporters`: the claims that support each of those (see `_supporters`), if found already."""
    supporters = _supporters(claims.values()) if supporters is None else supporters
    looked_at = claims.keys() if only is None else sorted(only & claims.keys())
    found = {claim_id: _relation_problems(claims[claim_id], claims, locations, supporters) for claim_id in looked_at}
    return {claim_id: problems for claim_id, problems in found.items() if problems}


def patched_relations(last: Mapping[str, list[Diagnostic]], old: Mapping[str, Claim], new: Mapping[str, Claim],
                      locations: Mapping[QuoteKey, Location], changed: Set[str]) -> dict[str, list[Diagnostic]]:
    """The relation problems after the `changed` claims changed (every id the same): `last`'s, but
    those of the claims they may affect, which are looked at again."""
    relating = [claim for claim in new.values() if claim.supports or claim.revises]
    affected = relations_affected(old, new, changed, relating)
    kept = {claim_id: problems for claim_id, problems in last.items() if claim_id not in affected}
    return kept | relation_problems(new, locations, affected, _supporters(relating, affected))


def _supporters(claims: Iterable[Claim], targets: Set[str] | None = None) -> dict[str, list[Claim]]:
    """Claim id → the claims of `claims` that support it (only the claims of `targets`, unless None)."""
    supporters: dict[str, list[Claim]] = {}
    for claim in claims:
        for target in claim.supports:
            if targets is None or target in targets:
                supporters.setdefault(target, []).append(claim)
    return supporters


def relations_affected(old: Mapping[str, Claim], new: Mapping[str, Claim], changed: Set[str],
                       relating: Iterable[Claim]) -> set[str]:
    """The claims whose relation problems may differ when the `changed` claims did (every id the
    same): those claims, the claims that revise or support one of them (`relating`: the claims of
    `new` that support or revise any), and those they supported or support."""
    affected = set(changed)
    for claims in (old, new):
        affected.update(target for claim_id in changed if claim_id in claims for target in claims[claim_id].supports)
    affected.update(claim.id for claim in relating
                    if not (changed.isdisjoint(claim.supports) and changed.isdisjoint(claim.revises)))
    return affected


def _relation_problems(claim: Claim, claims: Mapping[str, Claim], locations: Mapping[QuoteKey, Location],
                       supporters: Mapping[str, list[Claim]]) -> list[Diagnostic]:
    problems = [*_revision_problems(claim, claims), *_dependent_support(claim, claims, locations)]
    independent = (_independent(claim, other) for other in supporters.get(claim.id, ()))
    if claim.status == "corroborated" and not any(independent):
        problems.append(warning(
            "claim.not-corroborated", f"claim '{claim.id}' is 'corroborated', but no claim by another speaker "
                                      "citing another source supports it", claim.spans["status"],
            "add `supports: [" + claim.id + "]` to an independent claim, or use `status: reported`"))
    return problems


def _revision_problems(claim: Claim, claims: Mapping[str, Claim]) -> Iterator[Diagnostic]:
    for index, target in enumerate(claim.revises):
        revised = claims.get(target)
        if revised is None:
            continue  # an unknown id is reported with the other references
        span = claim.spans.get(f"revises[{index}]", claim.spans["revises"])
        if claim.by is None or revised.by != claim.by:
            speakers = f"'{revised.by}'" if revised.by else "no one (it has no `by`)"
            yield error("claim.revises-speaker", f"claim '{claim.id}' revises '{target}', which is by {speakers}, "
                                                 f"not by {_speaker(claim)}", span,
                        "a revision is a later estimate by the same speaker; use `disputes` for another speaker's")
        elif revised.date and claim.date and revised.date.first_day() > claim.date.last_day():
            yield error("claim.revises-later", f"claim '{claim.id}' ({claim.date}) revises '{target}', which was made "
                                               f"later ({revised.date})", span,
                        "a revision replaces an earlier estimate; put `revises` on the later claim")


def _speaker(claim: Claim) -> str:
    return f"'{claim.by}'" if claim.by else "a named speaker (it has no `by`)"


def _dependent_support(claim: Claim, claims: Mapping[str, Claim],
                       locations: Mapping[QuoteKey, Location]) -> Iterator[Diagnostic]:
    """A claim supporting one by the same speaker, or one citing the same passage, is no evidence for it."""
    for index, target in enumerate(claim.supports):
        supported = claims.get(target)
        if supported is None or supported.id == claim.id:
            continue
        span = claim.spans.get(f"supports[{index}]", claim.spans["supports"])
        if claim.by is not None and claim.by == supported.by:
            yield warning("claim.not-independent", f"claim '{claim.id}' supports '{target}', but it is not "
                                                   f"independent: both are by '{claim.by}'", span, _NOT_INDEPENDENT)
        elif (shared := shared_passage(claim, supported, locations)) is not None:
            yield warning("claim.not-independent", f"claim '{claim.id}' supports '{target}', but it is not "
                                                   f"independent: both cite the same passage of source '{shared}'",
                          span, _NOT_INDEPENDENT)


_NOT_INDEPENDENT = ("a speaker repeating itself, or two readings of one passage, corroborate nothing; "
                    "remove `supports` and say how they relate in a note")


def shared_passage(first: Claim, second: Claim, locations: Mapping[QuoteKey, Location]) -> str | None:
    """The source of which both claims cite overlapping passages, if any."""
    for mine in first.citations:
        here = locations.get((mine.source, mine.quote))
        for theirs in second.citations:
            there = locations.get((theirs.source, theirs.quote))
            if mine.source == theirs.source and here and there and here.start < there.end and there.start < here.end:
                return mine.source
    return None


def _independent(claim: Claim, supporter: Claim) -> bool:
    """Support by another (known) speaker that cites a source the claim does not."""
    own_sources = {citation.source for citation in claim.citations}
    return (supporter.by is not None and supporter.by != claim.by
            and any(citation.source not in own_sources for citation in supporter.citations))
