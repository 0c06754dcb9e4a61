"""What one commit changed in the dossier's records: the records of every content file it touched,
before and after, compared by (kind, id) across all those files, so that a record moved to another
file is not a change (docs/history.md, "How history is read").

A version that cannot be read is skipped: its records are neither removed nor changed, and the
last readable version of each is kept (`Pending`) until a later commit can be compared with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.core.diagnostics import Span
from generator.core.kinds import CLAIM, REPORT_ORDER
from generator.core.model import Config, Dossier, Figure, FigureId
from generator.history.changelog import RecordKey
from generator.history.fields import compare_records
from generator.history.renames import renames
from generator.history.versions import FileVersion, Record
from generator.history.wording import change_lines


class Step(NamedTuple):
    """A record's change in one commit, named by its id at that commit (a tuple: a dossier's first
    commit has one for each record, and the cache makes them all again at each build)."""

    kind: str
    record_id: str
    status: str
    """added | removed | renamed | changed."""
    title: str
    lines: tuple[str, ...]
    renamed_from: str | None = None


@dataclass(frozen=True, slots=True)
class Located:
    """A record of one side of a commit, with the file it is in."""

    path: str
    record: Record


Pending = Mapping[RecordKey, Located]
"""Records whose file (or own fields) cannot be read at a commit: their last readable version."""


@dataclass(frozen=True, slots=True)
class FilePair:
    """A content file a commit touched: its path and records before and after (None: absent)."""

    old_path: str | None
    old: FileVersion | None
    new: FileVersion | None


FigureUnits = Callable[[bool, frozenset[str]], Mapping[str, str]]
"""(after the commit?, figure ids) → the unit of each of these figures found on that side."""


@dataclass(slots=True)
class _Sides:
    old: dict[RecordKey, Located] = field(default_factory=dict)
    new: dict[RecordKey, Record] = field(default_factory=dict)
    unknown: set[RecordKey] = field(default_factory=set)
    """Records whose state after the commit is not known (in a version that cannot be read)."""
    file_renames: dict[RecordKey, str] = field(default_factory=dict)
    """The one record of a file, before → its id after, where the file's one record after has
    another id: the record is renamed even when the commit also changed it (`_renamed`)."""


def compare_commit(pairs: Iterable[FilePair], pending: Pending, config: Config,
                   units: FigureUnits) -> tuple[tuple[Step, ...], dict[RecordKey, Located]]:
    """The steps of one commit, in report order, and the records left pending after it."""
    pairs = list(pairs)
    sides, still = _sides(pairs, pending)
    steps: list[Step] = []
    gone: dict[str, list[str]] = {}
    came: dict[str, list[str]] = {}
    for key in sorted(sides.old.keys() | sides.new.keys()):
        before, after = sides.old.get(key), sides.new.get(key)
        if before is not None and after is not None:
            steps += _changed(key, before.record, after, config, units)
        elif before is not None and key in sides.unknown:
            still[key] = before
        elif before is not None:
            gone.setdefault(key[0], []).append(key[1])
        elif after is not None:
            came.setdefault(key[0], []).append(key[1])
    steps += _added_removed_renamed(sides, gone, came, config, units)
    order = {kind.name: position for position, kind in enumerate(REPORT_ORDER)}
    return tuple(sorted(steps, key=lambda step: (order[step.kind], step.record_id))), still


def _sides(pairs: list[FilePair], pending: Pending) -> tuple[_Sides, dict[RecordKey, Located]]:
    """Every record before and after the commit in the files it touched, the last readable
    version standing in for an unreadable one; and what stays pending."""
    sides = _Sides()
    resolved: set[str] = set()
    """Old paths whose new version (or absence) says which records they hold now."""
    for pair in pairs:
        sides.file_renames.update(_one_record_renamed(pair))
        if pair.old is not None and pair.old_path is not None:
            sides.old.update((key, Located(pair.old_path, record)) for key, record in pair.old.records.items())
        if pair.new is not None:
            sides.new.update(pair.new.records)
            sides.unknown |= pair.new.broken
        if pair.old_path is not None and (pair.new is None or pair.new.readable):
            resolved.add(pair.old_path)
    still = dict(pending)
    for key, located in pending.items():
        if key not in sides.old and (key in sides.new or located.path in resolved):
            sides.old[key] = located
            del still[key]
    unreadable = {pair.old_path for pair in pairs if pair.new is not None and not pair.new.readable}
    sides.unknown |= {key for key, located in sides.old.items() if located.path in unreadable}
    return sides, still


def _one_record_renamed(pair: FilePair) -> dict[RecordKey, str]:
    """{the file's one record before: its id after} when the file holds one record before and one
    of the same kind after, with another id (a person's file renamed, `ana.yaml` → `ana-lind.yaml`)."""
    if pair.old is None or pair.new is None or len(pair.old.records) != 1 or len(pair.new.records) != 1:
        return {}
    (old_kind, old_id), = pair.old.records
    (new_kind, new_id), = pair.new.records
    return {(old_kind, old_id): new_id} if old_kind == new_kind and old_id != new_id else {}


def _changed(key: RecordKey, before: Record, after: Record, config: Config, units: FigureUnits) -> list[Step]:
    lines = _field_lines(key[0], before, after, config, units)
    return [Step(key[0], key[1], "changed", after.title, lines)] if lines else []


def _field_lines(kind: str, before: Record, after: Record, config: Config, units: FigureUnits) -> tuple[str, ...]:
    """What changed between two versions of a record, in words; () when nothing did."""
    if before.same(after):
        return ()
    base = head = None
    if kind == CLAIM.name and _value_changed(before.data, after.data):
        base = _figures(config, units(False, _figure_ids(before.data)))
        head = _figures(config, units(True, _figure_ids(after.data)))
    fields = [change for change in compare_records(kind, before.data, after.data, base, head) if change.field != "id"]
    return change_lines(fields) if fields else ()


def _value_changed(old: Mapping[str, object], new: Mapping[str, object]) -> bool:
    return (old.get("value"), old.get("qualifier")) != (new.get("value"), new.get("qualifier"))


def _figure_ids(claim: Mapping[str, object]) -> frozenset[str]:
    figure = claim.get("figure")
    return frozenset([figure]) if isinstance(figure, str) else frozenset()


def _figures(config: Config, units: Mapping[str, str]) -> Dossier:
    """A dossier holding only the figures' units: all that the wording of a value reads
    (history/fields.py `_value`)."""
    figures = {figure_id: Figure(FigureId(figure_id), figure_id, unit, None, Span(""), {})
               for figure_id, unit in units.items()}
    return Dossier(config, {}, {}, {}, figures, {})


def _added_removed_renamed(sides: _Sides, gone: dict[str, list[str]], came: dict[str, list[str]], config: Config,
                           units: FigureUnits) -> list[Step]:
    """Records removed and added; a pair that is one record renamed (`_renamed`) is one step, with
    what else the commit changed in it."""
    steps = []
    for kind in sorted(gone.keys() | came.keys()):
        old_ids, new_ids = gone.get(kind, []), came.get(kind, [])
        renamed = _renamed(sides, kind, old_ids, new_ids) if old_ids and new_ids else {}
        for old_id, new_id in renamed.items():
            after = sides.new[(kind, new_id)]
            changed = _field_lines(kind, sides.old[(kind, old_id)].record, after, config, units)
            steps.append(Step(kind, new_id, "renamed", after.title, (f"renamed from {old_id}", *changed), old_id))
        steps += [Step(kind, record_id, "removed", sides.old[(kind, record_id)].record.title, ("removed",))
                  for record_id in old_ids if record_id not in renamed]
        moved_to = set(renamed.values())
        steps += [Step(kind, record_id, "added", sides.new[(kind, record_id)].title, ("added",))
                  for record_id in new_ids if record_id not in moved_to]
    return steps


def _renamed(sides: _Sides, kind: str, old_ids: list[str], new_ids: list[str]) -> dict[str, str]:
    """Old id → new id of the records of `kind` removed and added that are one record renamed:
    the same content but the id, or the one record of a file git saw renamed, changed or not."""
    old = {record_id: sides.old[(kind, record_id)].record.data for record_id in old_ids}
    new = {record_id: sides.new[(kind, record_id)].data for record_id in new_ids}
    found = renames(old_ids, new_ids, old, new)
    taken = set(found.values())
    for old_id in old_ids:
        new_id = sides.file_renames.get((kind, old_id))
        if old_id not in found and new_id in new and new_id not in taken:
            found[old_id] = new_id
            taken.add(new_id)
    return found
