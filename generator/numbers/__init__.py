"""Numbers in text read as a reader reads them, and claim values traced to their quotes.

`numbers_in(text)` lists every number a text states; `trace_value(value, qualifier, quotes, unit)`
says whether a claim's value and qualifier are stated by its quotes; `findings(trace)` gives the
warnings, worded for curators. The rules are documented in docs/numbers.md.
"""

from generator.numbers.messages import (
    NOT_STATED,
    QUALIFIER,
    Finding,
    findings,
    qualifier_hint,
    qualifier_mismatch_message,
    value_not_stated_message,
)
from generator.numbers.reading import StatedNumber, format_decimal, numbers_in
from generator.numbers.trace import BoundTrace, Trace, trace_value

__all__ = ["NOT_STATED", "QUALIFIER", "BoundTrace", "Finding", "StatedNumber", "Trace", "findings",
           "format_decimal", "numbers_in", "qualifier_hint", "qualifier_mismatch_message", "trace_value",
           "value_not_stated_message"]
