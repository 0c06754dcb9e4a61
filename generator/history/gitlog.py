"""The commits of the dossier's main line that touched its content files, read from `git log`.

Only the first-parent line of HEAD is walked (`git log --first-parent`), each commit compared with
its first parent: a change appears when it reached the main line, as readers of the published
dossier saw it, with the date of that commit; a merged branch is one change at its merge
(docs/history.md, "How history is read").
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from generator.core.kinds import BY_PLURAL
from generator.read.gitrev import RevisionError, git, git_bytes
from generator.read.load import file_formats, is_ignored

_HEADER = "\x01"
"""Starts each commit in the `git log` output; its subject is the token after it."""
MAX_SUBJECT = 200
"""Characters of a commit subject kept: a longer one is cut, with an ellipsis."""
FILE_MODES = ("100644", "100755")
"""The modes of regular files; a symbolic link (120000) or a submodule (160000) is never read."""
_NO_OBJECT = "0" * 40
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True, slots=True)
class InRepository:
    """Where the dossier is in its repository."""

    toplevel: Path
    prefix: str
    """The dossier folder inside the repository as git spells it: `` or `dossiers/kz/`."""
    head: str
    """The HEAD commit id."""


@dataclass(frozen=True, slots=True)
class Version:
    """One side of a content file in a commit: its path (relative to the dossier folder) and blob."""

    path: str
    blob: str
    """The blob id; "" when the file is a symbolic link or a submodule, which is never read."""


@dataclass(frozen=True, slots=True)
class Touched:
    """A content file a commit changed: its version before (None when added) and after (None when deleted)."""

    old: Version | None
    new: Version | None


@dataclass(frozen=True, slots=True)
class LogCommit:
    """A commit of the main line, with the content files it changed."""

    id: str
    parent: str | None
    """Its first parent; None for a first commit, or one at the edge of a shallow clone."""
    seconds: int
    subject: str
    boundary: bool
    """A commit whose parents are not in this (shallow) clone: git shows it as adding every file,
    so it is where history starts, and it changes nothing (docs/history.md)."""
    touched: tuple[Touched, ...]


def locate(root: Path) -> InRepository | None:
    """Where the dossier in `root` is, or None when it is in no repository, the repository has no
    commit yet, or git is missing."""
    try:
        lines = git(root, "rev-parse", "--show-toplevel", "--show-prefix", "--verify", "--quiet", "HEAD").split("\n")
    except RevisionError:
        return None
    if len(lines) != 4 or lines[3]:
        return None
    return InRepository(Path(lines[0]), lines[1], lines[2])


def content_folder(content_dir: str) -> str:
    """config.yaml's `content_dir` as the build names its files (`content`, not `./content/`)."""
    return posixpath.normpath(content_dir)


def first_parent_chain(root: Path) -> list[str]:
    """The ids of HEAD's first-parent line, HEAD first."""
    return git(root, "rev-list", "--first-parent", "HEAD").split()


def read_log(root: Path, located: InRepository, content_dir: str, since: str | None = None) -> list[LogCommit]:
    """The main line's commits that touched the content folder, oldest first; with `since` (a
    commit of the first-parent line), only those after it."""
    folder = content_folder(content_dir)
    output = git_bytes(root, "log", "--first-parent", "--diff-merges=first-parent", "-z", "-M", "--raw",
                       "--no-abbrev", "--no-show-signature", "--no-color", "--no-relative", "--encoding=UTF-8",
                       f"--format={_HEADER}%H %P %ct%x00%s", located.head,
                       *([f"^{since}"] if since else []), "--", folder)
    boundary = shallow_commits(root)
    commits = parse_log(output.decode("utf-8", "surrogateescape"), located.prefix, folder, boundary)
    return commits[::-1]


def tree_versions(toplevel: Path, prefix: str, commit: str, paths: list[str]) -> dict[str, Version]:
    """The version at `commit` of each of `paths` (relative to the dossier folder) that it has."""
    listing = git_bytes(toplevel, "ls-tree", "-z", "--full-tree", commit, "--", *(prefix + path for path in paths))
    found = {}
    for line in listing.split(b"\0")[:-1]:
        meta, _, name = line.partition(b"\t")
        mode, _, blob = meta.decode("ascii").split(" ")
        path = name.decode("utf-8", "surrogateescape")[len(prefix):]
        found[path] = Version(path, blob if mode in FILE_MODES else "")
    return found


