"""Reading files safely: regular files only (a pipe or device is never waited on), under a size
limit, decoded as strict UTF-8; every refusal a positioned diagnostic or a typed OSError."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import Diagnostic, Span, error


class NotRegularFile(OSError):
    """The path names a pipe, socket or device: never opened for reading, so never waited on."""

    def __init__(self) -> None:
        super().__init__(0, "not a regular file")


class FileTooLarge(OSError):
    """The file is over the limit it was read under; `size` is its size in bytes."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(0, f"larger than {limit / 2**20:.0f} MB, the limit")
        self.size = size


@dataclass(frozen=True, slots=True)
class RegularFile:
    """The bytes read from a regular file, with its status before and after they were read."""

    before: os.stat_result
    after: os.stat_result
    data: bytes


def read_limited(path: Path | str, limit: int, follow_links: bool = False) -> RegularFile:
    """At most `limit + 1` bytes of the regular file at `path`. Raises NotRegularFile for a FIFO, socket
    or device (without blocking on it), FileTooLarge over `limit`, and OSError when it cannot be
    opened (a symbolic link too, unless `follow_links`)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(os.open(path, flags), "rb") as handle:
        before = os.fstat(handle.fileno())
        if not stat.S_ISREG(before.st_mode):
            raise NotRegularFile()
        if before.st_size > limit:
            raise FileTooLarge(before.st_size, limit)
        data = handle.read(limit + 1)
        return RegularFile(before, os.fstat(handle.fileno()), data)


def read_regular_file(path: Path | str, rel: str, limit: int) -> tuple[bytes, Diagnostic | None]:
    """The bytes of a regular file, refusing FIFOs, devices and symlinks without blocking on them."""
    try:
        return read_limited(path, limit).data, None
    except NotRegularFile:
        return b"", error("fs.not-regular", "not a regular file (a pipe, socket or device)", Span(rel))
    except FileTooLarge as exc:
        return b"", error("fs.too-large", f"file is {exc.size / 2**20:.1f} MB; the limit is "
                                          f"{limit / 2**20:.0f} MB", Span(rel))
    except OSError as exc:
        return b"", error("fs.unreadable", f"cannot read file: {exc.strerror}", Span(rel))


def decode(data: bytes, rel: str) -> tuple[str, Diagnostic | None]:
    """Strict UTF-8 (one leading BOM dropped), line endings made `\\n`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "", _decode_error(data, exc, rel)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", error("encoding.nul", "file contains a NUL character; is it a binary file?", Span(rel, line))
    return text, None


def _decode_error(data: bytes, exc: UnicodeDecodeError, rel: str) -> Diagnostic:
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    if line_start == 0 and data.startswith(codecs.BOM_UTF8):
        line_start = len(codecs.BOM_UTF8)
    line = data.count(b"\n", 0, exc.start) + 1
    col = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
    hint = "save the file as UTF-8"
    try:
        data.decode("cp1252")
        hint = "the file looks like Windows-1252 or Latin-1; save it as UTF-8"
    except UnicodeDecodeError:
        pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        hint = "the file is UTF-16; save it as UTF-8"
    return error("encoding.invalid-utf8", f"byte 0x{data[exc.start]:02X} is not valid UTF-8", Span(rel, line, col),
                 hint)


def write_whole(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or pieces of them written as they come) to `path` whole or not at all:
    into a temporary file beside it, then renamed over it, so that a reader (or a build stopped
    half-way) never sees part of it; the temporary file never outlives a failure."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(temporary, "wb") as file:
            file.writelines([data] if isinstance(data, bytes) else data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
