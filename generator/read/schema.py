"""Typed field readers: YAML nodes in, Python values out, every mistake a positioned diagnostic.

Scalars arrive as the text the author wrote (see yamltree); each field's reader decides what the
text means, so `NO` stays "NO" in a name and `01234` stays "01234" in a title, while a `value`
must really be written as a number and a `date` as an ISO date. What every text value must meet,
whichever field it is in, is in text_rules.py.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.core.diagnostics import INVALID, Context, Span, Spans, did_you_mean
from generator.core.model import DateRange, Number, PartialDate
from generator.read.text_rules import LONG, MARKDOWN, QUOTE, SHORT, TextKind, checked_text
from generator.text.yamltree import Mapping, Node, Scalar, Sequence

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX_LENGTH = 80
WINDOWS_RESERVED = frozenset(["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))])
DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_NULLS = {"", "~", "null", "Null", "NULL"}

Reader = Callable[[Node, str, Context], Any]
"""Reads one field's node; `label` names the field in messages."""


def is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.plain and node.value.strip() in _NULLS


def _kind_of(node: Node) -> str:
    return "a list" if isinstance(node, Sequence) else "a mapping" if isinstance(node, Mapping) else "text"


def short_text(node: Node, label: str, ctx: Context) -> Any:
    """A name, title or other short plain text."""
    return read_text(node, label, ctx, SHORT)


def text(node: Node, label: str, ctx: Context) -> Any:
    """Plain text: nothing in it is markup, but an HTML comment is still taken out (see docs/content.md)."""
    return read_text(node, label, ctx, LONG)


def markdown_text(node: Node, label: str, ctx: Context) -> Any:
    """Markdown: its HTML comments are taken out as Markdown reads them, so `<!--` in code stays."""
    return read_text(node, label, ctx, MARKDOWN)


def quote(node: Node, label: str, ctx: Context) -> Any:
    return read_text(node, label, ctx, QUOTE)


def read_text(node: Node, label: str, ctx: Context, kind: TextKind) -> Any:
    if not isinstance(node, Scalar):
        return ctx.error("type.text", f"'{label}' must be text, not {_kind_of(node)}", node.span)
    return checked_text(node.value, label, node.span, kind, ctx)


def identifier(node: Node, label: str, ctx: Context) -> Any:
    value = text(node, label, ctx)
    if value is INVALID:
        return INVALID
    return check_id(value, f"'{label}'", node.span, ctx)


def check_id(value: str, what: str, span: Span, ctx: Context) -> Any:
    """Ids are lowercase ASCII words joined by single hyphens, at most 80 characters."""
    if len(value) > ID_MAX_LENGTH:
        return ctx.error("id.too-long", f"{what} is {len(value)} characters long; ids have at most {ID_MAX_LENGTH}",
                         span)
    if value in WINDOWS_RESERVED:
        return ctx.error("id.reserved", f"{what} '{value}' is a name reserved on Windows", span,
                         "a repository holding it cannot be checked out there; choose another id")
    if not ID_PATTERN.fullmatch(value):
        suggestion = slugify(value)
        hint = "ids are lowercase ASCII letters and digits joined by single hyphens"
        if suggestion and ID_PATTERN.fullmatch(suggestion):
            hint += f", e.g. '{suggestion}'"
        return ctx.error("id.invalid", f"{what} is not a valid id: '{value}'", span, hint)
    return value


def identifiers(node: Node, label: str, ctx: Context) -> Any:
    return list_of(identifier, node, label, ctx, unique=True)


def texts(node: Node, label: str, ctx: Context) -> Any:
    """A list of short texts (aliases, authors)."""
    return list_of(short_text, node, label, ctx, unique=True)


