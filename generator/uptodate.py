"""The no-change shortcut: a build whose inputs and output are exactly as the last successful build
left them has nothing to do, and says so without loading anything.

After each successful `dossier build`, a manifest in `.dossier-cache/` records the size and times
of every input file (config.yaml, content, templates, dossier's own code) and of every output file,
and the warnings that build printed. The next build compares; if all match it reprints those
warnings and stops. Any difference, however small, means a real build. This module imports only
the standard library, so the check costs what the file system does.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

CACHE_FOLDER = ".dossier-cache"
MANIFEST = "build-manifest.json"
PACKAGE = Path(__file__).resolve().parent


def _stats(folder: Path, skip: str = "") -> tuple[int, str]:
    """(number of files, a digest of every file's path, size, times and inode) under `folder`."""
    digest = hashlib.blake2b(digest_size=20)
    count = 0
    if not folder.is_dir():
        return 0, digest.hexdigest()
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        with os.scandir(current) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            info = entry.stat(follow_symlinks=False)
            if entry.name == skip:
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            else:
                count += 1
            digest.update(f"{entry.path}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
                          f"\0{info.st_ino}\n".encode("utf-8", "surrogateescape"))
    return count, digest.hexdigest()


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
    }


def _manifest_path(config_path: Path) -> Path:
    return config_path.parent / CACHE_FOLDER / MANIFEST


def up_to_date(config_path: Path, strict: bool) -> dict | None:
    """The last build's record when nothing changed since it, else None."""
    try:
        recorded = json.loads(_manifest_path(config_path).read_text(encoding="utf-8"))
        folders = recorded["inputs"]["folders"]
        if recorded["inputs"] != fingerprint(config_path, folders, strict):
            return None
        if recorded["output"] != list(_stats(config_path.parent / folders["output_dir"])):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return recorded


def forget(config_path: Path) -> None:
    """Drop the manifest (a build is starting: until it succeeds, nothing is known to be up to date)."""
    try:
        _manifest_path(config_path).unlink()
    except OSError:
        pass


def remember(config_path: Path, folders: dict[str, str], strict: bool, inputs: dict, lines: list[str]) -> None:
    """Record a successful build; `inputs` is the fingerprint taken before it started."""
    record = {"inputs": inputs, "output": list(_stats(config_path.parent / folders["output_dir"])), "lines": lines}
    if fingerprint(config_path, folders, strict) != inputs:
        return  # something changed while building: the next build must look again
    path = _manifest_path(config_path)
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_suffix(f".tmp-{os.getpid()}")
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, path)
