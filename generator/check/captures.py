"""The capture checks of `dossier check`, `build`, `serve` and `diff` (docs/captures.md, "What `dossier check` proves").

For every source with a `capture:` block: fixity (the file is in content/captures/ and its SHA-256
is the one recorded), faithfulness (the source's visible text is a faithful cut of the capture's
visible text, each problem at its line and column in the source file), and for a web archive the
`url` and `captured` it records. A capture file that no source names is a warning.

Reading a capture (hashing it, extracting its text) is cached (`cache`); the libraries that read
HTML, PDF and web archives are imported only when a capture has to be read.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.capture.cache import CaptureCache, Entry, Outcome, StatKey, key_of, outcome_key, read_file, sha256_of
from generator.capture.errors import CaptureError
from generator.capture.kinds import MEDIA_TYPES, kind_from_name, listed_extensions
from generator.check.resolved import CaptureFacts, Resolved
from generator.core.diagnostics import Diagnostic, Span, error, warning
from generator.core.model import Capture, Source
from generator.core.shelf import Text
from generator.core.shelf import kept as kept_text
from generator.read.gitrev import LFS_POINTER_LIMIT, lfs_pointer
from generator.read.load import CAPTURE_FOLDER, MAX_CAPTURE_BYTES
from generator.text import yamltree

if TYPE_CHECKING:
    from generator.capture.faithful import Problem


_Found = tuple[tuple[Diagnostic, ...], CaptureFacts | None]
"""A capture's problems and facts."""
_Kept = tuple[StatKey, tuple[Diagnostic, ...], CaptureFacts | None]
"""A capture's stat key, problems and facts, as a check found them."""


@dataclass(slots=True)
class CaptureChecks:
    """What the capture checks of one build leave for the next (a Builder keeps it)."""

    cache: CaptureCache = field(default_factory=CaptureCache)
    results: dict[str, tuple[Source, _Kept]] = field(default_factory=dict)
    """Source id → (the source, (its capture's stat key, the problems, the facts)), valid while both are the same."""


SPREAD_FROM = 200
"""Fewer captures than this are checked in this process: forking costs more than it saves."""


def check_captures(root: Path, content_dir: str, captures: tuple[str, ...], resolved: Resolved,
                   broken_sources: set[str], kept: CaptureChecks | None = None,
                   revision: bool = False, spread: Callable[..., list[Any]] | None = None
                   ) -> tuple[Resolved, list[Diagnostic]]:
    """`resolved` with the facts of every capture, and the problems of every capture.

    `captures`: the files load found in content/captures/; `broken_sources`: ids of sources that
    could not be read (their captures are not reported as unnamed); `revision`: the dossier is a
    revision written out by `dossier diff`, where a Git LFS pointer stands for its file and nothing
    is cached on disk; `spread` (a one-shot build: output.parallel.spread): the captures are checked
    on every core, each process writing the cache entries it made, which `kept.cache` then holds on
    disk only.
    """
    sources = [source for source in resolved.dossier.sources.values() if source.capture is not None]
    if not sources and not captures:
        return resolved, []
    kept = kept if kept is not None else CaptureChecks()
    kept.cache.use_folder(None if revision else root)
    folder = Path(content_dir, CAPTURE_FOLDER)
    checked = _check_all(_Checker(root, folder, frozenset(captures), kept, revision), sources, resolved, spread)
    problems = [problem for source in sources for problem in checked[source.id][0]]
    problems.extend(_unnamed(folder, captures, sources, broken_sources))
    facts: dict[str, CaptureFacts] = {source.id: source_facts for source in sources
                                      if (source_facts := checked[source.id][1]) is not None}
    return dataclasses.replace(resolved, captures=facts), problems


def _check_all(checker: _Checker, sources: list[Source], resolved: Resolved,
               spread: Callable[..., list[Any]] | None) -> dict[str, _Found]:
    """Each source's capture checked, by source id, then what is kept for the next check brought up to date."""
    kept = checker.kept

    def check_share(share: Sequence[Source]) -> tuple[dict[str, _Found], dict[str, _Kept], set[str]]:
        checked: dict[str, _Found] = {source.id: checker.check(source, kept_text(resolved.visible_texts, source.id))
                                      for source in share}
        kept.cache.write_changed()
        return checked, {source.id: kept.results[source.id][1] for source in share if source.id in kept.results}, \
            kept.cache.written

    shares = (spread(check_share, sources) if spread is not None and len(sources) >= SPREAD_FROM
              else [check_share(sources)])
    checked: dict[str, _Found] = {}
    for share_checked, share_kept, _ in shares:
        checked.update(share_checked)
        kept.results.update((source_id, (resolved.dossier.sources[source_id], found))
                            for source_id, found in share_kept.items())
    for gone in kept.results.keys() - {source.id for source in sources}:
        del kept.results[gone]
    kept.cache.remove_stale(set().union(*(names for _, _, names in shares)))
    return checked


