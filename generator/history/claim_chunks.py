"""A claims file read claim by claim, so that a commit that changes one claim of a file of a hundred
reads that one claim again, not the hundred (docs/history.md, "The cost").

A claims file is a YAML list whose items start at the left margin with `- `. Cut before each such
line, every piece is itself a list of one claim, which reads exactly as that item of the whole
file: each claim is validated on its own (read/records.py). A file of any other shape (document
markers, directives, a tab at the margin, text before the first item), or one with a piece that
does not read, is read whole by the caller instead, so the result never differs from a build's.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.core.files import decode
from generator.core.kinds import CLAIM
from generator.core.model import Config
from generator.read.load import RecordFile
from generator.read.records import FileRecords, validate_file
from generator.text import yamltree

Pieces = dict[str, FileRecords]
"""A piece's text → what it holds once validated."""


def split_items(text: str) -> list[str] | None:
    """The pieces of a claims file's text, one item each, exactly as written (blank lines kept: a
    `|+` text keeps them), or None when its shape is not one where each piece reads as its item
    (see the module's docstring)."""
    lines = text.split("\n")
    starts = [index for index, line in enumerate(lines) if line.startswith("- ") or line.rstrip() == "-"]
    if not starts:
        return None
    for index, line in enumerate(lines):
        at_margin = line[:1] not in ("", " ") and not line.startswith("#")
        if (at_margin and index not in starts) or (index < starts[0] and line.strip() and not line.startswith("#")):
            return None
    ends = [*starts[1:], len(lines)]
    return ["\n".join(lines[start:end]) + ("\n" if end < len(lines) else "") for start, end in zip(starts, ends)]


def read_claims(data: bytes, path: str, stem: str, config: Config,
                known: Mapping[str, FileRecords]) -> tuple[FileRecords, Pieces] | None:
    """The claims file `data` validated, and what each of its pieces holds, a piece already in
    `known` (the pieces of the last version read of this file) taken from there; None when the
    file must be read whole."""
    text, problem = decode(data, path)
    pieces = split_items(text) if problem is None else None
    if pieces is None:
        return None
    found: Pieces = {}
    for piece in pieces:
        records = known.get(piece) or found.get(piece) or _read_piece(piece, path, stem, config)
        if records is None:
            return None
        found[piece] = records
    claims = tuple(record for piece in pieces for record in found[piece].records)
    broken = frozenset(record_id for piece in pieces for record_id in found[piece].broken)
    return FileRecords(path, CLAIM.folder, claims, broken, ()), found


def _read_piece(piece: str, path: str, stem: str, config: Config) -> FileRecords | None:
    root, _ = yamltree.parse(piece, path)
    if root is None:
        return None
    return validate_file(RecordFile(CLAIM, path, stem, root), config)
