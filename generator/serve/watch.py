"""Which file events make the preview rebuild: config.yaml, content and templates, but no editor
temporaries and nothing in the output folder; and how a burst of changes is named in its log line."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from generator.core.model import Config
from generator.read.load import is_ignored

_READ_SUFFIXES = {".yaml", ".yml", ".txt", ".md", ".html", ".css", ".js", ".svg"}


def watched_change(config_path: Path, config: Config) -> Callable[[watchfiles.Change, str], bool]:
    """Which file events matter: config.yaml, content and templates, but no editor temporaries and
    nothing in the output folder. Called for every event under the dossier's folder, the tens of
    thousands a build or the search index writes included (their backlog would hold back the next
    save), so the paths are compared as strings first."""
    root = config_path.parent
    folders = tuple(str(root / folder) for folder in (config.content_dir, config.templates_dir))
    inside = tuple(folder + os.sep for folder in folders)
    output = str(root / config.output_dir)
    config_file = str(config_path)

    def relevant(change: watchfiles.Change, path: str) -> bool:
        if not (path.startswith(inside) or path in folders or path == config_file):
            return False
        return not (is_ignored(os.path.basename(path)) or path == output or path.startswith(output + os.sep))

    return relevant


def lasting(path: str) -> bool:
    """False for a file that came and went within one burst with a name we never read (`sed -i`'s
    temporary, an editor's swap file): it changes nothing."""
    target = Path(path)
    return target.exists() or target.suffix in _READ_SUFFIXES


def describe(changes: Iterable[tuple[watchfiles.Change, str]], root: Path) -> str:
    paths = sorted({Path(path).relative_to(root).as_posix() if Path(path).is_relative_to(root) else path
                    for _, path in changes})
    shown = ", ".join(paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
