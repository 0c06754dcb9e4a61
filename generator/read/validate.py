"""Records assembled by id: every file's records (records.py) put together into the dossier, with
duplicate and shared ids reported; a rebuild validates again only the files read again, and
patches the last dossier with their records (and without those of the files gone) when no id can
then be defined twice.

Everything wrong is reported, not just the first thing: a record with a bad field is still
checked field by field, and is left out of the dossier only at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.core.diagnostics import Context, Diagnostic, Span
from generator.core.kinds import ENTITIES, KINDS, Kind
from generator.core.model import Claim, Config, Dossier
from generator.read.load import Content, RecordFile, SourceFile
from generator.read.records import FileRecords, validate_file

Validated = dict[str, tuple[Any, FileRecords]]
"""Path → (the parsed file, its records): reused while the parsed file is the same object."""


@dataclass(frozen=True, slots=True)
class Validation:
    """Every record that reads cleanly, by kind and id; the ids of records that exist but are broken
    (so references to them are not reported again as unknown); every problem found; and the
    per-file results for the next call."""

    dossier: Dossier
    broken: dict[str, set[str]]
    diagnostics: list[Diagnostic]
    files: Validated
    changed: dict[str, set[str]] | None = None
    """Kind → ids of the records that differ from the previous validation, came, went or moved to
    another file (see `same_ids`); None when the dossier was assembled again (or there was no
    previous one). What the later stages redo follows from it (incremental/changes.py)."""
    replaced: dict[str, set[str]] | None = None
    """Kind → ids of the records that are other objects than in the previous validation, came or
    went: `changed`, with the records that are the same but at other lines (records compare without
    their positions; problems must be reported at the new ones); None when the dossier was
    assembled again (or there was no previous one)."""
    clean_ids: bool = True
    """No duplicate ids and no id shared by two kinds."""
    same_ids: bool = True
    """Every record of the previous validation is in the same file, and no record came or went."""


def validate(content: Content, config: Config, previous: Validation | None = None) -> Validation:
    """Validate what changed since `previous` (files whose parse result is the same object are
    reused) and assemble the dossier."""
    before = previous.files if previous is not None and previous.dossier.config == config else {}
    if before and content.reread is not None:  # only these files were read again
        validated = dict(before)
        paths = [path for path in content.reread if path in content.parsed]
    else:
        validated, paths = {}, list(content.parsed)
    redone: list[str] = []
    for path in paths:
        file = content.parsed[path]
        cached = before.get(path)
        if isinstance(file, FileRecords):  # validated as it was read (see load.Content.digest)
            validated[path] = (file, file)
            if cached is None or cached[1] is not file:
                redone.append(path)
        elif cached is not None and cached[0] is file:
            validated[path] = cached
        else:
            assert isinstance(file, RecordFile | SourceFile), "load parses every content file into one of these"
            validated[path] = (file, validate_file(file, config))
            redone.append(path)
    if previous is not None and before:
        patched = _patched(previous, validated, redone, bool(content.unreadable))
        if patched is not None:
            return patched
    return _assembled(content, config, validated)


def _assembled(content: Content, config: Config, validated: Validated) -> Validation:
    broken = {folder: set(stems) for folder, stems in content.unreadable.items()}
    grouped: dict[str, list] = {kind.folder: [] for kind in KINDS}
    diagnostics: list[Diagnostic] = []
    partial: dict[str, Claim] = {}
    for path in sorted(validated):
        result = validated[path][1]
        grouped[result.folder].extend(result.records)
        partial.update((claim.id, claim) for claim in result.partial)
        broken.setdefault(result.folder, set()).update(result.broken)
        diagnostics.extend(result.diagnostics)
    for folder in grouped:
        broken.setdefault(folder, set())
    ctx = Context(diagnostics)
    before = len(diagnostics)
    by_kind = {kind.plural: _by_id(grouped[kind.folder], kind.name, ctx) for kind in KINDS}
    dossier = Dossier(config, **by_kind, partial_claims=dict(sorted(partial.items())))
    _check_collisions(dossier, ctx)
    return Validation(dossier, broken, ctx.diagnostics, validated, clean_ids=len(ctx.diagnostics) == before)


def _patched(previous: Validation, validated: Validated, redone: list[str], unreadable: bool) -> Validation | None:
    """The previous dossier with the records of the `redone` files replaced and those of the files
    gone taken out, when nothing else could shift: no duplicate ids before nor after, and, where
    ids came or went, no record read in part or left out, nor any file unreadable (`unreadable`) or
    any record left out anywhere before; else None. When ids came or went, Validation.changed and
    Validation.replaced hold them too, and Validation.same_ids is False."""
    if not previous.clean_ids:
        return None
    gone = sorted(previous.files.keys() - validated.keys())
    replaced: dict[str, list] = {}
    came: dict[str, list] = {}
    went: dict[str, set[str]] = {}
    for path in [*redone, *gone]:
        old = previous.files[path][1] if path in previous.files else None
        new = validated[path][1] if path in validated else None
        if any(result.partial or len({record.id for record in result.records}) < len(result.records)
               for result in (old, new) if result is not None):
            return None  # read in part, or an id defined twice in one file
        if old is not None and new is not None and old.folder == new.folder:
            if old.broken != new.broken:
                return None
            old_ids = {record.id for record in old.records}
            for record in new.records:  # a record whose id stays in its file is replaced, not gone and come
                (replaced if record.id in old_ids else came).setdefault(new.folder, []).append(record)
            if gone_ids := old_ids - {record.id for record in new.records}:
                went.setdefault(old.folder, set()).update(gone_ids)
            continue
        if any(result.broken for result in (old, new) if result is not None):
            return None
        if old is not None:
            went.setdefault(old.folder, set()).update(record.id for record in old.records)
        if new is not None:
            came.setdefault(new.folder, []).extend(new.records)
    if (came or went) and (unreadable or any(previous.broken.values())):
        return None
    dicts = {kind.plural: kind.records(previous.dossier) for kind in KINDS}
    changed, new_objects = _replaced(dicts, replaced)
    if (came or went) and not _came_and_went(dicts, came, went):
        return None
    again = {*redone, *gone}
    diagnostics = [problem for problem in previous.diagnostics if problem.span.path not in again]
    diagnostics += [problem for path in redone for problem in validated[path][1].diagnostics]
    dossier = Dossier(previous.dossier.config, **dicts, partial_claims=previous.dossier.partial_claims)
    for folder in came.keys() | went.keys():
        for ids in (changed.setdefault(folder, set()), new_objects.setdefault(folder, set())):
            ids.update(went.get(folder, ()), (record.id for record in came.get(folder, ())))
    return Validation(dossier, previous.broken, diagnostics, validated, changed, new_objects,
                      same_ids=not (came or went))


def _replaced(dicts: dict[str, Mapping[str, Any]], replaced: dict[str, list]) -> tuple[dict[str, set[str]],
                                                                                  dict[str, set[str]]]:
    """Put the `replaced` records (kind → records whose ids stay) into `dicts` (a map replaced by a
    copy); returns (Validation.changed, Validation.replaced)."""
    changed: dict[str, set[str]] = {}
    new_objects: dict[str, set[str]] = {}
    for folder, records in replaced.items():
        current = dicts[folder]
        records = [record for record in records if not same_at_same_place(current[record.id], record)]
        if differing := {record.id for record in records if current[record.id] != record}:
            changed[folder] = differing
        if records:
            new_objects[folder] = {record.id for record in records}
            dicts[folder] = updated = dict(current)
            for record in records:
                updated[record.id] = record
    return changed, new_objects


def _came_and_went(dicts: dict[str, Mapping[str, Any]], came: dict[str, list], went: dict[str, set[str]]) -> bool:
    """Take the ids that `went` out of `dicts` and put the records that `came` in, each map in id
    order as _by_id makes it; False when an id would then be defined twice, or shared by two kinds
    of entities (the dossier must be assembled again, to report it)."""
    for folder in sorted(came.keys() | went.keys()):
        updated = dict(dicts[folder])
        for record_id in went.get(folder, ()):
            del updated[record_id]
        for record in came.get(folder, ()):
            if record.id in updated:
                return False
            updated[record.id] = record
        dicts[folder] = dict(sorted(updated.items())) if folder in came else updated
    entities = [kind.plural for kind in ENTITIES]
    return not any(record.id in dicts[other] for folder, records in came.items() if folder in entities
                   for record in records for other in entities if other != folder)


def same_at_same_place(old: Any, new: Any) -> bool:
    """Records compare without their positions: the old object may stay only if those are the same too."""
    return old == new and _positions(old) == _positions(new)


def _positions(record: Any) -> tuple:
    """Where a record and the roles and citations in it are written."""
    nested = [*getattr(record, "roles", ()), *getattr(record, "citations", ())]
    return (record.span, record.spans, getattr(record, "body_line", None), *map(_positions, nested))


def _by_id(records: Iterable, kind: str, ctx: Context) -> dict[str, Any]:
    """Records by id, in id order; a second record with the same id is an error at its position."""
    by_id: dict[str, Any] = {}
    for record in sorted(records, key=lambda record: (record.span.path, record.span.line)):
        first = by_id.get(record.id)
        if first is not None:
            where = first.spans.get("id", first.span)
            ctx.error("id.duplicate", f"duplicate {kind} id '{record.id}' (first defined at {where})",
                      record.spans.get("id", record.span))
            continue
        by_id[record.id] = record
    return dict(sorted(by_id.items()))


def _check_collisions(dossier: Dossier, ctx: Context) -> None:
    """People, agencies and figures share one id space, since `by` and `about` name any of them."""
    seen: dict[str, Kind] = {}
    for kind in ENTITIES:
        for record_id, record in kind.records(dossier).items():
            if record_id in seen:
                other = seen[record_id].indefinite
                ctx.error("id.collision", f"{kind.name} id '{record_id}' is also the id of {other}",
                          Span(record.span.path), "ids must be unique across people, agencies and figures")
            else:
                seen[record_id] = kind
