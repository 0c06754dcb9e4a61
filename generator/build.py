"""The pipeline, stage by stage: config → load → validate → resolve → link → render → write.

`Builder.build()` runs every stage; a Builder kept alive (as `dossier serve` keeps one) reuses
what did not change since its last build: files whose size and times are the same are not read
again (or, told by the file watcher which files changed, only those are looked at), records of
unchanged files are not validated again, quotes are not searched again, and only the pages whose
recorded inputs changed are rendered again. When only claims changed and every id stayed the same,
each stage patches the last build's result with the changed claims (validate, resolve, relink)
instead of going over every record. A fresh Builder does everything, so a full build and an
incremental one run the same code and give the same bytes (tests/integration/test_incremental.py).
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.check.captures import CaptureChecks, check_captures
from generator.check.resolve import ResolveCache, resolve
from generator.check.resolved import Resolved
from generator.core import diagnostics as diag
from generator.core import urls
from generator.core.builtin import default_templates
from generator.core.diagnostics import Diagnostic, Span, error
from generator.core.layout import MARKER
from generator.core.model import Config
from generator.incremental.relink import relink
from generator.link import links as linking
from generator.link.links import LinkCache, Links
from generator.output import parallel
from generator.output.captures import Published, published_captures
from generator.output.write import OutputError, Staging, WriteReport, update_site
from generator.read.config import load_config, protected_folders
from generator.read.load import Content, is_ignored, load_content
from generator.read.validate import Validation, validate, validate_file
from generator.site import export
from generator.site.pages import PagePlan, make, plan
from generator.site.render import environment
from generator.site.views import ViewCache, Views


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


@dataclass(slots=True)
class CheckCaches:
    """What the check stages of one build leave for the next."""

    config: Config | None = None
    content: Content | None = None
    validation: Validation | None = None
    resolve: ResolveCache = field(default_factory=ResolveCache)
    captures: CaptureChecks = field(default_factory=CaptureChecks)


def check(config_path: Path, strict: bool = False, caches: CheckCaches | None = None,
          changed: set[Path] | None = None, revision: bool = False) -> Checked:
    """Read everything and report every problem; with `strict`, warnings count as errors.
    `caches`: what a previous check left, for a next one (None: nothing is kept, and each file is
    validated as soon as it is parsed, so that its syntax tree can go at once);
    `changed`: the paths a file watcher saw change since the build that left `caches`;
    `revision`: the dossier is a git revision written out by `dossier diff` (see capture.checks)."""
    lean = caches is None
    caches = caches if caches is not None else CheckCaches()
    root = config_path.parent.resolve()
    config, problems = load_config(config_path, revision)
    if config is None:
        return Checked(root, None, None, diag.sorted_unique(problems))
    content_dir = root / config.content_dir
    if not content_dir.is_dir() or content_dir.is_symlink():
        problem = error("config.content-dir", f"content folder '{config.content_dir}' not found", Span(config_path.name),
                        "create it, or set content_dir in config.yaml")
        return Checked(root, None, None, [problem])
    if config != caches.config:
        caches.config, caches.validation = config, None
    if changed is not None:  # config.yaml and templates are looked at on every build anyway
        templates = root / config.templates_dir
        changed = {path for path in changed if path != root / config_path.name and templates not in path.parents}
    content = load_content(root, content_dir, caches.content, changed,
                           functools.partial(validate_file, config=config) if lean else None)
    caches.content = content
    validation = caches.validation = validate(content, config, caches.validation)
    resolved, unresolved = resolve(validation.dossier, validation.broken, caches.resolve, validation.replaced)
    resolved, captured = check_captures(root, config.content_dir, content.captures, resolved,
                                        validation.broken.get("sources", set()), caches.captures, revision)
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
    finish: Callable[[], WriteReport] | None = None
    """For a Builder that defers its data files: writes dossier.json and sitemap.xml (and assets),
    which the pages do not need, after the pages; call it once the pages have been shown."""


@dataclass(slots=True)
class _Rendered:
    """The site as last built: a digest of each file's bytes, its pages, and which pages read each
    input (see views.Views)."""

    links: Links
    digests: dict[str, bytes]
    plans: dict[str, PagePlan]
    pages_by_input: dict[str, set[str]]
    """Input → pages made from it. A page made again adds itself to its new inputs without leaving
    its old ones: an input may list a page that no longer reads it, which costs a needless render
    at worst, never a missed one."""
    templates: tuple


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


PARALLEL_FROM = 400
"""Full builds of at least this many pages render in one process per core."""


class Builder:
    """Builds one dossier again and again, redoing only what its inputs' changes require.

    `serial` keeps rendering in this process (the preview server must not fork its threads);
    `keep` False is for a one-shot build: what a next build would reuse is dropped as soon as this
    one is done with it, to keep memory low.
    """

    def __init__(self, config_path: Path, strict: bool = False, serial: bool = False, keep: bool = True,
                 defer_data: bool = False) -> None:
        self.config_path = config_path
        self.defer_data = defer_data
        self.strict = strict
        self.serial = serial
        self.keep = keep
        self.caches = CheckCaches()
        self.link_cache = LinkCache()
        self.view_cache = ViewCache(dependents={} if keep else None)
        self.env: jinja2.Environment | None = None
        self.last: _Rendered | None = None
        self._changed_since_render: dict[str, set[str]] | None = None
        """Kind → ids of the records changed since the last render (None: unknown)."""

    def build(self, progress: Callable[[str], None] = lambda message: None,
              changed: set[Path] | None = None) -> Built:
        """Check, render what changed, and only then write; a failed build writes nothing.
        `changed`: the paths a file watcher saw change since the last build (None: look at all)."""
        started = time.perf_counter()
        checked = check(self.config_path, self.strict, self.caches if self.keep else None, changed)
        validation = self.caches.validation
        self._changed_since_render = _merged(self._changed_since_render, validation.changed if (
            validation is not None and checked.resolved is not None) else None)
        if not checked.ok:
            return Built(checked, seconds=time.perf_counter() - started)
        assert checked.config is not None and checked.resolved is not None
        progress(f"checked {counts(checked)}")
        links, changed_inputs = relink(self.last.links if self.last else None, checked.resolved, self.link_cache,
                                       self._changed_since_render)
        if not self.keep:
            self.link_cache = LinkCache()
        templates = checked.root / checked.config.templates_dir
        stamp = template_stamp(templates)
        previous = self.last if self.last and self.last.templates == stamp else None
        if previous is None or self.env is None:
            self.view_cache, self.env = ViewCache(dependents={} if self.keep else None), environment(templates)
        output = checked.root / checked.config.output_dir
        protected = tuple(protected_folders(checked.root, checked.config).values())
        try:
            staging = Staging(output, protected) if previous is None else None
        except OutputError as problem:
            return Built(checked, output_problem=str(problem), seconds=time.perf_counter() - started)
        site = Site(links, self.env, templates, checked.root, previous, self.view_cache, staging, self.keep)
        defer = self.defer_data and previous is not None
        try:
            problems = site.render(1 if self.serial or previous else parallel.workers(), changed_inputs,
                                   same_pages=changed_inputs is not None, with_data=not defer)
        except OutputError as problem:  # a file could not be staged (a full disk, a read-only folder)
            return self._failed_to_write(problem, checked, staging, started)
        except BaseException:  # Ctrl-C included: no staging folder is left behind
            if staging:
                staging.abort()
            raise
        if problems:
            if staging:
                staging.abort()
            self.view_cache.drop_values()
            found = diag.sorted_unique(checked.diagnostics + problems)
            return Built(Checked(checked.root, checked.config, checked.resolved, found),
                         seconds=time.perf_counter() - started)
        progress(f"rendered {site.rendered} pages")
        try:
            if staging is not None:
                report = staging.commit(site.digests)
            else:
                report = update_site(output, site.changed, set(previous.digests) - set(site.digests),
                                     len(site.digests), protected)
        except OutputError as problem:
            return self._failed_to_write(problem, checked, None, started)
        self.last = _Rendered(links, site.digests, site.plans, site.pages_by_input, stamp) if self.keep else None
        self._changed_since_render = {}
        seconds = time.perf_counter() - started
        progress(f"wrote {checked.config.output_dir}/: {report.written} files written, "
                 f"{len(site.digests) - report.written} unchanged, {report.removed} removed in {seconds:.2f} s")
        finish = functools.partial(_write_data, site, output, protected) if defer else None
        return Built(checked, site.rendered, report, seconds=seconds, files=(*site.digests, MARKER), finish=finish)

    def _failed_to_write(self, problem: OutputError, checked: Checked, staging: Staging | None,
                         started: float) -> Built:
        """The site could not be written (it was left as it was): a configuration error, and the next
        build starts afresh."""
        if staging is not None:
            staging.abort()
        self.view_cache.drop_values()
        return Built(checked, output_problem=str(problem), seconds=time.perf_counter() - started)


def _write_data(site: Site, output: Path, protected: tuple[Path, ...]) -> WriteReport:
    site.changed = {}
    stale = site.add_data_files()
    return update_site(output, site.changed, stale, len(site.digests), protected)


def _merged(before: dict[str, set[str]] | None, after: dict[str, set[str]] | None) -> dict[str, set[str]] | None:
    if before is None or after is None:
        return None
    return {kind: before.get(kind, set()) | after.get(kind, set()) for kind in before.keys() | after.keys()}


def build(config_path: Path, strict: bool = False, progress: Callable[[str], None] = lambda message: None) -> Built:
    """A full build, in a Builder that keeps nothing for a next one."""
    return Builder(config_path, strict, keep=False).build(progress)


def counts(checked: Checked) -> str:
    """How many records of each kind were read, those with errors included and said so:
    "1 source (1 with errors), 11 people, …". Needs `checked.resolved`."""
    assert checked.resolved is not None
    dossier = checked.resolved.dossier
    return ", ".join(_count(len(records), checked.with_errors.get(folder, 0), noun) for records, folder, noun in (
        (dossier.sources, "sources", "source"), (dossier.people, "people", "person"),
        (dossier.agencies, "agencies", "agency"), (dossier.figures, "figures", "figure"),
        (dossier.claims, "claims", "claim")))


def _count(clean: int, with_errors: int, noun: str) -> str:
    counted = diag.plural(clean + with_errors, noun)
    return f"{counted} ({with_errors} with errors)" if with_errors else counted


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


def changed_inputs(old: Links, new: Links) -> set[str]:
    """The page inputs (see views.Views) that differ between two link stages."""
    changed: set[str] = set()
    if old.dossier.config != new.dossier.config or old.finder is not new.finder:
        changed.add("config" if old.dossier.config != new.dossier.config else "names")
    for kind, records in new.records.items():
        before = old.records[kind]
        if before.keys() != records.keys():
            changed.add(f"all:{kind}")
        for record_id in before.keys() | records.keys():
            a, b = before.get(record_id), records.get(record_id)
            if a is not b and a != b:
                changed.add(f"{kind}:{record_id}")
    for name in linking.MAPS:
        before, after = getattr(old, name), getattr(new, name)
        for key in before.keys() | after.keys():
            if before.get(key) != after.get(key):
                changed.add(f"{name}:{key}")
    return changed


class Site:
    """One build's rendering: every file's digest, the pages' inputs, and the bytes of the files that
    changed (staged for a full build, kept in memory for an incremental one)."""

    def __init__(self, links: Links, env: jinja2.Environment, templates: Path, root: Path,
                 previous: _Rendered | None, cache: ViewCache, staging: Staging | None, keep: bool = True) -> None:
        self.links, self.env, self.templates, self.root = links, env, templates, root
        self.previous, self.cache, self.staging, self.keep = previous, cache, staging, keep
        self.digests: dict[str, bytes] = {}
        self.plans: dict[str, PagePlan] = {}
        self.pages_by_input: dict[str, set[str]] = {}
        self.changed: dict[str, bytes] = {}
        self.rendered = 0
        self._data_changes: set[str] | None = None

    def render(self, processes: int, changed: set[str] | None = None, same_pages: bool = False,
               with_data: bool = True) -> list[Diagnostic]:
        """Render the pages that need it, then the assets and data files; the template errors, if any.
        `changed`: the page inputs that differ from the previous build's, when the link stage knows;
        `same_pages`: the records' ids are those of the previous build, so are its pages; without
        `with_data`, the previous build's data files stay until `add_data_files`."""
        previous = self.previous
        if changed is None:
            changed = changed_inputs(previous.links, self.links) if previous else set()
        everything = previous is None or "config" in changed or "names" in changed
        changed = self.cache.forget(changed, everything)
        self.plans = plans = previous.plans if previous and same_pages else plan(self.links)
        if everything:
            todo = list(plans)
        else:
            self.pages_by_input = previous.pages_by_input
            stale = set().union(*(self.pages_by_input.get(key, ()) for key in changed))
            self.digests = dict(previous.digests) if same_pages else {
                path: file_digest for path, file_digest in previous.digests.items() if path in plans}
            todo = sorted(path for path in plans.keys() - self.digests.keys() | stale if path in plans)
        share = functools.partial(self._render_share, plans)
        results = parallel.fork_map(share, todo, processes if len(todo) >= PARALLEL_FROM else 1,
                                    passed_on=(OutputError,))
        problems = []
        for done, share_problems in results:
            problems += share_problems
            for path, file_digest, inputs, data in done:
                self.digests[path] = file_digest
                for key in inputs:
                    self.pages_by_input.setdefault(key, set()).add(path)
                if data is not None:
                    self.changed[path] = data
        self.rendered = len(todo)
        self._data_changes = None if everything else changed
        if problems:
            return problems
        if with_data:
            self.add_data_files()
        else:  # the last build's data files stay until add_data_files
            for path in previous.digests.keys() - previous.plans.keys():
                self.digests.setdefault(path, previous.digests[path])
        return problems

    def add_data_files(self) -> set[str]:
        """The assets, dossier.json, the search index and sitemap.xml; returns the data files of the previous build
        that are gone."""
        search = export.search_index(self.links, self.cache.search if self.keep else None)
        extra = assets(self.templates) | {urls.SEARCH_INDEX: search}
        captures = {capture.site_path: capture for capture in published_captures(self.links.dossier, self.root)}
        dossier_data, dossier_digest = export.dossier_json(self.links, self.cache.json if self.keep else None,
                                                           self._data_changes)
        config = self.links.dossier.config
        if config.base_url:
            extra["sitemap.xml"] = export.sitemap(config.base_url, [*self.plans], config.link_style)
        stale = {path for path in self.digests if path not in self.plans and path not in extra
                 and path not in captures and path != "dossier.json"}
        for path in stale:
            del self.digests[path]
        for path, data in extra.items():
            self._keep(path, data)
        for capture in captures.values():
            self._publish(capture)
        self._keep("dossier.json", dossier_data, dossier_digest)
        return stale

    def _publish(self, capture: Published) -> None:
        """A capture is read and copied only when the last build did not publish the bytes its source records."""
        if self.staging is None and self.previous is not None and \
                self.previous.digests.get(capture.site_path) == capture.digest:
            self.digests[capture.site_path] = capture.digest
        else:
            self._keep(capture.site_path, capture.verified_bytes(), capture.digest)

    def _render_share(self, plans: dict[str, PagePlan], paths: list[str]) -> tuple[list, list[Diagnostic]]:
        def render_partial(name: str, **context: object) -> str:
            return self.env.get_template(name).render(context)

        views = [Views(self.links, depth, self.cache, render_partial)
                 for depth in range(3)]
        done, problems = [], []
        for path in paths:
            try:
                page = make(plans[path], views[plans[path].depth])
                data = self.env.get_template(page.template).render(page.context).encode("utf-8")
            except Exception as exc:
                problems.append(template_error(exc, plans[path].template, self.root, self.templates))
                if len(problems) >= 20:
                    break
                continue
            file_digest = digest(data)
            done.append((path, file_digest, page.inputs if self.keep else frozenset(),
                         self._stage(path, data, file_digest)))
        return done, problems

    def _stage(self, path: str, data: bytes, file_digest: bytes | None = None) -> bytes | None:
        """Stage a full build's file (returns None: nothing to keep); keep an incremental one's bytes
        when they differ from the last build's."""
        if self.staging is not None:
            self.staging.put(path, data)
            return None
        previous = self.previous.digests.get(path) if self.previous else None
        return data if previous != (digest(data) if file_digest is None else file_digest) else None

    def _keep(self, path: str, data: bytes, file_digest: bytes | None = None) -> None:
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


def template_error(exc: Exception, template: str, root: Path, templates: Path) -> Diagnostic:
    """A template problem at the template's own line (or, when Jinja knows no line, at the page's
    template, in the project's templates folder or dossier's own)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".svg", ".xml")):
                filename, line = frame.filename, frame.lineno
                break
    own = templates / template
    path = Path(filename) if filename else own if os.path.lexists(own) else default_templates() / template
    try:
        shown = Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return error("template.error", f"template error: {message}", Span(shown, line or 1))
