"""Markdown as the dossier uses it: CommonMark with raw HTML shown as text and only safe links.

Raw HTML and links with other schemes are not rendered; `lint` reports them with their position
(warnings, errors under `--strict`), and `visible_text` gives the text a reader sees, which is
what quotes from `.md` sources are matched against.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.diagnostics import Diagnostic, Span, warning

ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")
_BLOCK_ENDS = {"paragraph_close", "heading_close", "blockquote_close", "list_item_close", "bullet_list_close",
               "ordered_list_close", "hr", "code_block", "fence", "html_block"}


def url_scheme(url: str) -> str | None:
    """The scheme as a browser would see it (browsers ignore tabs, newlines and leading spaces)."""
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", url))
    return match[1].lower() if match else None


def is_allowed_link(url: str) -> bool:
    """http, https, mailto, or relative (no scheme at all)."""
    scheme = url_scheme(url)
    return scheme is None or scheme in ALLOWED_SCHEMES


def _lint_parser() -> MarkdownIt:
    """A parser that keeps raw HTML and every link as tokens, so both can be found and reported."""
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def safe_parser() -> MarkdownIt:
    """The parser used for rendering and visible text: raw HTML is text, unsafe links are text."""
    parser = MarkdownIt("commonmark", {"html": False})
    parser.validateLink = is_allowed_link  # type: ignore[method-assign]
    return parser


def lint(text: str, span: Span, exact_lines: bool) -> list[Diagnostic]:
    """Raw HTML and disallowed links in `text`. With `exact_lines` (a Markdown file's body starting
    at `span.line`) each finding gets its own line and column; otherwise (a YAML value) the value's."""
    diagnostics = []
    lines = text.split("\n")
    for token, line, snippet, message in _findings(_lint_parser().parse(text)):
        position = span
        if exact_lines and line is not None:
            col = lines[line].find(snippet) if line < len(lines) else -1
            position = Span(span.path, span.line + line, col + 1 if col >= 0 else 1)
        code = "markdown.link-scheme" if token.type in ("link_open", "image") else "markdown.raw-html"
        hint = None if code == "markdown.link-scheme" else "it is shown as text, not rendered; use Markdown instead"
        diagnostics.append(warning(code, message, position, hint))
    return diagnostics


def _findings(tokens: list[Token]) -> Iterator[tuple[Token, int | None, str, str]]:
    for block in tokens:
        line = block.map[0] if block.map else None
        if block.type == "html_block":
            snippet = block.content.strip().split("\n")[0]
            yield block, line, snippet[:20], f"raw HTML '{_shorten(snippet)}' is not allowed"
        for token in block.children or ():
            if token.type == "html_inline":
                yield token, line, token.content[:20], f"raw HTML '{_shorten(token.content)}' is not allowed"
            elif token.type in ("link_open", "image"):
                url = str(token.attrs.get("href" if token.type == "link_open" else "src", ""))
                if not is_allowed_link(url):
                    yield token, line, url[:20], f"link to '{_shorten(url)}' is not allowed (only http, https, " \
                                                 "mailto and relative links are)"


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def visible_text(text: str) -> str:
    """The text a reader sees once `text` is rendered: no markup, blocks separated by blank lines."""
    parts: list[str] = []
    for token in safe_parser().parse(text):
        if token.type == "inline":
            parts.extend(_inline_text(token.children or []))
        elif token.type in ("code_block", "fence"):
            parts.append(token.content)
        if token.type in _BLOCK_ENDS:
            parts.append("\n\n")
    return "".join(parts).strip()


def _inline_text(children: list[Token]) -> Iterator[str]:
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield "\n"
        elif child.type == "image":
            yield from _inline_text(child.children or [])
