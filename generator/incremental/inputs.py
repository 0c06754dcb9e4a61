"""Which page inputs (see site/reading.LinkReader) differ between two link stages: records, the
backlink maps, and the dates and changes from git. A rebuild renders the pages that read one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Set
from itertools import compress, filterfalse, repeat
from operator import is_not

from generator.core.model import Agency, Figure, Person, Source
from generator.history.changelog import Changelog
from generator.history.dates import History
from generator.incremental.changes import mentioning
from generator.link.links import LinkMap, Links
from generator.site import changes_page, keys
from generator.site.keys import InputKey
from generator.site.views import RecordStrings
from generator.text.mentions import gone_names, renamed


def changed_inputs(old: Links, new: Links, strings: RecordStrings,
                   told: Mapping[str, Set[str]] | None = None) -> set[InputKey]:
    """The page inputs (see reading.LinkReader) that differ between two link stages; `strings`:
    see changes.mentioning; `told`: the records that changed, came or went, by kind's name, when
    validate told (changes.Change.ids): only those are compared (None: every record)."""
    changed: set[InputKey] = set()
    if old.dossier.config != new.dossier.config:
        changed.add(keys.CONFIG)
    elif old.finder is not new.finder:
        gone = gone_names(old.names, new.names, new.entity_kinds)  # the texts that linked them read their outline
        changed |= mentioning(new, renamed(old.names, new.names) - gone, strings)
    for kind, records in new.records.items():
        before = old.records[kind]
        if before is records:  # validate keeps the map of a kind none of whose records it replaced
            continue
        differing = _differing(before, records) if told is None else _among(before, records, told.get(kind, ()))
        if differing.came_or_went:
            changed.add(keys.every(kind))
        for record_id in differing.found:
            a, b = before.get(record_id), records.get(record_id)
            changed.add(keys.record(kind, record_id))
            if outline(a) != outline(b):
                changed.add(keys.outline(kind, record_id))
    for which in LinkMap:
        before, after = old.entries(which), new.entries(which)
        if before is not after:
            changed.update(keys.entry(which, key) for key in _differing(before, after).found)
    return changed | changed_dates(old, new) | changed_history(old.changelog, new.changelog)


@dataclasses.dataclass(frozen=True, slots=True)
class _Differing:
    found: list
    """The keys whose values differ, came or went."""
    came_or_went: bool


def _differing(before: Mapping, after: Mapping) -> _Differing:
    """The keys of two maps whose values differ, came or went. Maps of the link stage and of records
    are mostly patched copies, whose values are the same objects: the keys whose values are other
    objects are found without a Python loop over every key (a rebuild after a record came or went
    compares maps of 30,000 claims), and only their values compared."""
    others = compress(after, map(is_not, map(before.get, after, repeat(_MISSING)), after.values()))
    found = [key for key in others if (last := before.get(key, _MISSING)) is _MISSING or last != after[key]]
    if len(before) == len(after) and all(key in before for key in found):
        return _Differing(found, False)
    return _Differing([*found, *filterfalse(after.__contains__, before)], True)


def _among(before: Mapping, after: Mapping, keys: Iterable) -> _Differing:
    """As _differing, for maps known to differ at `keys` only (a walk over 30,000 claims that are
    mostly not in the CPU's caches takes 10 to 20 ms)."""
    found = [key for key in keys if before.get(key, _MISSING) != after.get(key, _MISSING)]
    return _Differing(found, any((key in before) != (key in after) for key in found))


_MISSING = object()


def outline(record: object) -> object:
    """What links and lists show of a record (keys.outline): a source but its text, an entity's name
    (a claim, which nothing reads so, as it is)."""
    if isinstance(record, Source):
        return dataclasses.replace(record, body="")
    return record.name if isinstance(record, (Person, Agency, Figure)) else record


def changed_dates(old: Links, new: Links) -> set[InputKey]:
    """The dates from git that pages read (see reading.LinkReader.last_changed) and that differ
    between two link stages: the dossier's, and each record's (its file's, wherever it is now)."""
    changed = {keys.DOSSIER_CHANGED} if old.history.changed != new.history.changed else set()
    if not (old.history.files or new.history.files):
        return changed
    same_files = old.history.files is new.history.files  # the same HEAD: only a record that moved has another date
    for kind, records in new.records.items():
        before = old.records[kind]
        for record_id in records.keys() & before.keys():
            old_path, new_path = before[record_id].span.path, records[record_id].span.path
            if same_files and old_path == new_path:
                continue
            if old.history.date_of(old_path) != new.history.date_of(new_path):
                changed.add(keys.last_changed(kind, record_id))
    return changed


def dated(previous: Links | None, links: Links, history: History, changed: set[InputKey] | None
          ) -> tuple[Links, set[InputKey] | None]:
    """`links` carrying this build's dates from git, and `changed` (the page inputs that relink
    knows changed, or None) with the dates that changed since `previous` added. When relink knows,
    it has added the dates of the records that moved to another file, so only a new commit can
    change another date."""
    links = dataclasses.replace(links, history=history)
    if changed is not None and previous is not None and previous.history != history:
        changed = changed | changed_dates(previous, links)
    return links, changed


def changed_history(old: Changelog, new: Changelog) -> set[InputKey]:
    """The changes from git that pages read (see reading.LinkReader.changes_of) and that differ
    between two changelogs: each record's, the whole list's, and whether there is one at all."""
    if old is new:
        return set()
    changed = {keys.TRACKED} if (old.head is None) != (new.head is None) else set()
    if old.changes != new.changes:
        changed.add(keys.CHANGES)
    for kind, record_id in old.by_record.keys() | new.by_record.keys():
        before, after = old.of(kind, record_id), new.of(kind, record_id)
        if before is not after and before != after:  # the same tuple when both come from one committed log
            changed.add(keys.history(kind, record_id))
    return changed


def changelogged(previous: Links | None, links: Links, changelog: Changelog, changed: set[InputKey] | None
                 ) -> tuple[Links, set[InputKey] | None]:
    """`links` carrying this build's changelog, and `changed` with the changes of history since
    `previous` added; None (compare everything) when the Changes pages are not the same pages."""
    links = dataclasses.replace(links, changelog=changelog)
    if changed is None or previous is None or previous.changelog is changelog:
        return links, changed
    if changes_page.page_count(previous.changelog) != changes_page.page_count(changelog):
        return links, None
    return links, changed | changed_history(previous.changelog, changelog)
