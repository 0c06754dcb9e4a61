"""Stage 2, check: references, quotes, claim values and captures checked across records."""
