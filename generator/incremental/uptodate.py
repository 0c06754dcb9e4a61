"""The no-change shortcut: a build whose inputs and output are exactly as the last successful build
left them has nothing to do, and says so without loading anything.

After each successful `dossier build`, a manifest in `.dossier-cache/` records the size and times
of every input file (config.yaml, content, templates, dossier's own code) and of every output file,
and the warnings that build printed. The next build compares; if all match it reprints those
warnings and stops. Any difference, however small, means a real build. A new commit does too:
the pages show dates from git (history.dates), so the HEAD commit id (or `SOURCE_DATE_EPOCH`) is
an input, asked of one `git rev-parse`. Besides that, this module imports only the standard
library, so the check costs what the file system does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path

from generator.core.builtin import PACKAGE, default_templates
from generator.core.files import write_whole
from generator.core.layout import CACHE_FOLDER
from generator.history import head

MANIFEST = "build-manifest.json"


def _stats(folder: Path, skip: str = "") -> tuple[int, str]:
    """(number of files, a digest of every file's path, size, times and inode) under `folder`."""
    lines = []
    pending = [str(folder)] if folder.is_dir() else []
    while pending:
        with os.scandir(pending.pop()) as scan:
            for entry in scan:
                if entry.name == skip:
                    continue
                info = entry.stat(follow_symlinks=False)
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                lines.append(_line(entry.path, info))
    lines.sort()
    return sum(not line.startswith("d") for line in lines), _digest(lines)


def _line(path: str, info: os.stat_result) -> str:
    kind = "d" if stat.S_ISDIR(info.st_mode) else "f"
    return f"{kind}{path}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"


def _digest(lines: list[str]) -> str:
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _output_state(folder: Path, files: list[str], folders: list[str]) -> str | None:
    """A digest of the size, times and inode of the site's files and of its folders but the pages'
    own, None when one is missing. Statting the files the last build wrote costs one call per
    file, where listing the folder would cost three per page folder; a folder's times change when
    anything is added to or removed from it, so a stray file or folder is noticed, except inside a
    page's own folder (the next real build prunes it)."""
    base = str(folder) + os.sep
    lines = []
    try:
        for relative in (*files, *folders):
            path = base + relative
            lines.append(_line(path, os.lstat(path)))
    except OSError:
        return None
    return _digest(lines)


def _site_folders(files: list[str]) -> list[str]:
    """The output folder and every folder in it but the pages' own (a folder holding only an
    `index.html`): a page's own folder costs as much to check as the page itself, and there are
    as many of them as pages."""
    holders = {""}
    for relative in files:
        folder, name = os.path.split(relative)
        holders.add(os.path.dirname(folder))
        if name != "index.html" or "/" not in folder:  # section folders (people/…) are checked
            holders.add(folder)
    return sorted(holders)


def fingerprint(config_path: Path, folders: dict[str, str], strict: bool) -> dict:
    """Everything a build's result depends on, as cheaply as it can be told apart."""
    root = config_path.parent
    return {
        "config": hashlib.sha256(config_path.read_bytes()).hexdigest(),
        "strict": strict,
        "folders": folders,
        "content": _stats(root / folders["content_dir"])[1],
        "templates": _stats(root / folders["templates_dir"])[1],
        "code": _stats(PACKAGE, skip="__pycache__")[1],
        "builtin_templates": _stats(default_templates())[1],
        "dates": head.stamp(root),
    }


class CacheError(Exception):
    """The cache folder cannot be used (a configuration error, exit 2)."""


def check_cache_folder(config_path: Path) -> None:
    """Refuse, before anything is written, a `.dossier-cache` that is not a folder (a file, a broken
    link): the build would have nowhere to record itself."""
    folder = config_path.parent / CACHE_FOLDER
    if os.path.lexists(folder) and not folder.is_dir():
        raise CacheError(f"{folder} is not a folder; dossier records its builds there: remove or rename it")


def _manifest_path(config_path: Path) -> Path:
    return config_path.parent / CACHE_FOLDER / MANIFEST


def up_to_date(config_path: Path, strict: bool) -> dict | None:
    """The last build's record when nothing changed since it, else None."""
    try:
        recorded = json.loads(_manifest_path(config_path).read_text(encoding="utf-8"))
        folders = recorded["inputs"]["folders"]
        if recorded["inputs"] != fingerprint(config_path, folders, strict):
            return None
        output = recorded["output"]
        state = _output_state(config_path.parent / folders["output_dir"], output["files"], output["folders"])
        if state is None or state != output["state"]:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return recorded


def forget(config_path: Path) -> None:
    """Drop the manifest (a build is starting: until it succeeds, nothing is known to be up to date)."""
    with contextlib.suppress(OSError):
        _manifest_path(config_path).unlink()


def remember(config_path: Path, folders: dict[str, str], strict: bool, inputs: dict, files: list[str],
             lines: list[str]) -> None:
    """Record a successful build; `inputs` is the fingerprint taken before it started, `files` what
    the output folder holds after it (relative paths)."""
    files = sorted(files)
    site_folders = _site_folders(files)
    state = _output_state(config_path.parent / folders["output_dir"], files, site_folders)
    if state is None:
        return
    record = {"inputs": inputs, "output": {"files": files, "folders": site_folders, "state": state}, "lines": lines}
    if fingerprint(config_path, folders, strict) != inputs:
        return  # something changed while building: the next build must look again
    path = _manifest_path(config_path)
    path.parent.mkdir(exist_ok=True)
    write_whole(path, json.dumps(record).encode("utf-8"))
