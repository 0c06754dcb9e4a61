"""The vocabulary every stage shares: diagnostics, the record model, record kinds, URLs, safe file reading."""
