"""What a dossier's dates depend on: the HEAD commit of its repository, else `SOURCE_DATE_EPOCH`
(docs/history.md). Imports only the standard library and `read.gitrev`, so that the no-change
shortcut (incremental/uptodate.py), which asks it on every build, loads nothing more."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from generator.read.gitrev import RevisionError, git

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
"""The reproducible-builds variable: the dossier's date outside git (https://reproducible-builds.org/specs/source-date-epoch/)."""


def stamp(root: Path, environ: Mapping[str, str] = os.environ) -> str | None:
    """What the dates depend on, for the no-change shortcut: the HEAD commit id, else the value of
    `SOURCE_DATE_EPOCH`; None when there is neither."""
    located = head(root)
    if located is not None:
        return located[1]
    epoch = environ.get(EPOCH_VARIABLE)
    return None if epoch is None else f"{EPOCH_VARIABLE}={epoch}"


def head(root: Path) -> tuple[str, str] | None:
    """(the dossier folder inside its repository as git spells it, `` or `dossiers/kz/`; the HEAD
    commit id), or None when `root` is in no repository, the repository has no commit yet, or
    git is missing."""
    try:
        lines = git(root, "rev-parse", "--show-prefix", "--verify", "--quiet", "HEAD").splitlines()
    except RevisionError:
        return None
    return (lines[0], lines[1]) if len(lines) == 2 else None
