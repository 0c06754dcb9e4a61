"""What templates receive: records turned into plain view objects with links relative to the page.

Every page lives at depth 0 (the home page), 1 (section indexes) or 2 (record pages), so a link
depends only on the page's depth; views are built once per depth and reused by every page there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from markupsafe import Markup

from generator.core import urls
from generator.core.model import Citation, Claim, Person, Role
from generator.core.shelf import Text
from generator.link.links import LinkMap, Links, claim_period
from generator.numbers.wording import format_spread, format_value
from generator.site import figures as figure_math
from generator.site import keys
from generator.site.captures import readable_moment, readable_size, shown_capture
from generator.site.conflicts import Conflicts, conflicts
from generator.site.graph import Dependencies
from generator.site.keys import InputKey
from generator.site.reading import LinkReader
from generator.site.render import markdown_renderer
from generator.site.view_objects import CaptureView, CitationView, ClaimView, Ref, RelationGroup, RoleView
from generator.text import markdown

Made = TypeVar("Made")

RELATIONS = (("supports", "supports", False), ("disputes", "disputes", False), ("based_on", "based on", False),
             ("revises", "revises", False), ("supports", "supported by", True), ("disputes", "disputed by", True),
             ("based_on", "basis for", True), ("revises", "revised by", True))
"""(field of the naming claim, label, whether the claim shown is the one named)."""
HEDGE_ORDER = (None, "likely", "possibly")


RecordStrings = dict[tuple[str, str], tuple[object, tuple[Text, ...]]]
"""(kind, id) → (the record, its short strings joined by NUL, then its long ones)."""


@dataclass(slots=True)
class ViewCache:
    """Views kept from one build to the next, dropped when one of their inputs changes.

    Markdown is rendered once per text (per page depth, since links in it are relative): the
    same statement shown on fifty pages, and in fifty builds, is rendered once.
    """

    kept: dict[int, dict[InputKey, tuple[object, frozenset[InputKey] | None]]] = field(default_factory=dict)
    """By depth: name → (value, its inputs) of claim views (`keys.kept("claim", id)`), rendered claim
    cards (`keys.kept("card", id, level)`), figure summaries and figure list items. What each was
    made from is in the site's dependency graph (graph.Dependencies) when there is one, and then
    not here too (None)."""
    texts: dict[str, str] = field(default_factory=dict)
    markdown: dict[tuple[int, str, int, bool], tuple[Markup, tuple[str, ...]]] = field(default_factory=dict)
    """(depth, text, heading offset, inline) → the text rendered, and the entities its mentions link."""
    disagreements: dict[str, tuple[tuple, frozenset[str], Conflicts]] = field(default_factory=dict)
    """Figure id → (its value claims, those revised, where they disagree)."""
    strings: RecordStrings = field(default_factory=dict)
    """(kind, id) → (the record, its strings: the short ones joined, the long ones as they are),
    kept while the record is the same object: where a change of the names looks for their mentions
    (incremental/changes.py `mentioning`)."""

    def drop(self, stale: set[InputKey]) -> None:
        """Drop the kept values named in `stale` (made from an input that changed)."""
        for kept in self.kept.values():
            for name in stale & kept.keys():
                del kept[name]

    def drop_values(self) -> None:
        """Forget every value made (config or the names changed; or a failed build may have made
        them from what is no longer there): the graph still says which pages showed them."""
        for kept in self.kept.values():
            kept.clear()
        self.markdown.clear()


class Views(LinkReader):
    """Builds (and caches) the views of one page depth, and records what each page reads.

    Every read of a record or of a backlink map goes through here and adds a key to `touched`
    (see reading.LinkReader): the inputs a page was made from, so that a rebuild can re-render
    only the pages whose inputs changed.
    """

    def __init__(self, links: Links, depth: int, cache: ViewCache | None = None,
                 render_partial: Callable[..., str] | None = None, graph: Dependencies | None = None,
                 once: bool = False) -> None:
        """`render_partial(name, **context)` renders a partial template (for cards and list items);
        `graph` records what each kept value was made from (None: nothing outlives the build);
        `once`: the pages are rendered once, by a process of their own whose cache goes with it, so
        that a value only one page uses is not kept once it has been used."""
        super().__init__(links)
        self._once = once
        self.depth = depth
        self.root = "../" * depth
        self.link_style = links.dossier.config.link_style
        mentions = links.finder if links.dossier.config.mentions else None
        self._markdown = markdown_renderer(mentions, self._mention_href)
        self._linked: list[str] = []
        cache = cache if cache is not None else ViewCache()
        self._kept = cache.kept.setdefault(depth, {})
        self._graph = graph
        self._render_partial = render_partial
        self._texts = cache.texts
        self._rendered = cache.markdown
        self._disagreements = cache.disagreements

    def start_page(self) -> None:
        self.touched = {keys.CONFIG}

    def markdown(self, text: str | None, heading_offset: int = 2, inline: bool = False) -> Markup:
        if not text:
            return Markup("")
        self.touched.add(keys.NAMES)
        key = (self.depth, text, heading_offset, inline)
        rendered = self._rendered.get(key)
        if rendered is None:
            self._linked = []
            html = self._markdown(text, heading_offset, inline)
            rendered = self._rendered[key] = (html, tuple(dict.fromkeys(self._linked)))
        kinds = self.links.entity_kinds
        self.touched.update(keys.outline(kinds[entity_id], entity_id) for entity_id in rendered[1])
        return rendered[0]

    def _mention_href(self, entity_id: str) -> str:
        """The link of a mention in Markdown: the text reads the entity's outline (it links its page),
        so that a text whose mention linked an entity that went is rendered again without a scan
        for the names that went (incremental/inputs.py)."""
        self._linked.append(entity_id)
        return self.entity_href(entity_id)

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
        record = self.outline(kind, entity_id)
        return Ref(kind, entity_id, record.name, self.record_href(kind, entity_id))

    def source(self, source_id: str) -> Ref:
        source = self.outline("source", source_id)
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
        source = self.outline("source", citation.source)
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

    def kept(self, name: InputKey, make: Callable[[], Made]) -> Made:
        """`make()`, kept across pages and builds until one of the inputs it read changes. What
        reads it reads its name (`keys.kept(…)`), or, when nothing outlives the build, the inputs
        it was made from. With a graph, those are in the graph alone (not in the cache too: 80,000
        sets of keys in a renderer at 10,000 sources, docs/performance.md)."""
        cached = self._kept.get(name)
        if cached is None:
            outer, self.touched = self.touched, set()
            try:
                value = make()
                inputs = frozenset(self.touched)
            finally:
                self.touched = outer
            if self._graph is not None:
                self._graph.record(name, inputs)
            cached = self._kept[name] = (value, None if self._graph is not None else inputs)
        if self._graph is not None or cached[1] is None:
            self.touched.add(name)
        else:
            self.touched.update(cached[1])
        return cast(Made, cached[0])  # a name is always made by the same function

    def claim(self, claim_id: str) -> ClaimView:
        return self.kept(keys.kept("claim", claim_id), lambda: self._claim_view(self.record("claim", claim_id)))

    def card(self, view: ClaimView, level: int = 3) -> Markup:
        """A claim as lists show it, rendered once and reused by every page (and build) that lists it."""
        return self.kept(keys.kept("card", view.id, level), lambda: self._partial("partials/claim.html",
                                                                         claim=self.claim(view.id), level=level))

    def timeline_item(self, view: ClaimView) -> Markup:
        """A claim as the timeline lists it (partials/timeline_item.html), rendered once per claim:
        a claim added or removed shifts every later page of the timeline, which is then made again
        from the items already rendered. Rendered `once`, the claim's view for pages one folder deep
        is let go once its item is made: only its timeline page shows it (15,000 views of a renderer
        at 10,000 sources, docs/performance.md)."""
        item = self.kept(keys.kept("timeline_item", view.id), lambda: self._partial("partials/timeline_item.html",
                                                                             claim=self.claim(view.id)))
        if self._once:
            self._kept.pop(keys.kept("claim", view.id), None)
        return item

    def figure_item(self, summary: dict) -> Markup:
        """A figure as the figure lists show it (partials/figure_item.html), rendered once per figure."""
        figure_id = summary["ref"].id
        return self.kept(keys.kept("figure_item", figure_id), lambda: self._partial("partials/figure_item.html",
                                                                         figure=self.figure_summary(figure_id)))

    def source_item(self, item: dict) -> Markup:
        """A source as the list of sources shows it (partials/source_item.html), rendered once per
        source: a claim added or removed changes the count of one source, and the page (10,000
        sources: 200-300 ms to render whole) is then joined from the items already rendered."""
        source_id = item["ref"].id
        return self.kept(keys.kept("source_item", source_id), lambda: self._partial("partials/source_item.html",
                                                                         item=self.source_summary(source_id)))

    def source_summary(self, source_id: str) -> dict:
        """What the list of sources says about a source: its title, publisher and date, and how many claims cite it."""
        return self.kept(keys.kept("source_summary", source_id), lambda: {
            "ref": self.source(source_id), "source": self.outline("source", source_id),
            "claims": len(self.lookup(LinkMap.CLAIMS_CITING, source_id))})

    def figure_summary(self, figure_id: str) -> dict:
        """What the figure lists say about a figure: its number of values, their spread, disagreement."""
        return self.kept(keys.kept("summary", figure_id), lambda: self._summarised_figure(figure_id))

    def _summarised_figure(self, figure_id: str) -> dict:
        claims = self.figure_claims(figure_id)
        unit = self.record("figure", figure_id).unit
        spread = figure_math.spread(claims)
        return {"ref": self.entity(figure_id), "unit": unit, "count": len(claims), "spread": spread,
                "spread_text": format_spread(spread, unit) if spread else None,
                "disagreements": self.disagreements(figure_id).count}

    def _partial(self, name: str, **context: object) -> Markup:
        assert self._render_partial is not None, "cards and list items need a template renderer"
        return Markup(self._render_partial(name, **context))

    def claims(self, claim_ids) -> tuple[ClaimView, ...]:
        return tuple(self.claim(claim_id) for claim_id in claim_ids)

    def _claim_view(self, claim: Claim) -> ClaimView:
        figure = self.record("figure", claim.figure) if claim.figure else None
        refs = lambda ids: tuple(self.claim_ref(i) for i in ids)  # noqa: E731
        revised_by = self.lookup(LinkMap.REVISED_BY, claim.id)
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
            supported_by=refs(self.lookup(LinkMap.SUPPORTED_BY, claim.id)),
            disputed_by=refs(self.lookup(LinkMap.DISPUTED_BY, claim.id)),
            basis_for=refs(self.lookup(LinkMap.BASIS_FOR, claim.id)),
            as_of=claim.as_of,
            derivation=self.markdown(claim.derivation, inline=True),
            revises=refs(claim.revises), revised_by=refs(revised_by),
            relations=self.relation_groups(claim, revised_by),
        )

    def relation_groups(self, claim: Claim, revised_by: Sequence[str]) -> tuple[RelationGroup, ...]:
        """The claim's links both ways, each hedged link in the group of its hedge ("Likely based on")."""
        backlinks = {"supports": self.lookup(LinkMap.SUPPORTED_BY, claim.id),
                     "disputes": self.lookup(LinkMap.DISPUTED_BY, claim.id),
                     "based_on": self.lookup(LinkMap.BASIS_FOR, claim.id), "revises": revised_by}
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
        return [self.record("claim", claim_id) for claim_id in self.lookup(LinkMap.VALUES_OF, figure_id)]

    def revised_values(self, figure_id: str) -> frozenset[str]:
        """The figure's values that a later claim revises (docs/content.md, "Claims")."""
        return frozenset(claim_id for claim_id in self.lookup(LinkMap.VALUES_OF, figure_id)
                         if self.lookup(LinkMap.REVISED_BY, claim_id))

    def disagreements(self, figure_id: str) -> Conflicts:
        """Where a figure's values cannot all be true (computed again only when they change)."""
        claims, revised = tuple(self.figure_claims(figure_id)), self.revised_values(figure_id)
        cached = self._disagreements.get(figure_id)
        if cached is None or cached[1] != revised or len(cached[0]) != len(claims) or any(
                a is not b and a != b for a, b in zip(cached[0], claims)):
            cached = self._disagreements[figure_id] = (claims, revised, conflicts(claims, revised))
        return cached[2]

    def figure_chart(self, figure_id: str):
        unit = self.record("figure", figure_id).unit
        return figure_math.chart(self.figure_claims(figure_id), lambda claim: format_value(claim, unit),
                                 self.revised_values(figure_id))
