"""Each side of a diff as the comparison needs it: the records read, every diagnostic, and where
each record starts in which file, including records that could not be read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.build import Checked
from generator.core import kinds
from generator.core.diagnostics import Diagnostic, sorted_unique
from generator.core.files import read_regular_file
from generator.core.model import Dossier
from generator.read.load import MAX_RECORD_BYTES, SOURCE_FORMATS, is_ignored, parse_record_text
from generator.text import yamltree


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


def snapshot(checked: Checked, more: Sequence[Diagnostic] = ()) -> Snapshot:
    """A side as the comparison needs it: records read, diagnostics (`check`'s and `more` that only
    the diff finds), and where each record starts."""
    assert checked.config is not None and checked.resolved is not None
    dossier = checked.resolved.dossier
    located: dict[str, set[tuple[int, str, str]]] = {}
    for kind in kinds.KINDS:
        for record in kind.records(dossier).values():
            located.setdefault(record.span.path, set()).add((record.span.line, kind.name, record.id))
    found, unparsed = _locate_files(checked.root, checked.config.content_dir)
    for path, entries in found.items():
        located.setdefault(path, set()).update(entries)
    return Snapshot(dossier, tuple(sorted_unique([*checked.diagnostics, *more])),
                    {path: tuple(sorted(entries)) for path, entries in sorted(located.items())}, frozenset(unparsed))


def _locate_files(root: Path, content_dir: str) -> tuple[dict[str, set[tuple[int, str, str]]], set[str]]:
    """Records in the files of content/, whether or not they could be read: one per file, and for
    claim files each item of the YAML list that has an `id`."""
    located: dict[str, set[tuple[int, str, str]]] = {}
    unparsed: set[str] = set()
    for kind in kinds.KINDS:
        directory = root / content_dir / kind.folder
        if not directory.is_dir() or directory.is_symlink():
            continue
        for path in sorted(directory.iterdir()):
            if is_ignored(path.name) or path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            extensions = SOURCE_FORMATS if kind is kinds.SOURCE else {".yaml": "yaml"}
            if path.suffix not in extensions:
                continue
            if kind.named_by_file:
                located[rel] = {(1, kind.name, path.stem)}
                continue
            claims = _claims_in(path, rel)
            if claims is None:
                unparsed.add(rel)
            else:
                located[rel] = claims
    return located, unparsed


def _claims_in(path: Path, rel: str) -> set[tuple[int, str, str]] | None:
    """(line, "claim", id) of each claim in a claims file; None when its YAML cannot be parsed.
    An item without a readable id is kept with id "" so its problems are not pinned on the claim before it."""
    data, problem = read_regular_file(path, rel, MAX_RECORD_BYTES)
    parsed = None if problem else parse_record_text(data, rel, path.stem, "claims")[0]
    if parsed is None:
        return None
    if not isinstance(parsed.root, yamltree.Sequence):
        return set()
    found = set()
    for item in parsed.root.items:
        ids = [node.value for key, node in getattr(item, "entries", ())
               if key.value == "id" and isinstance(node, yamltree.Scalar)]
        found.add((item.span.line, "claim", ids[0] if ids else ""))
    return found
