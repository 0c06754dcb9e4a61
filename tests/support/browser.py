"""Chromium for the browser tests, started as this machine's closed network needs."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's Chromium (dev.py installs it)."""
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]
"""No background connections: the machine has no network, and a test must not wait for one."""
