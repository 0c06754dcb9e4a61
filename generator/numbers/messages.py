"""The warnings a curator reads when a value or its qualifier is not stated by the claim's quotes;
their wording is documented in docs/numbers.md."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.model import Number
from generator.numbers.trace import BoundTrace, Trace, is_percent_unit, quoted_qualifier

NOT_STATED = "value.not-stated"
QUALIFIER = "value.qualifier"


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning, ready for a Diagnostic: `quote` is the index of the quote it is about, if one."""

    code: str
    message: str
    hint: str
    quote: int | None = None


def findings(trace: Trace) -> list[Finding]:
    """Every warning `trace` calls for: the value not stated, then each qualifier the quotes contradict."""
    missing = value_not_stated_message(trace)
    found = [Finding(NOT_STATED, missing, NOT_STATED_HINT)] if missing else []
    return found + [Finding(QUALIFIER, qualifier_mismatch_message(trace, bound), qualifier_hint(trace, bound),
                            bound.quote)
                    for bound in trace.qualifier_mismatches]


NOT_STATED_HINT = "add `derivation:` to say how it was derived, or cite a passage that states it"


def value_not_stated_message(trace: Trace) -> str | None:
    """"value 1200 is not stated in its quote, which gives 209,000", or None when it is stated."""
    missing = [bound for bound in trace.bounds if not bound.matched]
    if not missing:
        return None
    subject = _subject(trace, missing)
    quotes = "its quote" if len(trace.quotes) == 1 else "its quotes"
    other_kind = next((bound.other_kind for bound in missing if bound.other_kind is not None), None)
    if other_kind is not None:
        kind = "a percentage" if is_percent_unit(trace.unit) else "a number that is not a percentage"
        return f"{subject} stated in {quotes} as {kind}; {_they(trace)} {other_kind.display}"
    given = ", ".join(trace.numbers_given) or "no number"
    return f"{subject} stated in {quotes}, which {_give(trace)} {given}"


def qualifier_mismatch_message(trace: Trace, bound: BoundTrace) -> str:
    """'value 300 has no qualifier (exactly 300), but its quote says "more than 300"'."""
    assert bound.stated is not None
    subject = _format_value(trace.value)
    if isinstance(trace.value, tuple):
        subject = f"{subject}: {_format_value(bound.value)}"
    if trace.qualifier == "exactly":
        claimed = f"has no qualifier (exactly {_format_value(bound.value)})"
    else:
        claimed = f'is "{trace.qualifier} {_format_value(bound.value)}"'
    return f'value {subject} {claimed}, but its quote says "{bound.stated.phrase}"'


def qualifier_hint(trace: Trace, bound: BoundTrace) -> str:
    """What to write instead: the quote's own qualifier, or a derivation."""
    assert bound.stated is not None
    quoted = quoted_qualifier(bound.stated, isinstance(trace.value, tuple))
    fix = "remove `qualifier:`" if quoted == "exactly" else f"set `qualifier: {quoted}`"
    return f"{fix}, or add `derivation:` if the value was derived"


def _subject(trace: Trace, missing: list[BoundTrace]) -> str:
    if not isinstance(trace.value, tuple):
        return f"value {_format_value(trace.value)} is not"
    if len(missing) == 2:
        return f"value {_format_value(trace.value)}: neither end is"
    return f"value {_format_value(trace.value)}: {_format_value(missing[0].value)} is not"


def _give(trace: Trace) -> str:
    return "gives" if len(trace.quotes) == 1 else "give"


def _they(trace: Trace) -> str:
    return "it gives" if len(trace.quotes) == 1 else "they give"


def _format_value(value: Number | tuple[Number, Number]) -> str:
    """As the curator wrote it in YAML: 1200, 32.1, [5, 10]."""
    if isinstance(value, tuple):
        return f"[{_format_value(value[0])}, {_format_value(value[1])}]"
    return str(value) if isinstance(value, int) else repr(value)
