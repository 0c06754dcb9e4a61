"""What templates receive: records turned into plain view objects with links relative to the page.

Every page lives at depth 0 (the home page), 1 (section indexes) or 2 (record pages), so a link
depends only on the page's depth; views are built once per depth and reused by every page there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.core import urls
from generator.core.model import Citation, Claim, PartialDate, Person, Role, When
from generator.link.links import Links, claim_period
from generator.numbers.wording import format_spread, format_value
from generator.site import figures as figure_math
from generator.site.captures import readable_moment, readable_size, shown_capture
from generator.site.export import JsonParts, SearchEntries
from generator.site.render import markdown_renderer
from generator.text import markdown


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to a record: what a template needs to name and reach it."""

    kind: str
    id: str
    name: str
    href: str
    hedge: str | None = None
    """In a claim's relations: "likely" or "possibly" when the link is the speaker's guess."""


@dataclass(frozen=True, slots=True)
class RelationGroup:
    """Claims linked to a claim in one way, with one hedge: "Supports", "Likely based on", "Revised by"."""

    kind: str
    """The relation, for a class name: `supports`, `based-on`, `revised-by`…"""
    label: str
    hedge: str | None
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class CitationView:
    source: Ref
    href: str
    """The source's page in this site, at the passage (`…/sources/<id>/index.html#q-…`)."""
    original: str | None
    """The original URL with a text fragment for the quote, when the source has a `url`."""
    quote: str
    publisher: str
    date: PartialDate


@dataclass(frozen=True, slots=True)
class ClaimView:
    id: str
    href: str
    anchor: str
    """The id of the claim's element on pages that list it (`claim-<id>`)."""
    statement: Markup
    statement_text: str
    by: Ref | None
    about: tuple[Ref, ...]
    date: PartialDate | None
    period: When | None
    status: str
    figure: Ref | None
    value: str
    note: Markup
    citations: tuple[CitationView, ...]
    supports: tuple[Ref, ...]
    disputes: tuple[Ref, ...]
    based_on: tuple[Ref, ...]
    supported_by: tuple[Ref, ...]
    disputed_by: tuple[Ref, ...]
    basis_for: tuple[Ref, ...]
    as_of: When | None
    """The period the value describes, when the claim states one; None: "period not stated"."""
    derivation: Markup
    """How a value not stated in the quotes was derived, rendered inline (may be empty)."""
    revises: tuple[Ref, ...]
    revised_by: tuple[Ref, ...]
    """Later claims of the same figure by the same speaker that replace this value."""
    relations: tuple[RelationGroup, ...]
    """Every non-empty relation, hedged links in groups of their own, in the order RELATIONS gives."""


RELATIONS = (("supports", "supports", False), ("disputes", "disputes", False), ("based_on", "based on", False),
             ("revises", "revises", False), ("supports", "supported by", True), ("disputes", "disputed by", True),
             ("based_on", "basis for", True), ("revises", "revised by", True))
"""(field of the naming claim, label, whether the claim shown is the one named)."""
HEDGE_ORDER = (None, "likely", "possibly")


@dataclass(frozen=True, slots=True)
class CaptureView:
    """A source's capture as its page shows it: where the original came from, and how the text is cut from it."""

    file: str
    captured: str
    """When it was collected, as written (a date or an RFC 3339 date-time)."""
    captured_text: str
    """`captured` for readers: `4 December 2026`, or with the time in UTC `4 December 2026, 22:38:01 UTC`."""
    url: str | None
    """Where it was collected from: a web archive's `WARC-Target-URI`, else the source's `url`."""
    url_href: str | None
    """`url` when it is an http or https address, to link to (an archive may record any URI)."""
    archived_at: str | None
    """A web archive's `WARC-Date` for that page."""
    archived_at_text: str | None
    """`archived_at` for readers, as `captured_text`."""
    media_type: str
    size: int
    size_text: str
    sha256: str
    passages: int | None
    """Passages (blocks) of the capture's visible text."""
    left_out: int | None
    """Passages the source's text takes nothing from."""
    download: str | None
    """A link to the published copy, relative to the page (`publish_captures: true`), else None."""


@dataclass(frozen=True, slots=True)
class RoleView:
    title: str
    person: Ref
    agency: Ref
    since: PartialDate | None
    until: PartialDate | None
    citations: tuple[CitationView, ...]


