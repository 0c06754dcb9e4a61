"""The YAML-like text the property tests generate: YAML's own syntax, so that it often gets deep into
the parser."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

TOKENS = ["---\n", "...\n", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object ", "!x ", "<<: ",
          "2024-02-30", "01234", "NO", "~", "\t", "'", '"', "\\", "\n", "  ", "    ", "name", "title", "roles",
          "aliases", "citations", "quote", "source", "agency", "? ", "|", ">", "|-", "#", "%YAML 1.1\n", "%TAG ",
          "\ufeff", "\u00a0", "\u2028", "\x00", "\x85", "\r", "\u202e", "é", "Ерлан", "😀", "x", "1", "-1.5e3"]

yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
"""Text made of YAML's own syntax, so that it often gets deep into the parser."""

FUZZ_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Enough examples to reach deep into the parser, with no deadline: a busy machine must not fail them."""
