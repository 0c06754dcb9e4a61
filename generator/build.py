"""The pipeline, stage by stage: config → load → validate → resolve → link → render → write.

`Builder.build()` runs every stage; a Builder kept alive (as `dossier serve` keeps one) reuses
what did not change since its last build: files whose size and times are the same are not read
again (or, told by the file watcher which files changed, only those are looked at), records of
unchanged files are not validated again, quotes are not searched again, and only the pages whose
recorded inputs changed are rendered again. When only claims changed and every id stayed the same,
each stage patches the last build's result with the changed claims (validate, resolve, relink)
instead of going over every record. A fresh Builder does everything, so a full build and an
incremental one run the same code and give the same bytes (tests/integration/test_incremental.py).

What a Builder keeps between builds is one `incremental.state.State`; what changed is decided in
`incremental.changes`, and which pages to render again in `incremental.rendering`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.check.captures import check_captures
from generator.check.resolve import resolve
from generator.check.resolved import Resolved
from generator.check.spill import spill
from generator.core import diagnostics as diag
from generator.core.diagnostics import Diagnostic, Span, error
from generator.core.kinds import KINDS, SOURCE
from generator.core.layout import MARKER
from generator.core.model import Config
from generator.history.changelog import Changelog
from generator.history.dates import read_history
from generator.history.records import read_changelog, uncommitted
from generator.incremental import saved
from generator.incremental.changes import records_changed
from generator.incremental.inputs import changelogged, dated
from generator.incremental.later import NOTHING_LEFT, Finish, Left
from generator.incremental.relink import relink
from generator.incremental.rendering import Rendered, Site, template_stamp
from generator.incremental.state import CheckCaches, Mode, State
from generator.link.cache import LinkCache
from generator.link.links import Links
from generator.output import parallel, search_index
from generator.output.pagefind import SearchIndexError
from generator.output.search_index import SearchSite
from generator.output.write import OutputError, Staging, WriteReport, update_site
from generator.read.config import load_config, protected_folders
from generator.read.load import load_content
from generator.read.pieces import claims_in_pieces
from generator.read.records import validate_file
from generator.read.validate import validate
from generator.site.graph import Dependencies
from generator.site.keys import InputKey
from generator.site.pages import plan
from generator.site.search_records import search_records


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of reading and checking a dossier."""

    root: Path
    config: Config | None
    """None when config.yaml itself is wrong (a configuration error, exit 2)."""
    resolved: Resolved | None
    diagnostics: list[Diagnostic]
    with_errors: Mapping[str, int] = field(default_factory=dict)
    """Content folder → how many of its records (or unreadable files) have errors: they are left out
    of the dossier but were read, and the summary counts them."""

    @property
    def ok(self) -> bool:
        return self.resolved is not None and not diag.has_errors(self.diagnostics)


def check(config_path: Path, strict: bool = False, caches: CheckCaches | None = None,
          changed: set[Path] | None = None, revision: bool = False, trees: bool = False) -> Checked:
    """Read everything and report every problem; with `strict`, warnings count as errors.
    `caches`: what a previous check left, for a next one (None: nothing is kept); each file is
    validated as soon as it is parsed, so that its syntax tree can go at once (docs/performance.md,
    "Starting the preview"), and a change of config.yaml reads every file again;
    `changed`: the paths a file watcher saw change since the build that left `caches`;
    `revision`: the dossier is a git revision written out by `dossier diff` (see capture.checks);
    `trees`: keep each file's syntax tree in `caches.content` instead (`dossier diff` reads them)."""
    lean = caches is None
    caches = caches if caches is not None else CheckCaches()
    root = config_path.parent.resolve()
    config, problems = load_config(config_path, revision)
    if config is None:
        return Checked(root, None, None, diag.sorted_unique(problems))
    content_dir = root / config.content_dir
    if not content_dir.is_dir() or content_dir.is_symlink():
        problem = error("config.content-dir", f"content folder '{config.content_dir}' not found",
                        Span(config_path.name), "create it, or set content_dir in config.yaml")
        return Checked(root, None, None, [problem])
    if config != caches.config:
        caches.config, caches.validation, caches.content = config, None, None
    if changed is not None:  # config.yaml and templates are looked at on every build anyway
        templates = root / config.templates_dir
        changed = {path for path in changed if path != root / config_path.name and templates not in path.parents}
    spread, keep = parallel.spread(lean), caches.keeping(root, shelve=not (lean or trees))
    content = load_content(root, content_dir, caches.content, changed,
                           None if trees else functools.partial(validate_file, config=config, keep=keep), spread,
                           None if lean or trees else claims_in_pieces)
    caches.content = content
    validation = caches.validation = validate(content, config, caches.validation)
    last = caches.resolve.last.dossier if caches.resolve.last is not None else None
    resolved, unresolved = resolve(validation.dossier, validation.broken, caches.resolve,
                                   records_changed(validation.replaced, last, validation.dossier), spread)
    resolved, captured = check_captures(root, config.content_dir, content.captures, resolved, validation.broken.get(
        SOURCE.folder, set()), caches.captures, revision, spread)
    found = [*problems, *content.diagnostics, *validation.diagnostics, *unresolved, *captured]
    if strict:
        found = diag.strict(found)
    with_errors = {folder: len(ids) for folder, ids in validation.broken.items() if ids}
    return Checked(root, config, resolved, diag.sorted_unique(found), with_errors)


