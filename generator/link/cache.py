"""What the link stage keeps for the next one: the mentions found in each source's text and the
anchor of each quote (docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from generator.core.model import Dossier
from generator.core.shelf import holds_any
from generator.text.mentions import MentionFinder, Mentions, gone_names, renamed

Spread = Callable[[Callable[[Sequence[str]], list[tuple[str, Mentions]]], Sequence[str]],
                  list[list[tuple[str, Mentions]]]]
"""Runs a function on shares of a list in processes of their own (output.parallel.fork_map with its
number of processes set): a one-shot build finds the sources' mentions on every core."""
SPREAD_FROM = 1000
"""Fewer sources than this are looked at in this process: forking costs more than it saves."""


@dataclass(slots=True)
class LinkCache:
    """Work the next link may reuse: mentions found in each source text (kept while the source and
    the set of names are the same) and the anchor of each quote."""

    names: dict[str, str] = field(default_factory=dict)
    finder: MentionFinder = field(default_factory=lambda: MentionFinder({}))
    found: dict[str, tuple[object, Mentions]] = field(default_factory=dict)
    anchors: dict[str, str] = field(default_factory=dict)
    """Quote → its anchor id (see Anchors)."""
    found_in: tuple = ()
    """(the visible texts, the finder, the mentions found in them) of the last link: a check that
    changed no source's text hands on the same texts."""

    def finder_for(self, names: dict[str, str], texts: Mapping[str, str], entities: Mapping[str, str],
                   mentioned_in: Mapping[str, tuple[str, ...]] | None = None) -> MentionFinder:
        """The finder of `names`; when they changed, the mentions found in the source `texts` that
        hold none of the names that changed are kept (a finder finds only substrings of a text).
        `mentioned_in`: the last link's (entity → the sources mentioning it), when it was made with
        the last names: a name whose entity is gone from `entities` is then not looked for, only
        the sources whose mentions linked that entity are looked at again (see text/mentions.gone_names)."""
        if names != self.names:
            changed = renamed(self.names, names)
            gone = gone_names(self.names, names, entities) if mentioned_in is not None else set()
            look_for = changed - gone
            again = {source_id for name in gone for source_id in (mentioned_in or {}).get(self.names[name], ())}
            self.found = {source_id: found for source_id, found in self.found.items() if source_id not in again
                          and not _may_hold(texts, source_id, look_for)}
            self.names, self.finder = names, MentionFinder(names)
        return self.finder

    def all_mentions(self, dossier: Dossier, texts: Mapping[str, str], spread: Spread | None = None
                     ) -> Mapping[str, Mentions]:
        """Source id → the mentions in its visible text (`texts`); `spread`: see Spread."""
        if self.found_in and self.found_in[0] is texts and self.found_in[1] is self.finder:
            return self.found_in[2]
        if spread is not None:
            self._find_spread(dossier, texts, spread)
        found = {source_id: self._found(dossier.sources[source_id], source_id, texts) for source_id in texts}
        for gone in set(self.found) - set(found):
            del self.found[gone]
        self.found_in = (texts, self.finder, found)
        return found

    def _find_spread(self, dossier: Dossier, texts: Mapping[str, str], spread: Spread) -> None:
        """Find the mentions of the sources not found yet in one process per core, from SPREAD_FROM
        of them: found by the main process alone, they left the other cores idle (4 s at 10,000
        long sources on two cores: docs/performance.md, "The long corpus at 20,000 sources")."""
        missing = [source_id for source_id in texts
                   if (cached := self.found.get(source_id)) is None or cached[0] is not dossier.sources[source_id]]
        if len(missing) < SPREAD_FROM:
            return
        finder = self.finder

        def find_share(share: Sequence[str]) -> list[tuple[str, Mentions]]:
            return [(source_id, Mentions(finder.find(texts[source_id]))) for source_id in share]

        for share in spread(find_share, missing):
            for source_id, mentions in share:
                self.found[source_id] = (dossier.sources[source_id], mentions)

    def _found(self, source: object, source_id: str, texts: Mapping[str, str]) -> Mentions:
        """The mentions of a source, its text read only when they are not found yet (a one-shot build
        may read it from disk: core/shelf.py)."""
        cached = self.found.get(source_id)
        if cached is None or cached[0] is not source:
            cached = self.found[source_id] = (source, Mentions(self.finder.find(texts[source_id])))
        return cached[1]


def _may_hold(texts: Mapping[str, str], source_id: str, names: set[str]) -> bool:
    """Whether the text of `source_id` holds one of `names` (a text that is not there may)."""
    return bool(names) and (source_id not in texts or holds_any(texts, source_id, names))
