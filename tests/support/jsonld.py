"""JSON-LD expanded offline: pyld with a document loader that serves a local schema.org context for
`https://schema.org` (and its http and trailing-slash variants) and refuses every other URL, so a
test never reaches the network; and the JSON-LD blocks of a built page.

The context is a small hand-written one, not schema.org's own (which is not packaged anywhere we
can install): every term falls under `@vocab`, and the terms whose values are addresses are typed
`@id`, as in schema.org's context, so that they expand to IRIs rather than strings. A misspelled
term still expands (to a wrong IRI under `@vocab`): tests assert the IRIs they expect.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pyld import jsonld

SCHEMA = "https://schema.org/"
IRI_TERMS = ("url", "sameAs", "contentUrl", "license", "image", "archivedAt", "mainEntityOfPage", "isBasedOnUrl",
             "thumbnailUrl", "embedUrl", "logo")
"""schema.org properties whose values are addresses (`@type: @id` in schema.org's own context)."""
CONTEXT = {"@context": {"@vocab": SCHEMA, "schema": SCHEMA,
                        **{term: {"@id": SCHEMA + term, "@type": "@id"} for term in IRI_TERMS}}}
SCHEMA_URLS = frozenset(f"{scheme}://schema.org{slash}" for scheme in ("https", "http") for slash in ("", "/"))

_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: the local schema.org context, and nothing else."""
    if url not in SCHEMA_URLS:
        raise jsonld.JsonLdError(f"no network in tests: {url}", "jsonld.LoadDocumentError",
                                 code="loading document failed")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": CONTEXT}


def expand(document: Any) -> list[dict[str, Any]]:
    """The expanded form of a JSON-LD document: every term a full IRI, every value a list."""
    return jsonld.expand(document, {"documentLoader": offline_loader})


def blocks(html: str) -> list[str]:
    """The text of each `<script type="application/ld+json">` element of a page."""
    return _BLOCK.findall(html)


def page_document(html: str) -> Any:
    """The one JSON-LD document of a page (fails when there is not exactly one)."""
    found = blocks(html)
    assert len(found) == 1, f"{len(found)} JSON-LD blocks"
    return json.loads(found[0])


def nodes(expanded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every node object of an expanded document, nested ones included, depth first."""
    found: list[dict[str, Any]] = []
    stack: list[Any] = list(reversed(expanded))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict) and "@value" not in item:
            found.append(item)
            stack.extend(reversed([value for key, value in item.items() if not key.startswith("@")]))
            stack.extend(reversed(item.get("@graph", [])))
    return found


def of_type(expanded: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The nodes of a schema.org type (`of_type(ex, "Claim")`)."""
    return [node for node in nodes(expanded) if SCHEMA + name in node.get("@type", ())]


def values(node: dict[str, Any], name: str) -> list[Any]:
    """The values of a schema.org property: literals as themselves, IRIs as `{"@id": …}`, nodes as nodes."""
    return [item.get("@value", item) for item in node.get(SCHEMA + name, [])]