@dataclass(frozen=True, slots=True)
class Built:
    checked: Checked
    pages: int = 0
    """Pages rendered by this build (all of them in a full build)."""
    report: WriteReport | None = None
    output_problem: str | None = None
    """Why the output folder could not be written (a configuration error, exit 2)."""
    seconds: float = 0.0
    files: tuple[str, ...] = ()
    """Every file of the site after a successful build, relative to the output folder."""
    finish: Finish | None = None
    """For a Builder that defers its data files: writes dossier.json and sitemap.xml (and assets), which the pages
    do not need, then the pages of `later`; call it (or step it) once the first pages have been shown."""
    rendered: tuple[str, ...] = ()
    """The pages this build rendered, relative to the output folder, in path order."""
    later: tuple[str, ...] = ()
    """The pages that `finish` renders and writes (see Builder.build's `first`), in path order."""


PARALLEL_FROM = 400
"""Full builds of at least this many pages render in one process per core."""


class Builder:
    """Builds one dossier again and again, redoing only what its inputs' changes require.

    `serial` keeps rendering in this process (the preview server must not fork its threads);
    `keep` False is for a one-shot build: what a next build would reuse is dropped as soon as this
    one is done with it, to keep memory low (see state.Mode).
    """

    def __init__(self, config_path: Path, strict: bool = False, serial: bool = False, keep: bool = True,
                 defer_data: bool = False, search_later: bool = False, uncommitted: bool = False,
                 save: bool = True) -> None:
        self.config_path = config_path
        self.mode = Mode(strict, serial, keep, defer_data, search_later, uncommitted, save)
        self.state = State()

    def build(self, progress: Callable[[str], None] = lambda message: None,
              changed: set[Path] | None = None, first: Collection[str] | None = None,
              carried: Left = NOTHING_LEFT) -> Built:
        """Check, render what changed, and only then write; a failed build writes nothing.
        `changed`: the paths a file watcher saw change since the last build (None: look at all);
        `first`: a rebuild of a Builder that defers its data files writes these pages (with the
        changed records' own and the new ones) and leaves the other pages to `Built.finish`
        (None: it writes every page; incremental.later.first_pages); `carried`: what the last build's
        `finish` left (incremental.later.Finish.leave), its pages and data files, which this one makes."""
        with _long_lived(not self.mode.keep) as settle:
            return self._build(progress, changed, (first, carried), settle)

    def _build(self, progress: Callable[[str], None], changed: set[Path] | None,
               pages: tuple[Collection[str] | None, Left], settle: Callable[[], None]) -> Built:
        started = time.perf_counter()
        mode, state = self.mode, self.state
        inputs = saved.stamp(self.config_path, mode.uncommitted) if mode.save and state.last is None else None
        checked = check(self.config_path, mode.strict, state.checks if mode.keep else None, changed)
        state.checked(checked.resolved is not None)
        if not checked.ok:
            return Built(checked, seconds=time.perf_counter() - started)
        checked = checked if mode.keep else replace(checked, resolved=spill(checked.resolved, checked.root))
        assert checked.config is not None and checked.resolved is not None
        progress(f"checked {counts(checked)}")
        settle()
        links, changed_inputs = self._linked(checked)
        settle()
        if not mode.keep:
            state.links = LinkCache()
        templates = checked.root / checked.config.templates_dir
        stamp = template_stamp(templates)
        previous = state.previous(stamp, templates)
        if previous is not None and previous.links.finder is not links.finder:
            state.views.markdown.clear()  # rendered with the mention links of the last names
        output = checked.root / checked.config.output_dir
        protected = tuple(protected_folders(checked.root, checked.config).values())
        try:
            staging = Staging(output, protected) if previous is None else None
        except OutputError as problem:
            return Built(checked, output_problem=str(problem), seconds=time.perf_counter() - started)
        assert state.env is not None
        site = Site(links, state.env, templates, checked.root, previous, state.views,
                    state.data if mode.keep else None, staging,
                    state.graph if mode.keep else Dependencies() if inputs else None)
        defer = mode.defer_data and previous is not None
        search_lines: list[str] = []
        search = parallel.Background(functools.partial(_stage_search, links, checked.root, output, staging,
                                                       mode.search_later, search_lines.append)) if staging else None
        try:
            problems = site.render(1 if mode.serial or previous else parallel.workers(), PARALLEL_FROM,
                                   changed_inputs, with_data=not defer, alongside=search.start if search else _nothing,
                                   first=pages[0] if defer else None, carried=pages[1], told=state.since_render.ids())
        except OutputError as problem:  # a file could not be staged (a full disk, a read-only folder)
            return self._failed_to_write(problem, checked, staging, started, search)
        except BaseException as problem:  # Ctrl-C included: no staging folder is left behind
            _abort(staging, search if isinstance(problem, Exception) else None)
            raise
        if problems:
            _abort(staging, search)
            state.drop_values()
            found = diag.sorted_unique(checked.diagnostics + problems)
            return Built(Checked(checked.root, checked.config, checked.resolved, found),
                         seconds=time.perf_counter() - started)
        progress(f"rendered {len(site.rendered)} pages")
        try:
            if staging is not None:
                assert search is not None
                state.search = _searched(search, search_lines, progress)
                report = staging.commit({*site.digests, *state.search.files})
                _remember_search(checked.root, state.search)
                if inputs is not None and site.graph is not None:
                    saved.remember(checked.root, inputs, output, site.digests, state.search.files, site.graph,
                                   site.graph_parts)
            else:
                assert previous is not None
                report = update_site(output, site.changed, previous.digests.keys() - site.digests.keys(),
                                     len(site.digests), protected)
                if not mode.search_later:
                    state.search = search_index.refresh(search_records(links), checked.root, output, protected,
                                                        parallel.workers(), progress)
        except OutputError as problem:
            return self._failed_to_write(problem, checked, None, started, search)
        except SearchIndexError as problem:
            return self._failed_to_write(OutputError(f"cannot build the search index: {problem}"), checked, staging,
                                         started, search)
        if site.graph is not None and mode.keep:
            if previous is None:
                site.graph.index()
            state.rendered(Rendered(links, site.digests, site.plans, stamp), site.graph)
        seconds = time.perf_counter() - started
        files = (*site.digests, *sorted(state.search.files if state.search else ()), MARKER)
        progress(f"wrote {checked.config.output_dir}/: {report.written} files written, "
                 f"{len(files) - 1 - report.written} unchanged, {report.removed} removed in {seconds:.2f} s")
        finish = Finish(site, output, protected) if defer else None
        return Built(checked, len(site.rendered), report, seconds=seconds, files=files, finish=finish,
                     rendered=site.rendered, later=tuple(site.rest))

    def warm(self, start: saved.Saved) -> bool:
        """Take over the site `start` describes as if this Builder had just built it, without
        rendering: check and link, then adopt its files' digests and its graph. False, with nothing
        taken over, when the inputs are not (any more) those it was built from."""
        checked = check(self.config_path, self.mode.strict, self.state.checks)
        self.state.checked(checked.resolved is not None)
        if not checked.ok:
            return False
        assert checked.config is not None
        links, _ = self._linked(checked)
        graph = start.graph()
        if graph is None or saved.stamp(self.config_path, self.mode.uncommitted) != start.inputs:
            return False
        templates = checked.root / checked.config.templates_dir
        self.state.previous(stamp := template_stamp(templates), templates)
        assert self.state.env is not None
        site = Site(links, self.state.env, templates, checked.root, None, self.state.views, self.state.data, None,
                    graph)
        site.plans = plan(links)
        site.make_data_files()  # for the parts the next build patches them from: the files are on disk already
        graph.index()
        site.prime()
        self.state.rendered(Rendered(links, dict(start.digests), site.plans, stamp), graph)
        return True

    def _linked(self, checked: Checked) -> tuple[Links, set[InputKey] | None]:
        """The link stage with the dates and changes from git, patched from the last build's when it
        can be, and the page inputs that changed since (None: they are to be compared)."""
        assert checked.config is not None and checked.resolved is not None
        state, spread = self.state, parallel.spread(not self.mode.keep)
        last_links = state.last.links if state.last else None
        links, changed_inputs = relink(last_links, checked.resolved, state.links, state.since_render, spread)
        history = read_history(checked.root, checked.config.content_dir, last_links.history if last_links else None)
        links, changed_inputs = dated(last_links, links, history, changed_inputs)
        return changelogged(last_links, links, self._changelog(checked), changed_inputs)

    def _changelog(self, checked: Checked) -> Changelog:
        """Each record's changes from the commits, and in `dossier serve` the edits not yet
        committed (docs/history.md); the commits' part is kept for the next build."""
        assert checked.config is not None
        committed = self.state.changelog = read_changelog(checked.root, checked.config, self.state.changelog)
        if not self.mode.uncommitted:
            return committed
        return uncommitted(checked.root, checked.config, committed, self.state.versions)

    def _failed_to_write(self, problem: OutputError, checked: Checked, staging: Staging | None,
                         started: float, search: parallel.Background[SearchSite] | None = None) -> Built:
        """The site could not be written (it was left as it was): a configuration error, and the next
        build starts afresh."""
        _abort(staging, search)
        self.state.drop_values()
        return Built(checked, output_problem=str(problem), seconds=time.perf_counter() - started)


