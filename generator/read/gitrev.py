"""The two sides of a diff: a git revision written out to a temporary folder, or a folder as it is.

A revision is read from git's objects as they are stored (`git ls-tree` and `git cat-file`), never
by checking it out or archiving it: the revision's own `.gitattributes`, this repository's filters
and hooks have no say in what the diff sees (docs/review.md). The repository, its index and its
working tree are left exactly as they were, and the temporary folder is removed when the diff is
done, whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
                              env=_environment())
    except FileNotFoundError as exc:
        raise RevisionError("git is not installed (or not on PATH); it is needed to read revisions") from exc
    except subprocess.TimeoutExpired as exc:
        raise RevisionError(f"git {args[0]} took more than 5 minutes") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} failed: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout


def _environment() -> dict[str, str]:
    """Git's environment: no password prompts, messages in English (they are quoted in errors), and
    paths taken literally (a folder named `*` is that folder, not a pattern)."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_LITERAL_PATHSPECS": "1"}


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
                            "(compare two folders instead: dossier diff ./BASE_FOLDER ./HEAD_FOLDER)") from exc
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


@dataclass(frozen=True, slots=True)
class Exported:
    """A revision's dossier folder, written out as git stores it."""

    folder: Path
    submodules: tuple[str, ...]
    """Paths (relative to `folder`, as git spells them) of submodules: a revision holds only their
    commit id, never their files."""


@contextlib.contextmanager
def exported(repo: Repository, commit: str) -> Iterator[Exported]:
    """The dossier folder as it was at `commit`, in a temporary folder removed on exit whatever happens.

    The folder is empty when the dossier did not exist yet at that commit. Every file is written
    exactly as committed; a symbolic link becomes a link to a path that never exists, so that the
    checks report it where it is and nothing can reach this machine's files through it
    (docs/review.md).
    """
    temporary = Path(tempfile.mkdtemp(prefix="dossier-diff-"))
    try:
        folder = temporary / "tree"
        folder.mkdir()
        tree = _dossier_tree(repo, commit)
        submodules = _write_tree(repo, commit, tree, folder, temporary / "nowhere") if tree else ()
        yield Exported(folder, submodules)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class Entry:
    mode: str
    kind: str
    """`blob` (a file or a symbolic link) or `commit` (a submodule)."""
    oid: str
    path: str


SYMLINK_MODE, SUBMODULE_MODE, TREE_MODE = "120000", "160000", "040000"
_NOT_A_FOLDER = {SYMLINK_MODE: "a symbolic link", SUBMODULE_MODE: "a submodule"}
COPY_CHUNK = 1 << 20


def _dossier_tree(repo: Repository, commit: str) -> str | None:
    """`commit:prefix`, the dossier's folder at `commit`, or None when it did not exist yet. A link,
    a file or a submodule where the folder or one of its parents should be is an error, never an
    empty dossier."""
    if not repo.prefix:
        return commit
    parts = repo.prefix.rstrip("/").split("/")
    folders = ["/".join(parts[:count]) for count in range(1, len(parts) + 1)]
    # ls-tree lists the deepest of these it reaches; a parent is listed only when it is not a folder
    listing = _parse_listing(git_bytes(repo.toplevel, "ls-tree", "-z", commit, "--", *folders))
    found = {entry.path: entry for entry in listing}
    dossier = found.get(folders[-1])
    if dossier is not None and dossier.mode == TREE_MODE:
        return f"{commit}:{repo.prefix}"
    in_the_way = [found[folder] for folder in folders if folder in found]
    if in_the_way:
        entry = in_the_way[0]
        raise RevisionError(f"at {commit[:7]}, '{entry.path}' is {_NOT_A_FOLDER.get(entry.mode, 'a file')}, "
                            "not a folder, so the dossier cannot be read there")
    return None


def _parse_listing(listing: bytes) -> list[Entry]:
    """The entries of `git ls-tree -z`: `MODE TYPE OID<TAB>PATH`, each ended by a NUL."""
    entries = []
    for line in listing.split(b"\0")[:-1]:
        meta, _, path = line.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        entries.append(Entry(mode, kind, oid, os.fsdecode(path)))
    return entries


