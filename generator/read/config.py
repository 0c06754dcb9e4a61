"""config.yaml: the site's settings, each with a default, and the folder checks that keep builds safe.

Settings (all optional except `title`):

- `title`: the dossier's name, shown on every page.
- `description`: what the dossier covers (Markdown), shown on the home page.
- `base_url`: the published address (http/https, ending in /); used only for canonical links and
  sitemap.xml, never for links between pages.
- `language`: default language of sources and of the pages (BCP 47 tag); default `en`.
- `output_dir`: where the site is written, relative to config.yaml; default `site`.
- `content_dir`: where the records and sources are; default `content`.
- `templates_dir`: templates overriding the built-in ones, file by file; default `templates`.
- `link_style`: `file` (links end in `index.html`, so the site works from disk; default) or
  `directory` (links end in `/`, for web hosting).
- `mentions`: link names and aliases of people and agencies in source texts and statements
  to their pages; default `true`.
- `publish_captures`: publish each source's capture (its original, content/captures/) for
  download under `captures/`; default `false` (docs/captures.md, "Publishing captures").
- `curator`: who curates the dossier (a person or an organisation), shown on the About page and in
  every "cite this page" text.
- `license`: the licence of the dossier's content and data (`CC BY 4.0`), and `license_url`, where
  to read it (http/https).
- `contact`: how to reach the curators (an email address or a web address).
- `about`: a Markdown text for the About page (who, why, how to send a correction).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.core.diagnostics import INVALID, Context, Diagnostic, Span, error
from generator.core.files import decode, read_regular_file
from generator.core.layout import MARKER
from generator.core.model import Config
from generator.read import schema
from generator.read.load import MAX_RECORD_BYTES
from generator.read.schema import Field
from generator.text import yamltree
from generator.text.yamltree import Node

CONFIG_NAME = "config.yaml"


def read_base_url(node: Node, label: str, ctx: Context) -> Any:
    """`base_url`: an http(s) URL without a `?` or `#` part, read as ending in `/`."""
    value = schema.web_url(node, label, ctx)
    if value is INVALID:
        return INVALID
    if "?" in value or "#" in value:
        return ctx.error("url.base", f"'{label}' is where the site lives, so it has no '?' or '#' part: '{value}'",
                         node.span)
    return value if value.endswith("/") else value + "/"


def read_folder(node: Node, label: str, ctx: Context) -> Any:
    """A folder setting: text naming a folder (no control characters, not only dots and slashes)."""
    value = schema.text(node, label, ctx)
    if value is not INVALID and (re.search(r"[\x00-\x1f\x7f]", value) or not value.strip("/. ")):
        return ctx.error("config.folder", f"'{label}' must name a folder, not '{value}'", node.span)
    return value


CONFIG_SCHEMA = {
    "title": Field(schema.short_text, required=True, doc="the dossier's name, on every page"),
    "description": Field(schema.markdown_text, doc="what the dossier covers (Markdown), on the home page"),
    "base_url": Field(read_base_url, doc="the published address (http or https, no ? or # part); used only for "
                                         "canonical links and sitemap.xml"),
    "language": Field(schema.language, doc="default language of sources and pages (a BCP 47 tag)"),
    "output_dir": Field(read_folder, doc="where the site is written, relative to config.yaml"),
    "content_dir": Field(read_folder, doc="where records and sources are"),
    "templates_dir": Field(read_folder, doc="templates overriding the built-in ones, file by file"),
    "link_style": Field(schema.Choice("file", "directory"),
                        doc="file: links end in index.html (works from disk); directory: links end in /"),
    "mentions": Field(schema.boolean, doc="link names of people and agencies in source texts and statements"),
    "publish_captures": Field(schema.boolean, doc="publish each source's capture (its original) for download as "
                                                  "captures/<file>.bin"),
    "curator": Field(schema.short_text, doc="who curates the dossier (a person or an organisation)"),
    "license": Field(schema.short_text, doc="the licence of the content and data (CC BY 4.0)"),
    "license_url": Field(schema.web_url, doc="where to read that licence (http or https)"),
    "contact": Field(schema.short_text, doc="how to reach the curators: an email address or a web address"),
    "about": Field(schema.markdown_text, doc="a Markdown text for the About page: who curates it, why, how to send "
                                             "a correction"),
}
DEFAULTS = {"description": None, "base_url": None, "language": "en", "output_dir": "site",
            "content_dir": "content", "templates_dir": "templates", "link_style": "file", "mentions": True,
            "publish_captures": False, "curator": None, "license": None, "license_url": None, "contact": None,
            "about": None}


def load_config(config_path: Path, revision: bool = False) -> tuple[Config | None, list[Diagnostic]]:
    """Read and check config.yaml; any diagnostic here is a configuration error (exit 2).
    `revision`: the dossier is a git revision written out by `dossier diff`; its folders must lie
    inside it, and its output folder (never written) is not looked for on this machine."""
    fields, problems = _read_fields(config_path)
    if fields is None or not fields.ok:
        return None, problems
    config = Config(**{**DEFAULTS, **fields.values})
    if revision:
        outside = _folders_outside(fields)
        return (None, outside) if outside else (config, problems)
    folder_problems = check_folders(config, _real(config_path.parent), fields.spans, config_path.name)
    return (None, folder_problems) if folder_problems else (config, problems)


def _read_fields(config_path: Path) -> tuple[schema.Fields | None, list[Diagnostic]]:
    """config.yaml's settings as written, with their positions, and what is wrong with them."""
    rel = config_path.name
    if config_path.is_dir():
        inside = config_path / CONFIG_NAME
        return None, [error("config.missing", f"{config_path} is a folder, not a {CONFIG_NAME} file", Span(rel),
                            f"pass the file: --config {inside}" if inside.is_file() else None)]
    if config_path.exists() and not config_path.is_file():
        return None, [error("config.missing", f"{config_path} is not a regular file", Span(rel))]
    if not config_path.is_file():
        return None, [error("config.missing", f"no {CONFIG_NAME} found at {config_path}", Span(rel),
                            "run dossier in the dossier's folder, or pass --config PATH")]
    data, problem = read_regular_file(config_path, rel, MAX_RECORD_BYTES)
    if problem:
        return None, [problem]
    text, decode_problem = decode(data, rel)
    if decode_problem:
        return None, [decode_problem]
    root, problems = yamltree.parse(text, rel)
    if root is None:
        return None, problems or [error("config.empty", f"{CONFIG_NAME} is empty", Span(rel),
                                        "it needs at least 'title: …'")]
    ctx = Context([])
    return schema.read_mapping(root, CONFIG_SCHEMA, CONFIG_NAME, ctx), ctx.diagnostics