@dataclass(slots=True)
class ViewCache:
    """Views kept from one build to the next, dropped when one of their inputs changes.

    Markdown is rendered once per text (per page depth, since links in it are relative): the
    same statement shown on fifty pages, and in fifty builds, is rendered once.
    """

    kept: dict[int, dict[str, tuple[object, frozenset[str]]]] = field(default_factory=dict)
    """By depth: name → (value, its inputs) of claim views (`kept:claim:<id>`), rendered claim
    cards (`kept:card:<id>:<level>`), figure summaries and figure list items."""
    dependents: dict[str, set[str]] | None = field(default_factory=dict)
    """Input → the kept values made from it (at any depth); None when nothing outlives the build.
    A kept value's name is itself an input of what reads it: a page that lists a claim reads
    `kept:card:<id>:3`, not the dozen records the card was made from."""
    texts: dict[str, str] = field(default_factory=dict)
    markdown: dict[tuple[int, str, int, bool], Markup] = field(default_factory=dict)
    json: JsonParts = field(default_factory=JsonParts)
    """dossier.json in parts (see export.dossier_json)."""
    search: SearchEntries = field(default_factory=dict)
    """search-index.js by record (see export.search_index)."""
    disagreements: dict[str, tuple[tuple, frozenset[str], list[tuple[str, str]]]] = field(default_factory=dict)
    """Figure id → (its value claims, those revised, the pairs of them that disagree)."""

    def forget(self, changed: set[str], everything: bool) -> set[str]:
        """Drop what depends on a changed input (or everything, when config or names changed), and
        what depends on what was dropped; returns `changed` with the dropped values' own input names
        (`kept:…`), which the pages that showed them read."""
        if everything or self.dependents is None:
            self.kept.clear()
            self.markdown.clear()
            if self.dependents is not None:
                self.dependents.clear()
            return changed
        changed, frontier = set(changed), changed
        while frontier:
            stale = set().union(*(self.dependents.pop(key, ()) for key in frontier)) - changed
            for kept in self.kept.values():
                for entry in stale:
                    kept.pop(entry, None)
            changed |= stale
            frontier = stale
        return changed

    def drop_values(self) -> None:
        """Forget every value made (a failed build may have made them from what is no longer
        there), but not what each was made from: the pages that show them are still found."""
        for kept in self.kept.values():
            kept.clear()
        self.markdown.clear()
        self.json = JsonParts()