def list_of(read: Reader, node: Node, label: str, ctx: Context, unique: bool) -> Any:
    if not isinstance(node, Sequence):
        hint = f"write it as a list: [{node.value}]" if isinstance(node, Scalar) else None
        return ctx.error("type.list", f"'{label}' must be a list, not {_kind_of(node)}", node.span, hint)
    values: list[Any] = []
    valid = True
    for item in node.items:
        value = read(item, label, ctx)
        if value is INVALID:
            valid = False
        elif unique and value in values:
            valid = ctx.error("value.repeated", f"'{value}' is listed twice in '{label}'", item.span) is not INVALID
        else:
            values.append(value)
    return tuple(values) if valid else INVALID


MAX_YEAR = 9000
"""Dates past this are typos; and a chart must be able to draw a year or two after the last one."""
MAX_NUMBER = 10**18
"""Values past this are typos (or need a larger unit); and charts must be able to compute with them."""


def date(node: Node, label: str, ctx: Context) -> Any:
    value = text(node, label, ctx)
    if value is INVALID:
        return INVALID
    return parse_date(value, label, node.span, ctx)


def parse_date(value: str, label: str, span: Span, ctx: Context) -> Any:
    match = DATE_PATTERN.fullmatch(value)
    if not match:
        return ctx.error("date.format", f"'{label}' must be a date written YYYY-MM-DD, YYYY-MM or YYYY, not '{value}'",
                         span)
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if year == 0:
        return ctx.error("date.invalid", f"'{label}' is not a valid date: '{value}' (there is no year 0)", span)
    if year > MAX_YEAR:
        return ctx.error("date.invalid", f"'{label}' is not a valid date: '{value}' (years go up to {MAX_YEAR})", span)
    if month is not None and not 1 <= month <= 12:
        return ctx.error("date.invalid", f"'{label}' is not a valid date: '{value}' (months go from 01 to 12)", span)
    if month is not None and day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            name = calendar.month_name[month]
            return ctx.error("date.invalid",
                             f"'{label}' is not a valid date: '{value}' ({name} {year} has {days} days)", span)
    return PartialDate(year, month, day)


def _pair(node: Sequence, label: str, ctx: Context, read: Reader, ends: str) -> Any:
    """The two ends of a range written `[a, b]`, each read by `read`; INVALID (reported) otherwise."""
    if len(node.items) != 2:
        return ctx.error("range.size", f"'{label}' as a range must have two {ends}, not {len(node.items)}", node.span)
    first, second = (read(item, label, ctx) for item in node.items)
    return INVALID if INVALID in (first, second) else (first, second)


def date_or_range(node: Node, label: str, ctx: Context) -> Any:
    if not isinstance(node, Sequence):
        return date(node, label, ctx)
    pair = _pair(node, label, ctx, date, "dates [start, end]")
    if pair is INVALID:
        return INVALID
    start, end = pair
    if start.first_day() > end.last_day():
        return ctx.error("range.order", f"'{label}' starts after it ends: [{start}, {end}]", node.span)
    return DateRange(start, end)


MAX_NUMBER_LENGTH = 40
"""Characters a number is written with: room for 10^18 with decimals, digit groups and an exponent."""


def number(node: Node, label: str, ctx: Context) -> Any:
    if not isinstance(node, Scalar):
        return ctx.error("type.number", f"'{label}' must be a number, not {_kind_of(node)}", node.span)
    value = node.value.strip()
    if len(value) > MAX_NUMBER_LENGTH:
        return ctx.error("number.size", f"'{label}' is written with {len(value):,} characters; a number has at most "
                                        f"{MAX_NUMBER_LENGTH} (and is at most 10^18)", node.span,
                         "give the figure a larger unit, such as 'billion euros'")
    if not _NUMBER.fullmatch(value):
        hint = "write it without thousands separators" if re.fullmatch(r"[\d,. ]+", value) else None
        return ctx.error("type.number", f"'{label}' must be a number, not '{value}'", node.span, hint)
    if not node.plain:
        return ctx.error("type.number", f"'{label}' must be a number, not the text '{value}'", node.span,
                         "remove the quotes")
    result = to_number(value)
    if not abs(result) <= MAX_NUMBER:
        return ctx.error("number.size", f"'{label}' is too large: '{value}' (at most 10^18)", node.span,
                         "give the figure a larger unit, such as 'billion euros'")
    return result


