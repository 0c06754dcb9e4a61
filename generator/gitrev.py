"""The two sides of a diff: a git revision exported to a temporary folder, or a folder as it is.

A revision is read with `git archive`, never by checking it out: the repository, its index and
its working tree are left exactly as they were, and the temporary folder is removed when the
diff is done, whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BRANCHES = ("main", "origin/main")
"""What the default base is the merge base with: the first of these that exists."""


class RevisionError(Exception):
    """A revision or folder that cannot be read (exit 2); the message says which and why."""


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a diff, as the user named it."""

    label: str
    """How reports name it: `main (merge base 1a2b3c4)`, `HEAD (1a2b3c4)`, `working tree`, a folder."""
    revision: str | None
    """The full commit id, or None for a folder."""
    folder: Path | None
    """The dossier folder, or None for a revision (which is exported when it is read)."""


@dataclass(frozen=True, slots=True)
class Repository:
    toplevel: Path
    prefix: str
    """The dossier folder inside the repository (`` or `dossiers/kz/`), as git spells it."""


def git(cwd: Path, *args: str) -> str:
    """Run git and return its output as text."""
    return git_bytes(cwd, *args).decode("utf-8", "replace")


def git_bytes(cwd: Path, *args: str) -> bytes:
    """Run git and return its output; any failure is a RevisionError quoting git's own words."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=300,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError as exc:
        raise RevisionError("git is not installed (or not on PATH); it is needed to read revisions") from exc
    except subprocess.TimeoutExpired as exc:
        raise RevisionError(f"git {args[0]} took more than 5 minutes") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} failed: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout


def repository(folder: Path) -> Repository:
    if not folder.is_dir():
        raise RevisionError(f"folder '{folder}' not found")
    try:
        toplevel = git(folder, "rev-parse", "--show-toplevel").strip()
        prefix = git(folder, "rev-parse", "--show-prefix").strip()
    except RevisionError as exc:
        if "git is not installed" in str(exc):
            raise
        raise RevisionError(f"'{folder}' is not in a git repository, so revisions cannot be read there "
                            "(compare two folders instead: dossier diff BASE_FOLDER HEAD_FOLDER)") from exc
    return Repository(Path(toplevel), prefix)


def commit_of(repo: Repository, revision: str) -> str:
    """The full commit id a revision names."""
    if revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    try:
        return git(repo.toplevel, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except RevisionError as exc:
        raise RevisionError(f"revision '{revision}' not found in {repo.toplevel}") from exc


def revision_side(repo: Repository, revision: str) -> Side:
    commit = commit_of(repo, revision)
    return Side(f"{revision} ({commit[:7]})", commit, None)


def default_base(repo: Repository) -> Side:
    """The merge base of `main` (or `origin/main`) and HEAD: what a pull request's branch started from."""
    for branch in DEFAULT_BRANCHES:
        try:
            commit_of(repo, branch)
        except RevisionError:
            continue
        head = commit_of(repo, "HEAD")
        base = git(repo.toplevel, "merge-base", branch, head).strip()
        return Side(f"{branch} (merge base {base[:7]})", base, None)
    raise RevisionError("no branch 'main' (or 'origin/main') to compare with; name the base: dossier diff BASE")


@contextlib.contextmanager
def exported(repo: Repository, commit: str) -> Iterator[Path]:
    """The dossier folder as it was at `commit`, in a temporary folder removed on exit.

    The folder is empty when the dossier did not exist yet at that commit.
    """
    temporary = Path(tempfile.mkdtemp(prefix="dossier-diff-"))
    try:
        folder = temporary / "tree"
        folder.mkdir()
        tree = f"{commit}:{repo.prefix}" if repo.prefix else commit
        if _exists(repo, tree):
            archive = temporary / "tree.tar"
            git(repo.toplevel, "archive", "--format=tar", "-o", str(archive), tree)
            _extract(archive, folder)
            archive.unlink()
        yield folder
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _exists(repo: Repository, tree: str) -> bool:
    try:
        git(repo.toplevel, "cat-file", "-e", tree)
    except RevisionError:
        return False
    return True


def _extract(archive: Path, folder: Path) -> None:
    """Unpack with tarfile's `data` filter: nothing lands outside `folder`, no device files, no
    absolute or escaping links. A member the filter refuses is left out; the dossier's own checks
    then report what is missing (a symbolic link in content/ is an error on either side)."""
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            try:
                tar.extract(member, folder, filter="data")
            except (tarfile.FilterError, OSError):
                continue
