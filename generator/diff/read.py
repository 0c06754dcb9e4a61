"""Each side of a diff as the comparison needs it: the records read, every diagnostic, and where
each record starts in which file, including records that could not be read. Each side's files are
read and parsed once, by the check: where records start is found in what it parsed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.build import Checked
from generator.core import kinds
from generator.core.diagnostics import Diagnostic, sorted_unique
from generator.core.model import Dossier
from generator.read.load import Content, RecordFile
from generator.text import yamltree

Located = set[tuple[int, str, str]]
"""(line, kind, id) of each record that starts in a file."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One side, read: its records, every diagnostic, and where in which file each record starts."""

    dossier: Dossier | None
    """None when the dossier does not exist on this side (a revision before it was created)."""
    diagnostics: tuple[Diagnostic, ...]
    located: Mapping[str, tuple[tuple[int, str, str], ...]]
    """File path → (line, kind, id) of each record that starts in it, in line order; records that
    could not be read are here too (claims are found in their file's YAML tree)."""
    unparsed: frozenset[str]
    """Claim files whose YAML could not be parsed: which claims they hold is not known."""


EMPTY = Snapshot(None, (), {}, frozenset())


def snapshot(checked: Checked, content: Content, more: Sequence[Diagnostic] = ()) -> Snapshot:
    """A side as the comparison needs it: records read, diagnostics (`check`'s and `more` that only
    the diff finds), and where each record starts. `content` is what that check read and parsed,
    syntax trees included (a check given caches keeps them)."""
    assert checked.config is not None and checked.resolved is not None
    dossier = checked.resolved.dossier
    located: dict[str, Located] = {}
    for kind in kinds.KINDS:
        for record in kind.records(dossier).values():
            located.setdefault(record.span.path, set()).add((record.span.line, kind.name, record.id))
    found, unparsed = _locate_files(content)
    for path, entries in found.items():
        located.setdefault(path, set()).update(entries)
    return Snapshot(dossier, tuple(sorted_unique([*checked.diagnostics, *more])),
                    {path: tuple(sorted(entries)) for path, entries in sorted(located.items())}, frozenset(unparsed))


def _locate_files(content: Content) -> tuple[dict[str, Located], set[str]]:
    """Records in the files of content/, whether or not they could be read: one per file, and for
    claim files each item of the YAML list that has an `id`. A path that is not a regular file (a
    pipe, a device) holds no record."""
    located: dict[str, Located] = {}
    unparsed: set[str] = set()
    for rel, (_, parsed, problems) in content.files.items():
        if any(problem.code == "fs.not-regular" for problem in problems):
            continue
        kind = kinds.BY_PLURAL[PurePosixPath(rel).parent.name]
        if kind.named_by_file:
            located[rel] = {(1, kind.name, PurePosixPath(rel).stem)}
        elif isinstance(parsed, RecordFile):
            located[rel] = _claims_in(parsed)
        else:
            unparsed.add(rel)
    return located, unparsed


def _claims_in(parsed: RecordFile) -> Located:
    """(line, "claim", id) of each claim in a parsed claims file. An item without a readable id is
    kept with id "" so its problems are not pinned on the claim before it."""
    if not isinstance(parsed.root, yamltree.Sequence):
        return set()
    found = set()
    for item in parsed.root.items:
        ids = [node.value for key, node in getattr(item, "entries", ())
               if key.value == "id" and isinstance(node, yamltree.Scalar)]
        found.add((item.span.line, kinds.CLAIM.name, ids[0] if ids else ""))
    return found
