"""Renamed records: a record removed and one added whose content, all but the id, is the same.

Shared by `dossier diff` (between two sides) and the changelog (within one commit), so that both
call the same records renamed (docs/history.md, docs/review.md)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator.history.fields import plain


def renames(gone: list[str], came: list[str], old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, str]:
    """Removed and added records whose content, all but the id, is the same: old id → new id."""
    by_content: dict[str, list[str]] = {}
    for record_id in came:
        by_content.setdefault(content_key(new[record_id]), []).append(record_id)
    found = {}
    for record_id in gone:
        candidates = by_content.get(content_key(old[record_id]))
        if candidates:
            found[record_id] = candidates.pop(0)
    return found


def content_key(record: Any) -> str:
    """A record (or its plain data) as text, without its id."""
    data = plain(record)
    data.pop("id", None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False)
