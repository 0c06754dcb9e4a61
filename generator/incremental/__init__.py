"""Rebuilding only what an edit changed, and the no-change shortcut (docs/incremental.md)."""