@contextlib.contextmanager
def _long_lived(one_shot: bool) -> Iterator[Callable[[], None]]:
    """Yields `settle()`, which a one-shot build calls once a stage has made what lives to its end (the
    checked dossier, the links). The check makes millions of objects and next to no cyclic garbage, so
    it runs without the cyclic collector; `settle()` then moves every object so far out of its sight
    (`gc.freeze`) and lets it run again, so that its full passes do not walk the dossier again and again
    while the pages and data files are made (a tenth of a cold build at 10,000 sources:
    docs/performance.md). The objects are handed back to it when the build ends. A kept Builder settles
    nothing: its state changes from one build to the next (the preview freezes its own)."""
    if not one_shot:
        yield _nothing
        return
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield _settle
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _settle() -> None:
    gc.freeze()
    gc.enable()


def _nothing() -> None:
    """Nothing to do alongside the rendering (a build that writes into the site as it is)."""


def _searched(search: parallel.Background[SearchSite], lines: list[str], progress: Callable[[str], None]
              ) -> SearchSite:
    """The search index made alongside the pages, once it is done; its progress lines are told
    now, after the pages', so that a build's output reads in the same order every time."""
    try:
        return search.result()
    finally:
        for line in lines:
            progress(line)


def _abort(staging: Staging | None, search: parallel.Background[SearchSite] | None) -> None:
    """Remove the staging folder of a build that failed, once the search index (when given: not
    after Ctrl-C, which stops Pagefind too) has stopped staging files into it, whatever its outcome."""
    if staging is not None:
        if search is not None:
            search.finish()
        staging.abort()


