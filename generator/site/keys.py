"""The names of what pages are made from: one typed key per input a page, a kept value or a record
of dossier.json reads (a record, the ids of a kind, an entry of a link map, a kept value), so that
a rebuild can tell which of them an edit touches (docs/performance.md, "What a rebuild does, and
what it costs").

Keys are strings underneath (they are made and hashed by the hundred thousand in a big build),
but only the constructors below make them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NewType

from generator.core.kinds import BY_NAME
from generator.link.links import LinkMap

InputKey = NewType("InputKey", str)

CONFIG = InputKey("config")
"""config.yaml: every page reads it."""
NAMES = InputKey("names")
"""The names that mentions link: every Markdown text reads them."""
DOSSIER_CHANGED = InputKey("changed")
"""When the dossier last changed (history.dates): the About page shows it."""
TRACKED = InputKey("tracked")
"""Whether the dossier's history is known (it is in a git repository): every page then links the
Changes page and its feed (docs/history.md)."""
CHANGES = InputKey("changes")
"""The changes of every record, commit by commit (history.changelog): the Changes pages show them."""

_PAGE = "page:"
_SERIALISED = "json:"


def record(kind: str, record_id: str) -> InputKey:
    """One record: `record("claim", id)`."""
    return InputKey(f"{kind}:{record_id}")


def outline(kind: str, record_id: str) -> InputKey:
    """A record as links and lists name it (see reading.LinkReader.outline): a person, agency or
    figure by its name, a source by all but its text. A record's page reads the whole record."""
    return InputKey(f"outline:{kind}:{record_id}")


def every(kind: str) -> InputKey:
    """The ids of every record of a kind (which records there are, not what they say)."""
    return InputKey(f"all:{kind}")


def ids_came_or_went(changed: Collection[InputKey]) -> bool:
    """Whether records of some kind came or went among the `changed` inputs (their pages with them)."""
    return any(every(kind) in changed for kind in BY_NAME)


def entry(link_map: LinkMap, key: object) -> InputKey:
    """One entry of a map of the link stage: `entry(LinkMap.CLAIMS_BY, id)`, `entry(LinkMap.TIMELINE, 2)`."""
    return InputKey(f"{link_map.value}:{key}")


def kept(what: str, *parts: object) -> InputKey:
    """A value kept across pages and builds (views.Views.kept): `kept("card", id, 3)`."""
    return InputKey(":".join(("kept", what, *map(str, parts))))


def last_changed(kind: str, record_id: str) -> InputKey:
    """When a record's file was last committed (history.dates): its "cite this page" shows it."""
    return InputKey(f"changed:{kind}:{record_id}")


def history(kind: str, record_id: str) -> InputKey:
    """A record's changes commit by commit (history.changelog): its page's History section shows them."""
    return InputKey(f"history:{kind}:{record_id}")


def page(path: str) -> InputKey:
    """A page of the site, as what is made from its inputs."""
    return InputKey(_PAGE + path)


def serialised(kind: str, record_id: str) -> InputKey:
    """A record's object in dossier.json, as what is made from its inputs."""
    return InputKey(f"{_SERIALISED}{kind}:{record_id}")


def page_path(key: InputKey) -> str | None:
    """The page a key names (see `page`), else None."""
    return key[len(_PAGE):] if key.startswith(_PAGE) else None


def record_named(key: InputKey) -> tuple[str, str] | None:
    """(kind, id) of the record a key names (see `record`), else None."""
    kind, colon, record_id = key.partition(":")
    return (kind, record_id) if colon and kind in BY_NAME else None


def serialised_record(key: InputKey) -> tuple[str, str] | None:
    """(kind, id) of the record a key names (see `serialised`), else None."""
    if not key.startswith(_SERIALISED):
        return None
    kind, _, record_id = key[len(_SERIALISED):].partition(":")
    return kind, record_id