def to_number(value: str) -> Number:
    cleaned = value.replace("_", "")
    if re.fullmatch(r"[-+]?\d+", cleaned):
        return int(cleaned)
    result = float(cleaned)
    return int(result) if result.is_integer() and abs(result) < 2**53 else result


def number_or_range(node: Node, label: str, ctx: Context) -> Any:
    if not isinstance(node, Sequence):
        return number(node, label, ctx)
    pair = _pair(node, label, ctx, number, "numbers [low, high]")
    if pair is INVALID:
        return INVALID
    low, high = pair
    if low >= high:
        return ctx.error("range.order", f"'{label}' range must go from low to high, not [{low}, {high}]", node.span,
                         "write a single number when both ends are equal" if low == high else None)
    return (low, high)


URL_UNSAFE = re.compile(r'[\s"<>\\]')
"""Characters a URL never holds unescaped (RFC 3986); in an href they make the HTML invalid or confusing."""


def web_url(node: Node, label: str, ctx: Context) -> Any:
    value = text(node, label, ctx)
    if value is INVALID:
        return INVALID
    if found := URL_UNSAFE.search(value):
        what = "white space" if found[0].isspace() else f"'{found[0]}'"
        return ctx.error("url.invalid", f"'{label}' contains {what}: '{value}'", node.span,
                         "escape it as a browser's address bar does: %20 for a space, %22 for '\"'")
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 -- reading it checks that the port is a number
    except ValueError as error:
        return ctx.error("url.invalid", f"'{label}' is not a valid URL: {error}", node.span)
    if parts.scheme.lower() not in ("http", "https"):
        return ctx.error("url.scheme", f"'{label}' must be an http or https URL, not '{value}'", node.span)
    if not parts.netloc:
        return ctx.error("url.invalid", f"'{label}' has no host: '{value}'", node.span)
    return value


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def language(node: Node, label: str, ctx: Context) -> Any:
    """A BCP 47 language tag in its common form (`en`, `kk-Cyrl`, `pt-BR`): it becomes an HTML `lang`."""
    value = text(node, label, ctx)
    if value is not INVALID and not LANGUAGE_TAG.fullmatch(value):
        return ctx.error("value.language", f"'{label}' must be a language tag such as 'en' or 'kk-Cyrl', not '{value}'",
                         node.span)
    return value


