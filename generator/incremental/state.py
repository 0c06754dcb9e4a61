"""What a Builder carries from one build to the next, in one place: the caches of the check stages,
of the link stage and of the views, the dependency graph of the site, the last site rendered, and
what changed since it was rendered; and the Builder's modes, fixed when it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.check.captures import CaptureChecks
from generator.check.parts import ResolveCache
from generator.core.model import Config
from generator.core.shelf import Shelf, Text, in_memory
from generator.history.changelog import Changelog
from generator.history.versions import ParsedVersions
from generator.incremental.changes import EVERYTHING, NOTHING, Change, keep_record_strings, reported
from generator.incremental.rendering import Rendered
from generator.link.cache import LinkCache
from generator.output.search_index import SearchSite
from generator.read.load import Content
from generator.read.validate import Validation
from generator.site.export import DataParts
from generator.site.graph import Dependencies
from generator.site.render import environment
from generator.site.views import ViewCache


@dataclass(frozen=True, slots=True)
class Mode:
    """How a Builder builds, for its whole life."""

    strict: bool = False
    """Warnings count as errors."""
    serial: bool = False
    """Render in this process only (the preview server must not fork its threads)."""
    keep: bool = True
    """Keep what a next build would reuse; False for a one-shot build, to keep memory low."""
    defer_data: bool = False
    """A rebuild writes its pages first, and the data files when its `finish` is called."""
    search_later: bool = False
    """A full build keeps the site's search index as it is, for the caller to index again later
    (`dossier serve` does, once the edits pause): indexing a big dossier takes seconds."""
    uncommitted: bool = False
    """Pages show the edits not yet committed as such (`dossier serve` does; docs/history.md)."""
    save: bool = True
    """A full build saves its site's digests and graph in `.dossier-cache/` for `dossier serve` to
    start from (incremental/saved.py)."""


@dataclass(slots=True)
class CheckCaches:
    """What the check stages of one build leave for the next."""

    config: Config | None = None
    content: Content | None = None
    validation: Validation | None = None
    resolve: ResolveCache = field(default_factory=ResolveCache)
    captures: CaptureChecks = field(default_factory=CaptureChecks)
    shelf: Shelf | None = None
    """Where the sources' texts read are kept, on disk (core/shelf.py)."""

    def keeping(self, root: Path, shelve: bool) -> Callable[[str], Text]:
        """How this check keeps the texts it reads: with `shelve`, on the shelf, a new one when every
        file is read again (the last one's texts are then all replaced: its file goes with the last
        of them); in memory without, or when no shelf can be made (a one-shot build spills its texts
        once its quotes are located, check/spill.py: it reads its files in other processes)."""
        if not shelve:
            return in_memory
        if self.shelf is None or self.content is None:
            self.shelf = Shelf.in_cache_of(root)
        self.resolve.keep = self.shelf.keep if self.shelf is not None else in_memory
        return self.resolve.keep


@dataclass(slots=True)
class State:
    """Everything one build leaves for the next."""

    checks: CheckCaches = field(default_factory=lambda: CheckCaches(resolve=ResolveCache(ahead=True)))
    links: LinkCache = field(default_factory=LinkCache)
    views: ViewCache = field(default_factory=ViewCache)
    data: DataParts = field(default_factory=DataParts)
    graph: Dependencies = field(default_factory=Dependencies)
    """What each page, kept value and record of dossier.json was made from."""
    env: jinja2.Environment | None = None
    env_templates: tuple | None = None
    """The templates' stamp `env` was made for: it never looks at them again (auto_reload off,
    since asking each template file's time on every page cost a few percent of a build)."""
    last: Rendered | None = None
    """The site as last rendered and written (None: the next build renders every page)."""
    since_render: Change = EVERYTHING
    """What changed in the dossier since `last` was rendered (checks may have failed since)."""
    search: SearchSite | None = None
    """The search index the site holds, as the last full build left it."""
    changelog: Changelog | None = None
    """Each record's changes as the last build read them from the commits (the edits not yet
    committed left out), for the next build to reuse while HEAD stays the same."""
    versions: ParsedVersions = field(default_factory=ParsedVersions)
    """The versions of the uncommitted files the last build compared with HEAD (history/versions.py)."""

    def checked(self, ok: bool) -> None:
        """A check ran: what it validated is one more change since the last render (anything,
        when it could not read the dossier)."""
        validation = self.checks.validation
        change = reported(validation.changed, validation.same_ids) if ok and validation is not None else EVERYTHING
        self.since_render = self.since_render.then(change)

    def previous(self, stamp: tuple, templates: Path) -> Rendered | None:
        """The last site, when it was rendered with the same templates; else None, and the views
        and the template environment start afresh."""
        if self.last is not None and self.last.templates == stamp and self.env_templates == stamp:
            return self.last
        self.views, self.env, self.env_templates = ViewCache(), environment(templates), stamp
        return None

    def drop_values(self) -> None:
        """A build failed: forget the values it may have made from what is no longer there (the
        graph still says which pages showed them)."""
        self.views.drop_values()
        self.data.drop_json()

    def rendered(self, last: Rendered, graph: Dependencies) -> None:
        """A build wrote `last`, whose pages were made as `graph` records."""
        anything = self.since_render is EVERYTHING
        self.last, self.graph, self.since_render = last, graph, NOTHING
        if anything or not self.views.strings:  # the records read again hold their texts on a new shelf:
            keep_record_strings(last.links, self.views.strings)  # the strings kept of the last ones go
