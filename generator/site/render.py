"""Rendering: the Jinja2 environment (sandboxed, autoescape, StrictUndefined), formatting filters,
Markdown.

Templates come from the dossier's own `templates/` folder first, then from the defaults that ship
with dossier, file by file. No content is ever compiled as a template: records reach templates
only as values, and every value is escaped unless it is Markup made here from Markdown rendered
with raw HTML off. A dossier's templates are not trusted code: they run in Jinja's immutable
sandbox (docs/templates.md), so they can read the values they are given but not Python's internals,
and a template that tries is a template error at its line.
"""

from __future__ import annotations

import calendar
import functools
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape
from markupsafe import _escape_inner as escape_text  # escape()'s own text function (MarkupSafe 3, pyproject.toml)

from generator.core.builtin import default_templates
from generator.core.diagnostics import Diagnostic, Span, error
from generator.core.model import DateRange, PartialDate, When
from generator.numbers.wording import format_number
from generator.text import markdown
from generator.text.mentions import MentionFinder


class _ContainedLoader(jinja2.FileSystemLoader):
    """Templates come from inside their folders only: a symbolic link to a file elsewhere (which
    would publish that file on every page) is refused, as links in content/ are."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if not any(real.startswith(os.path.realpath(folder) + os.sep) for folder in self.searchpath):
            raise jinja2.TemplateError(f"template '{template}' is a link to {real}, outside the templates folder")
        return source, filename, uptodate


_DICT_NAMES = frozenset(dir(dict))


class _TextOutput(CodeGenerator):
    """Compiles `{{ value }}`, where Jinja would write `escape(value)`, as
    `environment.page_text(value)`: the same text, not made into a Markup. An output's value is only
    ever joined into the page's text (or a macro's, which Jinja marks safe as a whole), so making a
    Markup of each of a page's hundreds of values, in Python, is wasted: about 5% of rendering
    (docs/performance.md). Any other output (autoescape off, or switched in the template) is Jinja's.
    `Template.generate()` and `stream()`, which dossier does not use, so yield str where Jinja yields
    Markup; a test checks that the compiled code still calls `page_text` (this hooks a private
    method of Jinja's code generator)."""

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.page_text(")
        if finalize.src is not None:
            self.write(finalize.src)


class _Environment(jinja2.Environment):
    """Jinja's environment with two costs per value taken out, the pages unchanged: outputs compiled
    by `_TextOutput`, and `{{ site.title }}` read from a dict at once. Jinja tries
    `getattr(site, "title")` first, which for a dict raises and catches an AttributeError before it
    falls back to `site["title"]`: about 3% of rendering (docs/performance.md). A dict has no
    attributes but its methods, so looking the key up first, for any other name, gives what Jinja gives."""

    code_generator_class = _TextOutput

    @staticmethod
    def page_text(value: object) -> str:
        """`escape(value)` as a plain string: what a `{{ value }}` adds to the page."""
        if type(value) is str:
            return escape_text(value)
        if type(value) is Markup:
            return value  # already safe: escape() would return a copy
        return escape(value)

    def getattr(self, obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _Sandbox(_Environment, ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox: no attribute that starts with `_`, no internals of functions,
    frames or code, no method that changes a list, dict or set, no unsafe `str.format`.

    Its verdict on an attribute depends only on the object's type and the attribute's name, and a
    big build asks it about half a million times (a quarter of the rendering time): each verdict is
    remembered, per environment."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict

    def unsafe_undefined(self, obj: object, attribute: str) -> jinja2.Undefined:
        """Refuse at once, naming the attribute the template asked for (Jinja's default returns an
        Undefined, which fails later under a less helpful name, or passes an `is defined` test)."""
        raise SecurityError(f"templates may not read {attribute!r} of a {type(obj).__name__!r} object "
                            "(templates run in a sandbox: docs/templates.md)")


def environment(project_templates: Path) -> jinja2.Environment:
    """The templates' environment: the sandbox when the dossier has templates of its own; without
    any, only dossier's own run, and they need no sandbox (which costs a few percent of a build)."""
    folders = [str(folder) for folder in (project_templates, default_templates()) if folder.is_dir()]
    kind = _Sandbox if has_own_templates(project_templates) else _Environment
    env = kind(
        loader=_ContainedLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a Builder makes a new environment when a template changes (incremental/state.py)
    )
    env.filters.update(date=format_date, when=format_when, number=format_number)
    return env


def has_own_templates(project_templates: Path) -> bool:
    """Whether the templates folder holds a file that can stand for a template: anything but its
    assets (a link or an unreadable folder counts, so that the sandbox stays when in doubt)."""
    if not os.path.lexists(project_templates):
        return False
    if project_templates.is_symlink() or not project_templates.is_dir():
        return True
    try:
        return any(path.relative_to(project_templates).parts[0] != "assets"
                   and (path.is_symlink() or not path.is_dir()) for path in project_templates.rglob("*"))
    except OSError:
        return True


@functools.lru_cache(maxsize=65536)
def format_date(date: PartialDate | None) -> Markup:
    """`<time datetime="2014-11">November 2014</time>`: as precise as the date is, no more."""
    if date is None:
        return Markup("")
    if date.month is None:
        text = str(date.year)
    elif date.day is None:
        text = f"{calendar.month_name[date.month]} {date.year}"
    else:
        text = f"{date.day} {calendar.month_name[date.month]} {date.year}"
    return Markup(f'<time datetime="{date}">{escape(text)}</time>')


def format_when(when: When | None) -> Markup:
    if isinstance(when, DateRange):
        return Markup(f"{format_date(when.start)} – {format_date(when.end)}")
    return format_date(when)


def markdown_renderer(finder: MentionFinder | None, entity_href: Callable[[str], str]) -> Callable[..., Markup]:
    """A function rendering Markdown to Markup, linking mentions of people and agencies. Every
    mention the finder keeps outside a link is linked through `entity_href`, which records what a
    text links (site/views.py): a text whose mentions linked an entity that went is known from that
    alone (text/mentions.gone_names), so a mention kept but not linked would go unnoticed there."""

    def render_text(text: str, inside_link: bool) -> str:
        if finder is None or inside_link:
            return str(escape(text))
        out, position = [], 0
        for mention in finder.find(text):
            out.append(str(escape(text[position:mention.start])))
            out.append(f'<a class="mention" href="{escape(entity_href(mention.entity))}">'
                       f"{escape(text[mention.start:mention.end])}</a>")
            position = mention.end
        out.append(str(escape(text[position:])))
        return "".join(out)

    def render(text: str | None, heading_offset: int = 2, inline: bool = False) -> Markup:
        if not text:
            return Markup("")
        html = markdown.render(text, render_text, heading_offset)
        if inline and html.startswith("<p>") and html.count("<p>") == 1 and html.rstrip().endswith("</p>"):
            html = html.strip()[3:-4]
        return Markup(html.strip())

    return render


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
