"""Markdown as the dossier uses it: CommonMark with raw HTML shown as text and only safe links.

Raw HTML and links with other schemes are not rendered; HTML comments are removed where Markdown
reads raw HTML, never in code (markdown_html.py finds them); `lint` reports all of them with their
position (warnings, errors under `--strict`), and as errors nesting the renderer would drop and a
`<!--` it would publish.
`visible_text` gives the text a reader sees, which is what quotes from `.md` sources are matched
against (image alt text is not part of it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.token import Token

from generator.core.diagnostics import Diagnostic, Span, error, warning
from generator.text.markdown_html import (
    COMMENT,
    Lines,
    cut_comments,
    descendants,
    html_tokens,
    lint_parser,
    raw_offset,
    strip_comments,
)

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


class _SafeLinks(MarkdownIt):
    """CommonMark whose links with other schemes than ALLOWED_SCHEMES stay text."""

    def validateLink(self, url: str) -> bool:
        return is_allowed_link(url)


@functools.lru_cache(maxsize=1)
def safe_parser() -> MarkdownIt:
    """The parser used for rendering and visible text: raw HTML is text, unsafe links are text."""
    return _SafeLinks("commonmark", {"html": False})


@dataclass(frozen=True, slots=True)
class _Finding:
    make: Callable[..., Diagnostic]
    code: str
    message: str
    offset: int | None
    """Where in the text (None: only the text as a whole can be named)."""
    hint: str | None = None


def lint(text: str, span: Span, exact_lines: bool) -> list[Diagnostic]:
    """Raw HTML, HTML comments, disallowed links and nesting that would lose text, in `text`. With
    `exact_lines` (a Markdown file's body starting at `span.line`) each finding gets its own line
    and column; otherwise (a YAML value) the value's."""
    tokens = lint_parser().parse(text)
    lines = Lines.of(text)
    diagnostics = []
    expanded = sum(len(str(child.attrs.get("href", ""))) + len(str(child.attrs.get("title", "")))
                   for block in tokens for child in block.children or () if child.type in ("link_open", "image"))
    if expanded > MAX_LINK_EXPANSION * len(text) + 100_000:
        diagnostics.append(error("markdown.amplification", f"its links expand to {expanded / 2**20:.1f} MB of "
                                                           "addresses", span,
                                 "a link reference used thousands of times; write the links out"))
    findings = [*_html_findings(lines, tokens), *_open_comment_findings(lines, tokens), *_link_findings(lines, tokens),
                *_nesting_findings(lines, tokens)]
    for finding in findings:
        position = lines.span(span, finding.offset) if exact_lines and finding.offset is not None else span
        diagnostics.append(finding.make(finding.code, finding.message, position, finding.hint))
    return diagnostics


def _html_findings(lines: Lines, tokens: list[Token]) -> Iterator[_Finding]:
    for token, start, end in html_tokens(lines, tokens):
        html = token.content.strip()
        if not html.startswith("<!--"):
            snippet = html.split("\n")[0]
            found = lines.text.find(snippet[:20], start, end)
            yield _Finding(warning, "markdown.raw-html", f"raw HTML '{_shorten(snippet)}' is not allowed",
                           found if found >= 0 else start, "it is shown as text, not rendered; use Markdown instead")
        for comment in COMMENT.finditer(lines.text, start, end):
            message = "HTML comment is removed, never published"
            if not comment[0].endswith(">"):
                message = "HTML comment is not closed: it and all that follows it in its block are removed, " \
                          "never published"
            yield _Finding(warning, "markdown.raw-html", message, comment.start())


def _open_comment_findings(lines: Lines, tokens: list[Token]) -> Iterator[_Finding]:
    """A `<!--` that the parser read as text: it would publish what its author meant to hide."""
    for block in tokens:
        if block.map and any(child.type == "text" and "<!--" in child.content
                             for child in descendants(block.children or [])):
            found = lines.text.find("<!--", lines.starts[block.map[0]], lines.end_of_line(block.map[1] - 1))
            yield _Finding(error, "markdown.comment-open", "'<!--' here starts no HTML comment, so what follows it "
                           "would be published", found if found >= 0 else None,
                           "inside a paragraph a comment must end with '-->' in the same paragraph; "
                           "write '\\<!--' to show '<!--' as text")


def _link_findings(lines: Lines, tokens: list[Token]) -> Iterator[_Finding]:
    for block in tokens:
        for token in block.children or ():
            if token.type in ("link_open", "image"):
                url = str(token.attrs.get("href" if token.type == "link_open" else "src", ""))
                if not is_allowed_link(url):
                    found = lines.text.find(url[:20], lines.starts[block.map[0]]) if block.map else -1
                    yield _Finding(warning, "markdown.link-scheme", f"link to '{_shorten(url)}' is not allowed "
                                   "(only http, https, mailto and relative links are)", found if found >= 0 else None)


def _nesting_findings(lines: Lines, tokens: list[Token]) -> Iterator[_Finding]:
    """Block quotes and list items so deep that the renderer would drop what is inside them: it
    stops reading blocks at `maxNesting` levels (a block quote is one level, a list two). The text
    is parsed again as the renderer reads it (raw HTML as text, comments removed); its comments
    are found in the lint parse, `tokens`."""
    limit = safe_parser().options["maxNesting"]
    if not _may_nest(lines.text, limit // 2):
        return
    stripped, cuts = cut_comments(lines, tokens)
    lines = Lines.of(stripped)
    for token in safe_parser().parse(stripped):
        if token.type in ("blockquote_open", "list_item_open") and token.level + 1 >= limit and token.map:
            yield _Finding(error, "markdown.nesting", "lists and block quotes are nested too deeply here, and what "
                           f"is inside would be lost (Markdown keeps {limit - 1} levels: {limit - 1} block quotes "
                           f"or {(limit - 1) // 2} lists inside one another)",
                           raw_offset(cuts, lines.starts[token.map[0]]), "nest fewer levels")


_CONTAINER_MARKS = re.compile(r"^[ \t>*+\-\d.)]+", re.M)


def _may_nest(text: str, levels: int) -> bool:
    """Whether a line of `text` starts with marks enough to open `levels` block quotes and lists
    (each level takes at least one column: a `>`, or a list's marker or indent): a quick test
    that spares texts without deep nesting a second parse."""
    return any(len(marks[0]) + 3 * marks[0].count("\t") >= levels for marks in _CONTAINER_MARKS.finditer(text))


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


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
    """An image's alt text is not part of the text: the page shows it as a link ("image: …"), so it
    is not quotable."""
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child, child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield child, "\n"


TextRenderer = Callable[[str, bool], str]
"""Renders a run of plain text (escaped, maybe with mention links); the flag says "inside a link"."""


_PLAIN_PARAGRAPH = re.compile(r"(?![-+*#>=_~`]|\d{1,9}[.)])[^\s\x00\\*_`\[\]<>&]+(?: [^\s\x00\\*_`\[\]<>&]+)*")
"""One line of text that CommonMark reads as one paragraph of plain text: no character that
starts an inline construct (escape, emphasis, code, link, raw HTML, entity), no block marker at
its start, no tab, no run of spaces, nothing around it. Most statements are such a line."""


def render(text: str, render_text: TextRenderer, heading_offset: int = 0) -> str:
    """Markdown to HTML: raw HTML as text, safe links only, images as links, headings moved down.
    A plain paragraph is rendered as the parser would render it, without parsing it (tested on
    every text of the sample and on generated ones: tests/unit/test_markdown_plain.py)."""
    if _PLAIN_PARAGRAPH.fullmatch(text):
        return f"<p>{render_text(text, False)}</p>\n"
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
    parser = _SafeLinks("commonmark", {"html": False})
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