SHA256 = re.compile(r"[0-9a-f]{64}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
"""An RFC 3339 date-time (section 5.6): a full date, `T`, a time with seconds, and an offset."""


def sha256_hex(node: Node, label: str, ctx: Context) -> Any:
    """A SHA-256 digest as `sha256sum` prints it: 64 lowercase hex digits."""
    value = text(node, label, ctx)
    if value is not INVALID and not SHA256.fullmatch(value):
        hint = "write it in lowercase" if SHA256.fullmatch(value.lower()) else \
            "64 hex digits, as `sha256sum FILE` prints them"
        return ctx.error("value.sha256", f"'{label}' must be a SHA-256 of 64 lowercase hex digits, not '{value}'",
                         node.span, hint)
    return value


def day_or_moment(node: Node, label: str, ctx: Context) -> Any:
    """A full date (`2014-11-21`) or an RFC 3339 date-time (`2014-11-21T08:00:00Z`), kept as written."""
    value = text(node, label, ctx)
    if value is INVALID:
        return INVALID
    if DATE_TIME.fullmatch(value):
        try:
            datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            return ctx.error("date.invalid", f"'{label}' is not a valid date-time: '{value}'", node.span)
        return value
    day = parse_date(value, label, node.span, ctx) if DATE_PATTERN.fullmatch(value) else ctx.error(
        "date.format", f"'{label}' must be a date YYYY-MM-DD or an RFC 3339 date-time such as "
                       f"2014-11-21T08:00:00Z, not '{value}'", node.span)
    if day is not INVALID and day.precision != "day":
        return ctx.error("date.format", f"'{label}' must be a whole date YYYY-MM-DD, not '{value}'", node.span)
    return value if day is not INVALID else INVALID


def file_name(node: Node, label: str, ctx: Context) -> Any:
    """The name of a file in a content folder: no folders, not a dotfile."""
    value = short_text(node, label, ctx)
    if value is INVALID:
        return INVALID
    if "/" in value or "\\" in value or value in (".", ".."):
        return ctx.error("value.file-name", f"'{label}' must be a file name without folders, not '{value}'",
                         node.span, "captures are files directly in content/captures/")
    if value.startswith("."):
        return ctx.error("value.file-name", f"'{label}' names a hidden file '{value}', which dossier never reads",
                         node.span)
    return value


class Choice:
    """A reader of one of a few words, which it keeps inspectable (json_schemas.py makes them an enum)."""

    def __init__(self, *choices: str) -> None:
        self.choices = choices

    def __call__(self, node: Node, label: str, ctx: Context) -> Any:
        value = text(node, label, ctx)
        if value is INVALID:
            return INVALID
        if value not in self.choices:
            hint = did_you_mean(value, self.choices) or "one of: " + ", ".join(self.choices)
            return ctx.error("value.unknown", f"unknown {label} '{value}'", node.span, hint)
        return value


def boolean(node: Node, label: str, ctx: Context) -> Any:
    if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
        return node.value == "true"
    shown = node.value if isinstance(node, Scalar) else _kind_of(node)
    return ctx.error("type.boolean", f"'{label}' must be true or false, not '{shown}'", node.span)


@dataclass(frozen=True)
class Field:
    read: Reader
    required: bool = False
    doc: str = ""  # hover help in the editor's JSON Schemas (json_schemas.py), the docs' words for the field


@dataclass(frozen=True)
class Fields:
    """The values and value positions read from one mapping."""

    values: dict[str, Any]
    spans: Spans | dict[str, Span]
    span: Span
    ok: bool
    """False when a required field was missing or any field was invalid."""

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def read_mapping(node: Node, schema: dict[str, Field], what: str, ctx: Context) -> Fields | None:
    """Read a mapping against a schema: unknown keys, missing keys and bad values all reported."""
    if not isinstance(node, Mapping):
        ctx.error("type.mapping", f"{what} must be a mapping of 'key: value' lines, not {_kind_of(node)}", node.span)
        return None
    values: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    ok = True
    for key, value_node in node.entries:
        spans[key.value] = value_node.span
        if isinstance(value_node, Sequence):
            spans.update((f"{key.value}[{index}]", item.span) for index, item in enumerate(value_node.items))
        field = schema.get(key.value)
        if field is None:
            hint = did_you_mean(key.value, schema) or "known keys: " + ", ".join(schema)
            ctx.error("schema.unknown-key", f"unknown key '{key.value}' in {what}", key.span, hint)
            ok = False
            continue
        if is_null(value_node):
            if field.required:
                ctx.error("value.empty", f"'{key.value}' must not be empty", value_node.span)
                ok = False
            continue
        value = field.read(value_node, key.value, ctx)
        if value is INVALID:
            ok = False
        else:
            values[key.value] = value
    for name, field in schema.items():
        if field.required and name not in spans:
            ctx.error("schema.missing-key", f"{what} is missing the required key '{name}'", node.span)
            ok = False
    return Fields(values, Spans.of(spans), node.span, ok)


_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya a g q n o u u h i".split()))


def slugify(name: str) -> str:
    """An id from a name: ASCII, lowercase, hyphens; Cyrillic is transliterated."""
    letters = []
    for char in name.lower():
        if char in _CYRILLIC:
            letters.append(_CYRILLIC[char].replace("-", ""))
        else:
            letters.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    words = re.findall(r"[a-z0-9]+", "".join(letters))
    return "-".join(words)[:ID_MAX_LENGTH].strip("-")
