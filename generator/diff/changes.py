"""The diff as data: each record's change, each problem with what the change does to it, and the
whole comparison of two sides (what the text, Markdown and JSON formats print)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.history.fields import FieldChange

RecordKey = tuple[str, str]
"""(kind, id)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A diagnostic of either side, with whether the change brings it (`new`), removes it (`fixed`)
    or leaves it (`unchanged`)."""

    severity: str
    code: str
    message: str
    hint: str | None
    location: str
    """`path:line:col` on the side it is from (base for fixed problems, head otherwise)."""
    change: str
    quote: str | None = None
    """For a quote not found: the quote as the citation gives it."""
    source: str | None = None
    """For a quote not found: the source it is not found in."""

    @property
    def breaks_quote(self) -> bool:
        return self.code == "quote.not-found" and self.change == "new"


@dataclass(frozen=True, slots=True)
class RecordChange:
    kind: str
    id: str
    status: str
    """added | removed | renamed | changed | unreadable | unchanged (shown only for its problems)."""
    title: str
    """A claim's statement as text, a source's title, an entity's name (head's when it has one)."""
    path: str | None
    """The file it is in: head's, or base's when it is gone from head."""
    old_id: str | None = None
    """For renames: the id it had in base."""
    unreadable: str | None = None
    """`base`, `head` or `both`: the side(s) where it is in a file but could not be read."""
    fields: tuple[FieldChange, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def reportable(self) -> bool:
        return self.status != "unchanged" or any(problem.change != "unchanged" for problem in self.problems)


@dataclass(frozen=True, slots=True)
class SideSummary:
    label: str
    revision: str | None
    errors: int
    warnings: int
    exists: bool


@dataclass(frozen=True, slots=True)
class DossierDiff:
    base: SideSummary
    head: SideSummary
    settings: tuple[FieldChange, ...]
    """Changes to config.yaml's settings."""
    records: tuple[RecordChange, ...]
    """Every record that changed or whose problems changed, in REPORT_ORDER (core/kinds.py), then by id."""
    problems: tuple[Problem, ...]
    """Problems that concern no single record (config.yaml, stray files, unreadable claim files)."""
    pages: tuple[str, ...]
    """Files of the site that change (see generator/diff/pages.py)."""

    @property
    def changed(self) -> bool:
        return bool(self.settings or self.records or any(p.change != "unchanged" for p in self.problems))

    @property
    def broken_quotes(self) -> list[tuple[RecordChange, Problem]]:
        return [(record, problem) for record in self.records for problem in record.problems if problem.breaks_quote]
