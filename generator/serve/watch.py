"""Which file events make the preview rebuild: config.yaml, content and templates, but no editor
temporaries and nothing in the output folder; and how a burst of changes is named in its log line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from generator.core.model import Config
from generator.read.load import is_ignored

_READ_SUFFIXES = {".yaml", ".yml", ".txt", ".md", ".html", ".css", ".js", ".svg"}


def watched_change(config_path: Path, config: Config) -> Callable[[watchfiles.Change, str], bool]:
    """Which file events matter: config.yaml, content and templates, but no editor temporaries and
    nothing in the output folder."""
    root = config_path.parent
    folders = (root / config.content_dir, root / config.templates_dir)
    output = root / config.output_dir

    def relevant(change: watchfiles.Change, path: str) -> bool:
        target = Path(path)
        if is_ignored(target.name) or target == output or output in target.parents:
            return False
        return target == config_path or any(target == folder or folder in target.parents for folder in folders)

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