def _unnamed(folder: Path, captures: tuple[str, ...], sources: list[Source],
             broken_sources: set[str]) -> Iterator[Diagnostic]:
    """A warning for each capture no source names (one whose name starts with the id of a source
    that could not be read is probably that source's)."""
    named = {source.capture.file for source in sources if source.capture is not None}
    for name in captures:
        if name not in named and name.split(".", 1)[0] not in broken_sources:
            yield warning("capture.unnamed", "capture file is named by no source", Span((folder / name).as_posix()),
                          "add a `capture:` block (file, sha256, captured) to the source cut from it, or remove it")


@dataclass(slots=True)
class _File:
    """A capture file, read only when its bytes are needed."""

    path: Path
    key: StatKey
    """The file's stat key; once read, the key its bytes are the bytes of."""
    data: bytes | None = None

    def bytes(self) -> bytes:
        if self.data is None:
            self.key, self.data = read_file(self.path, MAX_CAPTURE_BYTES)
        return self.data


class _Checker:
    """Checks one source's capture after another."""

    def __init__(self, root: Path, folder: Path, present: frozenset[str], kept: CaptureChecks,
                 revision: bool) -> None:
        self.root, self.folder, self.present, self.kept, self.revision = root, folder, present, kept, revision

    def check(self, source: Source, working: Text) -> _Found:
        """The problems and facts of the source's capture; `working`, its visible text, is read
        (from a shelf: core/shelf.py) only when they are not kept from the last check."""
        capture = source.capture
        assert capture is not None
        rel = (self.folder / capture.file).as_posix()
        if capture.file not in self.present:
            return self._absent(capture, rel), None
        self.kept.cache.touched(rel)
        try:
            file = _File(self.root / rel, key_of(self.root / rel))
            cached = self.kept.results.get(source.id)
            if cached is not None and cached[0] is source and cached[1][0] == file.key:
                return cached[1][1:]
            problems, facts = self._checked(source, capture, rel, file, str(working))
        except OSError as exc:
            return (error("capture.unreadable", f"cannot read capture '{capture.file}': {exc.strerror}",
                          capture.spans["sha256"]),), None
        self.kept.results[source.id] = (source, (file.key, problems, facts))
        return problems, facts

    def _absent(self, capture: Capture, rel: str) -> tuple[Diagnostic, ...]:
        if os.path.lexists(self.root / rel):
            return ()  # a link, folder, special file or too large a file: load reported it
        return (error("capture.missing", f"capture file '{capture.file}' not found in {self.folder.as_posix()}/",
                      capture.spans["sha256"], "put the original there, byte for byte, or correct `file`"),)

    def _checked(self, source: Source, capture: Capture, rel: str, file: _File,
                 working: str) -> tuple[tuple[Diagnostic, ...], CaptureFacts | None]:
        if self.revision and file.key[0] < LFS_POINTER_LIMIT and (pointer := lfs_pointer(file.bytes())):
            return self._lfs(capture, pointer.sha256, pointer.size)
        entry = self._entry(rel, file)
        if entry.sha256 != capture.sha256:
            return (self._tampered(capture, entry.sha256, file),), None
        url = source.url if kind_from_name(capture.file) in ("warc", "wacz") else None
        if not entry.text_for(url):
            entry = self._with_text(rel, entry, url, file)
        if entry.sha256 != capture.sha256:  # it changed since it was hashed
            return (self._tampered(capture, entry.sha256, file),), None
        if entry.visible is None:
            return (error("capture.unreadable", f"capture '{capture.file}': {entry.error}", capture.span),), None
        return self._compared(source, capture, rel, entry, working)

    def _entry(self, rel: str, file: _File) -> Entry:
        """The cached entry for this file, or a new one with its SHA-256."""
        entry = None if self.revision else self.kept.cache.entry(rel, file.key)
        if entry is None:
            digest = sha256_of(file.bytes())
            entry = Entry(file.key, digest)
            self._keep(rel, entry)
        return entry

    def _keep(self, rel: str, entry: Entry) -> None:
        if not self.revision:
            self.kept.cache.keep(rel, entry)

    def _with_text(self, rel: str, entry: Entry, url: str | None, file: _File) -> Entry:
        from generator.capture.visible import payload_of, visible_text

        kind = kind_from_name(rel)
        try:
            if kind is None:
                raise CaptureError("dossier cannot tell what kind of file it is from its name; "
                                   f"captures are {listed_extensions('or')} files")
            data = file.bytes()
            if file.key != entry.key:  # changed since it was hashed: hash what is read now
                entry = Entry(file.key, sha256_of(data))
            text, problem = visible_text(payload_of(data, kind, url, MAX_CAPTURE_BYTES)), None
        except CaptureError as exc:
            text, problem = None, str(exc)
        entry = dataclasses.replace(entry, url=url, visible=text, error=problem, outcome=None)
        self._keep(rel, entry)
        return entry

    def _lfs(self, capture: Capture, oid: str, size: int) -> tuple[tuple[Diagnostic, ...], CaptureFacts | None]:
        """A capture kept in Git LFS, read from a revision as its pointer: fixity from the pointer's `oid`."""
        if oid != capture.sha256:
            return (error("capture.sha256", f"capture '{capture.file}' is a Git LFS pointer to a file whose SHA-256 "
                                            f"is {oid}, not the one recorded here", capture.spans["sha256"]),), None
        note = warning("capture.lfs", f"capture '{capture.file}' is a Git LFS pointer in this revision: its SHA-256 "
                                      "is checked from the pointer, but its text is not there to check the source's "
                                      "text against", capture.spans["sha256"],
                       "run `dossier check` in a checkout with `git lfs pull` done to check faithfulness")
        return (note,), CaptureFacts(capture.file, _media_type(capture.file), size, None, None, None, None)

    @staticmethod
    def _tampered(capture: Capture, actual: str, file: _File) -> Diagnostic:
        hint = "a capture is the original as collected and is never edited: restore it, or record the new " \
               "file's sha256 if it replaces the original on purpose"
        if file.key[0] < LFS_POINTER_LIMIT and lfs_pointer(file.bytes()) is not None:
            hint = "the file is a Git LFS pointer, not the capture: run `git lfs pull`"
        return error("capture.sha256", f"capture '{capture.file}' has changed: its SHA-256 is {actual}, not the one "
                                       "recorded here", capture.spans["sha256"], hint)

    def _outcome(self, rel: str, entry: Entry, working: str) -> Outcome:
        """The faithfulness check of `working` against the capture: the cached one while it was made for
        this visible text (the entry's), this url and this working text."""
        from generator.capture.faithful import check

        made_for = outcome_key(entry.url, working)
        if entry.outcome is not None and entry.outcome.made_for == made_for:
            return entry.outcome
        assert entry.visible is not None
        checked = check(working, entry.visible)
        outcome = Outcome(made_for, checked.problems, checked.blocks, checked.left_out)
        self._keep(rel, dataclasses.replace(entry, outcome=outcome))
        return outcome

    def _compared(self, source: Source, capture: Capture, rel: str, entry: Entry,
                  working: str) -> tuple[tuple[Diagnostic, ...], CaptureFacts]:
        from generator.capture.archive import disagreements

        visible = entry.visible
        assert visible is not None
        faithfulness = self._outcome(rel, entry, working)
        place = _placer(source, working)
        problems = [_faithfulness_problem(problem, capture, place(problem.offset))
                    for problem in faithfulness.problems]
        response = visible.response
        if response is not None:
            spans = {"url": source.spans.get("url", capture.span), "captured": capture.spans["captured"]}
            problems += [warning("capture.archive", f"{message} in capture '{capture.file}'", spans[key],
                                 "correct it, or check that this is the page the source cites")
                         for key, message in disagreements(response, source.url, capture.captured)]
        facts = CaptureFacts(capture.file, _media_type(capture.file), entry.key[0], response.uri if response else None,
                             response.date if response else None, faithfulness.blocks, faithfulness.left_out)
        return tuple(problems), facts


