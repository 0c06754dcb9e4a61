"""The render stage with its bookkeeping: which pages to render again, every file's digest, the
files that changed, staged for a full build or kept in memory for an incremental one, and the
assets and data files (dossier.json, the search index, sitemap.xml) written with the pages.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.core import urls
from generator.core.builtin import default_templates
from generator.core.diagnostics import Diagnostic
from generator.core.steps import Pace, finished
from generator.incremental.inputs import changed_inputs
from generator.incremental.later import NOTHING_LEFT, Left, first_pages
from generator.incremental.saved import GraphPart, graph_part
from generator.link.links import Links
from generator.output import parallel
from generator.output.captures import Published, published_captures
from generator.output.content import Content, pieces_of
from generator.output.write import OutputError, Staging
from generator.read.load import is_ignored
from generator.site import atom, bibliography, data_page, export, keys, open_data
from generator.site.export import DataParts
from generator.site.graph import Dependencies
from generator.site.keys import InputKey
from generator.site.pages import PagePlan, make, plan, replanned, same_plan
from generator.site.render import template_error
from generator.site.views import ViewCache, Views


@dataclass(slots=True)
class Rendered:
    """The site as last built: its links, a digest of each file's bytes, and its pages."""

    links: Links
    digests: dict[str, bytes]
    plans: dict[str, PagePlan]
    templates: tuple


def digest(data: Content) -> bytes:
    """Of a file's bytes, or of the bytes its pieces join to."""
    hashing = hashlib.blake2b(digest_size=16)
    for piece in pieces_of(data):
        hashing.update(piece)
    return hashing.digest()


def template_stamp(templates: Path) -> tuple:
    """Size and time of every template file: any change means every page is rendered again."""
    stamp = []
    for folder in (templates, default_templates()):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    info = path.stat()
                    stamp.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


@dataclass(frozen=True, slots=True)
class DataFiles:
    """The data files of a build, made while its pages render: path → bytes (taken out as they are
    kept), the captures to publish by path, and dossier.json."""

    files: dict[str, bytes]
    captures: dict[str, Published]
    dossier_json: export.JsonFile


def _for_a_while(paths: list[str], seconds: float, taken: list[str], interrupted: Callable[[], bool]) -> Iterator[str]:
    """The first of `paths`, and the next ones until `seconds` have passed or `interrupted()`, each put in `taken`."""
    until = time.perf_counter() + seconds
    for path in paths:
        if taken and (time.perf_counter() >= until or interrupted()):
            return
        taken.append(path)
        yield path


def _with_carried(affected: set[InputKey], carried: Left) -> set[InputKey] | None:
    """What changed for the data files: what this build's changes affect, and, when the last build
    left its data files unmade, what changed for them there."""
    if not carried.data_due:
        return affected
    return None if carried.data_changes is None else affected | carried.data_changes