def shallow_commits(root: Path) -> frozenset[str]:
    """The commits at the edge of a shallow clone (`.git/shallow`): their parents are missing."""
    if git(root, "rev-parse", "--is-shallow-repository").strip() != "true":
        return frozenset()
    path = Path(root, git(root, "rev-parse", "--git-path", "shallow").strip())
    try:
        return frozenset(path.read_text(encoding="ascii").split())
    except (OSError, ValueError) as exc:
        raise RevisionError(f"the shallow clone's list of boundary commits cannot be read: {exc}") from exc


def parse_log(output: str, prefix: str, folder: str, boundary: frozenset[str] = frozenset()) -> list[LogCommit]:
    """Commits from `git log -z --raw --format=<_HEADER>%H %P %ct<NUL>%s`, newest first.

    Each commit is a header token, then its subject, then its changes: a token
    `:OLDMODE NEWMODE OLDBLOB NEWBLOB STATUS` followed by one path, or two for a rename (old, then
    new). Paths are relative to the repository; only the content files of the dossier are kept."""
    tokens = output.split("\0")
    commits: list[LogCommit] = []
    position = 0
    while position < len(tokens):
        token = tokens[position].lstrip("\n")
        position += 1
        if not token.startswith(_HEADER):
            if token:
                raise RevisionError(f"unexpected output from git log: {token[:40]!r}")
            continue
        header, subject = token[len(_HEADER):].split(), tokens[position] if position < len(tokens) else ""
        position += 1
        touched, position = _changes(tokens, position, prefix, folder)
        commit_id = header[0]
        commits.append(LogCommit(commit_id, header[1] if len(header) > 2 else None, int(header[-1]),
                                 clean_subject(subject),
                                 len(header) == 2 and commit_id in boundary, tuple(touched)))
    return commits


def _changes(tokens: list[str], position: int, prefix: str, folder: str) -> tuple[list[Touched], int]:
    """The content files of one commit's raw changes from `position`, and where the next commit starts."""
    touched = []
    while position < len(tokens) and tokens[position].lstrip("\n").startswith(":"):
        meta = tokens[position].lstrip("\n")[1:].split(" ")
        count = 2 if meta[4][:1] in "RC" else 1
        paths = tokens[position + 1:position + 1 + count]
        position += 1 + count
        old_path, new_path = paths[0], paths[-1]
        old = _version(old_path, meta[0], meta[2], prefix, folder) if meta[4][:1] != "C" else None
        new = _version(new_path, meta[1], meta[3], prefix, folder)
        if old is not None or new is not None:
            touched.append(Touched(old, new))
    return touched, position


def _version(path: str, mode: str, blob: str, prefix: str, folder: str) -> Version | None:
    """The side of a change if it is a content file of the dossier (None when absent or elsewhere)."""
    if blob == _NO_OBJECT or mode == "000000" or not path.startswith(prefix):
        return None
    relative = path[len(prefix):]
    if not is_content_file(relative, folder):
        return None
    return Version(relative, blob if mode in FILE_MODES else "")


def is_content_file(path: str, folder: str) -> bool:
    """Whether the build reads `path` (relative to the dossier folder): `<folder>/<kind folder>/<name>`
    with the kind's extension, not a dotfile or an editor's temporary file."""
    inside, _, rest = path.rpartition("/")
    parent, _, kind_folder = inside.rpartition("/")
    kind = BY_PLURAL.get(kind_folder)
    return (kind is not None and parent == folder and not is_ignored(rest)
            and os.path.splitext(rest)[1] in file_formats(kind))


def clean_subject(subject: str) -> str:
    """A commit subject as one line of text: control characters as spaces, cut at MAX_SUBJECT."""
    text = " ".join(_CONTROL.sub(" ", subject.encode("utf-8", "surrogateescape").decode("utf-8", "replace")).split())
    return text if len(text) <= MAX_SUBJECT else text[:MAX_SUBJECT - 1] + "…"
