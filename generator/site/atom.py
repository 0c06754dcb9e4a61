"""The Atom feed of the dossier's changes, `changes.xml` (RFC 4287; docs/history.md): a corrections
log readers can subscribe to, one entry per commit, newest first.

Everything in it comes from the commits, never from the clock, so two builds of one commit give the
same bytes: an entry's id is made from its commit's id, its `updated` is the commit's committer
time. Links are absolute when config.yaml sets `base_url`, else relative to the feed's own address.
"""

from __future__ import annotations

import datetime
import uuid
import xml.etree.ElementTree as ET

from markupsafe import Markup, escape

from generator.core import urls
from generator.core.model import Config
from generator.history.changelog import Change, Commit
from generator.site.changes_page import CommitChanges, by_commit, listed, page_of
from generator.site.views import Views

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ENTRIES = 50
"""The newest commits the feed lists."""
COMMIT_NAMESPACE = uuid.UUID("6d1f3c52-5b0e-4c8e-9a57-0f6a4f1d2b90")
"""The namespace of the name-based UUIDs (RFC 9562, version 5) made from commit ids: an entry's id
is `urn:uuid:` and the UUID of its commit's id, the same in every build."""
NO_TIME = "1970-01-01T00:00:00Z"


def feed(views: Views) -> bytes:
    """The feed of a dossier whose history is known; `views` at the site's root (depth 0)."""
    config = views.links.dossier.config
    groups = by_commit(views.all_changes())
    pages = {commit: page_of(position) for position, (commit, _) in enumerate(groups)}
    committed = [group for group in groups if group[0].committed][:MAX_ENTRIES]
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.language})
    _text(root, "id", feed_id(config, views.all_changes()))
    _text(root, "title", f"{config.title}: changes")
    _text(root, "updated", _time(committed[0][0]) if committed else _day_time(views))
    _text(ET.SubElement(root, "author"), "name", config.curator or config.title)
    _link(root, "self", "application/atom+xml", address(config, urls.CHANGES_FEED))
    _link(root, "alternate", "text/html", address(config, urls.CHANGES))
    for commit in listed(views, committed):
        _entry(root, commit, address(config, pages[commit.commit]) + "#" + commit.anchor, config)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def feed_id(config: Config, changes: tuple[Change, ...]) -> str:
    """The feed's address when `base_url` is set; else a `urn:uuid:` made from the oldest commit
    that changed a record, which stays the same as the dossier grows."""
    if config.base_url:
        return address(config, urls.CHANGES_FEED)
    oldest = next((change.commit.id for change in reversed(changes) if change.commit.committed), "")
    return uuid.uuid5(COMMIT_NAMESPACE, f"feed {oldest}").urn


def entry_id(commit: Commit) -> str:
    return uuid.uuid5(COMMIT_NAMESPACE, commit.id).urn


def address(config: Config, path: str) -> str:
    """A file of the site as the feed links it: absolute under `base_url`, else relative to the
    site's root, where the feed is."""
    return urls.absolute(config.base_url or "", path, config.link_style)


def content(commit: CommitChanges, config: Config) -> Markup:
    """An entry's content as HTML: the summary of a large commit, and the records it changed."""
    parts = [Markup("<p>{}</p>").format(commit.summary)] if commit.summary else []
    items = [Markup("<li>{}<br>{}</li>").format(_record(record.name, record.path, config), record.text)
             for record in commit.records]
    parts.append(Markup("<ul>{}</ul>").format(Markup("").join(items)))
    if commit.more:
        parts.append(Markup("<p>And {:,} more.</p>").format(commit.more))
    return Markup("").join(parts)


def _record(name: str, path: str | None, config: Config) -> Markup:
    if path is None:
        return escape(name)
    return Markup('<a href="{}">{}</a>').format(address(config, path), name)


def _entry(root: ET.Element, commit: CommitChanges, link: str, config: Config) -> None:
    entry = ET.SubElement(root, "entry")
    _text(entry, "id", entry_id(commit.commit))
    _text(entry, "title", commit.commit.subject)
    _text(entry, "updated", _time(commit.commit))
    _link(entry, "alternate", "text/html", link)
    body = _text(entry, "content", str(content(commit, config)))
    body.set("type", "html")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, media_type: str, href: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href})


def _time(commit: Commit) -> str:
    """The commit's committer time, in UTC (RFC 3339)."""
    return datetime.datetime.fromtimestamp(commit.seconds, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_time(views: Views) -> str:
    """The feed's `updated` when no commit changed a record yet: the day HEAD was committed."""
    day = views.dossier_changed()
    return f"{day}T00:00:00Z" if day is not None and day.day is not None else NO_TIME
