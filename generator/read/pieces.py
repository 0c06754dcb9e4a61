"""A long claims file read in pieces, so that the preview reads again only the claims that changed
(docs/performance.md, "Long claims files and other alphabets").

A claims file is a YAML list whose items start a line with `- `. Cut there, each item is a YAML
text of its own, parsed with the file line it starts on, so that every line and column is what a
parse of the whole file gives, and read against the claim schema as the whole file's items are.
After a save, an item whose text is that of the last read is taken over as read, its positions
moved by the lines it moved.

The pieces stand for the whole file only when each of them parses cleanly. A cut inside a quoted
value or a flow list that spans lines leaves a piece unclosed, which fails to parse; then, as for
any file that is not a plain list (anything but comments and blank lines before its first item, or
a document marker), the file is read whole, which also reports what is wrong with it. An item that
YAML sees start after a line break editors do not count (U+2028) stays in the piece before it, and
is read there, at the same position.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.core.diagnostics import Context, Diagnostic, Span, Spans
from generator.core.files import decode
from generator.core.kinds import CLAIM, Kind
from generator.core.model import Claim
from generator.read.records import FileRecords, read_claim
from generator.text import yamltree
from generator.text.yamltree import Sequence

PIECES_FROM = 256 * 1024
"""Bytes (about 750 claims). A shorter claims file is read whole on each save: a 3.3 MB file of
10,000 claims took 1.3 s to parse and validate whole, so a file of this size takes about 100 ms. Read
in pieces the first time, it takes no longer than whole (1.45 s against 2.04 s for that file)."""

_ITEM_START = re.compile(r"^-(?=[ \t\n]|\Z)", re.MULTILINE)
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\n]|\Z)", re.MULTILINE)
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(?:#.*)?")


@dataclass(frozen=True, slots=True)
class Piece:
    """One item of a claims file, read: its text, the file line it starts on, and what it holds."""

    text: str
    first_line: int
    claims: tuple[Claim, ...]
    partial: tuple[Claim, ...]
    broken: frozenset[str]
    diagnostics: tuple[Diagnostic, ...]


def claims_in_pieces(data: bytes, rel: str, kind: Kind, last: object) -> FileRecords | None:
    """The records of a long claims file, read item by item, with the items of `last` (what the
    last read kept of the file) whose text is unchanged taken over, moved to their new lines; None
    when the file must be read whole (not a long claims file, or not one that can be cut: see above)."""
    if kind is not CLAIM or len(data) < PIECES_FROM:
        return None
    text, problem = decode(data, rel)
    cuts = _cuts(text) if problem is None else None
    if cuts is None:
        return None
    earlier = {piece.text: piece for piece in last.pieces} if isinstance(last, FileRecords) else {}
    pieces: list[Piece] = []
    for first_line, item in cuts:
        piece = _moved(earlier[item], first_line) if item in earlier else _read_piece(first_line, item, rel)
        if piece is None:
            return None
        pieces.append(piece)
    return FileRecords(rel, CLAIM.folder, tuple(claim for piece in pieces for claim in piece.claims),
                       frozenset().union(*(piece.broken for piece in pieces)),
                       tuple(problem for piece in pieces for problem in piece.diagnostics),
                       tuple(claim for piece in pieces for claim in piece.partial), tuple(pieces))


def _cuts(text: str) -> list[tuple[int, str]] | None:
    """Each item of the list as (its first line, its text), or None when the text is not a plain
    list of items that start their lines."""
    starts = [match.start() for match in _ITEM_START.finditer(text)]
    if not starts or _DOCUMENT_MARKER.search(text):
        return None
    if not all(_BLANK_OR_COMMENT.fullmatch(line) for line in text[:starts[0]].split("\n")):
        return None
    cuts, line = [], 1 + text.count("\n", 0, starts[0])
    for start, end in zip(starts, [*starts[1:], len(text)]):
        cuts.append((line, text[start:end]))
        line += text.count("\n", start, end)
    return cuts


def _read_piece(first_line: int, text: str, rel: str) -> Piece | None:
    """One item parsed and read as a claim (or, cut in a multi-line value, None)."""
    root, _ = yamltree.parse(text, rel, first_line)
    if not isinstance(root, Sequence):  # it has problems, which the file read whole reports
        return None
    ctx, broken = Context([]), set[str]()
    read = [read_claim(node, ctx, broken) for node in root.items]
    return Piece(text, first_line, tuple(claim for claim, _ in read if claim is not None),
                 tuple(claim for _, claim in read if claim is not None), frozenset(broken), tuple(ctx.diagnostics))


def _moved(piece: Piece, first_line: int) -> Piece:
    """The piece as read at `first_line`: every position it holds moved by the lines it moved
    (a claim's, its fields', its citations', its problems'). Tests compare every position of
    a file read in pieces with the file read whole, edits that move items included."""
    lines = first_line - piece.first_line
    if not lines:
        return piece
    return Piece(piece.text, first_line, tuple(_moved_claim(claim, lines) for claim in piece.claims),
                 tuple(_moved_claim(claim, lines) for claim in piece.partial), piece.broken,
                 tuple(dataclasses.replace(problem, span=_moved_span(problem.span, lines))
                       for problem in piece.diagnostics))


def _moved_claim(claim: Claim, lines: int) -> Claim:
    citations = tuple(dataclasses.replace(citation, span=_moved_span(citation.span, lines),
                                          spans=_moved_spans(citation.spans, lines)) for citation in claim.citations)
    return dataclasses.replace(claim, span=_moved_span(claim.span, lines), spans=_moved_spans(claim.spans, lines),
                               citations=citations)


def _moved_span(span: Span, lines: int) -> Span:
    return Span(span.path, span.line + lines, span.col)


def _moved_spans(spans: Mapping[str, Span], lines: int) -> Mapping[str, Span]:
    if isinstance(spans, Spans):
        return spans.moved(lines)
    return {name: _moved_span(span, lines) for name, span in spans.items()}
