"""The one exception of the capture package."""

from __future__ import annotations


class CaptureError(Exception):
    """An original that cannot be read or fetched; the message is one line saying why.

    `dossier add` prints it and exits 2; a checker turns it into a diagnostic at the `capture:` key.
    """