class Views:
    """Builds (and caches) the views of one page depth, and records what each page reads.

    Every read of a record or of a backlink map goes through here and adds a key to `touched`
    (`claim:<id>`, `person:<id>`, `claims_by:<id>`, `all:people`…): the inputs a page was made
    from, so that a rebuild can re-render only the pages whose inputs changed.
    """

    def __init__(self, links: Links, depth: int, cache: ViewCache | None = None,
                 render_partial: Callable[..., str] | None = None) -> None:
        """`render_partial(name, **context)` renders a partial template (for cards and list items)."""
        self.links = links
        self.depth = depth
        self.root = "../" * depth
        self.link_style = links.dossier.config.link_style
        mentions = links.finder if links.dossier.config.mentions else None
        self._markdown = markdown_renderer(mentions, self.entity_href)
        cache = cache if cache is not None else ViewCache()
        self._kept = cache.kept.setdefault(depth, {})
        self._dependents = cache.dependents
        self._render_partial = render_partial
        self._texts = cache.texts
        self._rendered = cache.markdown
        self._disagreements = cache.disagreements
        self.touched: set[str] = set()

    def start_page(self) -> None:
        self.touched = {"config"}

    def touch(self, key: str) -> None:
        self.touched.add(key)

    def lookup(self, name: str, key: str) -> tuple:
        """An entry of one of the link stage's maps (`claims_by`, `values_of`…)."""
        self.touched.add(f"{name}:{key}")
        return getattr(self.links, name).get(key, ())

    def record(self, kind: str, record_id: str):
        self.touched.add(f"{kind}:{record_id}")
        return self.links.records[kind][record_id]

    def all_ids(self, kind: str) -> list[str]:
        self.touched.add(f"all:{kind}")
        return list(self.links.records[kind])

    def markdown(self, text: str | None, heading_offset: int = 2, inline: bool = False) -> Markup:
        if not text:
            return Markup("")
        self.touched.add("names")
        key = (self.depth, text, heading_offset, inline)
        if key not in self._rendered:
            self._rendered[key] = self._markdown(text, heading_offset, inline)
        return self._rendered[key]

    def href(self, path: str) -> str:
        if self.link_style == "directory" and path.endswith("index.html"):
            path = path[: -len("index.html")]
            return self.root + path if self.root + path else "./"
        return self.root + path

    def record_href(self, kind: str, record_id: str) -> str:
        return self.href(urls.record_page(kind, record_id))

    def entity_href(self, entity_id: str) -> str:
        return self.record_href(self.links.entity_kinds[entity_id], entity_id)

    def entity(self, entity_id: str) -> Ref:
        kind = self.links.entity_kinds[entity_id]
        record = self.record(kind, entity_id)
        return Ref(kind, entity_id, record.name, self.record_href(kind, entity_id))

    def source(self, source_id: str) -> Ref:
        source = self.record("source", source_id)
        return Ref("source", source_id, source.title, self.record_href("source", source_id))

    def claim_ref(self, claim_id: str) -> Ref:
        return Ref("claim", claim_id, self.statement_text(claim_id), self.record_href("claim", claim_id))

    def statement_text(self, claim_id: str) -> str:
        """A claim's statement as plain text, for link texts and titles."""
        statement = self.record("claim", claim_id).statement
        if statement not in self._texts:
            self._texts[statement] = markdown.plain_text(statement)
        return self._texts[statement]

    def citation(self, citation: Citation) -> CitationView:
        source = self.record("source", citation.source)
        anchor = self.links.anchors[(citation.source, citation.quote)]
        original = urls.text_fragment(source.url, citation.quote) if source.url else None
        return CitationView(self.source(citation.source), f"{self.record_href('source', source.id)}#{anchor}",
                            original, citation.quote, source.publisher, source.date)

    def capture(self, source_id: str) -> CaptureView | None:
        """The source's capture, or None when it has none."""
        source = self.record("source", source_id)
        shown = shown_capture(source.capture, self.links.resolved.captures.get(source_id),
                              self.links.dossier.config.publish_captures)
        if shown is None:
            return None
        url, archived_at = shown.archived_url or source.url, shown.archived_at
        return CaptureView(shown.file, shown.captured, readable_moment(shown.captured), url,
                           url if url and url.lower().startswith(("http://", "https://")) else None,
                           archived_at, readable_moment(archived_at) if archived_at else None, shown.media_type,
                           shown.size, readable_size(shown.size), shown.sha256, shown.passages, shown.left_out,
                           self.href(shown.download_href) if shown.download_href else None)

    def role(self, person: Person, role: Role) -> RoleView:
        return RoleView(role.title, self.entity(person.id), self.entity(role.agency), role.since, role.until,
                        tuple(self.citation(citation) for citation in role.citations))

    def kept(self, what: str, key: str, make: Callable[[], object]) -> object:
        """`make()`, kept across pages and builds until one of the inputs it read changes. What
        reads it reads its name (`kept:<what>:<key>`), or, when nothing outlives the build, the
        inputs it was made from."""
        name = f"kept:{what}:{key}"
        cached = self._kept.get(name)
        if cached is None:
            outer, self.touched = self.touched, set()
            try:
                value = make()
                inputs = frozenset(self.touched)
            finally:
                self.touched = outer
            cached = self._kept[name] = (value, inputs)
            if self._dependents is not None:
                for key_read in inputs:
                    self._dependents.setdefault(key_read, set()).add(name)
        if self._dependents is not None:
            self.touched.add(name)
        else:
            self.touched.update(cached[1])
        return cached[0]

    def claim(self, claim_id: str) -> ClaimView:
        return self.kept("claim", claim_id, lambda: self._claim_view(self.record("claim", claim_id)))

    def card(self, view: ClaimView, level: int = 3) -> Markup:
        """A claim as lists show it, rendered once and reused by every page (and build) that lists it."""
        return self.kept("card", f"{view.id}:{level}", lambda: self._partial("partials/claim.html",
                                                                         claim=self.claim(view.id), level=level))

    def figure_item(self, summary: dict) -> Markup:
        """A figure as the figure lists show it (partials/figure_item.html), rendered once per figure."""
        figure_id = summary["ref"].id
        return self.kept("figure_item", figure_id, lambda: self._partial("partials/figure_item.html",
                                                                         figure=self.figure_summary(figure_id)))

    def figure_summary(self, figure_id: str) -> dict:
        """What the figure lists say about a figure: its number of values, their spread, disagreement."""
        return self.kept("summary", figure_id, lambda: self._summarised_figure(figure_id))

    def _summarised_figure(self, figure_id: str) -> dict:
        claims = self.figure_claims(figure_id)
        unit = self.record("figure", figure_id).unit
        spread = figure_math.spread(claims)
        return {"ref": self.entity(figure_id), "unit": unit, "count": len(claims), "spread": spread,
                "spread_text": format_spread(spread, unit) if spread else None,
                "disagreements": len(self.disagreements(figure_id))}

    def _partial(self, name: str, **context: object) -> Markup:
        assert self._render_partial is not None, "cards and list items need a template renderer"
        return Markup(self._render_partial(name, **context))

    def claims(self, claim_ids) -> tuple[ClaimView, ...]:
        return tuple(self.claim(claim_id) for claim_id in claim_ids)

    def _claim_view(self, claim: Claim) -> ClaimView:
        figure = self.record("figure", claim.figure) if claim.figure else None
        refs = lambda ids: tuple(self.claim_ref(i) for i in ids)  # noqa: E731
        revised_by = self.lookup("revised_by", claim.id)
        return ClaimView(
            id=claim.id,
            href=self.record_href("claim", claim.id),
            anchor=f"claim-{claim.id}",
            statement=self.markdown(claim.statement, inline=True),
            statement_text=self.statement_text(claim.id),
            by=self.entity(claim.by) if claim.by else None,
            about=tuple(self.entity(target) for target in claim.about),
            date=claim.date,
            period=claim_period(claim),
            status=claim.status,
            figure=self.entity(figure.id) if figure else None,
            value=format_value(claim, figure.unit) if figure else "",
            note=self.markdown(claim.note),
            citations=tuple(self.citation(citation) for citation in claim.citations),
            supports=refs(claim.supports), disputes=refs(claim.disputes), based_on=refs(claim.based_on),
            supported_by=refs(self.lookup("supported_by", claim.id)),
            disputed_by=refs(self.lookup("disputed_by", claim.id)),
            basis_for=refs(self.lookup("basis_for", claim.id)),
            as_of=claim.as_of,
            derivation=self.markdown(claim.derivation, inline=True),
            revises=refs(claim.revises), revised_by=refs(revised_by),
            relations=self.relation_groups(claim, revised_by),
        )

    def relation_groups(self, claim: Claim, revised_by: tuple[str, ...]) -> tuple[RelationGroup, ...]:
        """The claim's links both ways, each hedged link in the group of its hedge ("Likely based on")."""
        backlinks = {"supports": self.lookup("supported_by", claim.id), "disputes": self.lookup("disputed_by", claim.id),
                     "based_on": self.lookup("basis_for", claim.id), "revises": revised_by}
        groups = []
        for field_name, label, reverse in RELATIONS:
            if reverse:
                linked = [(i, self.record("claim", i).hedge(field_name, claim.id)) for i in backlinks[field_name]]
            else:
                linked = [(i, claim.hedge(field_name, i)) for i in getattr(claim, field_name)]
            for hedge in HEDGE_ORDER:
                refs = tuple(dataclasses.replace(self.claim_ref(i), hedge=hedge) for i, h in linked if h == hedge)
                if refs:
                    text = f"{hedge} {label}" if hedge else label
                    groups.append(RelationGroup(label.replace(" ", "-"), text[0].upper() + text[1:], hedge, refs))
        return tuple(groups)

    def figure_claims(self, figure_id: str) -> list[Claim]:
        return [self.record("claim", claim_id) for claim_id in self.lookup("values_of", figure_id)]

    def revised_values(self, figure_id: str) -> frozenset[str]:
        """The figure's values that a later claim revises (docs/content.md, "Claims")."""
        return frozenset(claim_id for claim_id in self.lookup("values_of", figure_id)
                         if self.lookup("revised_by", claim_id))

    def disagreements(self, figure_id: str) -> list[tuple[str, str]]:
        """Pairs of a figure's claims that cannot both be true (computed again only when they change)."""
        claims, revised = tuple(self.figure_claims(figure_id)), self.revised_values(figure_id)
        cached = self._disagreements.get(figure_id)
        if cached is None or cached[1] != revised or len(cached[0]) != len(claims) or any(
                a is not b and a != b for a, b in zip(cached[0], claims)):
            cached = self._disagreements[figure_id] = (claims, revised, figure_math.disagreements(claims, revised))
        return cached[2]

    def figure_chart(self, figure_id: str):
        unit = self.record("figure", figure_id).unit
        return figure_math.chart(self.figure_claims(figure_id), lambda claim: format_value(claim, unit),
                                 self.revised_values(figure_id))
