"""Markdown as the dossier uses it: CommonMark with raw HTML shown as text and only safe links.

Raw HTML and links with other schemes are not rendered; `lint` reports them with their position
(warnings, errors under `--strict`), and `visible_text` gives the text a reader sees, which is
what quotes from `.md` sources are matched against.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.token import Token

from generator.diagnostics import Diagnostic, Span, error, warning

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_LINK_EXPANSION = 10
"""Links may add at most ten times the text's own length (reference links can repeat one long URL)."""
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


@functools.lru_cache(maxsize=1)
def _lint_parser() -> MarkdownIt:
    """A parser that keeps raw HTML and every link as tokens, so both can be found and reported."""
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


@functools.lru_cache(maxsize=1)
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
    tokens = _lint_parser().parse(text)
    expanded = sum(len(str(child.attrs.get("href", ""))) + len(str(child.attrs.get("title", "")))
                   for block in tokens for child in block.children or () if child.type in ("link_open", "image"))
    if expanded > MAX_LINK_EXPANSION * len(text) + 100_000:
        diagnostics.append(error("markdown.amplification", f"its links expand to {expanded / 2**20:.1f} MB of "
                                                           "addresses", span,
                                 "a link reference used thousands of times; write the links out"))
    for token, line, snippet, message in _findings(tokens):
        position = span
        if exact_lines and line is not None:
            col = lines[line].find(snippet) if line < len(lines) else -1
            position = Span(span.path, span.line + line, col + 1 if col >= 0 else 1)
        code = "markdown.link-scheme" if token.type in ("link_open", "image") else "markdown.raw-html"
        hint = "it is shown as text, not rendered; use Markdown instead" if message.startswith("raw HTML") else None
        diagnostics.append(warning(code, message, position, hint))
    return diagnostics


def _findings(tokens: list[Token]) -> Iterator[tuple[Token, int | None, str, str]]:
    for block in tokens:
        line = block.map[0] if block.map else None
        if block.type == "html_block":
            snippet = block.content.strip().split("\n")[0]
            yield block, line, snippet[:20], _html_message(snippet)
        for token in block.children or ():
            if token.type == "html_inline":
                yield token, line, token.content[:20], _html_message(token.content)
            elif token.type in ("link_open", "image"):
                url = str(token.attrs.get("href" if token.type == "link_open" else "src", ""))
                if not is_allowed_link(url):
                    yield token, line, url[:20], f"link to '{_shorten(url)}' is not allowed (only http, https, " \
                                                 "mailto and relative links are)"


def _html_message(html: str) -> str:
    if html.startswith("<!--"):
        return "HTML comment is removed, never published"
    return f"raw HTML '{_shorten(html)}' is not allowed"


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)


def strip_comments(text: str) -> str:
    """HTML comments are never published, not even as text (they often hold private notes)."""
    return _COMMENT.sub("", text) if "<!--" in text else text


def visible_text(text: str) -> str:
    """The text a reader sees once `text` is rendered: no markup, blocks separated by blank lines."""
    return "".join(piece for _, piece in _walk(safe_parser().parse(strip_comments(text))))


_SYNTAX = re.compile(r"[\n*_`\[\]<>&!#\\]")
"""What Markdown could read as syntax in a line that starts with a letter (lists, headings, quotes
and code blocks need another first character)."""


def plain_text(text: str) -> str:
    """Markdown as one line of the text a reader sees: for link texts, titles and search. A line
    that starts with a letter and holds no syntax reads as written, so it is not parsed."""
    if text[:1].isalpha() and not _SYNTAX.search(text):
        return " ".join(text.split())
    return " ".join(visible_text(text).split())


def _walk(tokens: list[Token]) -> Iterator[tuple[Token, str]]:
    """Each token that shows text, with the text it shows, in reading order."""
    for token in tokens:
        if token.type == "inline":
            yield from _walk_inline(token.children or [])
        elif token.type in ("code_block", "fence"):
            yield token, token.content
        if token.type in _BLOCK_ENDS:
            yield token, "\n\n"


