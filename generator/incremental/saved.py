"""What a full build leaves in `.dossier-cache/preview/` for `dossier serve` to start from without
rendering (docs/performance.md, "Starting the preview"): a stamp of the inputs the site was built
from, each file of the site with its digest, size and time, and the site's dependency graph.

As in the history cache (history/cache.py), a file is trusted only when it is exactly what
`remember` wrote, by this very code: its layout, a digest of dossier's code and templates and the
SHA-256 of its contents are checked, and anything else is ignored; a cache that git tracks is
never written, nor read. The site is taken over only when the inputs are as they were when its
build started and every file the build wrote is still there with the size and time it had.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.builtin import PACKAGE, default_templates
from generator.core.files import write_whole
from generator.core.layout import CACHE_FOLDER
from generator.history import head
from generator.history.gitlog import content_folder
from generator.read.config import load_config
from generator.read.gitrev import RevisionError, git_bytes
from generator.site.graph import Dependencies
from generator.site.keys import InputKey

FOLDER = "preview"
SITE_FILE = "site.json"
GRAPH_FILE = "graph.json"
FORMAT = 3
"""The layout of the files: a file of another layout is ignored."""
NOTHING_SAVED = "no saved site"
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml")
"""The libraries that make the pages' bytes, besides dossier's own code."""


def code_version() -> str:
    """A digest of dossier's code, the templates it ships and the libraries that render pages: a
    site saved by other code is not taken over."""
    digest = hashlib.blake2b(digest_size=16)
    for folder, pattern in ((PACKAGE, "*.py"), (default_templates(), "*")):
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for library in LIBRARIES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{library} {importlib.metadata.version(library)}\0".encode())
    return digest.hexdigest()


def _folder_stamp(folder: Path) -> str:
    """A digest of every file and folder under `folder`: its path, type, size and modification time
    (not its inode nor its change time, so that a copy made with its times kept still matches)."""
    lines = []
    pending = [folder] if folder.is_dir() else []
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode):
                    pending.append(Path(entry.path))
                    lines.append(f"{Path(entry.path).relative_to(folder).as_posix()}\0d")
                else:
                    lines.append(f"{Path(entry.path).relative_to(folder).as_posix()}\0{info.st_mode}\0"
                                 f"{info.st_size}\0{info.st_mtime_ns}")
    lines.sort()
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def stamp(config_path: Path, uncommitted: bool) -> dict[str, Any] | None:
    """What a build's pages depend on, as cheaply as it can be told apart: config.yaml's bytes, the
    content and templates folders, the code, the HEAD commit (dates and history come from git) and,
    for a Builder that shows the edits not yet committed (`uncommitted`), whether there are any.
    None when config.yaml cannot be read."""
    config, _ = load_config(config_path)
    if config is None:
        return None
    root = config_path.parent
    return {
        "config": hashlib.sha256(config_path.read_bytes()).hexdigest(),
        "content": _folder_stamp(root / config.content_dir),
        "templates": _folder_stamp(root / config.templates_dir),
        "code": code_version(),
        "head": head.stamp(root),
        "uncommitted": uncommitted and _has_uncommitted(root, config.content_dir),
    }


def _has_uncommitted(root: Path, content_dir: str) -> bool:
    """Whether a content file differs from HEAD (the preview's pages then show it; docs/history.md)."""
    try:
        return bool(git_bytes(root, "status", "--porcelain", "-z", "--untracked-files=all", "--",
                              content_folder(content_dir)))
    except RevisionError:
        return False


def _tracked(root: Path) -> bool:
    """Whether git tracks anything in `.dossier-cache/` (or cannot tell, in a repository)."""
    try:
        return bool(git_bytes(root, "ls-files", "-z", "--", CACHE_FOLDER))
    except RevisionError:
        return head.stamp(root, {}) is not None


def folder(root: Path) -> Path:
    return root / CACHE_FOLDER / FOLDER


@dataclass(frozen=True, slots=True)
class Saved:
    """A saved site that its inputs and its folder still match: each file's digest (the search
    index's files aside) and the graph it was made with."""

    root: Path
    inputs: dict[str, Any]
    digests: dict[str, bytes]
    graph_sha256: str
    files: int
    """How many files of the site were checked, search index included."""

    def graph(self) -> Dependencies | None:
        """The site's dependency graph, None when its file is not the one saved with the site."""
        return graph_from(_read(folder(self.root) / GRAPH_FILE, self.inputs["code"], self.graph_sha256))


def load(config_path: Path, uncommitted: bool, output: Path) -> Saved | str:
    """The site the last full build saved, when the inputs and `output` are exactly as that build
    left them; else why not, in a few words."""
    root = config_path.parent
    path = folder(root) / SITE_FILE
    if not path.is_file():
        return NOTHING_SAVED
    if _tracked(root):
        return f"git tracks {CACHE_FOLDER}/"
    now = stamp(config_path, uncommitted)
    data = _read(path, now["code"] if now else "")
    if not isinstance(data, dict):
        return "the saved site is unreadable, or from another version of dossier"
    if now != data.get("inputs"):
        return _what_changed(data.get("inputs"), now)
    try:
        digests = {name: bytes.fromhex(digest) for name, digest, _, _ in data["files"] if digest}
        if not _same_files(output, data["files"]):
            return "the site folder changed since the last build"
        return Saved(root, data["inputs"], digests, data["graph"], len(data["files"]))
    except (TypeError, KeyError, ValueError):
        return "the saved site is unreadable"


def _what_changed(before: Any, now: dict[str, Any] | None) -> str:
    if now is None or not isinstance(before, dict):
        return "config.yaml cannot be read"
    names = {"config": "config.yaml", "content": "the content", "templates": "the templates",
             "code": "dossier itself", "head": "the HEAD commit", "uncommitted": "the edits not yet committed"}
    return next((f"{names[key]} changed since the last build" for key in names if before.get(key) != now[key]),
                "the saved site is unreadable")


def _same_files(output: Path, files: list[list[Any]]) -> bool:
    """Whether every file the build wrote is still there with its size and modification time."""
    base = str(output) + os.sep
    for name, _, size, mtime in files:
        try:
            info = os.stat(base + name)
        except OSError:
            return False
        if info.st_size != size or info.st_mtime_ns != mtime:
            return False
    return True


GraphPart = tuple[bytes, ...]
"""A graph in its saved form, as the pieces of its JSON text (`graph_part`)."""


def remember(root: Path, inputs: dict[str, Any], output: Path, digests: dict[str, bytes], others: Iterable[str],
             graph: Dependencies, parts: Sequence[GraphPart] = ()) -> None:
    """Save a full build's site: `inputs` is its stamp taken before it started, `digests` its
    files' digests, `others` the rest of its files (the search index), `graph` what its pages were
    made from, and `parts` what the pages rendered apart were made from, in their saved form
    (`graph_part`), saved after `graph` in the order given. A site that cannot be saved costs only
    the next preview's start."""
    if _tracked(root):
        return
    place = folder(root)
    base = str(output) + os.sep
    with contextlib.suppress(OSError):
        (place / SITE_FILE).unlink(missing_ok=True)
        files = [[name, digests[name].hex() if name in digests else "", *_size_and_time(base + name)]
                 for name in sorted({*digests, *others})]
        place.mkdir(parents=True, exist_ok=True)
        graph_sha256 = _write(place / GRAPH_FILE, inputs["code"], _graph_file(graph, parts))
        _write(place / SITE_FILE, inputs["code"], [_json({"inputs": inputs, "files": files, "graph": graph_sha256})])


def _size_and_time(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def graph_part(graph: Dependencies) -> GraphPart:
    """A graph recorded apart (a renderer's) in its saved form, for the parent to save as it is
    (`remember`'s `parts`): the parent process never holds its objects. Kept in pieces, not joined:
    the joined copy (20 MB at 10,000 long sources) would come on top of them at the renderer's peak.
    Its keys are numbered in the graph's own table of names, which this uses up
    (`Dependencies.numbered_keys`): a graph is made into a part once, as its renderer ends."""
    return tuple(_graph_pieces(graph, graph.numbered_keys()))


def _graph_file(graph: Dependencies, parts: Sequence[GraphPart]) -> Iterator[bytes]:
    """The saved graph: its parts, the graph's own edges first, then `parts`: read back in that order,
    a later part's reads win, as in a merge."""
    yield b'{"parts":['
    yield from _graph_pieces(graph, _numbered(graph))
    for part in parts:
        yield b","
        yield from part
    yield b"]}"


def graph_from(data: Any) -> Dependencies | None:
    """The graph a saved graph file holds (`_graph_file`, parsed), its parts read in order, so that a
    later part's reads win; None when it is not such a file."""
    try:
        graph = Dependencies()
        for part in data["parts"]:
            names, rows = part["keys"], part["made"]
            if not all(type(name) is str for name in names):
                return None
            for row in rows:
                graph.record(InputKey(names[row[0]]), [InputKey(names[index]) for index in row[1:]])
        return graph
    except (TypeError, KeyError, IndexError):
        return None


def _numbered(graph: Dependencies) -> dict[InputKey, int]:
    """The graph's keys numbered in the order they first come in its edges, the graph left as it was."""
    numbers: dict[InputKey, int] = {}
    for made, inputs in graph.edges():
        for key in (made, *inputs):
            numbers.setdefault(key, len(numbers))
    return numbers


def _graph_pieces(graph: Dependencies, numbers: dict[InputKey, int]) -> Iterator[bytes]:
    """One part of the saved graph, as JSON a piece at a time (made whole, its 120,000 rows of numbers
    took 50 MB at 10,000 sources, at the parent process's peak): every key of `numbers` once, in
    their order, then each thing made as a row of key numbers (the thing, then what it was made from)."""
    yield b'{"keys":'
    yield from _json_list(json.dumps(key, ensure_ascii=False) for key in numbers)
    yield b',"made":'
    yield from _json_list("[" + ",".join(str(numbers[key]) for key in (made, *inputs)) + "]"
                          for made, inputs in graph.edges())
    yield b"}"


def _json_list(items: Iterable[str], batch: int = 1_000) -> Iterator[bytes]:
    """A JSON list of items already in JSON, as `json.dumps(…, separators=(",", ":"))` writes it,
    `batch` items a piece (of 30 to 110 KB in a graph part: with 5,000, a renderer's peak was 5 MiB
    higher, docs/performance.md)."""
    yield b"["
    pending: list[str] = []
    first = True
    for item in items:
        pending.append(item)
        if len(pending) == batch:
            yield ("" if first else ",").encode() + ",".join(pending).encode("utf-8")
            pending, first = [], False
    if pending:
        yield ("" if first else ",").encode() + ",".join(pending).encode("utf-8")
    yield b"]"


def _json(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _write(path: Path, code: str, pieces: Iterable[bytes]) -> str:
    """The data (as pieces of its JSON text, written as they come), then a header line (layout,
    `code`'s version, the SHA-256 of the data), written whole or not at all; returns the SHA-256."""
    sha256 = hashlib.sha256()

    def hashed() -> Iterator[bytes]:
        for piece in pieces:
            sha256.update(piece)
            yield piece
        yield b"\n" + json.dumps(_header(code, sha256.hexdigest())).encode("ascii")

    write_whole(path, hashed())
    return sha256.hexdigest()


def _header(code: str, sha256: str) -> dict[str, Any]:
    return {"format": FORMAT, "code": code, "sha256": sha256}


def _read(path: Path, code: str, sha256: str | None = None) -> Any:
    """The data of a file as `_write` wrote it with this `code` version (and with this SHA-256, when
    given), else None."""
    try:
        payload, _, header = path.read_bytes().rpartition(b"\n")
        found = hashlib.sha256(payload).hexdigest()
        if json.loads(header) != _header(code, found) or sha256 not in (None, found):
            return None
        return json.loads(payload)
    except (OSError, ValueError):
        return None
