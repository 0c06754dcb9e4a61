"""The pipeline, stage by stage: config → load → validate → resolve → link → render → write.

`Builder.build()` runs every stage; a Builder kept alive (as `dossier serve` keeps one) reuses
what did not change since its last build: files whose size and times are the same are not read
again, records of unchanged files are not validated again, quotes are not searched again, and only
the pages whose recorded inputs changed are rendered again. A fresh Builder does everything, so a
full build and an incremental one run the same code and give the same bytes.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import diagnostics as diag, export, link as linking
from generator.config import load_config
from generator.diagnostics import Diagnostic, Span, error
from generator.link import LinkCache, Links, link
from generator.load import FileEntry, is_ignored, load_content
from generator.model import Config, Dossier
from generator.pages import PagePlan, make, plan
from generator.render import default_templates, environment
from generator.resolve import ResolveCache, Resolved, resolve
from generator.validate import Validated, validate
from generator.views import ViewCache, Views
from generator.write import OutputError, WriteReport, update_site, write_site


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of reading and checking a dossier."""

    root: Path
    config: Config | None
    """None when config.yaml itself is wrong (a configuration error, exit 2)."""
    resolved: Resolved | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.resolved is not None and not diag.has_errors(self.diagnostics)


@dataclass(slots=True)
class CheckCaches:
    """What the check stages of one build leave for the next."""

    config: Config | None = None
    files: dict[str, FileEntry] = field(default_factory=dict)
    validated: Validated = field(default_factory=dict)
    resolve: ResolveCache = field(default_factory=ResolveCache)


def check(config_path: Path, strict: bool = False, caches: CheckCaches | None = None) -> Checked:
    """Read everything and report every problem; with `strict`, warnings count as errors."""
    caches = caches if caches is not None else CheckCaches()
    root = config_path.parent.resolve()
    config, problems = load_config(config_path)
    if config is None:
        return Checked(root, None, None, diag.sorted_unique(problems))
    content_dir = root / config.content_dir
    if not content_dir.is_dir() or content_dir.is_symlink():
        problem = error("config.content-dir", f"content folder '{config.content_dir}' not found", Span(config_path.name),
                        "create it, or set content_dir in config.yaml")
        return Checked(root, None, None, [problem])
    if config != caches.config:
        caches.config, caches.validated = config, {}
    content = load_content(root, content_dir, caches.files)
    caches.files = content.files
    dossier, broken, invalid, caches.validated = validate(content, config, caches.validated)
    resolved, unresolved = resolve(dossier, broken, caches.resolve)
    found = [*problems, *content.diagnostics, *invalid, *unresolved]
    if strict:
        found = diag.strict(found)
    return Checked(root, config, resolved, diag.sorted_unique(found))


@dataclass(frozen=True, slots=True)
class Built:
    checked: Checked
    pages: int = 0
    """Pages rendered by this build (all of them in a full build)."""
    report: WriteReport | None = None
    output_problem: str | None = None
    """Why the output folder could not be written (a configuration error, exit 2)."""
    seconds: float = 0.0


@dataclass(slots=True)
class _Rendered:
    """The site as last built: each file's bytes, and each page's inputs."""

    links: Links
    files: dict[str, bytes]
    inputs: dict[str, frozenset[str]]
    templates: tuple