def _media_type(name: str) -> str:
    kind = kind_from_name(name)
    return MEDIA_TYPES[kind] if kind is not None else "application/octet-stream"


def _faithfulness_problem(problem: Problem, capture: Capture, span: Span) -> Diagnostic:
    message = f"capture '{capture.file}': {problem.message}"
    if problem.passage:
        message += f"; the capture has: \"{problem.passage}\""
    return dataclasses.replace(error(problem.code, message, span), severity=problem.severity)


def _placer(source: Source, working: str) -> Callable[[int], Span]:
    """offset in the source's visible text → its line and column in the source file."""

    body = str(source.body)
    locate = yamltree.locator(body, source.span.path, source.body_line)

    def place(offset: int) -> Span:
        return locate(markdown_offset(body, working, offset) if source.format == "md" else offset)

    return place


def markdown_offset(body: str, visible: str, offset: int) -> int:
    """Where in a Markdown body the character at `offset` of its visible text is written.

    Each run of text the rendered body shows is looked up in the body after the run before it; a
    run written with an escape or an entity (`\\*`, `&amp;`) is not found as it shows, and then the
    position is that of the end of the last run found (docs/captures.md, "Faithfulness").
    """
    from generator.text import markdown

    cursor = 0
    for leaves, _ in markdown.blocks(body):
        for start, end, _ in leaves:
            found = body.find(visible[start:end], cursor)
            if offset < end:
                return found + max(offset - start, 0) if found >= 0 else cursor
            if found >= 0:
                cursor = found + end - start
    return cursor
