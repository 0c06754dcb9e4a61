"""Rebuilding only what an edit changed, and the no-change shortcut (docs/performance.md, "What a
rebuild does, and what it costs")."""
