"""Each record's changes, commit by commit, read from git (docs/history.md, "How history is read").

`read_changelog` walks HEAD's first-parent line: each commit that touched the content folder is
compared with its first parent, on the records of the files it touched. What each commit changed is
kept in `.dossier-cache/` (history/cache.py), so a build reads from git only the commits it has not
seen. `uncommitted` adds the edits not yet committed, which only `dossier serve` shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.core.model import Config
from generator.history.cache import Entry, code_version, read_cache, write_cache
from generator.history.changelog import NO_CHANGELOG, UNCOMMITTED, Change, Changelog, Commit, RecordKey, changelog
from generator.history.commits import FilePair, Step, compare_commit
from generator.history.gitlog import (
    InRepository,
    content_folder,
    first_parent_chain,
    is_content_file,
    locate,
    read_log,
    tree_versions,
)
from generator.history.versions import FileVersion, ParsedVersions, blob_reader, working_version
from generator.history.walk import FigureReader, Store, walk
from generator.read.gitrev import RevisionError, git_bytes


def read_changelog(root: Path, config: Config, known: Changelog | None = None) -> Changelog:
    """The changes of every record of the dossier in `root` from its first commit to HEAD, newest
    first; NO_CHANGELOG outside git, in a repository with no commit, or when git fails. `known`
    (what the last build read) is returned as it is when HEAD and the settings are the same."""
    located = locate(root)
    if located is None:
        return NO_CHANGELOG
    settings = _settings(config)
    if known is not None and (known.head, known.settings) == (located.head, settings):
        return known
    try:
        entries = _entries(root, located, config, settings)
    except RevisionError:
        return NO_CHANGELOG
    return changelog(located.head, followed(entries), settings)


def _settings(config: Config) -> tuple[str, ...]:
    """What the changes read from git depend on besides the commits: the content folder, the
    language a source without one is in, and the code that reads and compares them."""
    return content_folder(config.content_dir), config.language, code_version()


def _entries(root: Path, located: InRepository, config: Config, settings: tuple[str, ...]) -> tuple[Entry, ...]:
    """Each commit of the main line that touched the content folder with its changes, oldest first:
    those the cache holds taken from it, the others compared (and kept in the cache)."""
    cached = read_cache(root, settings)
    chain = cached.complete() if cached is not None else None
    if cached is not None and chain is not None and cached.head == located.head:
        return chain
    since: str | None = None
    earlier: tuple[Entry, ...] = ()
    if cached is not None and chain is not None and cached.head in first_parent_chain(root):
        since, earlier = cached.head, chain
    commits = read_log(root, located, settings[0], since)
    known = cached.entries if cached is not None else {}
    with blob_reader(located.toplevel) as read_blob:
        store = Store(read_blob, config)
        figures = FigureReader(located.toplevel, located.prefix, settings[0], store)
        entries = (*earlier, *walk(commits, known, store, figures, earlier[-1].pending if earlier else None))
    # a shallow clone's boundary is not kept: once the clone is deepened, it is a commit like the others
    compared = frozenset(commit.id for commit in commits if not commit.boundary) - known.keys()
    write_cache(root, settings, located.head, entries, compared)
    return entries


def followed(entries: Iterable[Entry]) -> tuple[Change, ...]:
    """The changes newest first, each record named by its id at HEAD: walking back, a record
    renamed from an old id takes over the changes made under that id before."""
    alias: dict[RecordKey, str] = {}
    changes: list[Change] = []
    for entry in reversed(tuple(entries)):
        commit = Commit(entry.id, entry.seconds, entry.subject)
        changes += [Change(commit, step.kind, alias.get((step.kind, step.record_id), step.record_id), step.status,
                           step.title, step.lines) for step in entry.steps]
        for step in entry.steps:
            if step.renamed_from is not None:
                alias[(step.kind, step.renamed_from)] = alias.get((step.kind, step.record_id), step.record_id)
    return tuple(changes)


def uncommitted(root: Path, config: Config, log: Changelog, parsed: ParsedVersions | None = None) -> Changelog:
    """`log` with, first, the changes of the content files that differ from HEAD (modified,
    added, deleted, untracked) under UNCOMMITTED. A clean working tree costs one `git status`.
    `parsed`: the versions the last call parsed, kept by the caller for the next (`dossier serve`)."""
    folder = content_folder(config.content_dir)
    try:
        status = git_bytes(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", folder)
        if not status:
            return log
        located = locate(root)
        if located is None:
            return log
        if parsed is not None:
            parsed.begin(config)
        steps = _working_steps(root, located, config, _status_paths(status, located.prefix, folder), parsed)
    except RevisionError:
        return log
    ahead = tuple(Change(UNCOMMITTED, step.kind, step.record_id, step.status, step.title, step.lines)
                  for step in steps)
    renamed = {(step.kind, step.renamed_from): step.record_id for step in steps if step.renamed_from}
    return _ahead_of(log, ahead, renamed)


def _ahead_of(log: Changelog, ahead: tuple[Change, ...], renamed: Mapping[RecordKey, str]) -> Changelog:
    """`log` with `ahead` first, and the changes of the records `renamed` since HEAD under their new
    id, as `changelog` would index them; the index of the other records is taken as it is (a
    dossier's first commit alone has a change for each record, and serve does this at each save)."""
    earlier = log.changes
    by_record = dict(log.by_record)
    if renamed:
        earlier = tuple(dataclasses.replace(change, record_id=renamed[(change.kind, change.record_id)])
                        if (change.kind, change.record_id) in renamed else change for change in earlier)
        for (kind, old_id), new_id in renamed.items():
            by_record.pop((kind, old_id), None)
            by_record[(kind, new_id)] = tuple(change for change in earlier
                                              if (change.kind, change.record_id) == (kind, new_id))
    for change in reversed(ahead):
        key = (change.kind, change.record_id)
        by_record[key] = (change, *by_record.get(key, ()))
    return Changelog(log.head, (*ahead, *earlier), by_record, log.settings)


def _status_paths(status: bytes, prefix: str, folder: str) -> list[str]:
    """The content files (relative to the dossier folder) `git status --porcelain -z` lists: each
    entry `XY PATH`, PATH relative to the repository."""
    paths = []
    for entry in status.decode("utf-8", "surrogateescape").split("\0"):
        path = entry[3:]
        if path.startswith(prefix) and is_content_file(path[len(prefix):], folder):
            paths.append(path[len(prefix):])
    return sorted(set(paths))


def _working_steps(root: Path, located: InRepository, config: Config, paths: list[str],
                   parsed: ParsedVersions | None) -> tuple[Step, ...]:
    """How the files at `paths` in the working tree differ from HEAD, record by record."""
    if not paths:
        return ()
    blobs = tree_versions(located.toplevel, located.prefix, located.head, paths)
    with blob_reader(located.toplevel) as read_blob:
        store = Store(read_blob, config, parsed=parsed)
        pairs = [FilePair(path, store.version(blobs[path]) if path in blobs else None,
                          working_version(root, path, config, parsed)) for path in paths]
        figures = FigureReader(located.toplevel, located.prefix, content_folder(config.content_dir), store)
        steps, _ = compare_commit(pairs, {}, config,
                                  lambda after, ids: _working_units(root, config, figures, ids, parsed)
                                  if after else figures.units(located.head, ids))
    return steps


def _working_units(root: Path, config: Config, figures: FigureReader, ids: frozenset[str],
                   parsed: ParsedVersions | None) -> Mapping[str, str]:
    """The units of figures as their files are in the working tree."""
    units = {}
    for figure_id in sorted(ids):
        version: FileVersion = working_version(root, figures.path(figure_id), config, parsed)
        record = version.records.get(("figure", figure_id))
        if record is not None and isinstance(record.data.get("unit"), str):
            units[figure_id] = record.data["unit"]
    return units