def _write_tree(repo: Repository, commit: str, tree: str, folder: Path, nowhere: Path) -> tuple[str, ...]:
    """Write every entry of `tree` into `folder`, blobs read raw by one `git cat-file --batch`: no
    attributes, no filters, no hooks, so a `.gitattributes` in the revision changes nothing. Each
    symbolic link leads to `nowhere`, outside `folder`, which nothing makes."""
    entries = _parse_listing(git_bytes(repo.toplevel, "ls-tree", "-r", "-z", tree))
    made = {folder}
    submodules = []
    with blob_reader(repo) as copy_blob:
        for entry in entries:
            try:
                target = _place(folder, _parts(entry.path, commit), made)
                if entry.kind == "commit":
                    submodules.append(entry.path)
                elif entry.kind != "blob":
                    raise RevisionError(f"at {commit[:7]}, '{entry.path}' is a git {entry.kind}, not a file")
                elif entry.mode == SYMLINK_MODE:
                    os.symlink(nowhere, target)
                else:
                    _write_blob(target, entry, copy_blob)
            except OSError as exc:
                raise RevisionError(f"cannot write '{entry.path}' of {commit[:7]} to a temporary folder: "
                                    f"{exc.strerror}") from exc
    return tuple(submodules)


def _parts(path: str, commit: str) -> list[str]:
    """The names along `path`, refusing any that would lead out of the folder it is written to
    (git itself refuses them, but a crafted tree can hold them)."""
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise RevisionError(f"{commit[:7]} holds a path that is not allowed in git: '{path}'")
    return parts


def _place(folder: Path, parts: list[str], made: set[Path]) -> Path:
    """Where an entry is written, its parent folders made one by one. Each is made here (os.mkdir
    fails on anything already there, a link included), so nothing is ever written through a link."""
    parent = folder
    for part in parts[:-1]:
        parent = parent / part
        if parent not in made:
            os.mkdir(parent)
            made.add(parent)
    return parent / parts[-1]


BlobCopier = Callable[[Entry, BinaryIO], None]


def _write_blob(target: Path, entry: Entry, copy_blob: BlobCopier) -> None:
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        copy_blob(entry, handle)


@contextlib.contextmanager
def blob_reader(repo: Repository) -> Iterator[BlobCopier]:
    """One `git cat-file --batch` for a whole revision: each object id written to it is answered
    with `OID TYPE SIZE`, the raw bytes and a newline; the bytes are copied out in chunks."""
    with subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo.toplevel, env=_environment(),
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        assert process.stdin is not None and process.stdout is not None
        requests, answers = process.stdin, process.stdout

        def copy_blob(entry: Entry, handle: BinaryIO) -> None:
            try:
                requests.write(entry.oid.encode("ascii") + b"\n")
                requests.flush()
            except BrokenPipeError as exc:
                raise RevisionError("git cat-file stopped before every file was read") from exc
            header = answers.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise RevisionError(f"git cat-file cannot read '{entry.path}' ({entry.oid}): "
                                    f"{b' '.join(header[1:]).decode('ascii', 'replace') or 'no answer'}")
            remaining = int(header[2])
            while remaining:
                chunk = answers.read(min(remaining, COPY_CHUNK))
                if not chunk:
                    raise RevisionError(f"git cat-file stopped while reading '{entry.path}'")
                handle.write(chunk)
                remaining -= len(chunk)
            answers.read(1)

        yield copy_blob


@dataclass(frozen=True, slots=True)
class LfsPointer:
    """The file a Git LFS pointer stands for: its SHA-256 (lowercase hex) and size in bytes."""

    sha256: str
    size: int


LFS_VERSIONS = ("https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1")
"""The pointer format's version line; the second is the name it had before Git LFS was released."""
LFS_POINTER_LIMIT = 1024
"""Git LFS treats only blobs smaller than this as pointers."""
_LFS_KEY = re.compile(r"[a-z0-9.-]+")
_LFS_OID = re.compile(r"sha256:([0-9a-f]{64})")
_LFS_SIZE = re.compile(r"[0-9]+")


def lfs_pointer(data: bytes) -> LfsPointer | None:
    """What a Git LFS pointer file points to, or None when `data` is not exactly one.

    A revision's blobs are read raw, so a capture kept in Git LFS arrives as its pointer; its fixity
    is verified from the pointer's `oid sha256:` and `size` (docs/review.md). The format, strictly:
    UTF-8 lines `key value` each ending in LF, `version` first, the other keys in ascending order
    and each once, `oid` and `size` among them."""
    if len(data) >= LFS_POINTER_LIMIT or not data.endswith(b"\n"):
        return None
    try:
        lines = data.decode("utf-8")[:-1].split("\n")
    except UnicodeDecodeError:
        return None
    pairs = [line.partition(" ") for line in lines]
    keys = [key for key, _, _ in pairs]
    values = {key: value for key, _, value in pairs}
    well_formed = all(space and _LFS_KEY.fullmatch(key) for key, space, _ in pairs)
    ordered = keys[:1] == ["version"] and all(before < after for before, after in zip(keys[1:], keys[2:]))
    if not (well_formed and ordered and values["version"] in LFS_VERSIONS):
        return None
    oid = _LFS_OID.fullmatch(values.get("oid", ""))
    size = values.get("size", "")
    return LfsPointer(oid.group(1), int(size)) if oid and _LFS_SIZE.fullmatch(size) else None
