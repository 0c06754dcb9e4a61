"""A one-shot build's source texts set aside in a file rather than kept in memory.

A source's text is the largest thing a build holds: 134 MiB of 10,000 long sources, a third of the
build's memory when its renderers fork, which each of them counts again (docs/performance.md,
"Texts on disk, graphs in their saved form"). Once the quotes are located, a one-shot build reads
each text only a few times: its mentions, its page, its search record. So `spill` writes every
text into one unlinked file in the build's cache folder, and the checked dossier
hands on a mapping that reads a text from it when asked: the renderers, forked later, read the same
file. The texts in the file are those the check read, whatever happens to the source files during
the build. The file is in the dossier's cache folder, on the disk the sources are on, rather than
in the system's temporary folder, which is often a tmpfs: in memory again. The preview's Builder,
which keeps its records from one build to the next, keeps them in memory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.check.resolved import Resolved
from generator.core.layout import CACHE_FOLDER

ENCODING, ERRORS = "utf-8", "surrogatepass"
Places = dict[str, tuple[int, int, int]]
"""Key → (offset, size in bytes, length in characters) of its text in the file."""


class TextsOnDisk(Mapping[str, str]):
    """Texts by key, each read from its place in `file` when asked (as a new str every time). Two of
    them are equal only when they are the same object: comparing them would read every text."""

    __slots__ = ("_file", "_places")
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, file: BinaryIO, places: Places) -> None:
        self._file = file
        self._places = places

    def __getitem__(self, key: str) -> str:
        offset, size, _ = self._places[key]
        return os.pread(self._file.fileno(), size, offset).decode(ENCODING, ERRORS)

    def __contains__(self, key: object) -> bool:
        return key in self._places

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)

    def length(self, key: str) -> int:
        """The length of a text, without reading it."""
        return self._places[key][2]


@dataclass(frozen=True, slots=True, eq=False)
class TextOnDisk:
    """One text of a TextsOnDisk, read each time it is turned into a str: what keeps a text while
    the pages render (a search record) keeps it so."""

    texts: TextsOnDisk
    key: str

    def __str__(self) -> str:
        return self.texts[self.key]

    def __len__(self) -> int:
        return self.texts.length(self.key)


def kept(texts: Mapping[str, str], key: str) -> str | TextOnDisk:
    """The text of `key` to keep for later: itself when `texts` holds it in memory (no copy), else
    the place on disk to read it from. `str()` and `len()` work on either."""
    return TextOnDisk(texts, key) if isinstance(texts, TextsOnDisk) else texts[key]


def text_length(texts: Mapping[str, str], key: str) -> int:
    """The length of the text of `key`, without reading it from disk."""
    return texts.length(key) if isinstance(texts, TextsOnDisk) else len(texts[key])


def spill(resolved: Resolved | None, root: Path) -> Resolved | None:
    """`resolved` with its sources' texts in an unlinked file in the dossier's cache folder: its
    `visible_texts` and `written` read from there, and each source's body is empty. When the file
    cannot be made or written (a read-only folder, a full disk), `resolved` as it is (and None, for
    a dossier that could not be checked)."""
    if resolved is None:
        return None
    folder = root / CACHE_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (open as long as the texts are read)
    except OSError:
        return resolved
    try:
        visible, written = _write(resolved, file)
    except OSError:
        with contextlib.suppress(OSError):  # closing flushes what is buffered: the disk is still full
            file.close()
        return resolved
    sources = {source_id: dataclasses.replace(source, body="")
               for source_id, source in resolved.dossier.sources.items()}
    return dataclasses.replace(resolved, dossier=dataclasses.replace(resolved.dossier, sources=sources),
                               visible_texts=TextsOnDisk(file, visible), written=TextsOnDisk(file, written))


def _write(resolved: Resolved, file: BinaryIO) -> tuple[Places, Places]:
    """Write the visible texts, then the bodies of the `md` sources (a `txt` source's body is its
    visible text), into `file`: each one's place there, by source id."""
    offset = 0

    def put(text: str) -> tuple[int, int, int]:
        nonlocal offset
        data = text.encode(ENCODING, ERRORS)
        file.write(data)
        offset += len(data)
        return offset - len(data), len(data), len(text)

    visible = {source_id: put(text) for source_id, text in resolved.visible_texts.items()}
    written = {source_id: put(source.body) for source_id, source in resolved.dossier.sources.items()
               if source.format == "md"}
    file.flush()
    return visible, written
