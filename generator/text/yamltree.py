"""YAML parsed into a tree of located nodes: strings only, no tags, no aliases, no duplicate keys.

PyYAML's constructors guess types (`NO` becomes False, `01234` an octal number) and silently keep
the last of two equal keys. We read the parser's event stream instead and build our own small
tree, so that every scalar stays the text the author wrote, typed later by our schema, and every
node keeps its line and column. Building from events with an explicit stack means deep nesting
cannot exhaust Python's recursion, and refusing aliases means nothing can expand without bound.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import yaml

from generator.core.diagnostics import Diagnostic, Span, error

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: the pure parser gives the same events.
    _Loader = yaml.SafeLoader

_UNICODE_BREAKS = re.compile("[\u0085\u2028\u2029]")
"""Line breaks to YAML, but not to editors: positions after them would not match the file."""


class Mark(Protocol):
    """Where the parser is in the text: PyYAML's `Mark`, or its C parser's."""

    index: int
    line: int
    column: int


MAX_DEPTH = 32
"""Records nest three levels deep; anything far deeper is an accident or an attack."""


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str
    span: Span
    plain: bool
    """True when written without quotes or block indicators (only then can it be a number)."""


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Mapping:
    entries: tuple[tuple[Scalar, Node], ...]
    span: Span

    def keys(self) -> list[str]:
        return [key.value for key, _ in self.entries]


Node = Scalar | Sequence | Mapping


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def parse(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document. `first_line` is the file line where `text` starts.

    Returns the root node (None for an empty document) and the diagnostics; a document with
    a syntax error or a refused construct yields no node at all.
    """
    builder = _TreeBuilder(path, first_line, newline_offsets(text) if _UNICODE_BREAKS.search(text) else None)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except _Refused as refused:
        return None, [refused.diagnostic] + builder.diagnostics
    except yaml.reader.ReaderError as exc:
        span = index_span(newline_offsets(text), exc.position, path, first_line)
        return None, [error("yaml.character", f"the character U+{exc.character:04X} is not allowed in YAML", span,
                            "remove it; control characters are invisible and usually come from a bad copy")]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, text, path, first_line)] + builder.diagnostics
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        return None, [error("yaml.invalid", f"cannot read YAML: {exc}", Span(path, first_line, 1))]
    if builder.diagnostics:
        return None, builder.diagnostics
    return builder.root, []


