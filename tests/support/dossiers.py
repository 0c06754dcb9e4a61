"""The repository's dossiers and built sites: where they are, copies with some files changed, whole
sites read byte for byte, and the result of `dossier` run in-process."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from generator.build import build, check
from generator.core import urls

REPO = Path(__file__).resolve().parents[2]
"""The repository: its content/ and config.yaml are the sample dossier."""
FIXTURES = REPO / "tests" / "fixtures"

ANA = "content/people/ana-lind.yaml"
GAZETTE = "content/sources/gazette-2021-03-04-harbour-fund.txt"
AUDIT = "content/claims/audit.yaml"
"""Files of the complete fixture dossier (tests/fixtures/complete) that tests change: a person, a
source and a claims file."""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path: to compare whole sites byte for byte."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The files that differ between two `tree`s of built sites, as `dossier diff` names them: the
    full-text index's files (`pagefind/…`) are one entry, `pagefind/`."""
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    return {urls.SEARCH_BUNDLE if path.startswith(urls.SEARCH_BUNDLE) else path for path in changed}


def _file_difference(name: str, expected: bytes, actual: bytes, limit: int) -> list[str]:
    try:
        before, after = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{name}: binary file differs ({len(expected)} bytes expected, {len(actual)} bytes built)"]
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), f"expected/{name}", f"built/{name}",
                                      lineterm=""))
    return lines[:limit] + ([f"... ({len(lines) - limit} more lines of diff)"] if len(lines) > limit else [])


def tree_differences(expected: dict[str, bytes], actual: dict[str, bytes], limit: int = 40) -> list[str]:
    """How two `tree`s differ, readably: the files only one has, then a unified diff of each file
    that differs (at most `limit` lines each)."""
    report = [f"missing: {name}" for name in sorted(expected.keys() - actual.keys())]
    report += [f"unexpected: {name}" for name in sorted(actual.keys() - expected.keys())]
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            report += _file_difference(name, expected[name], actual[name], limit)
    return report


def assert_same_tree(actual: dict[str, bytes], expected: dict[str, bytes], what: str) -> None:
    """Fail with a per-file unified diff (not pytest's diff of two dicts of bytes) if they differ."""
    differences = tree_differences(expected, actual)
    if differences:
        pytest.fail(f"{what}:\n" + "\n".join(differences), pytrace=False)


def snapshot(folder: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under `folder`: kind, permissions, modification time and bytes (to see that
    nothing at all was touched)."""
    found: dict[str, tuple[object, ...]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            found[rel] = ("dir", info.st_mode & 0o7777)
        else:
            found[rel] = ("file", info.st_mode & 0o7777, info.st_mtime_ns, path.read_bytes())
    return found


def staging_left(root: Path) -> list[Path]:
    """Staging folders a build left beside its site (there must be none once it ended)."""
    return sorted([*root.glob("*.tmp-*"), *root.parent.glob("*.tmp-*")])


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write (or, for None, delete) files under `root`; text is written as UTF-8 exactly as given."""
    for name, data in files.items():
        path = root / name
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def copy_sample(root: Path) -> Path:
    """A copy of the sample dossier (content and config, with the default templates) at `root`."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    return root


def build_copy(source_root: Path, target: Path) -> Path:
    """Copy a dossier (config, content, templates) to `target`, build it there, return the site."""
    shutil.copytree(source_root / "content", target / "content")
    shutil.copy(source_root / "config.yaml", target / "config.yaml")
    if (source_root / "templates").is_dir() and source_root != REPO:
        shutil.copytree(source_root / "templates", target / "templates")
    result = build(target / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return target / "site"


def fresh_copy(root: Path, target: Path) -> Path:
    """A copy of the dossier at `root` without its site, at `target` (replacing what was there)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("site"))
    return target


def full_check(root: Path, tmp: Path) -> list[str]:
    """What a fresh `dossier check` of the dossier at `root` reports, on a copy in `tmp`."""
    fresh = fresh_copy(root, tmp / "fresh-check")
    return [d.format() for d in check(fresh / "config.yaml").diagnostics]


def full_build(root: Path, tmp: Path) -> dict[str, bytes]:
    """The site a fresh full build of the dossier at `root` writes, built on a copy in `tmp`."""
    fresh = fresh_copy(root, tmp / "fresh")
    result = build(fresh / "config.yaml")
    assert result.report is not None, [d.format() for d in result.checked.diagnostics]
    return tree(fresh / "site")


class Run:
    """What `dossier ARGS` did when run in-process (the `cli` fixture): exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def lines(self) -> list[str]:
        """The diagnostic lines of stderr (without the closing summary)."""
        return [line for line in self.err.splitlines() if not line.startswith("checked ")]
