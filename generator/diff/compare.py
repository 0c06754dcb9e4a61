"""What a dossier says differently between two versions: records added, removed, renamed or changed
field by field, and each side's problems reported under the record they concern.

Both sides are read with `build.check` and compared as plain data (`plain`), so the comparison
knows nothing about files or git. A record that cannot be read on one side (a YAML error, a bad
field) is never reported as removed or added: it is reported as unreadable there, with its problems.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.build import check
from generator.core import kinds
from generator.core.diagnostics import Diagnostic, Span, error
from generator.core.kinds import REPORT_ORDER
from generator.core.model import Citation, Claim, Dossier, Person
from generator.diff.changes import DossierDiff, Problem, RecordChange, RecordKey, SideSummary
from generator.diff.pages import changed_pages
from generator.diff.read import EMPTY, Snapshot, snapshot
from generator.history.fields import FieldChange, compare_records, plain
from generator.history.renames import renames as find_renames
from generator.incremental.state import CheckCaches
from generator.read import gitrev
from generator.text import markdown


def compare(base: Snapshot, head: Snapshot) -> tuple[tuple[FieldChange, ...], tuple[RecordChange, ...],
                                                     tuple[Problem, ...]]:
    """Settings changes, record changes and problems that concern no record."""
    settings = _settings(base.dossier, head.dossier)
    renames: dict[RecordKey, str] = {}
    changes: list[RecordChange] = []
    for kind in REPORT_ORDER:
        kind_changes, kind_renames = _compare_kind(kind.name, base, head)
        changes += kind_changes
        renames.update(kind_renames)
    base_problems, base_loose = _attribute(base, renames)
    head_problems, head_loose = _attribute(head, {})
    records = []
    for change in changes:
        key = (change.kind, change.id)
        problems = _problems(base_problems.get(key, []), head_problems.get(key, []))
        problems = tuple(_with_quote(problem, base.dossier if problem.change == "fixed" else head.dossier, change)
                         for problem in problems)
        change = dataclasses.replace(change, problems=problems)
        if change.reportable:
            records.append(change)
    keys = {(change.kind, change.id) for change in changes}
    for key in sorted((set(base_problems) | set(head_problems)) - keys):  # problems of records no side holds
        base_loose += base_problems.get(key, [])
        head_loose += head_problems.get(key, [])
    loose = _problems(base_loose, head_loose)
    return settings, tuple(records), loose


def _settings(base: Dossier | None, head: Dossier | None) -> tuple[FieldChange, ...]:
    if base is None or head is None:
        return ()
    return compare_records("settings", plain(base.config), plain(head.config), base, head)


def _ids(side: Snapshot, kind: str) -> tuple[Mapping[str, Any], dict[str, str]]:
    """Records read, and every id found in a file (read or not) with its file."""
    records = kinds.BY_NAME[kind].records(side.dossier) if side.dossier else {}
    located = {record_id: path for path, entries in side.located.items()
               for _, entry_kind, record_id in entries if entry_kind == kind and record_id}
    for record_id, record in records.items():
        located.setdefault(record_id, record.span.path)
    return records, located


def _compare_kind(kind: str, base: Snapshot, head: Snapshot) -> tuple[list[RecordChange], dict[RecordKey, str]]:
    old, old_files = _ids(base, kind)
    new, new_files = _ids(head, kind)
    changes: dict[str, RecordChange] = {}
    gone, came = [], []
    for record_id in sorted(old_files.keys() | new_files.keys()):
        in_base = record_id in old_files
        in_head = record_id in new_files or (kind == "claim" and old_files.get(record_id) in head.unparsed)
        in_base = in_base or (kind == "claim" and new_files.get(record_id) in base.unparsed)
        read = (record_id in old, record_id in new)
        unreadable = {(True, True): None, (False, True): "base", (True, False): "head", (False, False): "both"}[read]
        path = new_files.get(record_id) or old_files.get(record_id)
        title = _title(new.get(record_id) or old.get(record_id))
        if in_base and in_head and read == (True, True):
            fields = compare_records(kind, plain(old[record_id]), plain(new[record_id]), base.dossier, head.dossier)
            status = "changed" if fields else "unchanged"
            changes[record_id] = RecordChange(kind, record_id, status, title, path, fields=fields)
        elif in_base and in_head:
            status = "unchanged" if unreadable == "both" else "unreadable"
            changes[record_id] = RecordChange(kind, record_id, status, title, path, unreadable=unreadable)
        elif in_head:
            came.append(record_id)
            changes[record_id] = RecordChange(kind, record_id, "added", title, path,
                                              unreadable=None if read[1] else "head")
        else:
            gone.append(record_id)
            changes[record_id] = RecordChange(kind, record_id, "removed", title, path,
                                              unreadable=None if read[0] else "base")
    renames = find_renames([i for i in gone if i in old], [i for i in came if i in new], old, new)
    for old_id, new_id in renames.items():
        del changes[old_id]
        changes[new_id] = dataclasses.replace(changes[new_id], status="renamed", old_id=old_id)
    return [changes[record_id] for record_id in sorted(changes)], {(kind, old): new for old, new in renames.items()}


def _title(record: Any) -> str:
    if record is None:
        return ""
    if isinstance(record, Claim):
        return markdown.plain_text(record.statement)
    return getattr(record, "title", None) or record.name


def _attribute(side: Snapshot, renames: Mapping[RecordKey, str]) -> tuple[dict[RecordKey, list[Diagnostic]],
                                                                               list[Diagnostic]]:
    """Each diagnostic under the record it concerns: the one whose file it is in, and for files
    holding many records (claims), the last record starting at or before its line."""
    by_record: dict[RecordKey, list[Diagnostic]] = {}
    loose: list[Diagnostic] = []
    for diagnostic in side.diagnostics:
        key = record_at(side.located.get(diagnostic.span.path, ()), diagnostic.span.line)
        if key is None:
            loose.append(diagnostic)
            continue
        key = (key[0], renames.get(key, key[1]))
        by_record.setdefault(key, []).append(diagnostic)
    return by_record, loose


def record_at(entries: Iterable[tuple[int, str, str]], line: int) -> RecordKey | None:
    found = None
    for start, kind, record_id in entries:
        if start > line:
            break
        found = (kind, record_id)
    return found


def _problems(base: list[Diagnostic], head: list[Diagnostic]) -> tuple[Problem, ...]:
    """Problems matched across sides by what they say, not where: lines move when files are edited."""
    def identity(diagnostic: Diagnostic) -> tuple:
        return (diagnostic.severity.value, diagnostic.code, diagnostic.message, diagnostic.hint)

    base = sorted(base, key=Diagnostic.sort_key)
    head = sorted(head, key=Diagnostic.sort_key)
    remaining = Counter(identity(d) for d in base)
    problems = []
    for diagnostic in head:
        key = identity(diagnostic)
        change = "unchanged" if remaining[key] > 0 else "new"
        remaining[key] -= 1
        problems.append(_problem(diagnostic, change))
    fixed = Counter({key: count for key, count in remaining.items() if count > 0})
    for diagnostic in base:
        if fixed[identity(diagnostic)] > 0:
            fixed[identity(diagnostic)] -= 1
            problems.append(_problem(diagnostic, "fixed"))
    order = {"new": 0, "fixed": 1, "unchanged": 2}
    return tuple(sorted(problems, key=lambda p: (order[p.change], p.severity != "error")))


def _with_quote(problem: Problem, dossier: Dossier | None, change: RecordChange) -> Problem:
    """A quote-not-found problem with the quote and source of the citation it is about."""
    if problem.code != "quote.not-found" or dossier is None:
        return problem
    record_id = change.old_id if problem.change == "fixed" and change.old_id else change.id
    record = kinds.BY_NAME[change.kind].records(dossier).get(record_id)
    for citation in _citations(record):
        if str(citation.spans.get("quote")) == problem.location:
            return dataclasses.replace(problem, quote=citation.quote, source=citation.source)
    return problem


def _citations(record: object) -> tuple[Citation, ...]:
    """A claim's citations, or those of a person's roles."""
    if isinstance(record, Claim):
        return record.citations
    if isinstance(record, Person):
        return tuple(citation for role in record.roles for citation in role.citations)
    return ()


def _problem(diagnostic: Diagnostic, change: str) -> Problem:
    return Problem(diagnostic.severity.value, diagnostic.code, diagnostic.message, diagnostic.hint,
                   str(diagnostic.span), change)


class DiffError(Exception):
    """A side that cannot be compared at all (a revision not found, a broken config.yaml): exit 2."""


def diff(config_path: Path, base: str | None = None, head: str | None = None) -> DossierDiff:
    """Compare the dossier of `config_path` at two revisions or folders.

    `base` defaults to the merge base of `main` and HEAD, `head` to the dossier's folder as it is
    (the working tree). Either may name a git revision, or a folder holding a config.yaml written
    as a path (see `_side`).
    """
    config_path = config_path.absolute()
    folder = config_path.parent
    repo: list[gitrev.Repository] = []

    def repository() -> gitrev.Repository:
        if not repo:
            repo.append(gitrev.repository(folder))
        return repo[0]

    base_side = _side(base, repository, default=lambda: gitrev.default_base(repository()))
    head_side = _side(head, repository, default=lambda: gitrev.Side("working tree", None, folder))
    with contextlib.ExitStack() as stack:
        sides = []
        for side in (base_side, head_side):
            if side.folder is not None:
                sides.append(_read(side, side.folder / config_path.name))
            else:
                tree = stack.enter_context(gitrev.exported(repository(), side.revision or ""))
                sides.append(_read(side, tree.folder / config_path.name, tree))
        (base_snapshot, base_summary), (head_snapshot, head_summary) = sides
        settings, records, loose = compare(base_snapshot, head_snapshot)
        pages = changed_pages(base_snapshot.dossier, head_snapshot.dossier, settings, records)
    return DossierDiff(base_summary, head_summary, settings, records, loose, pages)


FOLDER_PREFIXES = ("./", "../", "/")
"""How a folder is written on the command line; anything else names a revision (docs/review.md)."""


def _side(spec: str | None, repository: Callable[[], gitrev.Repository],
          default: Callable[[], gitrev.Side]) -> gitrev.Side:
    """A folder when `spec` is written as a path (`./old`, `../old`, `/srv/old`, `.`, `..`; a
    dossier folder or its config.yaml), else a git revision of the repository holding the dossier.
    A revision is never replaced by a folder of the same name, which a pull request could commit."""
    if spec is None:
        return default()
    if spec in (".", "..") or spec.startswith(FOLDER_PREFIXES):
        path = Path(spec)
        if not path.exists():
            raise DiffError(f"folder '{spec}' not found")
        return gitrev.Side(spec, None, (path.parent if path.is_file() else path).absolute())
    try:
        return gitrev.revision_side(repository(), spec)
    except gitrev.RevisionError as exc:
        if Path(spec).exists():
            raise DiffError(f"{exc}; to compare with the folder '{spec}', write ./{spec}") from exc
        raise


def _read(side: gitrev.Side, config_path: Path, tree: gitrev.Exported | None = None) -> tuple[Snapshot, SideSummary]:
    """One side read by `check`; `tree` is the revision it was written out from, if it is one."""
    if tree is not None and not os.path.lexists(config_path):
        return EMPTY, SideSummary(side.label, side.revision, 0, 0, exists=False)
    if config_path.is_symlink():
        raise DiffError(f"{side.label}: {config_path.name} is a symbolic link, which dossier does not follow")
    if not config_path.is_file() and tree is None:
        raise DiffError(f"{side.label}: no {config_path.name} in {config_path.parent}")
    caches = CheckCaches()
    checked = check(config_path, caches=caches, revision=tree is not None, trees=True)  # see read.snapshot
    submodules = _submodule_errors(tree, checked.config.content_dir) if tree and checked.config else []
    if checked.config is None or checked.resolved is None or caches.content is None:
        raise DiffError(_unreadable(side, [*checked.diagnostics, *submodules]))
    snap = snapshot(checked, caches.content, submodules)
    errors = sum(problem.is_error for problem in snap.diagnostics)
    return snap, SideSummary(side.label, side.revision, errors, len(snap.diagnostics) - errors, exists=True)


def _unreadable(side: gitrev.Side, problems: list[Diagnostic]) -> str:
    return f"{side.label}: cannot read the dossier: " + "; ".join(problem.format() for problem in problems)


def _submodule_errors(tree: gitrev.Exported, content_dir: str) -> list[Diagnostic]:
    """Submodules in a revision's content folder: their files are not part of the revision, so
    nothing of them can be read or reviewed (docs/review.md)."""
    content = posixpath.normpath(content_dir)
    return [error("fs.submodule", "a git submodule: its files are not part of the dossier's revision", Span(path),
                  "copy the files in") for path in tree.submodules if path == content or path.startswith(content + "/")]
