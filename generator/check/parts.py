"""A resolve in parts: the checks of one record at a time (a claim's references, quotes located in
their sources and values; a person's, agency's, figure's or source's references, roles' quotes and
Markdown: docs/content.md, "Errors and warnings"), what they add up to (Outcome), and what the next
resolve may reuse (ResolveCache). resolve.py adds the checks up; patch.py takes the changed
records' out of the sum and puts their new ones in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from generator.check.claims import ClaimsPart, RecordChecks, value_problems
from generator.check.cycles import cycle_problems
from generator.check.references import Target, check_reference, claim_references, record_references
from generator.check.resolved import QuoteKey, Resolved
from generator.check.unused import RecordKey
from generator.core.diagnostics import Diagnostic, Span, error, warning
from generator.core.kinds import CLAIM, FIGURE, KINDS, SOURCE
from generator.core.model import Citation, Claim, Dossier, Person, Source
from generator.core.shelf import Text, in_memory
from generator.text import markdown, quote_index, quote_misses, quotes
from generator.text.quotes import Location


@dataclass(slots=True)
class Outcome:
    """A resolve in parts: what one record contributes can be taken out and put back."""

    dossier: Dossier
    resolved: Resolved
    claim_problems: dict[str, tuple[Diagnostic, ...]]
    """Claim id → its problems (claims without any are left out)."""
    records: dict[tuple[str, str], RecordChecks]
    """(kind's folder, id) → the checks of a person, agency, figure or source (record_checks.check_record),
    those that name nothing and have no problems left out."""
    aliases: list[Diagnostic]
    """Names shared by two entities (unused.shared_aliases)."""
    partial: tuple[RecordChecks, ...]
    """The checks of the claims read in part (validate: claims with errors), their quotes left out."""
    cycles: list[Diagnostic]
    relations: dict[str, list[Diagnostic]]
    """Revisions and independent support, across claims, by claim (claims.relation_problems)."""
    unreferenced: dict[RecordKey, Diagnostic]
    """(kind's folder, id) → the warning that nothing cites or names it (unused.unreferenced)."""
    broken: frozenset[tuple[str, frozenset[str]]]
    """The records left out for their errors (see resolve's `broken`), by kind."""
    targets: Counter[Target]
    """(kinds, id) → how many references name it."""
    quote_uses: Counter[QuoteKey]
    """(source id, quote) → how many records cite it (a location stays while one does)."""
    naming: dict[str, set[str]] | None = None
    """Source or figure id → the claims that cite or report it: made with the resolve of every
    record in the preview (ResolveCache.ahead), else by the first patch that needs it (patch.py),
    then patched with the claims that change."""

    def diagnostics(self) -> list[Diagnostic]:
        contributed = [*self.claim_problems.values(), *self.relations.values(),
                       *(check.diagnostics for check in (*self.records.values(), *self.partial))]
        return [*(problem for problems in contributed for problem in problems), *self.aliases, *self.cycles,
                *self.unreferenced.values()]


def frozen(broken: Mapping[str, set[str]]) -> frozenset[tuple[str, frozenset[str]]]:
    return frozenset((kind, frozenset(ids)) for kind, ids in broken.items() if ids)


def records_by_kind(dossier: Dossier) -> dict[str, Mapping]:
    """Records by kind, by the kinds' folders (as references name their kinds)."""
    return {kind.plural: kind.records(dossier) for kind in KINDS}


def cycles(dossier: Dossier, cache: ResolveCache) -> list[Diagnostic]:
    """Parent agencies and `based_on` chains must end somewhere."""
    parents: dict[str, list[str]] = {agency_id: [agency.parent] for agency_id, agency in dossier.agencies.items()
                                     if agency.parent}
    bases: dict[str, list[str]] = {claim_id: list(claim.based_on) for claim_id, claim in dossier.claims.items()
                                   if claim.based_on}
    if cache.cycles and not cache.cycles[1] and cache.cycles[0] == (parents, bases):  # problems hold positions
        return cache.cycles[1]
    cache.cycles = ((parents, bases), cycle_problems(dossier, parents, bases))
    return cache.cycles[1]


@dataclass(slots=True)
class ResolveCache:
    """Work that the next resolve may reuse: keyed by the Source object it was done for (records of
    unchanged files stay the same objects) or by the text itself."""

    visible: dict[str, tuple[Source, Text]] = field(default_factory=dict)
    folding: tuple[Source, quotes.Folded] | None = None
    """The source last folded for matching, and its folded text: one at a time, as the quotes are
    located a source at a time (`locate_all`; a preview that kept every source's folded text held
    880 MiB at 10,000 long sources, 706 MiB without them: docs/performance.md)."""
    locations: dict[QuoteKey, tuple[Source, Location | None]] = field(default_factory=dict)
    lints: dict[tuple[str, Span, bool], list[Diagnostic]] = field(default_factory=dict)
    """The problems of a description's or a note's Markdown, by its text and place."""
    bodies: dict[str, tuple[Source, list[Diagnostic]]] = field(default_factory=dict)
    """The problems of an `md` source's Markdown, by source id, kept while the source is the same
    object (its text may be on a shelf: hashing it would read it)."""
    claims: dict[str, tuple[Claim, RecordChecks]] = field(default_factory=dict)
    """Each claim's checks, valid while the claim and the context below stay the same."""
    cycles: tuple = ()
    """(the parent and based-on edges, the problems found in them) of the last resolve."""
    context: tuple = ()
    """What a claim's checks depend on besides the claim: the ids of every kind, the broken ids,
    the figures' units, and the source objects (their texts)."""
    patched: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), set()))
    """(the ids of the records that changed, the ids that came or went) in the patched resolves
    since `context` was taken: the checks made in between name them, though the context may be the
    same again (an edit undone)."""
    last: Outcome | None = None
    """The last resolve, in parts."""
    ahead: bool = False
    """Make what the first patch after a resolve of every record needs while no save waits for
    it (Outcome.naming: 30 to 80 ms at 10,000 sources): the preview's cache."""
    claims_part: ClaimsPart | None = None
    """What the claims' checks of the last full resolve added up to (claims.claims_part)."""
    keep: Callable[[str], Text] = in_memory
    """How a visible text made from Markdown is kept: the preview's Builder puts it on its shelf
    (build.check)."""

    def claim_checks(self, claim: Claim, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                     ) -> RecordChecks:
        cached = self.claims.get(claim.id)
        if cached is None or cached[0] is not claim:
            cached = self.claims[claim.id] = (claim, check_claim(claim, records, broken, self))
        return cached[1]

    def renew_context(self, dossier: Dossier, broken: Mapping[str, set[str]]) -> None:
        """Forget the checks of the claims that name what changed: an id that came or went or was
        left out for its errors or taken in again, a figure's unit, a source; with ids, those with
        problems too (hints name the nearest ids). While a claim is left out for its errors, a
        reference to an unknown claim is not reported (check_reference): when that starts or stops,
        the checks of the claims naming a claim that is not there are forgotten too."""
        context = (tuple(frozenset(kind.records(dossier)) for kind in KINDS),
                   {kind: frozenset(ids) for kind, ids in broken.items() if ids},
                   {figure_id: figure.unit for figure_id, figure in dossier.figures.items()},
                   dict(dossier.sources))
        if not self.context:
            self.claims.clear()
        else:
            ids_changed = {record_id for old, new in zip(self.context[0], context[0]) for record_id in old ^ new}
            ids_changed |= self.patched[1] | differing_ids(self.context[1], context[1])
            changed = ids_changed | _differing(self.context[2], context[2], lambda a, b: a == b)
            changed |= _differing(self.context[3], context[3], lambda a, b: a is b) | self.patched[0]
            unknown_claims = (CLAIM.plural in self.context[1]) != (CLAIM.plural in context[1])
            if changed or unknown_claims:
                self.claims = {claim_id: cached for claim_id, cached in self.claims.items()
                               if not (ids_changed and cached[1].diagnostics)
                               and changed.isdisjoint(cached[1].named)
                               and not (unknown_claims and _names_a_missing_claim(cached[1], dossier))}
        self.context, self.patched = context, (set(), set())

    def text_of(self, source: Source) -> Text:
        """The source's visible text, as kept (`keep`): a `txt` source's is its body."""
        cached = self.visible.get(source.id)
        if cached is None or cached[0] is not source:
            text = self.keep(markdown.visible_text(str(source.body))) if source.format == "md" else source.body
            cached = self.visible[source.id] = (source, text)
        return cached[1]

    def folded(self, source: Source) -> quotes.Folded:
        if self.folding is None or self.folding[0] is not source:
            self.folding = (source, quotes.fold(str(self.text_of(source))))
        return self.folding[1]

    def locate_all(self, sources: Mapping[str, Source], citations: Iterable[Citation]) -> None:
        """Locate the quotes of `citations` a source at a time, so that each source's text is folded
        once (see `folding`), whatever the order of the records that cite it; their checks then find
        them located."""
        by_source: dict[str, set[str]] = {}
        for citation in citations:
            by_source.setdefault(citation.source, set()).add(citation.quote)
        for source_id, cited in by_source.items():
            source = sources.get(source_id)
            if source is not None and (todo := [quote for quote in cited if self._location(source, quote) is None]):
                for quote, location in quote_index.locate_all(self.folded(source), todo).items():
                    self.locations[(source_id, quote)] = (source, location)

    def _location(self, source: Source, quote: str) -> tuple[Location | None] | None:
        """The quote's location in the source as it is, if located already: (the location,)."""
        cached = self.locations.get((source.id, quote))
        return None if cached is None or cached[0] is not source else (cached[1],)

    def locate(self, source: Source, quote: str) -> Location | None:
        if (known := self._location(source, quote)) is not None:
            return known[0]
        location = quotes.locate(self.folded(source), quote)
        self.locations[(source.id, quote)] = (source, location)
        return location

    def lint(self, text: str, span: Span, exact_lines: bool) -> list[Diagnostic]:
        if (key := (text, span, exact_lines)) not in self.lints:
            self.lints[key] = markdown.lint(text, span, exact_lines)
        return self.lints[key]

    def lint_body(self, source: Source) -> list[Diagnostic]:
        cached = self.bodies.get(source.id)
        if cached is None or cached[0] is not source:
            span = Span(source.span.path, source.body_line)
            cached = self.bodies[source.id] = (source, markdown.lint(str(source.body), span, exact_lines=True))
        return cached[1]

    def forget_missing(self, dossier: Dossier) -> None:
        """Drop what belongs to sources that are gone, so the cache does not grow without end."""
        for source_id in set(self.visible) - set(dossier.sources):
            del self.visible[source_id]
        for source_id in set(self.bodies) - set(dossier.sources):
            del self.bodies[source_id]
        self.folding = None
        self.locations = {key: found for key, found in self.locations.items() if key[0] in dossier.sources}


