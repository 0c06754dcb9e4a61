"""Where dossier's own files are: its code, and the templates that ship with it.

Kept free of heavy imports, so that the no-change shortcut (uptodate) can name them without
loading the template engine.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
"""The `generator` package folder."""


def default_templates() -> Path:
    """The templates that ship with dossier: installed as `generator/templates/` (package data), or,
    in a checkout or an editable install, the repository's own `templates/`."""
    installed = PACKAGE / "templates"
    return installed if (installed / "base.html").is_file() else PACKAGE.parent / "templates"
