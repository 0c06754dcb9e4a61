"""Walking the main line's commits oldest first, each compared with its first parent: the files a
commit touched read from git's objects (both versions), each blob parsed once.

The new version of a file in one commit is its old version in a later one, so a parsed version is
kept (by blob and path) exactly as long as a commit still to compare will read it again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.kinds import FIGURE
from generator.core.model import Config
from generator.history.cache import Entry
from generator.history.changelog import RecordKey
from generator.history.claim_chunks import Pieces
from generator.history.commits import FilePair, Located, compare_commit
from generator.history.gitlog import LogCommit, Version, tree_versions
from generator.history.versions import UNREADABLE, BlobRead, FileVersion, ParsedVersions, parse_version


@dataclass(slots=True)
class Store:
    """Parsed versions by (blob, path), each kept while a later commit still reads it."""

    read_blob: BlobRead
    config: Config
    wanted: Counter[tuple[str, str]] = field(default_factory=Counter)
    kept: dict[tuple[str, str], FileVersion] = field(default_factory=dict)
    pieces: dict[str, Pieces] = field(default_factory=dict)
    """The claims of the last version read of each claims file that a later commit changes
    (history/claim_chunks.py)."""
    parsed: ParsedVersions | None = None
    """Versions parsed by an earlier look at the edits not yet committed (versions.ParsedVersions)."""

    def version(self, version: Version | None, again: bool = False) -> FileVersion | None:
        """The records of `version` (None: the file is absent); `again` when a commit reads it as
        the old side, which is then one read fewer still to come."""
        if version is None:
            return None
        if not version.blob:
            return UNREADABLE
        key = (version.blob, version.path)
        found = self.kept.get(key)
        if found is None:
            found = self._parse(version)
        if again:
            self.wanted[key] -= 1
        if self.wanted[key] > 0:
            self.kept[key] = found
        else:
            self.kept.pop(key, None)
            if not again:  # no later commit reads this file again: its claims need not be kept
                self.pieces.pop(version.path, None)
        return found

    def _parse(self, version: Version) -> FileVersion:
        def parse() -> FileVersion:
            return parse_version(self.read_blob(version.blob, version.path), version.path, self.config, self.pieces)

        return parse() if self.parsed is None else self.parsed.get((version.path, version.blob), parse)


def walk(commits: Iterable[LogCommit], known: Mapping[str, Entry], store: Store, units: FigureReader,
         pending: Mapping[RecordKey, Located] | None = None) -> list[Entry]:
    """An entry for each commit, oldest first: taken from `known` when it holds the commit, else
    compared; `pending`: what the commit before the first one left unreadable."""
    commits = list(commits)
    to_compare = [commit for commit in commits if commit.id not in known and not commit.boundary]
    store.wanted.update((touched.old.blob, touched.old.path) for commit in to_compare for touched in commit.touched
                        if touched.old is not None and touched.old.blob)
    entries: list[Entry] = []
    left: Mapping[RecordKey, Located] = pending or {}
    for commit in commits:
        entry = known.get(commit.id) or _entry(commit, store, units, left)
        entries.append(entry)
        left = entry.pending
    return entries


def _entry(commit: LogCommit, store: Store, units: FigureReader, pending: Mapping[RecordKey, Located]) -> Entry:
    if commit.boundary:
        return Entry(commit.id, commit.seconds, commit.subject, (), {})
    pairs = [FilePair(touched.old.path if touched.old else None, store.version(touched.old, again=True),
                      store.version(touched.new)) for touched in commit.touched]
    steps, left = compare_commit(pairs, pending, store.config, lambda after, ids: units.units(
        commit.id if after else commit.parent, ids))
    return Entry(commit.id, commit.seconds, commit.subject, steps, left)


@dataclass(slots=True)
class FigureReader:
    """The units of figures at a commit, read from git (a claim's value is worded with its unit)."""

    toplevel: Path
    prefix: str
    folder: str
    store: Store
    found: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def units(self, commit: str | None, figure_ids: frozenset[str]) -> dict[str, str]:
        """Figure id → unit, for those of `figure_ids` that read at `commit` (None: none do)."""
        if commit is None:
            return {}
        missing = sorted(figure_id for figure_id in figure_ids if (commit, figure_id) not in self.found)
        if missing:
            self._read(commit, missing)
        return {figure_id: unit for figure_id in figure_ids if (unit := self.found[(commit, figure_id)]) is not None}

    def path(self, figure_id: str) -> str:
        """Where the figure's file is, relative to the dossier folder."""
        return f"{self.folder}/{FIGURE.folder}/{figure_id}.yaml"

    def _read(self, commit: str, figure_ids: list[str]) -> None:
        paths = {self.path(figure_id): figure_id for figure_id in figure_ids}
        versions = tree_versions(self.toplevel, self.prefix, commit, list(paths))
        for path, figure_id in paths.items():
            version = self.store.version(versions.get(path))
            record = version.records.get(("figure", figure_id)) if version else None
            unit = record.data.get("unit") if record else None
            self.found[(commit, figure_id)] = unit if isinstance(unit, str) else None
