"""The About page: who curates the dossier, under what licence, how to reach them, when it last
changed, and how its statements are checked (docs/about-page.md)."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from generator.site.views import Views

TITLE = "About this dossier"
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
_WEB = ("http://", "https://")


@dataclass(frozen=True, slots=True)
class Contact:
    """How the About page shows `contact`: its text, linked when it is an address."""

    text: str
    href: str | None


def about(views: Views) -> tuple[str, dict[str, Any]]:
    """The About page's title and context; its `about` text sits right under the page's title, so
    a `#` heading in it is a section (`<h2>`)."""
    config = views.links.dossier.config
    return TITLE, {
        "dossier_title": config.title, "about": views.markdown(config.about, heading_offset=1),
        "curator": config.curator, "license": config.license or config.license_url, "license_url": config.license_url,
        "contact": contact(config.contact) if config.contact else None, "changed": views.dossier_changed(),
        "publish_captures": config.publish_captures}


def contact(text: str) -> Contact:
    """An email address becomes a `mailto:` link, a web address a link, anything else stays text."""
    if _EMAIL.fullmatch(text):
        return Contact(text, "mailto:" + urllib.parse.quote(text, safe="@+"))
    if text.lower().startswith(_WEB):
        return Contact(text, text)
    return Contact(text, None)
