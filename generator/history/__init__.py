"""Stage 1b, history: what git says about the dossier — when files last changed, and each record's
changes commit by commit (docs/history.md)."""
