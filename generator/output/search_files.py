"""Pagefind's output made the same from one run to the next, so that builds stay deterministic.

Pagefind 1.5 writes each filter's values, and the list of filters, in the order of a Rust HashMap,
which is seeded afresh in every process (its source says so: "TODO: Change filter indexes to BTree
to give them a stable hash"). The same records then give other bytes, under other file names, at
every build. This module sorts them: each filter file's values by value, the meta file's filters by
name; it names the rewritten files by a hash of their bytes, as Pagefind does, and points the meta
and entry files at the new names. Everything else Pagefind writes is already the same each time.

The files are gzip streams of a signature followed by CBOR; the CBOR here uses only unsigned and
negative integers, byte and text strings, arrays and maps, all of definite length, which is what
the small codec below reads and writes. A file it cannot read back byte for byte is an error, not a
guess (docs/search.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

SIGNATURE = b"pagefind_dcd"


class FormatError(Exception):
    """A Pagefind file this module does not understand (a new Pagefind version)."""


def normalise_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle's files (path in the bundle → bytes) with the filter, meta and entry files
    rewritten in a stable order, and renamed to match."""
    files = dict(files)
    entry = json.loads(_take(files, "pagefind-entry.json").decode("utf-8"))
    for language in entry["languages"].values():
        meta = _read(_take(files, f"pagefind.{language['hash']}.pf_meta"), f"pagefind.{language['hash']}.pf_meta")
        renamed = {old: _sorted_filter(files, old) for _, old in _filter_list(meta)}
        _filter_list(meta).sort(key=lambda item: item[0])
        for item in _filter_list(meta):
            item[1] = renamed[item[1]]
        language["hash"] = _put_named(files, "pagefind.", ".pf_meta", meta, prefix=_prefix(language))
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files


def _take(files: dict[str, bytes], path: str) -> bytes:
    """Remove the file at `path` from `files` and return its bytes."""
    try:
        return files.pop(path)
    except KeyError:
        raise FormatError(f"the Pagefind bundle has no {path}") from None


def _prefix(language: dict[str, Any]) -> str:
    return str(language["hash"]).split("_", 1)[0]


def _filter_list(meta: Any) -> list[list[Any]]:
    """The meta file's filters: [[name, file hash], …] (the fourth field of Pagefind's MetaIndex)."""
    if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
        raise FormatError("unexpected layout of a Pagefind meta file")
    return meta[3]


def _sorted_filter(files: dict[str, bytes], name: str) -> str:
    """Sort one filter file's values; the new name of the file."""
    path = f"filter/{name}.pf_filter"
    data = _read(_take(files, path), path)
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
        raise FormatError(f"unexpected layout of the Pagefind filter file {path}")
    data[1].sort(key=lambda value: value[0])
    return _put_named(files, "filter/", ".pf_filter", data, prefix=name.split("_", 1)[0])


def _put_named(files: dict[str, bytes], before: str, after: str, data: Any, prefix: str) -> str:
    """Put `data` under a name made of a hash of its bytes (Pagefind's own naming: a language
    prefix and 7 or 10 hex digits); return the new hash."""
    encoded = SIGNATURE + encode(data)
    digits = 10 if after == ".pf_meta" else 7
    new_hash = f"{prefix}_{hashlib.sha256(encoded).hexdigest()[:digits]}"
    files[f"{before}{new_hash}{after}"] = gzip.compress(encoded, compresslevel=6, mtime=0)
    return new_hash


def _read(data: bytes, name: str) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{name} is not a Pagefind file")
    body = raw[len(SIGNATURE):]
    value, end = decode(body, 0)
    if end != len(body) or encode(value) != body:
        raise FormatError(f"{name} does not read back as written")
    return value


def decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item at `at`: (its value, where the next one starts)."""
    major, argument, at = _head(data, at)
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at:at + argument]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(argument):
            key, at = decode(data, at)
            value, at = decode(data, at)
            pairs.append((key, value))
        return _Map(pairs), at
    raise FormatError(f"unsupported CBOR item (major type {major})")


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    if at >= len(data):
        raise FormatError("truncated CBOR")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        return major, info, at
    if info > 27:
        raise FormatError("indefinite or reserved CBOR lengths are not used by Pagefind")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[at:at + size], "big"), at + size


class _Map(list[tuple[Any, Any]]):
    """A CBOR map, its pairs in the order they were read."""


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise FormatError("unsupported CBOR value")
    if isinstance(value, int):
        return _encode_head(0, value) if value >= 0 else _encode_head(1, -1 - value)
    if isinstance(value, bytes):
        return _encode_head(2, len(value)) + value
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _encode_head(3, len(text)) + text
    if isinstance(value, _Map):
        return _encode_head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value)
    if isinstance(value, list):
        return _encode_head(4, len(value)) + b"".join(encode(item) for item in value)
    raise FormatError(f"unsupported CBOR value {type(value).__name__}")


def _encode_head(major: int, argument: int) -> bytes:
    """The shortest head, as minicbor writes it."""
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise FormatError("integer too large for CBOR")