REVISION_FOLDERS = ("content_dir", "templates_dir")
"""The folders a dossier read from a git revision must hold inside it (docs/review.md)."""


def _folders_outside(fields: schema.Fields) -> list[Diagnostic]:
    """For a dossier read from a git revision: a `content_dir` or `templates_dir` that is absolute
    or climbs out with `..` would be read from this machine instead, so it is an error at its key."""
    leaving = [name for name in REVISION_FOLDERS if name in fields.values and _leaves(fields.values[name])]
    return [error("config.folder-outside",
                  f"'{name}' must be a folder inside the revision, not '{fields.values[name]}'", fields.spans[name],
                  "a revision is read on its own: a folder outside it would be this machine's")
            for name in leaving]


def _leaves(folder: str) -> bool:
    return posixpath.isabs(folder) or posixpath.normpath(folder).split("/")[0] == ".."


def _real(path: Path) -> Path:
    """The folder a path leads to; Path.resolve() raises on a symbolic-link loop (Python < 3.13),
    realpath leaves the looping part as written, so the checks below report it instead of crashing."""
    return Path(os.path.realpath(path))


def protected_folders(root: Path, config: Config) -> dict[str, Path]:
    """The folders a build must never delete nor write into, whatever their names: the project, its
    content and templates folders (the output folder is pruned, never deleted)."""
    return {"the project folder": root, "the content folder": root / config.content_dir,
            "the templates folder": root / config.templates_dir}


def check_folders(config: Config, root: Path, spans: Mapping[str, Span], rel: str) -> list[Diagnostic]:
    """Refuse an output folder that a build could not safely replace: the project, its content or
    templates, a folder holding one of them, or a folder inside them."""
    output = _real(root / config.output_dir)
    span = spans.get("output_dir", Span(rel))
    protected = {name: _real(folder) for name, folder in protected_folders(root, config).items()}
    for name, folder in protected.items():
        if output == folder or output in folder.parents:
            return [error("config.output-dir", f"output_dir '{config.output_dir}' is {name} or holds it; "
                                               "a build replaces its output folder", span,
                          "choose a folder of its own, such as 'site'")]
        if folder != root and folder in output.parents:
            return [error("config.output-dir", f"output_dir '{config.output_dir}' is inside {name}", span,
                          "choose a folder of its own, such as 'site'")]
    if output.exists() and not output.is_dir():
        return [error("config.output-dir", f"output_dir '{config.output_dir}' is an existing file, not a folder", span)]
    if (output / ".git").exists():
        return [error("config.output-dir", f"output_dir '{config.output_dir}' is a git repository", span)]
    if output.is_dir() and not (output / MARKER).is_file() and any(output.iterdir()):
        return [error("config.output-dir", f"output_dir '{config.output_dir}' is not empty and was not made by "
                                           "dossier", span,
                      "a build replaces its output folder: empty it, or choose another output_dir")]
    return []
