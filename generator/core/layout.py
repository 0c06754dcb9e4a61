"""The names dossier gives its own files and folders beside a user's: kept here so that the stages
that make them and the checks that protect them read one name."""

from __future__ import annotations

CACHE_FOLDER = ".dossier-cache"
"""What one build keeps for the next, beside config.yaml (keep it out of git)."""
MARKER = ".dossier-site"
"""Marks a folder as made by dossier: only such a folder is ever pruned."""
