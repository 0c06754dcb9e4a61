"""Texts kept in a file rather than in memory: a shelf.

A source's text is the largest thing a build holds: 150 MB at 10,000 long sources, twice that once a
text holds one character beyond Latin-1 (Python then stores each of its characters in two bytes): a
third of a one-shot build's memory, and a quarter to a third of the preview's (docs/performance.md,
"Texts on disk").
Once the quotes are located, a build reads each text only a few times: its mentions, its page, its
search record. So a shelf appends each text to one unlinked file in the dossier's cache folder (on the
disk the sources are on, rather than in the system's temporary folder, which is often a tmpfs: in
memory again), and hands back a `Shelved` that reads it from there when asked. The file goes when
the last `Shelved` of it does.
"""

from __future__ import annotations

import errno
import os
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from generator.core.layout import CACHE_FOLDER

ENCODING, ERRORS = "utf-8", "surrogatepass"


class Shelf:
    """An unlinked file that texts are appended to and read back from, by their place in it.
    Reading is positional (`pread`), so a text may be read from any thread, or a forked process,
    while others are appended; one thread at a time appends (the build's). The file is closed (and
    its disk space freed) when the shelf goes, with the last text on it."""

    __slots__ = ("__weakref__", "_end", "_file", "folder")

    def __init__(self, file: BinaryIO, folder: Path) -> None:
        self._file = file
        self._end = 0
        self.folder = folder
        """Where the file was made, for messages: the file itself has no name."""
        weakref.finalize(self, file.close)

    @classmethod
    def in_cache_of(cls, root: Path) -> Shelf | None:
        """A new shelf in the cache folder of the dossier at `root`; None when no file can be made
        there (a read-only folder): the texts then stay in memory."""
        folder = root / CACHE_FOLDER
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return cls(tempfile.TemporaryFile(dir=folder), folder)
        except OSError:
            return None

    def put(self, text: str) -> Shelved:
        """Append `text`; OSError when it cannot be written (a full disk)."""
        data = text.encode(ENCODING, ERRORS)
        offset, written = self._end, 0
        while written < len(data):
            written += os.pwrite(self._file.fileno(), data[written:], offset + written)
        self._end += len(data)
        return Shelved(self, offset, len(data), len(text))

    def keep(self, text: str) -> str | Shelved:
        """`text` on the shelf, or itself when it cannot be written there."""
        try:
            return self.put(text)
        except OSError:
            return text

    def read(self, offset: int, size: int) -> bytes:
        """The bytes at `offset`; an OSError naming the cache folder when the disk fails to give
        them (EIO), so that the build ends with one line saying where, as for any file it reads."""
        try:
            data = os.pread(self._file.fileno(), size, offset)
        except OSError as error:
            raise self._unreadable(error.errno or errno.EIO, error.strerror or str(error)) from None
        if len(data) != size:
            raise self._unreadable(errno.EIO, f"{len(data)} bytes where {size} were written")
        return data

    def _unreadable(self, number: int, reason: str) -> OSError:
        return OSError(number, f"{reason} (reading a text this build keeps on disk)", str(self.folder))


class Shelved:
    """One text on a shelf: `str()` reads it (a new str every time), `len()` does not. It is equal
    to another text with the same characters; texts at one place are compared without being read."""

    __slots__ = ("length", "offset", "shelf", "size")

    def __init__(self, shelf: Shelf, offset: int, size: int, length: int) -> None:
        self.shelf, self.offset, self.size, self.length = shelf, offset, size, length

    def data(self) -> bytes:
        """The text's UTF-8 bytes."""
        return self.shelf.read(self.offset, self.size)

    def __str__(self) -> str:
        return self.data().decode(ENCODING, ERRORS)

    def __len__(self) -> int:
        return self.length

    def __contains__(self, needle: str) -> bool:
        """Whether the text holds `needle`, found in its bytes as they are (see holds_any)."""
        return needle.encode(ENCODING, ERRORS) in self.data()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Shelved):
            return self.length == other.length and self.size == other.size and (
                (self.shelf is other.shelf and self.offset == other.offset) or self.data() == other.data())
        if isinstance(other, str):
            return self.length == len(other) and str(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))  # as the str it is equal to

    def __repr__(self) -> str:
        return f"Shelved(offset={self.offset}, size={self.size}, length={self.length})"


Text = str | Shelved
"""A text in memory or on a shelf: `str()` gives it either way."""


def in_memory(text: str) -> Text:
    """A text kept as it is, in memory."""
    return text


def utf8(text: Text) -> bytes:
    """A text's UTF-8 bytes, as a shelf holds them (read, not decoded)."""
    return text.data() if isinstance(text, Shelved) else text.encode(ENCODING, ERRORS)


class Texts(Mapping[str, str]):
    """Texts by key, each in memory or on a shelf (read as a new str every time it is asked). Two of
    them are equal only when they are the same object: comparing them would read every text."""

    __slots__ = ("_texts",)
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, texts: dict[str, Text]) -> None:
        self._texts = texts

    def __getitem__(self, key: str) -> str:
        return str(self._texts[key])

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def kept(self, key: str) -> Text:
        """The text of `key` as kept, without reading it."""
        return self._texts[key]

    def updated(self, changes: Mapping[str, Text | None]) -> Texts:
        """A copy with `changes` made (None: the key goes), no text read."""
        texts = dict(self._texts)
        for key, text in changes.items():
            if text is None:
                texts.pop(key, None)
            else:
                texts[key] = text
        return Texts(texts)


def kept(texts: Mapping[str, str], key: str) -> Text:
    """The text of `key` to keep for later, as `texts` keeps it: the str itself (no copy) or its
    place on a shelf. `str()` and `len()` work on either."""
    return texts.kept(key) if isinstance(texts, Texts) else texts[key]


def text_length(texts: Mapping[str, str], key: str) -> int:
    """The length of the text of `key`, without reading it from a shelf."""
    return len(kept(texts, key))


def holds_any(texts: Mapping[str, str], key: str, needles: set[str]) -> bool:
    """Whether the text of `key` holds one of `needles`. A shelved text's bytes are searched as they
    are, undecoded: a UTF-8 needle is found in UTF-8 bytes exactly where its characters are."""
    text = kept(texts, key)
    if isinstance(text, Shelved):
        data = text.data()  # read once for every needle
        return any(needle.encode(ENCODING, ERRORS) in data for needle in needles)
    return any(needle in text for needle in needles)
