"""The pipeline, stage by stage: config → load → validate → resolve → link → render → write."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import diagnostics as diag, export
from generator.config import load_config
from generator.diagnostics import Diagnostic, Span, error
from generator.link import Links, link
from generator.load import is_ignored, load_content
from generator.model import Config, Dossier
from generator.pages import make, plan
from generator.render import default_templates, environment
from generator.resolve import Resolved, resolve
from generator.validate import validate
from generator.views import Views
from generator.write import OutputError, WriteReport, write_site


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


def check(config_path: Path, strict: bool = False) -> Checked:
    """Read everything and report every problem; with `strict`, warnings count as errors."""
    root = config_path.parent.resolve()
    config, problems = load_config(config_path)
    if config is None:
        return Checked(root, None, None, diag.sorted_unique(problems))
    content_dir = root / config.content_dir
    if not content_dir.is_dir() or content_dir.is_symlink():
        problem = error("config.content-dir", f"content folder '{config.content_dir}' not found", Span(config_path.name),
                        "create it, or set content_dir in config.yaml")
        return Checked(root, None, None, [problem])
    content = load_content(root, content_dir)
    dossier, broken, invalid, _ = validate(content, config)
    resolved, unresolved = resolve(dossier, broken)
    found = [*problems, *content.diagnostics, *invalid, *unresolved]
    if strict:
        found = diag.strict(found)
    return Checked(root, config, resolved, diag.sorted_unique(found))


@dataclass(frozen=True, slots=True)
class Built:
    checked: Checked
    pages: int = 0
    report: WriteReport | None = None
    output_problem: str | None = None
    """Why the output folder could not be written (a configuration error, exit 2)."""


def build(config_path: Path, strict: bool = False, progress: Callable[[str], None] = lambda message: None) -> Built:
    """Check, render every page in memory, and only then write the site."""
    started = time.perf_counter()
    checked = check(config_path, strict=strict)
    if not checked.ok:
        return Built(checked)
    assert checked.config is not None and checked.resolved is not None
    config = checked.config
    progress(f"checked {counts(checked.resolved.dossier)}")
    links = link(checked.resolved)
    templates = checked.root / config.templates_dir
    files, problems = render_site(links, templates, checked.root)
    if problems:
        return Built(Checked(checked.root, config, checked.resolved, diag.sorted_unique(checked.diagnostics + problems)))
    pages = sum(path.endswith(".html") for path in files)
    progress(f"rendered {pages} pages")
    try:
        report = write_site(checked.root / config.output_dir, files)
    except OutputError as problem:
        return Built(checked, output_problem=str(problem))
    progress(f"wrote {config.output_dir}/: {report.written} files written, {report.unchanged} unchanged, "
             f"{report.removed} removed in {time.perf_counter() - started:.2f} s")
    return Built(checked, pages, report)


def counts(dossier: Dossier) -> str:
    return ", ".join(diag.plural(len(records), noun) for records, noun in (
        (dossier.sources, "source"), (dossier.people, "person"), (dossier.agencies, "agency"),
        (dossier.figures, "figure"), (dossier.claims, "claim")))


def render_site(links: Links, templates: Path, root: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every file of the site, as bytes by path; or the template errors that stopped it."""
    env = environment(templates)
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    views = [Views(links, depth) for depth in range(3)]
    for page_plan in plan(links).values():
        try:
            page = make(page_plan, views[page_plan.depth])
            files[page.path] = env.get_template(page.template).render(page.context).encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - a template (maybe the user's) failed: report where
            problems.append(template_error(exc, page_plan.template, root))
            if len(problems) >= 20:
                break
    files.update(assets(templates))
    dossier = links.dossier
    files["dossier.json"] = export.dossier_json(links)
    if dossier.config.base_url:
        pages = [path for path in files if path.endswith(".html")]
        files["sitemap.xml"] = export.sitemap(dossier.config.base_url, pages, dossier.config.link_style)
    return files, problems


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
