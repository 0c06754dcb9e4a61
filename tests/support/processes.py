"""`dossier` run as a user runs it: in its own process, in the dossier's folder, with this checkout's
`generator` on the path."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support.dossiers import REPO


def dossier_env(pythonpath: Path = REPO) -> dict[str, str]:
    """The environment of a `python -m generator` child: this checkout importable, UTF-8 output, and
    no DOSSIER_DEBUG (whose tracebacks would change what is reported)."""
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "PYTHONIOENCODING": "utf-8"}
    env.pop("DOSSIER_DEBUG", None)
    return env


class Process:
    """What a `dossier` process did: exit code, stdout, stderr, and how long it took."""

    def __init__(self, done: subprocess.CompletedProcess[str], seconds: float) -> None:
        self.code, self.out, self.err, self.seconds = done.returncode, done.stdout, done.stderr, seconds