class _TreeBuilder:
    """Turns parser events into nodes; collects duplicate keys, refuses tags, anchors and aliases."""

    def __init__(self, path: str, first_line: int, newlines: list[int] | None) -> None:
        self.newlines = newlines
        """Offsets of the text's line breaks, needed only when the parser's own line count cannot be
        trusted (the text holds U+0085, U+2028 or U+2029); None otherwise."""
        self.path = path
        self.first_line = first_line
        self.stack: list[list] = []
        self.root: Node | None = None
        self.documents = 0
        self.diagnostics: list[Diagnostic] = []

    def span(self, mark: Mark | None) -> Span:
        assert mark is not None, "the parser marks where each of its events starts"
        if self.newlines is None:
            return Span(self.path, mark.line + self.first_line, mark.column + 1)
        return position(self.newlines, mark, self.path, self.first_line)

    def feed(self, event: yaml.Event) -> None:
        if type(event) is yaml.ScalarEvent:  # most events: checked and added in the shortest way
            self._check_node_event(event)
            self._add(Scalar(event.value, self.span(event.start_mark), plain=not event.style))
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Refused(error("yaml.multiple-documents", "expected a single YAML document, found a second one",
                                     self.span(event.start_mark), "remove the extra '---' line"))
        elif isinstance(event, yaml.AliasEvent):
            raise _Refused(error("yaml.alias", "YAML aliases (*name) are not allowed", self.span(event.start_mark),
                                 "write the value out in full"))
        elif isinstance(event, yaml.NodeEvent):
            self._check_node_event(event)
            if len(self.stack) >= MAX_DEPTH:
                raise _Refused(error("yaml.too-deep", f"YAML nested more than {MAX_DEPTH} levels deep",
                                     self.span(event.start_mark)))
            self._open(event)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self._close()

    def _check_node_event(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            raise _Refused(error("yaml.anchor", f"YAML anchors (&{event.anchor}) are not allowed",
                                 self.span(event.start_mark), "write each value out in full"))
        tag = getattr(event, "tag", None)
        if tag is not None and not _is_implicit(event):
            short = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(error("yaml.tag", f"YAML tags ({short}) are not allowed", self.span(event.start_mark),
                                 "remove the tag; values are typed by the dossier's schema"))

    def _open(self, event: yaml.NodeEvent) -> None:
        kind = Mapping if isinstance(event, yaml.MappingStartEvent) else Sequence
        self.stack.append([kind, self.span(event.start_mark), []])

    def _close(self) -> None:
        kind, span, children = self.stack.pop()
        if kind is Sequence:
            self._add(Sequence(tuple(children), span))
        else:
            self._add(Mapping(self._entries(children), span))

    def _entries(self, children: list[Node]) -> tuple[tuple[Scalar, Node], ...]:
        entries = []
        seen: dict[str, Span] = {}
        for key, value in zip(children[0::2], children[1::2]):
            if not isinstance(key, Scalar):
                self.diagnostics.append(error("yaml.complex-key", "mapping keys must be plain text", key.span))
                continue
            if key.value in seen:
                first = seen[key.value]
                self.diagnostics.append(error(
                    "yaml.duplicate-key", f"duplicate key '{key.value}' (first defined at line {first.line})", key.span,
                    "remove one of them; YAML keeps only the last"))
                continue
            seen[key.value] = key.span
            entries.append((key, value))
        return tuple(entries)

    def _add(self, node: Node) -> None:
        if self.stack:
            self.stack[-1][2].append(node)
        else:
            self.root = node


def _is_implicit(event: yaml.NodeEvent) -> bool:
    implicit = getattr(event, "implicit", True)
    return any(implicit) if isinstance(implicit, tuple) else bool(implicit)


_FLOW_OPENERS = {"while parsing a flow sequence": "[", "while parsing a flow mapping": "{"}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> Diagnostic:
    mark = _error_mark(exc, text)
    newlines = newline_offsets(text)
    unicode_break = _UNICODE_BREAKS.search(text, 0, mark.index + 1 if mark else len(text))
    if unicode_break:
        return error("yaml.line-separator", f"the invisible line break U+{ord(unicode_break[0]):04X} breaks this YAML",
                     index_span(newlines, unicode_break.start(), path, first_line),
                     "replace it with a space, or put the value in quotes")
    span = position(newlines, mark, path, first_line) if mark else Span(path, first_line, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    lines = text.split("\n")
    line_text = lines[span.line - first_line] if span.line - first_line < len(lines) else ""
    hint = _unclosed_hint(exc, text, first_line) or _syntax_hint(problem, exc.context, line_text)
    return error("yaml.syntax", f"invalid YAML: {problem}", span, hint)


def _error_mark(exc: yaml.MarkedYAMLError, text: str) -> yaml.Mark | None:
    """Where the mistake is: for an unclosed quote, or a bracket left open across lines, where it opens.

    The parser notices those only at a later line (often the end of the file), far from what to fix.
    """
    if exc.context_mark and (_is_unclosed_quote(exc) or _unclosed_opener(exc, text)):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _is_unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    return bool(exc.context and "quoted scalar" in exc.context)


def _unclosed_opener(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """'[' or '{' when a flow collection that opened on an earlier line than the one the parser gave
    up on is never closed (a mistake inside a closed one is reported where it is)."""
    opener = _FLOW_OPENERS.get(exc.context or "")
    if (opener and exc.context_mark and exc.problem_mark and exc.problem_mark.line > exc.context_mark.line
            and not _closes(text, exc.context_mark.index)):
        return opener
    return None


def _closes(text: str, start: int) -> bool:
    """Whether the bracket at `start` has its closing bracket later on (quoted text and comments skipped)."""
    depth, index, quote, previous = 0, start, None, "["
    while index < len(text):
        char = text[index]
        if quote:
            if (char == "\\" and quote == '"') or (char == quote and text.startswith("''", index)):
                index += 1
            elif char == quote:
                quote = None
        elif char in "'\"" and previous in "[{,:\n":  # a quote opens a value only where a value starts
            quote = char
        elif char == "#" and text[index - 1] in " \t\n":
            index = text.find("\n", index) - 1
            if index < 0:
                return False
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return True
        if char not in " \t":
            previous = char
        index += 1
    return False


def _unclosed_hint(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> str | None:
    opener = _unclosed_opener(exc, text)
    if opener is None or exc.problem_mark is None:  # an opener is found only where the parser gave up
        return None
    closer = "]" if opener == "[" else "}"
    return (f"the '{opener}' here is not closed; end it with '{closer}'; the parser gave up at line "
            f"{exc.problem_mark.line + first_line}")


def newline_offsets(text: str) -> list[int]:
    return [match.start() for match in re.finditer("\n", text)]


def locator(text: str, path: str, first_line: int) -> Callable[[int], Span]:
    """offset in `text` → its file position; the line starts are found on the first call only, as
    most texts are never asked."""
    newlines: list[int] | None = None

    def locate(index: int) -> Span:
        nonlocal newlines
        if newlines is None:
            newlines = newline_offsets(text)
        return index_span(newlines, index, path, first_line)

    return locate


def position(newlines: list[int], mark: Mark, path: str, first_line: int) -> Span:
    """The file position of a parser mark (from its character index, which is exact)."""
    return index_span(newlines, mark.index, path, first_line)


def index_span(newlines: list[int], index: int, path: str, first_line: int) -> Span:
    """The file position of a character offset in `text`, given `newline_offsets(text)`."""
    line = bisect.bisect_left(newlines, index)
    line_start = newlines[line - 1] + 1 if line else 0
    return Span(path, line + first_line, index - line_start + 1)


def _syntax_hint(problem: str, context: str | None, line_text: str) -> str | None:
    if "tab" in problem or "\t" in line_text[:len(line_text) - len(line_text.lstrip())]:
        return "YAML does not allow tabs for indentation; use spaces"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "values starting with @ or ` must be quoted"
    if context and "quoted scalar" in context:
        return "a quoted value is not closed; check its quotes (inside '…' write '' for one ')"
    if "could not find expected ':'" in problem:
        return "each line of a mapping needs 'key: value'; check the indentation of this line"
    return None


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, depth first, without recursion."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        if isinstance(current, Sequence):
            pending.extend(reversed(current.items))
        elif isinstance(current, Mapping):
            for key, value in reversed(current.entries):
                pending.extend((value, key))
