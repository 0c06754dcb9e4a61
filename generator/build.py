"""The pipeline, stage by stage: config → load → validate → resolve (→ render → write)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import diagnostics as diag
from generator.config import load_config
from generator.diagnostics import Diagnostic, Span, error
from generator.load import load_content
from generator.model import Config
from generator.resolve import Resolved, resolve
from generator.validate import validate


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
    dossier, broken, invalid = validate(content, config)
    resolved, unresolved = resolve(dossier, broken)
    found = [*problems, *content.diagnostics, *invalid, *unresolved]
    if strict:
        found = diag.strict(found)
    return Checked(root, config, resolved, diag.sorted_unique(found))