class Site:
    """One build's rendering: every file's digest, the pages' inputs (in the graph), and the bytes of
    the files that changed (staged for a full build, kept in memory for an incremental one)."""

    def __init__(self, links: Links, env: jinja2.Environment, templates: Path, root: Path,
                 previous: Rendered | None, cache: ViewCache, data: DataParts | None, staging: Staging | None,
                 graph: Dependencies | None) -> None:
        """`cache` and `data`: the views and the parts of the data files kept from the last build
        (`data` None: a one-shot build, which keeps none, even when it records its graph to save it);
        `graph`: what each page and kept value was made from, kept from the last build and updated
        by this one, or replaced when every page is made again (None: nothing outlives this build)."""
        self.links, self.env, self.templates, self.root = links, env, templates, root
        self.previous, self.cache, self.data, self.staging, self.graph = previous, cache, data, staging, graph
        self.digests: dict[str, bytes] = {}
        self.plans: dict[str, PagePlan] = {}
        self.changed: dict[str, Content] = {}
        self.rendered: tuple[str, ...] = ()
        """The pages rendered, in path order."""
        self.rest: list[str] = []
        """The pages left for `render_rest` (see `render`'s `first`), in path order."""
        self.data_changes: set[InputKey] | None = None
        """What changed for the data files since they were last made (None: anything)."""
        self.graph_parts: list[GraphPart] = []
        """The renderers' graphs in their saved form (a one-shot build's), saved after `graph`."""

    def render(self, processes: int, parallel_from: int, changed: set[InputKey] | None = None,
               with_data: bool = True, alongside: Callable[[], object] = lambda: None,
               first: Collection[str] | None = None, carried: Left = NOTHING_LEFT,
               told: Mapping[str, Set[str]] | None = None) -> list[Diagnostic]:
        """Render the pages that need it, and the assets and data files; the template errors, if any.
        `processes` render at once when there are at least `parallel_from` pages to render;
        `changed`: the page inputs that differ from the previous build's, when the link stage knows
        (it knows only when every record's id is the same, so are the pages; None: compare); without
        `with_data`, the previous build's data files stay until `data_file_steps`. `alongside()` is
        started while the pages render (the caller's own work, such as the search index); the data
        files are made before it, since they need no page, and a full build's are staged at once.
        With `first` (pages wanted at once, such as those open in a browser) and without
        `with_data`, a rebuild renders only the pages that come first (see `first_pages`) and leaves
        the others in `rest` for `render_rest`. `carried`: what the last build's Finish left
        (Finish.leave): its pages are rendered by this one, and its data files, if due, are made
        with this one's. `told`: see inputs.changed_inputs."""
        previous = self.previous
        same_ids = changed is not None and not keys.ids_came_or_went(changed)
        same_pages = previous is not None and (same_ids or same_plan(previous.links, self.links))
        if changed is None:
            changed = changed_inputs(previous.links, self.links, self.cache.strings, told) if previous else set()
        plans, gone = (plan(self.links), []) if previous is None else (
            (previous.plans, []) if same_pages else replanned(previous.plans, previous.links, self.links))
        self.plans = plans
        if previous is None or self.graph is None or keys.CONFIG in changed or keys.NAMES in changed:
            self._start_afresh(previous)
            todo = list(plans)
        else:
            affected = self.graph.affected(changed)
            self.data_changes = _with_carried(affected, carried)
            self.cache.drop(affected)
            stale = {path for key in affected if (path := keys.page_path(key)) is not None}
            stale.update(carried.pages)
            self.digests = dict(previous.digests)  # the data files' too, until _kept_data_files
            for path in gone:  # the pages that went
                self.digests.pop(path, None)
            todo = sorted(path for path in plans.keys() - self.digests.keys() | stale if path in plans)
            if first is not None and not with_data:
                todo, self.rest = first_pages(todo, changed, previous.digests, first)
        processes = processes if len(todo) >= parallel_from else 1
        share = functools.partial(self._render_share, plans, processes > 1)
        made_data: list[DataFiles] = []

        def meanwhile() -> None:
            if with_data:  # first, so that its memory is free again before the caller's work needs some
                made = self.make_data_files()
                if self.staging is not None:  # staged now: their 70 MB at 10,000 sources let go at once
                    self.keep_data_files(made)
                else:
                    made_data.append(made)
            alongside()

        results = parallel.fork_map(share, todo, processes, passed_on=(OutputError,), meanwhile=meanwhile)
        problems = []
        while results:  # each share's graph let go once taken in
            done, share_problems, made = results.pop(0)
            problems += share_problems
            self._take(done)
            if isinstance(made, tuple):
                self.graph_parts.append(made)
            elif self.graph is not None and made is not None:
                self.graph.merge(made)
        self.rendered = tuple(sorted(todo))
        if problems:
            return problems
        if with_data:
            if made_data:
                self.keep_data_files(made_data.pop())
            return self.data_problems
        return problems

    def render_rest(self, seconds: float, interrupted: Callable[[], bool]) -> list[Diagnostic]:
        """Render the next pages that `render` left for later, for about `seconds` or until `interrupted()` (one page
        at least); the template errors, if any. Pages that fail keep no digest: the next build renders them again."""
        taken: list[str] = []
        done, problems, _ = self._render_share(self.plans, False, _for_a_while(self.rest, seconds, taken, interrupted))
        self.rest = self.rest[len(taken):]
        self._take(done)
        self.forget(set(taken) - {path for path, _, _ in done})
        return problems

    def forget(self, paths: set[str]) -> None:
        """Drop the digests of pages or files that are not on disk as this site has them (not
        rendered, or not written), so that the next build makes and writes them again."""
        for path in paths:
            self.digests.pop(path, None)

    def _take(self, done: list[tuple[str, bytes, Content | None]]) -> None:
        """Record the pages rendered: each one's digest, and its bytes when they are to be written."""
        for path, file_digest, data in done:
            self.digests[path] = file_digest
            if data is not None:
                self.changed[path] = data

    def _start_afresh(self, previous: Rendered | None) -> None:
        """Config or the names changed (or there is no last build): every page and value is made
        again, and recorded in a graph of their own, which replaces the last one only when this
        build succeeds (a failed one must not lose what the last site's pages were made from). The
        last build's data files keep their digests until the data files made are kept (_kept_data_files)."""
        if previous is not None:
            self.digests = {path: value for path, value in previous.digests.items() if path not in previous.plans}
        self.cache.drop_values()
        if self.data is not None:
            self.data.drop_json()
        if self.graph is not None:
            self.graph = Dependencies()
        self.data_changes = None

    def data_file_steps(self, interrupted: Callable[[], bool]) -> Iterator[set[str] | None]:
        """The assets, dossier.json, the search index, the open data files and their page, and sitemap.xml, made and
        kept in steps of about 20 ms or until `interrupted()` (core/steps.Pace), for the preview to answer requests and
        take saves in between: None after each step (what is kept by then is written after it); then, the files kept,
        the data files of the previous build that are gone. A template error of the Data page is in `data_problems`."""
        files = yield from self._made_data_files(Pace(interrupted=interrupted))
        stale = yield from self._kept_data_files(files, Pace(interrupted=interrupted))
        yield stale

    def make_data_files(self) -> DataFiles:
        """The data files' bytes, made from the links alone (no page is needed)."""
        return finished(self._made_data_files(Pace()))

    def keep_data_files(self, made: DataFiles) -> set[str]:
        """Keep the data files made (and publish the captures): a full build's as soon as they are made, a rebuild's
        once the pages are rendered. Returns the data files of the previous build that are gone."""
        return finished(self._kept_data_files(made, Pace()))

    def _made_data_files(self, pace: Pace) -> Generator[None, None, DataFiles]:
        """The data files made in steps, with a None after each."""
        kept = self.data if self.graph is not None else None
        search = yield from export.search_index(self.links, kept.search if kept else None, pace)
        extra = assets(self.templates) | {urls.SEARCH_INDEX: search}
        yield from pace.pause()
        captures = {capture.site_path: capture for capture in published_captures(self.links.dossier, self.root)}
        dossier_json = yield from export.dossier_json_steps(self.links, kept.json if kept else None,
                                                            self.data_changes, self.graph, pace)
        yield from pace.pause()
        extra |= yield from self._open_data(kept.tables if kept else None, pace)
        yield from pace.pause()
        self.data_problems: list[Diagnostic] = []
        if (page := self._data_page(extra, dossier_json.size)) is not None:
            extra[urls.DATA] = page
        config = self.links.dossier.config
        if self.links.changelog.head is not None:
            extra[urls.CHANGES_FEED] = atom.feed(Views(self.links, 0, self.cache))
        if config.base_url:
            extra["sitemap.xml"] = export.sitemap(config.base_url, [*self.plans, urls.DATA], config.link_style)
        return DataFiles(extra, captures, dossier_json)

    def _kept_data_files(self, made: DataFiles, pace: Pace) -> Generator[None, None, set[str]]:
        """Keep the data files made and publish the captures, in steps, then, in a step of its own, dossier.json
        (40 MB at 10,000 sources, kept in pieces); returns the data files of the previous build that are gone.
        Each file is taken out of `made` as it is kept: once written, its bytes go."""
        paths, captures = dict.fromkeys(made.files), made.captures
        for path in paths:
            self._keep(path, made.files.pop(path))
            if pace.due():
                yield None
        for capture in captures.values():  # read only when its bytes were not published: rarely in a preview
            self._publish(capture)
        yield from pace.pause()
        # In the step that returns them: a save before it must find their digests, to remove them.
        stale = {path for path in self.digests if path not in self.plans and path not in paths
                 and path not in captures and path != "dossier.json"}
        for path in stale:
            del self.digests[path]
        self._keep("dossier.json", made.dossier_json.pieces, made.dossier_json.digest)
        return stale

    def _open_data(self, rows: open_data.KeptRows | None, pace: Pace) -> Generator[None, None, dict[str, bytes]]:
        """The CSV files and sources.json (docs/open-data.md), made in steps; with `rows` (kept), each
        record's row is kept for the next build, which makes again only the rows of records that changed."""
        files = yield from open_data.tables(self.links, rows, pace)
        files[bibliography.PATH] = yield from bibliography.sources_json(self.links, rows, pace)
        return files

    def _data_page(self, files: dict[str, bytes], json_size: int) -> bytes | None:
        """The Data page, made once the files it lists are made, since it gives their sizes (None,
        and the problem in `data_problems`, when its template fails)."""
        sizes = {path: len(files[path]) for path in urls.DATA_FILES} | {urls.DOSSIER_JSON: json_size}
        plan = data_page.data_page(sizes, data_page.capture_totals(self.links))
        try:
            page = make(plan, Views(self.links, plan.depth, self.cache))
            return self.env.get_template(page.template).render(page.context).encode("utf-8")
        except OSError:  # the machine's (a failing disk), not the template's: one line, as anywhere else
            raise
        except Exception as exc:
            self.data_problems.append(template_error(exc, plan.template, self.root, self.templates))
            return None

    def _publish(self, capture: Published) -> None:
        """A capture is read and copied only when the last build did not publish the bytes its source records."""
        if self.staging is None and self.previous is not None and \
                self.previous.digests.get(capture.site_path) == capture.digest:
            self.digests[capture.site_path] = capture.digest
        else:
            self._keep(capture.site_path, capture.verified_bytes(), capture.digest)

    def prime(self) -> None:
        """Render the first page of each template and throw the pages away: the templates are
        compiled and the values the index pages share made (each figure's summary: about 1 s at
        10,000 sources), so that the first save after a warm-up does not wait for them
        (docs/performance.md, "The preview: save to page")."""
        first: dict[str, str] = {}
        for path, page in sorted(self.plans.items()):
            first.setdefault(page.template, path)
        self._render_share(self.plans, False, sorted(first.values()))

    def _render_share(self, plans: dict[str, PagePlan], apart: bool, paths: Iterable[str]) -> tuple[
            list[tuple[str, bytes, Content | None]], list[Diagnostic], Dependencies | GraphPart | None]:
        """Render some pages: (path, digest, bytes to write or None) of each, the template errors, and, when
        rendered `apart` (in a process of its own), what the pages and the values they keep were made from, for
        the parent to take in (else they are recorded in the site's graph): a one-shot build's in its saved form."""
        def render_partial(name: str, **context: object) -> str:
            return self.env.get_template(name).render(context)

        made = Dependencies() if apart and self.graph is not None else self.graph
        once = apart and parallel.forks()  # a process of its own, whose cache goes with it
        views = [Views(self.links, depth, self.cache, render_partial, made, once=once) for depth in range(3)]
        done, problems = [], []
        for path in paths:
            try:
                page = make(plans[path], views[plans[path].depth])
                data = self.env.get_template(page.template).render(page.context).encode("utf-8")
            except OSError:  # as above
                raise
            except Exception as exc:
                problems.append(template_error(exc, plans[path].template, self.root, self.templates))
                if len(problems) >= 20:
                    break
                continue
            file_digest = digest(data)
            if made is not None:
                made.record(keys.page(path), page.inputs)
            done.append((path, file_digest, self._stage(path, data, file_digest)))
        if once and made is not None and self.data is None:  # nothing reads it but the save
            self.cache.drop_values()  # this process's own, gone with it: room for the part's bytes
            return done, problems, graph_part(made)
        return done, problems, made if apart else None

    def _stage(self, path: str, data: Content, file_digest: bytes | None = None) -> Content | None:
        """Stage a full build's file (returns None: nothing to keep); keep an incremental one's bytes
        when they differ from the last build's."""
        if self.staging is not None:
            self.staging.put(path, data)
            return None
        previous = self.previous.digests.get(path) if self.previous else None
        return data if previous != (digest(data) if file_digest is None else file_digest) else None

    def _keep(self, path: str, data: Content, file_digest: bytes | None = None) -> None:
        self.digests[path] = digest(data) if file_digest is None else file_digest
        if (changed := self._stage(path, data, file_digest)) is not None:
            self.changed[path] = changed


def assets(templates: Path) -> dict[str, bytes]:
    """`assets/` of the default templates, overridden file by file by the project's."""
    found: dict[str, bytes] = {}
    for folder in (default_templates() / "assets", templates / "assets"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink() and not is_ignored(path.name):
                    found["assets/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return found
