#!/usr/bin/env python3
"""The cost of a quote that is not found (red-team M5): `python bench/hint.py [--scale S]`.

The source is `"a " * N` and the quote a near miss, as many words of "a" with one word in the middle
changed, so every window of the source looks alike. For each size it times the folding of the source
(done once per source) and what each failing citation costs: the error's explanation with its closest
passage (quote_misses.explain_miss). Prints one line per size, in seconds. The sizes are the report's,
1 MB with a 10 KB quote and 200 KB with a 2 KB quote, times `--scale`.
"""

from __future__ import annotations

import argparse
import time

from generator.text import quote_misses, quotes

SIZES = ((1_000_000, 10_000), (200_000, 2_000))
"""(source characters, quote characters) of the report's cases."""


def near_miss(length: int) -> str:
    """`length` characters of "a a a …" with the middle word changed to "b"."""
    words = ["a"] * max(2, length // 2)
    words[len(words) // 2] = "b"
    return " ".join(words)


def measure(source_length: int, quote_length: int) -> tuple[float, float, str]:
    """Seconds to fold the source, seconds to explain the miss, and what the explanation says."""
    text = "a " * max(1, source_length // 2)
    quote = near_miss(quote_length)
    started = time.perf_counter()
    folded = quotes.fold(text)
    folding = time.perf_counter() - started
    started = time.perf_counter()
    miss = quote_misses.explain_miss(folded, quote, text)
    explaining = time.perf_counter() - started
    return folding, explaining, miss.detail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the report's sizes by this")
    scale = parser.parse_args().scale
    for source_length, quote_length in SIZES:
        source_length, quote_length = int(source_length * scale), int(quote_length * scale)
        folding, explaining, detail = measure(source_length, quote_length)
        found = "closest passage" if "closest passage" in detail else "no passage"
        print(f"source {source_length:,} chars, quote {quote_length:,} chars: fold {folding:.3f} s, "
              f"miss explained ({found}) {explaining:.3f} s")


if __name__ == "__main__":
    main()