def _stage_search(links: Links, root: Path, output: Path, staging: Staging, later: bool,
                  progress: Callable[[str], None]) -> SearchSite:
    """The search index of a full build, staged with its pages (docs/search.md); it is made while
    the pages render, in threads that drive Pagefind's processes."""
    search = search_index.prepare(search_records(links), root, output, staging.folder, parallel.workers(), later,
                                  progress)
    if search.listing is not None:
        staging.put(search_index.BUNDLE_LIST, search.listing)
    if not later or search.indexing.bundles:
        progress(search.indexing.describe(len(search.bundles)))
    return search


def _remember_search(root: Path, search: SearchSite) -> None:
    """Record the site's search bundles; the site is written already, so a failure here only costs
    the next build the reuse of its bundles."""
    with contextlib.suppress(OSError):
        search_index.remember(root, search.bundles)


def build(config_path: Path, strict: bool = False, progress: Callable[[str], None] = lambda message: None) -> Built:
    """A full build, in a Builder that keeps nothing for a next one."""
    return Builder(config_path, strict, keep=False).build(progress)


def counts(checked: Checked) -> str:
    """How many records of each kind were read, those with errors included and said so:
    "1 source (1 with errors), 11 people, …". Needs `checked.resolved`."""
    assert checked.resolved is not None
    dossier = checked.resolved.dossier
    return ", ".join(_count(len(kind.records(dossier)), checked.with_errors.get(kind.folder, 0), kind.name)
                     for kind in KINDS)


def _count(clean: int, with_errors: int, noun: str) -> str:
    counted = diag.plural(clean + with_errors, noun)
    return f"{counted} ({with_errors} with errors)" if with_errors else counted