def differing_ids(old: Mapping[str, frozenset[str]], new: Mapping[str, frozenset[str]]) -> set[str]:
    """The ids in one map's sets but not in the other's, under the same key."""
    return {record_id for kind in old.keys() | new.keys()
            for record_id in old.get(kind, frozenset()) ^ new.get(kind, frozenset())}


def _names_a_missing_claim(checks: RecordChecks, dossier: Dossier) -> bool:
    return any(folders == (CLAIM.plural,) and target not in dossier.claims for folders, target in checks.targets)


def _differing(old: Mapping[str, object], new: Mapping[str, object], same: Callable[[object, object], bool]
               ) -> set[str]:
    """The keys of two maps whose values are not the `same` (or that only one has)."""
    return {key for key in old.keys() | new.keys() if key not in old or key not in new or not same(old[key], new[key])}


NO_CHECKS = RecordChecks((), (), ())
"""What a record that names nothing and has no problems contributes (or one that is not there)."""


def check_record(record: object, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                 cache: ResolveCache) -> RecordChecks:
    """The checks of a person, agency, figure or source: its references, its roles' quotes, its Markdown."""
    refs = list(record_references(record))
    problems = [problem for ref in refs if (problem := check_reference(ref, records, broken))]
    locations: list[tuple[QuoteKey, Location]] = []
    if isinstance(record, Person):
        for role in record.roles:
            _locate(role.citations, f"role '{role.title}' of '{record.id}'", records, cache, problems, locations)
    problems += _markdown_problems(record, cache)
    if not (refs or problems or locations):
        return NO_CHECKS
    return RecordChecks(tuple(problems), tuple(locations), tuple((kinds, target) for kinds, target, _, _, _ in refs))


