"""The front matter `dossier add` writes: what the capture states, and an empty field with a comment for the rest.

A required field the capture does not give is written empty (`""`) with a `# fill in: …` comment,
so `dossier check` asks for it; an optional one is written as a commented-out line. Keys and their
meaning are in docs/content.md ("Sources") and docs/captures.md ("The `capture:` key").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from generator.capture.extract import Metadata


@dataclass(frozen=True, slots=True)
class CaptureEntry:
    """The `capture:` block of a source."""

    file: str
    """The capture's file name in content/captures/."""
    sha256: str
    captured: str | None
    """When the original was collected (a date, or the archive's RFC 3339 `WARC-Date`); None if unknown."""
    captured_hint: str
    """What the curator can go by when `captured` is None."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    text: str
    """From the opening `---` line to the closing one, with a final newline."""
    to_fill: tuple[str, ...]
    """Each field left for the curator, as `key: why`."""


def source_front_matter(meta: Metadata, url: str | None, accessed: date, capture: CaptureEntry) -> FrontMatter:
    """The front matter of a new source made from a capture."""
    lines = ["---"]
    to_fill: list[str] = []

    def required(key: str, value: str | None, written: str, hint: str, indent: str = "", parent: str = "") -> None:
        if value:
            lines.append(f"{indent}{key}: {written}")
        else:
            lines.append(f'{indent}{key}: ""   # fill in: {hint}')
            to_fill.append(f"{parent}{key}: {hint}")

    def optional(key: str, value: str | None, example: str, why_not: str) -> None:
        lines.append(f"{key}: {value}" if value else f"# {key}: {example}   # {why_not}")

    required("title", meta.title, _quoted(meta.title or ""), "the headline or title (the capture states none)")
    required("publisher", meta.publisher, _quoted(meta.publisher or ""),
             "who published it (the capture names no site)")
    required("date", meta.date, meta.date or "", _date_hint(meta))
    optional("authors", "[" + ", ".join(map(_quoted, meta.authors)) + "]" if meta.authors else None, "[Name]",
             "the capture names no author")
    optional("url", _quoted(url) if url else None, "https://…", "the capture gives no address")
    optional("language", meta.language, "en", "the capture states no language (default: config.yaml's)")
    lines.append(f"accessed: {accessed.isoformat()}")
    lines.append("# kind: news   # news | blog | report | statement | transcript | video | other")
    lines.append("# note: What was left out of the capture (menus, ads, comments), and why.")
    lines.append("capture:")
    lines.append(f"  file: {_quoted(capture.file)}")
    lines.append(f"  sha256: {capture.sha256}")
    required("captured", capture.captured, capture.captured or "", capture.captured_hint, "  ", "capture.")
    lines.append("---")
    return FrontMatter("\n".join(lines) + "\n", tuple(to_fill))


def _date_hint(meta: Metadata) -> str:
    hint = "the publication date, YYYY-MM-DD, YYYY-MM or YYYY (the capture states none"
    if meta.created:
        hint += f"; the PDF was created {meta.created}"
    return hint + "; say in note how you inferred it)"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one), with Unicode line separators escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") \
        .replace("\u0085", "\\u0085")
