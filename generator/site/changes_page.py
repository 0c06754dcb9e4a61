"""What readers see of the dossier's history (docs/history.md): each record page's History
section, and the Changes pages, which list the record changes of the whole dossier commit by
commit, newest first, a large commit summarised ("1,000 sources added") with its first records listed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.core import kinds, urls
from generator.core.model import PartialDate
from generator.history.changelog import Change, Changelog, Commit
from generator.site.views import Views

TITLE = "Changes"
COMMITS_PER_PAGE = 25
"""Commits on one Changes page."""
MAX_LISTED = 20
"""Records listed for one commit; a commit that changed more is summarised by kind and status."""
STATUS_ORDER = ("added", "changed", "renamed", "removed")


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One commit's change of a record, as its page's History section shows it."""

    day: PartialDate | None
    """The commit's day (UTC); None for the edits not yet committed (only `dossier serve` shows them)."""
    subject: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChangedRecord:
    """A record in a commit's list on the Changes page and in the feed."""

    kind: str
    """`person`, `source`…"""
    name: str
    path: str | None
    """Its page, relative to the site's root; None when the record is gone (removed, or left out
    for its errors): it is named, not linked."""
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """What changed, as one line: `status: reported → disputed; quote changed`."""
        return "; ".join(self.lines)


@dataclass(frozen=True, slots=True)
class CommitChanges:
    """One commit as the Changes page and the feed list it."""

    commit: Commit
    anchor: str
    """The commit's id on its Changes page: `commit-<its first 12 hex digits>`, or `uncommitted`."""
    summary: str | None
    """"1,000 sources added, 2 claims changed" when it changed more than MAX_LISTED records, else None."""
    records: tuple[ChangedRecord, ...]
    """The first MAX_LISTED records it changed, in the order `dossier diff` reports them."""
    more: int
    """How many more it changed."""

    @property
    def day(self) -> PartialDate | None:
        return self.commit.day


def record_history(views: Views, kind: str, record_id: str) -> tuple[HistoryEntry, ...]:
    """A record's History section, newest first (empty outside git: no section is shown)."""
    return tuple(HistoryEntry(change.commit.day, change.commit.subject, change.lines)
                 for change in views.changes_of(kind, record_id))


def by_commit(changes: Iterable[Change]) -> list[tuple[Commit, list[Change]]]:
    """The changes grouped by commit, in their order (newest commit first)."""
    groups: list[tuple[Commit, list[Change]]] = []
    for change in changes:
        if not groups or (groups[-1][0] is not change.commit and groups[-1][0] != change.commit):
            groups.append((change.commit, []))
        groups[-1][1].append(change)
    return groups


def page_count(changelog: Changelog) -> int:
    """How many Changes pages the site has: none outside git, else at least one."""
    if changelog.head is None:
        return 0
    return _pages(len(by_commit(changelog.changes)))


def _pages(commits: int) -> int:
    """How many Changes pages list `commits` commits (one, even for none)."""
    return max(1, math.ceil(commits / COMMITS_PER_PAGE))


def page_of(position: int) -> str:
    """The Changes page listing the commit at `position` (from 0, newest first)."""
    return changes_page(position // COMMITS_PER_PAGE + 1)


def changes_page(number: int) -> str:
    """The path of the Changes page `number` (from 1)."""
    return urls.CHANGES if number == 1 else f"changes/page-{number}.html"


def listed(views: Views, groups: list[tuple[Commit, list[Change]]]) -> list[CommitChanges]:
    """Each commit (see `by_commit`) with the records it changed, each linked while it has a page."""
    pages = _record_pages(views)
    return [_commit_changes(commit, changed, pages) for commit, changed in groups]


def changes(views: Views, number: int) -> tuple[str, dict[str, Any]]:
    """The Changes page `number`: its commits, newest first, and links to the other pages."""
    groups = by_commit(views.all_changes())
    count = _pages(len(groups))
    shown = groups[(number - 1) * COMMITS_PER_PAGE:number * COMMITS_PER_PAGE]
    pages = [{"number": n, "href": views.href(changes_page(n)), "current": n == number} for n in range(1, count + 1)]
    title = TITLE if count == 1 else f"{TITLE}, page {number} of {count}"
    return title, {"commits": [_with_hrefs(views, commit) for commit in listed(views, shown)],
                   "pages": pages if count > 1 else [], "pages_label": "Pages of changes",
                   "feed": views.root + urls.CHANGES_FEED}


def commit_anchor(commit: Commit) -> str:
    return f"commit-{commit.id[:12]}" if commit.committed else "uncommitted"


def summary(changes: list[Change]) -> str:
    """`1,000 sources added, 2 claims changed`: by kind in the site's order, then by status."""
    counted = Counter((change.kind, change.status) for change in changes)
    order = {kind.name: number for number, kind in enumerate(kinds.SITE_ORDER)}
    parts = sorted(counted, key=lambda pair: (order.get(pair[0], len(order)), STATUS_ORDER.index(pair[1])
                                              if pair[1] in STATUS_ORDER else len(STATUS_ORDER)))
    return ", ".join(f"{_counted(counted[pair], pair[0])} {pair[1]}" for pair in parts)


def _counted(count: int, kind: str) -> str:
    """`1 person`, `1,000 sources`."""
    noun = kinds.BY_NAME[kind].name if count == 1 else kinds.BY_NAME[kind].plural
    return f"{count:,} {noun}"


def _record_pages(views: Views) -> dict[str, frozenset[str]]:
    """Kind → the ids of its records that have a page."""
    return {kind.name: frozenset(views.all_ids(kind.name)) for kind in kinds.SITE_ORDER}


def _commit_changes(commit: Commit, changes: list[Change], pages: dict[str, frozenset[str]]) -> CommitChanges:
    records = tuple(ChangedRecord(change.kind, change.title, _page(change, pages), change.lines)
                    for change in changes[:MAX_LISTED])
    return CommitChanges(commit, commit_anchor(commit), summary(changes) if len(changes) > MAX_LISTED else None,
                         records, len(changes) - len(records))


def _page(change: Change, pages: dict[str, frozenset[str]]) -> str | None:
    if change.status == "removed" or change.record_id not in pages.get(change.kind, frozenset()):
        return None
    return urls.record_page(change.kind, change.record_id)


def _with_hrefs(views: Views, commit: CommitChanges) -> dict[str, Any]:
    """A commit as the Changes page's template shows it, each record's link relative to the page."""
    return {"anchor": commit.anchor, "day": commit.day, "subject": commit.commit.subject, "summary": commit.summary,
            "more": commit.more,
            "records": [{"kind": record.kind, "name": record.name, "text": record.text,
                         "href": views.href(record.path) if record.path else None} for record in commit.records]}
