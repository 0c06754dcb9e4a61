""""Cite this page": the plain citation text every record page offers (docs/about-page.md).

It names the page, the dossier, its curator, the page's address and the day the record last
changed, leaving out what is not known: `“Ana Lind.” The Harbour Fund dossier, curated by Mira
Holt. Last changed 2 January 2026. https://example.org/people/ana-lind/`.
"""

from __future__ import annotations

import calendar

from generator.core import kinds, urls
from generator.core.model import PartialDate
from generator.site.views import Views


def cite(views: Views, kind: str, record_id: str, title: str) -> str:
    """The citation text of a record's page whose title is `title` (a claim is cited by its statement)."""
    config = views.links.dossier.config
    heading = views.statement_text(record_id) if kind == kinds.CLAIM.name else title
    page = urls.record_page(kind, record_id)
    address = urls.absolute(config.base_url, page, config.link_style) if config.base_url else None
    return citation_text(heading, config.title, config.curator, address, views.last_changed(kind, record_id))


def citation_text(title: str, dossier: str, curator: str | None, address: str | None,
                  changed: PartialDate | None) -> str:
    """`“Title.” Dossier, curated by Curator. Last changed 2 January 2026. Address`; the address
    comes last, so that no punctuation sticks to it."""
    parts = [f"“{_sentence(title)}”", _sentence(f"{dossier}, curated by {curator}" if curator else dossier)]
    if changed is not None:
        parts.append(f"Last changed {readable_day(changed)}.")
    if address is not None:
        parts.append(address)
    return " ".join(parts)


def readable_day(day: PartialDate) -> str:
    """`2 January 2026`, as the pages write dates."""
    return f"{day.day} {calendar.month_name[day.month or 1]} {day.year}"


def _sentence(text: str) -> str:
    """`text` ending in a full stop, unless it ends in one already (or in `?` or `!`)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."