class Builder:
    """Builds one dossier again and again, redoing only what its inputs' changes require."""

    def __init__(self, config_path: Path, strict: bool = False) -> None:
        self.config_path = config_path
        self.strict = strict
        self.caches = CheckCaches()
        self.link_cache = LinkCache()
        self.view_cache = ViewCache()
        self.env: jinja2.Environment | None = None
        self.last: _Rendered | None = None

    def build(self, progress: Callable[[str], None] = lambda message: None) -> Built:
        """Check, render in memory what changed, and only then write; a failed build writes nothing."""
        started = time.perf_counter()
        checked = check(self.config_path, self.strict, self.caches)
        if not checked.ok:
            return Built(checked, seconds=time.perf_counter() - started)
        assert checked.config is not None and checked.resolved is not None
        progress(f"checked {counts(checked.resolved.dossier)}")
        links = link(checked.resolved, self.link_cache)
        templates = checked.root / checked.config.templates_dir
        stamp = template_stamp(templates)
        previous = self.last if self.last and self.last.templates == stamp else None
        if previous is None or self.env is None:
            self.view_cache, self.env = ViewCache(), environment(templates)
        files, inputs, rendered, problems = render_site(links, self.env, templates, checked.root, previous,
                                                        self.view_cache)
        if problems:
            found = diag.sorted_unique(checked.diagnostics + problems)
            return Built(Checked(checked.root, checked.config, checked.resolved, found),
                         seconds=time.perf_counter() - started)
        progress(f"rendered {rendered} pages")
        output = checked.root / checked.config.output_dir
        try:
            if previous is None:
                report = write_site(output, files)
            else:
                changed = {path: data for path, data in files.items() if previous.files.get(path) != data}
                report = update_site(output, changed, set(previous.files) - set(files), len(files))
        except OutputError as problem:
            return Built(checked, output_problem=str(problem), seconds=time.perf_counter() - started)
        self.last = _Rendered(links, files, inputs, stamp)
        seconds = time.perf_counter() - started
        progress(f"wrote {checked.config.output_dir}/: {report.written} files written, {report.unchanged} unchanged, "
                 f"{report.removed} removed in {seconds:.2f} s")
        return Built(checked, rendered, report, seconds=seconds)


def build(config_path: Path, strict: bool = False, progress: Callable[[str], None] = lambda message: None) -> Built:
    """A full build."""
    return Builder(config_path, strict).build(progress)


def counts(dossier: Dossier) -> str:
    return ", ".join(diag.plural(len(records), noun) for records, noun in (
        (dossier.sources, "source"), (dossier.people, "person"), (dossier.agencies, "agency"),
        (dossier.figures, "figure"), (dossier.claims, "claim")))


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


def render_site(links: Links, env: jinja2.Environment, templates: Path, root: Path, previous: _Rendered | None,
                cache: ViewCache) -> tuple[dict[str, bytes], dict[str, frozenset[str]], int, list[Diagnostic]]:
    """Every file of the site by path, each page's inputs, how many pages were rendered, and the
    template errors, if any. Pages of `previous` whose inputs did not change are reused."""
    changed = changed_inputs(previous.links, links) if previous else set()
    everything = previous is None or "config" in changed or "names" in changed
    cache.forget(changed, everything)
    files: dict[str, bytes] = {}
    inputs: dict[str, frozenset[str]] = {}
    problems: list[Diagnostic] = []
    card_template = env.get_template("partials/claim.html")
    views = [Views(links, depth, cache, lambda claim, level: card_template.render(claim=claim, level=level))
             for depth in range(3)]
    rendered = 0
    for path, page_plan in plan(links).items():
        if not everything and path in previous.inputs and previous.inputs[path].isdisjoint(changed):
            files[path], inputs[path] = previous.files[path], previous.inputs[path]
            continue
        try:
            files[path], inputs[path] = render_page(env, page_plan, views)
            rendered += 1
        except Exception as exc:  # noqa: BLE001 - a template (maybe the user's) failed: report where
            problems.append(template_error(exc, page_plan.template, root))
            if len(problems) >= 20:
                break
    files.update(assets(templates))
    dossier = links.dossier
    files["dossier.json"] = export.dossier_json(links, cache.json)
    if dossier.config.base_url:
        pages = [path for path in files if path.endswith(".html")]
        files["sitemap.xml"] = export.sitemap(dossier.config.base_url, pages, dossier.config.link_style)
    return files, inputs, rendered, problems


def render_page(env: jinja2.Environment, page_plan: PagePlan, views: list[Views]) -> tuple[bytes, frozenset[str]]:
    page = make(page_plan, views[page_plan.depth])
    return env.get_template(page.template).render(page.context).encode("utf-8"), page.inputs


def assets(templates: Path) -> dict[str, bytes]:
    """`assets/` of the default templates, overridden file by file by the project's."""
    found: dict[str, bytes] = {}
    for folder in (default_templates() / "assets", templates / "assets"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink() and not is_ignored(path.name):
                    found["assets/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def template_error(exc: Exception, template: str, root: Path) -> Diagnostic:
    """A template problem at the template's own line."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".svg", ".xml")):
                filename, line = frame.filename, frame.lineno
                break
    path = Path(filename) if filename else Path(template)
    try:
        shown = path.resolve().relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return error("template.error", f"template error: {message}", Span(shown, line or 1))
