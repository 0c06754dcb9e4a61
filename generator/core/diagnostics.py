"""Diagnostics as data: a position in a file, a severity, a message and an optional hint."""

from __future__ import annotations

import difflib
import enum
import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A position in a file of the project: path relative to the project root, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Spans(Mapping[str, Span]):
    """Where each value of one mapping is written (field name, or `name[index]` for a list's items,
    → Span), all in one file. Held as numbers rather than as Span objects in a dict: a dossier of
    10,000 sources has half a million positions, which took 70 MB in every process of a build and
    were pickled from the processes that read the files (docs/performance.md)."""

    __slots__ = ("_names", "_places", "path")

    def __init__(self, path: str, names: tuple[str, ...], places: array) -> None:
        self.path = path
        self._names = names
        self._places = places
        """Line, then column, of each name in turn."""

    @staticmethod
    def of(spans: dict[str, Span]) -> Spans | dict[str, Span]:
        """`spans` held as Spans when they are all in one file (else as they are)."""
        paths = {span.path for span in spans.values()}
        if len(paths) != 1:
            return spans
        places = array("I", [number for span in spans.values() for number in (span.line, span.col)])
        return Spans(paths.pop(), tuple(sys.intern(name) for name in spans), places)

    def __getitem__(self, name: str) -> Span:
        try:
            index = 2 * self._names.index(name)
        except ValueError:
            raise KeyError(name) from None
        return Span(self.path, self._places[index], self._places[index + 1])

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spans):
            return (self.path, self._names, self._places) == (other.path, other._names, other._places)
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # like a dict's

    def __repr__(self) -> str:
        return f"Spans({dict(self)!r})"

    def moved(self, lines: int) -> Spans:
        """The same positions, `lines` lines further down the file."""
        places = array("I", self._places)
        places[0::2] = array("I", [line + lines for line in self._places[0::2]])
        return Spans(self.path, self._names, places)

    def __reduce__(self) -> tuple[type[Spans], tuple[str, tuple[str, ...], array]]:
        return Spans, (self.path, self._names, self._places)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the input, with where it is and, when one helps, how to fix it."""

    severity: Severity
    code: str
    """A stable dotted name for the kind of problem (`yaml.duplicate-key`, `ref.unknown`…)."""
    message: str
    span: Span
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """Compiler style: `path:line:col: error: message (hint)`, on one line, with control
        characters from the content shown as escapes so they cannot drive the terminal."""
        text = f"{self.span}: {self.severity.value}: {self.message}"
        return _printable(f"{text} ({self.hint})" if self.hint else text)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.path, self.span.line, self.span.col, self.code, self.message)

    def as_error(self) -> Diagnostic:
        """The same diagnostic as an error (used by `--strict`)."""
        return Diagnostic(Severity.ERROR, self.code, self.message, self.span, self.hint)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    return _CONTROL.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


def error(code: str, message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, span, hint)


def warning(code: str, message: str, span: Span, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, span, hint)


def sorted_unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """All diagnostics once each, in file, line, column order."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def strict(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Warnings promoted to errors, as `--strict` asks."""
    return [d.as_error() for d in diagnostics]


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """`2 errors, 1 warning`."""
    diagnostics = list(diagnostics)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


_IRREGULAR = {"person": "people", "agency": "agencies"}


def refusal(problem: OSError) -> str:
    """What the machine refused, in one line: the path (when the error names one) and the reason."""
    where = f"{problem.filename}: " if problem.filename else ""
    return f"{where}{problem.strerror or problem}"


def plural(count: int, noun: str) -> str:
    """`1 claim`, `2 claims`, `3 people`."""
    return f"{count} {noun}" if count == 1 else f"{count} {_IRREGULAR.get(noun, noun + 's')}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or None when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


INVALID: Any = object()
"""Returned by a reader whose value was wrong; its diagnostic has been recorded."""


@dataclass
class Context:
    """Where diagnostics of one file go."""

    diagnostics: list[Diagnostic]

    def error(self, code: str, message: str, span: Span, hint: str | None = None) -> Any:
        self.diagnostics.append(error(code, message, span, hint))
        return INVALID

    def warning(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diagnostics.append(warning(code, message, span, hint))
