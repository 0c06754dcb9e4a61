"""JSON text as `json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)` writes it, faster.

With an indent, the standard library encodes in Python, through nested generators and closures made
anew for every call: serialising each of a dossier's 42,000 records on its own (docs/dossier-json.md)
spent more time there than in making the records, and left cycles for the collector by the thousand.
This encoder writes the same text (tests/unit/test_jsontext.py compares them), with the C encoder's
string escaping; a value of another type is left to `json.dumps`, so its error is the same.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_LITERALS = {None: "null", True: "true", False: "false"}


def indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)`."""
    parts: list[str] = []
    try:
        _write(value, "\n", parts)
    except _Other:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return "".join(parts)


class _Other(Exception):
    """A value this encoder does not write (the standard library then decides)."""


def _write(value: Any, newline: str, parts: list[str]) -> None:
    """Append `value`'s text to `parts`; `newline` is a line break and the current indent."""
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None or value is True or value is False:
        parts.append(_LITERALS[value])
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, dict):
        _write_object(value, newline, parts)
    elif isinstance(value, (list, tuple)):
        _write_array(value, newline, parts)
    else:
        raise _Other


def _write_object(value: dict[Any, Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    if not all(isinstance(key, str) for key in value):
        raise _Other  # keys of other types are converted (and sorted) by json's own rules
    inner = newline + " "
    separator = "{" + inner
    for key in sorted(value):
        parts.append(separator + encode_basestring(key) + ": ")
        _write(value[key], inner, parts)
        separator = "," + inner
    parts.append(newline + "}")


def _write_array(value: list[Any] | tuple[Any, ...], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + " "
    separator = "[" + inner
    for item in value:
        parts.append(separator)
        _write(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "]")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
