#!/usr/bin/env python3
"""Set up a virtualenv with the pinned dependencies, then build the sample dossier or run the tests.

    python3 dev.py build     # set up, then build the sample dossier in content/ into site/
    python3 dev.py test      # set up, then run the whole test suite
    python3 dev.py test -k quotes   # extra arguments go to pytest

Needs only Python 3.11+ and git; Python packages are installed into .venv from constraints.txt.
The tests also use checkers that are not Python packages: Chromium (browser tests), Java (the Nu
HTML Checker) and npm (to fetch the checker, pinned in package-lock.json). `test` installs what is
missing, with apt-get when run as root on Debian, and says what to install otherwise.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".dossier-installed"


def _requirements_digest() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def setup() -> None:
    """Create .venv and install dossier with its pinned dependencies, unless already done."""
    wanted = _requirements_digest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("creating .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    print("installing pinned dependencies …", flush=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-c", "constraints.txt", "-e", ".[test]"], cwd=ROOT, check=True)
    STAMP.write_text(wanted)


SYSTEM_TOOLS = {"chromium": ["chromium", "chromium-driver"], "java": ["default-jre-headless"], "npm": ["npm"]}


def setup_test_tools() -> None:
    """Chromium, Java and the npm packages the test suite's checkers need."""
    missing = [tool for tool in SYSTEM_TOOLS if not shutil.which(tool)]
    if missing:
        packages = [package for tool in missing for package in SYSTEM_TOOLS[tool]]
        if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
            sys.exit(f"the tests need {', '.join(missing)}: install {' '.join(packages)} and run again")
        print(f"installing {' '.join(packages)} …", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not (ROOT / "node_modules" / "vnu-jar").is_dir():
        print("installing the Nu HTML Checker (npm ci) …", flush=True)
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("build", "test", "setup"):
        print(__doc__, file=sys.stderr)
        return 2
    setup()
    if argv[0] == "build":
        return subprocess.run([str(BIN / "dossier"), "build", *argv[1:]], cwd=ROOT).returncode
    if argv[0] == "test":
        setup_test_tools()
        return subprocess.run([str(BIN / "python"), "-m", "pytest", *argv[1:]], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
