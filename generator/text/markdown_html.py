"""Raw HTML in a Markdown text, where its author wrote it, and the HTML comments cut out of it.

The dossier never renders raw HTML, but its comments are private notes: they are removed before a
text is rendered, matched against or published (docs/content.md, "Text and Markdown fields").
Finding them takes a parse that keeps raw HTML as tokens and knows where each one starts in the
text; `markdown.lint` uses the same parse to point at each piece of raw HTML it reports.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from generator.core.diagnostics import Span
from generator.text.yamltree import index_span, newline_offsets


class _EveryLink(MarkdownIt):
    """Keeps every link as a link token, whatever its scheme, so that lint can report it."""

    def validateLink(self, url: str) -> bool:
        return True


@functools.lru_cache(maxsize=1)
def lint_parser() -> MarkdownIt:
    """A parser that keeps raw HTML and every link as tokens, so both can be found and reported.

    Each raw HTML token inside a paragraph or heading notes where it starts in its block's text
    (`meta["offset"]`), and escaped characters stay tokens of their own (no `text_join`), so an
    escaped `\\<!--` is told apart from a real one."""
    parser = _EveryLink("commonmark", {"html": True})
    parser.inline.ruler.at("html_inline", _html_inline_with_offset)
    parser.inline.ruler.at("image", _image_with_offsets)
    parser.disable("text_join")
    return parser


def _html_inline_with_offset(state: StateInline, silent: bool) -> bool:
    start = state.pos
    found = rules_inline.html_inline(state, silent)
    if found and not silent:
        state.tokens[-1].meta["offset"] = start
    return found


def _image_with_offsets(state: StateInline, silent: bool) -> bool:
    """An image's alt text is parsed as a text of its own: its raw HTML offsets are moved to the block's."""
    label_start = state.pos + 2
    found = rules_inline.image(state, silent)
    if found and not silent:
        for child in descendants(state.tokens[-1].children or []):
            if "offset" in child.meta:
                child.meta["offset"] += label_start
    return found


def descendants(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from descendants(token.children or [])


@dataclass(frozen=True, slots=True)
class Lines:
    """A text's lines, the offsets of its newlines and the offset where each line starts."""

    text: str
    lines: list[str]
    newlines: list[int]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Lines:
        newlines = newline_offsets(text)
        return cls(text, text.split("\n"), newlines, [0, *(offset + 1 for offset in newlines)])

    def end_of_line(self, number: int) -> int:
        number = min(number, len(self.lines) - 1)
        return self.starts[number] + len(self.lines[number])

    def span(self, first: Span, offset: int) -> Span:
        """The file position of `offset`, in a text whose first line is `first.line` of the file."""
        return index_span(self.newlines, offset, first.path, first.line)

    def inline_offset(self, inline: Token, offset: int) -> int:
        """The offset in the text of `offset` in an inline token's content. That content is the
        block's lines without what nests them (`> `, a list item's indent) and with the outer white
        space trimmed, so each of its lines is the end of its source line."""
        row = inline.content.count("\n", 0, offset)
        line_start = inline.content.rfind("\n", 0, offset) + 1
        line_end = inline.content.find("\n", offset)
        piece = inline.content[line_start:line_end if line_end >= 0 else len(inline.content)]
        indent = len(piece) - len(piece.lstrip(" "))  # spaces a tab was expanded to
        number = min((inline.map or (0, 0))[0] + row, len(self.lines) - 1)
        column = max(self.lines[number].rfind(piece[indent:]), 0)
        return self.starts[number] + column + offset - line_start - indent


def html_tokens(lines: Lines, tokens: list[Token]) -> Iterator[tuple[Token, int, int]]:
    """Each raw HTML token with where it starts and ends in the text (a block: its whole lines)."""
    for block in tokens:
        if block.type == "html_block" and block.map:
            yield block, lines.starts[block.map[0]], lines.end_of_line(block.map[1] - 1)
        for child in descendants(block.children or []):
            if child.type == "html_inline" and "offset" in child.meta:
                start = lines.inline_offset(block, child.meta["offset"])
                yield child, start, lines.inline_offset(block, child.meta["offset"] + len(child.content) - 1) + 1


COMMENT = re.compile(r"<!--(?:-?>|.*?-->|.*\Z)", re.S)
"""An HTML comment, as a browser ends it: at the first `-->` (`<!-->` is an empty one), or at the
end of its raw HTML when it is never closed."""


def _comments(lines: Lines, tokens: list[Token]) -> Iterator[re.Match]:
    """The HTML comments in the raw HTML of a text: comments are HTML, so a `<!--` in code or
    escaped (`\\<!--`) is not one."""
    for _, start, end in html_tokens(lines, tokens):
        yield from COMMENT.finditer(lines.text, start, end)


def strip_comments(text: str) -> str:
    """`text` without its HTML comments: they are never published, not even as text (they often
    hold private notes). A `<!--` in code is code, and is kept."""
    return _without_comments(text)[0]


@functools.lru_cache(maxsize=16)
def _without_comments(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text` without its HTML comments, and where they were (start, end), in order. Kept for the
    last few texts: checking, rendering and highlighting a source each need it."""
    if "<!--" not in text:
        return text, ()
    return cut_comments(Lines.of(text), lint_parser().parse(text))


def cut_comments(lines: Lines, tokens: list[Token]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """As `_without_comments`, given the text's lines and its tokens from the lint parser."""
    text = lines.text
    cuts = sorted(comment.span() for comment in _comments(lines, tokens))
    kept, last = [], 0
    for start, end in cuts:
        kept.append(text[last:start])
        last = max(last, end)
    kept.append(text[last:])
    return "".join(kept), tuple(cuts)


def raw_offset(cuts: tuple[tuple[int, int], ...], offset: int) -> int:
    """The offset in the text of `offset` in the text without the comments at `cuts`."""
    for start, end in cuts:
        if start > offset:
            break
        offset += end - start
    return offset