def _walk_inline(children: list[Token]) -> Iterator[tuple[Token, str]]:
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            yield child, child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield child, "\n"
        elif child.type == "image":
            yield from _walk_inline(child.children or [])


TextRenderer = Callable[[str, bool], str]
"""Renders a run of plain text (escaped, maybe with mention links); the flag says "inside a link"."""


def render(text: str, render_text: TextRenderer, heading_offset: int = 0) -> str:
    """Markdown to HTML: raw HTML as text, safe links only, images as links, headings moved down."""
    parser = _renderer()
    tokens = parser.parse(strip_comments(text))
    _shift_headings(tokens, heading_offset)
    return parser.renderer.render(tokens, parser.options, {"text": render_text, "in_link": _in_link(tokens)})


def blocks(text: str, heading_offset: int = 0) -> list[tuple[list[tuple[int, int, bool]], Callable]]:
    """The top-level blocks of a Markdown source with the visible-text offsets of their text tokens.

    Each block is (leaves, render) where leaves are (start, end, inside a link) and render(leaf_html)
    renders the block, asking `leaf_html(start, end)` for the HTML of each text token.
    """
    parser = _renderer()
    tokens = parser.parse(strip_comments(text))
    _shift_headings(tokens, heading_offset)
    offsets: dict[int, tuple[int, int]] = {}
    position = 0
    for token, piece in _walk(tokens):
        if token.type == "text":
            offsets[id(token)] = (position, position + len(piece))
        position += len(piece)
    in_link = _in_link(tokens)
    result = []
    for group in _top_level_groups(tokens):
        leaves = [(*offsets[id(child)], in_link[id(child)]) for token in group
                  for child in token.children or [] if id(child) in offsets]
        result.append((leaves, _group_renderer(parser, group, offsets)))
    return result


def _group_renderer(parser: MarkdownIt, group: list[Token], offsets: dict[int, tuple[int, int]]) -> Callable:
    def render_group(leaf_html: Callable[[int, int], str]) -> str:
        env = {"leaf": lambda token: leaf_html(*offsets[id(token)])}
        return parser.renderer.render(group, parser.options, env)

    return render_group


def _top_level_groups(tokens: list[Token]) -> Iterator[list[Token]]:
    group: list[Token] = []
    depth = 0
    for token in tokens:
        group.append(token)
        depth += token.nesting
        if depth == 0:
            yield group
            group = []


def _shift_headings(tokens: list[Token], offset: int) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + offset)}"


@functools.lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    parser.validateLink = is_allowed_link  # type: ignore[method-assign]
    parser.add_render_rule("text", _render_text_token)
    parser.add_render_rule("image", _render_image)
    return parser


def _render_text_token(renderer: object, tokens: list[Token], index: int, options: dict, env: dict) -> str:
    token = tokens[index]
    if "leaf" in env:
        return env["leaf"](token)
    return env["text"](token.content, env["in_link"][id(token)])


def _in_link(tokens: list[Token]) -> dict[int, bool]:
    """Whether each text token (by id) sits inside a link: one pass over each inline run, so that a
    paragraph of thousands of links stays linear."""
    in_link = {}
    for token in tokens:
        depth = 0
        for child in token.children or []:
            depth += (child.type == "link_open") - (child.type == "link_close")
            if child.type == "text":
                in_link[id(child)] = depth > 0
    return in_link


def _render_image(renderer: object, tokens: list[Token], index: int, options: dict, env: dict) -> str:
    """Images are shown as links: a dossier loads nothing from other sites."""
    token = tokens[index]
    alt = "".join(child.content for child in token.children or [])
    src = escape_html(str(token.attrs.get("src", "")))
    return f'<a class="image-link" href="{src}">image: {escape_html(alt or src)}</a>'
