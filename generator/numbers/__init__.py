"""Numbers in text read as a reader reads them, and claim values traced to their quotes.

`reading.numbers_in(text)` lists every number a text states; `trace.trace_value(value, qualifier,
quotes, unit)` says whether a claim's value and qualifier are stated by its quotes;
`messages.findings(trace)` gives the warnings, worded for curators. The rules are documented in
docs/numbers.md.
"""