def _locate(citations: Iterable[Citation], what: str, records: Mapping[str, Mapping], cache: ResolveCache,
            problems: list[Diagnostic], locations: list[tuple[QuoteKey, Location]]) -> None:
    """Add the problems and the locations of the citations' quotes (a citation of an unknown source
    is the references' to report)."""
    for citation in citations:
        source = records[SOURCE.folder].get(citation.source)
        if source is not None:
            found, problem = located(citation, what, source, cache)
            problems += [problem] if problem else []
            if found is not None:
                locations.append(((citation.source, citation.quote), found))


def _markdown_problems(record: object, cache: ResolveCache) -> Iterator[Diagnostic]:
    """The problems of a record's Markdown: an entity's description, a source's note and its text
    when written in Markdown."""
    name = "note" if isinstance(record, Source) else "description"
    if value := getattr(record, name):
        yield from cache.lint(value, record.spans[name], exact_lines=False)  # type: ignore[attr-defined]
    if isinstance(record, Source) and record.format == "md":
        yield from cache.lint_body(record)


def check_claim(claim: Claim, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                 cache: ResolveCache) -> RecordChecks:
    refs = list(claim_references(claim))
    problems = [problem for ref in refs if (problem := check_reference(ref, records, broken))]
    locations: list[tuple[QuoteKey, Location]] = []
    _locate(claim.citations, f"claim '{claim.id}'", records, cache, problems, locations)
    problems += value_problems(claim, records[FIGURE.folder].get(claim.figure))
    for name in ("statement", "derivation", "note"):
        if value := getattr(claim, name):
            problems += cache.lint(value, claim.spans[name], exact_lines=False)
    return RecordChecks(tuple(problems), tuple(locations), tuple((kinds, target) for kinds, target, _, _, _ in refs))


def located(citation: Citation, what: str, source: Source, cache: ResolveCache
             ) -> tuple[Location | None, Diagnostic | None]:
    """Where a citation's quote is, and what is wrong with it, if anything."""
    found = cache.locate(source, citation.quote)
    if found is None:
        return None, _quote_not_found(citation, what, cache.folded(source), str(cache.text_of(source)))
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


def partial_checks(dossier: Dossier, records: Mapping[str, Mapping], broken: Mapping[str, set[str]],
                   cache: ResolveCache) -> list[RecordChecks]:
    """The checks of the claims read in part (validate), but their quotes' locations: such a
    claim is left out of the site."""
    return [RecordChecks(check.diagnostics, (), check.targets)
            for check in (check_claim(claim, records, broken, cache) for claim in dossier.partial_claims.values())]
