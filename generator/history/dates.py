"""When the dossier and each of its content files last changed, read from git's commits.

The dates come from commits, never from the clock, so that two builds of one commit give the same
bytes; uncommitted edits change no date (docs/about-page.md). The dossier's date is the committer
date of HEAD when the dossier folder is in a git repository, else `SOURCE_DATE_EPOCH` when it is
set, else there is none; a content file's date is that of the last commit that touched it, a
rename without changes followed back to the file's earlier name. Dates are told in UTC.

Reading them costs one `git log` over the content folder; the result is kept in
`.dossier-cache/history.json` under the HEAD commit id, so a build of an unchanged HEAD runs one
`git rev-parse` only.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.files import write_whole
from generator.core.layout import CACHE_FOLDER
from generator.core.model import PartialDate
from generator.history.cache import tracked
from generator.history.head import EPOCH_VARIABLE, head
from generator.read.gitrev import RevisionError, git, git_bytes

CACHE_FILE = "history.json"
FORMAT = 1
"""The layout of the cache file: a file of another layout is ignored."""
_HEADER = "\x01"
"""Starts each commit's line in the `git log` output (see `log_dates`)."""


@dataclass(frozen=True, slots=True)
class History:
    """When the dossier and its content files last changed."""

    commit: str | None = None
    """The HEAD commit the dates were read at; None outside a git repository."""
    content_dir: str | None = None
    """The content folder (config.yaml `content_dir`) whose files were dated at `commit`."""
    changed: PartialDate | None = None
    """When the dossier last changed: HEAD's committer date, or `SOURCE_DATE_EPOCH`; None when neither is known."""
    files: Mapping[str, PartialDate] = field(default_factory=dict)
    """Content file, relative to the dossier folder as spans name it (`content/people/ana.yaml`) →
    the date of the last commit that touched it. Files git does not track have none."""

    def date_of(self, path: str) -> PartialDate | None:
        """The date the file at `path` (relative to the dossier folder) was last committed, if known."""
        return self.files.get(path)


NO_HISTORY = History()


def read_history(root: Path, content_dir: str, known: History | None = None,
                 environ: Mapping[str, str] = os.environ) -> History:
    """The dates of the dossier in `root` and of its content files. `known`: the dates a previous
    build read (reused when HEAD is the same commit); `environ` holds `SOURCE_DATE_EPOCH`."""
    located = head(root)
    if located is None:
        return History(changed=_epoch_date(environ.get(EPOCH_VARIABLE)))
    prefix, commit = located
    if known is not None and (known.commit, known.content_dir) == (commit, content_dir):
        return known
    cache_tracked = tracked(root)
    cached = None if cache_tracked else _read_cache(root, commit, content_dir)
    if cached is not None:
        return cached
    try:
        history = _from_git(root, prefix, commit, content_dir)
    except RevisionError:
        return History(changed=_epoch_date(environ.get(EPOCH_VARIABLE)))
    if not cache_tracked:
        _write_cache(root, history)
    return history


def _epoch_date(value: str | None) -> PartialDate | None:
    """The UTC day of a `SOURCE_DATE_EPOCH` value (whole seconds since 1970, in decimal digits); a
    value that is not one is ignored."""
    if value is None or not (value.isascii() and value.isdigit()):
        return None
    try:
        return _day(int(value))
    except (ValueError, OverflowError, OSError):  # beyond the year 9999
        return None


def _day(seconds: int) -> PartialDate:
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    return PartialDate(moment.year, moment.month, moment.day)


def _from_git(root: Path, prefix: str, commit: str, content_dir: str) -> History:
    head_date = git(root, "log", "-1", "--no-show-signature", "--format=%ct", commit).strip()
    output = git_bytes(root, "log", "-z", "-M", "--name-status", "--no-show-signature", "--no-color",
                       "--no-relative", f"--format={_HEADER}%ct", commit, "--", content_dir)
    seconds = log_dates(output.decode("utf-8", "surrogateescape"))
    files = {path[len(prefix):]: _day(when) for path, when in sorted(seconds.items()) if path.startswith(prefix)}
    return History(commit, content_dir, _day(int(head_date)), files)


def log_dates(output: str) -> dict[str, int]:
    """Path (relative to the repository) → committer time of the last commit that changed it, from
    `git log -z -M --name-status --format=<_HEADER>%ct` (newest commit first).

    Each commit is a token `<_HEADER><seconds>`, then its changes: a status token (`M`, `A`, `D`,
    `R100`…), followed by one path, or two for a rename or copy (old, then new). A file deleted at
    HEAD gets no date; a rename with no change (`R100`) is not a change of the file, whose older
    commits are then looked for under its old name."""
    tokens = output.split("\0")
    dates: dict[str, int | None] = {}
    renamed: dict[str, str] = {}
    """An old name → the name at HEAD of the file that had it."""
    when, position = 0, 0
    while position < len(tokens):
        token = tokens[position].lstrip("\n")
        position += 1
        if token.startswith(_HEADER):
            when = int(token[len(_HEADER):])
            continue
        if not token:
            continue
        paths = tokens[position:position + (2 if token[0] in "RC" else 1)]
        position += len(paths)
        name = renamed.get(paths[-1], paths[-1])
        if token.startswith("R"):
            renamed[paths[0]] = name
        if name not in dates and token != "R100":
            dates[name] = None if token == "D" else when
    return {path: seconds for path, seconds in dates.items() if seconds is not None}


def _cache_path(root: Path) -> Path:
    return root / CACHE_FOLDER / CACHE_FILE


def _read_cache(root: Path, commit: str, content_dir: str) -> History | None:
    """The dates kept for `commit` and `content_dir`, or None when the cache holds others or is not
    exactly what `_write_cache` writes."""
    try:
        data = json.loads(_cache_path(root).read_text(encoding="utf-8"))
        if (data["format"], data["commit"], data["content_dir"]) != (FORMAT, commit, content_dir):
            return None
        return History(commit, content_dir, _parsed(data["changed"]),
                       {path: _parsed(day) for path, day in data["files"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_cache(root: Path, history: History) -> None:
    """Keep the dates for the next build; a cache that cannot be written only costs time. (One that
    git tracks is neither written, as it would change the repository at every commit, nor read, as
    a pull request could commit the dates it likes: `read_history`.)"""
    if history.commit is None or history.changed is None:
        return
    data = {"format": FORMAT, "commit": history.commit, "content_dir": history.content_dir,
            "changed": str(history.changed), "files": {path: str(day) for path, day in history.files.items()}}
    path = _cache_path(root)
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        write_whole(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _parsed(day: str) -> PartialDate:
    """A day as the cache writes it (`2026-01-02`)."""
    date = datetime.date.fromisoformat(day)
    return PartialDate(date.year, date.month, date.day)
