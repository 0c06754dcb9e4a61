"""What reading dates from git costs (generator/history/dates.py, docs/about-page.md): a repository
of FILES content files and COMMITS commits, each changing 10 files and every fifth also renaming
one; the dates read with an empty cache (one `git log`) and with the cache of an unchanged HEAD.

    python bench/history.py [--files 1000] [--commits 100] [--runs 5] [--folder /tmp/history-bench]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from generator.core.layout import CACHE_FOLDER
from generator.history.dates import CACHE_FILE, read_history

CHANGED_PER_COMMIT = 10
RENAME_EVERY = 5
FIRST_DAY = datetime.date(2025, 1, 1)


def git(root: Path, *args: str, day: str | None = None) -> None:
    fields = {"NAME": "Bench", "EMAIL": "bench@example.org", **({"DATE": day} if day else {})}
    identity = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER") for what, value in fields.items()}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **identity, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})


def make_repository(root: Path, files: int, commits: int) -> None:
    shutil.rmtree(root, ignore_errors=True)
    people = root / "content" / "people"
    people.mkdir(parents=True)
    names = [f"person-{number:05d}" for number in range(files)]
    for name in names:
        (people / f"{name}.yaml").write_text(f"name: {name}\n" + "description: a line of text\n" * 20)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first", day=f"{FIRST_DAY.isoformat()}T12:00:00Z")
    for number in range(1, commits):
        for step in range(CHANGED_PER_COMMIT):
            path = people / f"{names[(number * 37 + step * 101) % files]}.yaml"
            path.write_text(path.read_text() + f"note: {number}\n")
        if number % RENAME_EVERY == 0:
            index = number * 13 % files
            renamed = names[index] + "-renamed"
            git(root, "mv", f"content/people/{names[index]}.yaml", f"content/people/{renamed}.yaml")
            names[index] = renamed
        git(root, "add", "-A")
        day = FIRST_DAY + datetime.timedelta(days=number)
        git(root, "commit", "-qm", f"commit {number}", day=f"{day.isoformat()}T12:00:00Z")


def measure(root: Path, runs: int) -> tuple[float, float, int]:
    """(median seconds with an empty cache, median seconds with the cache, files dated)."""
    cold, warm = [], []
    for _ in range(runs):
        (root / CACHE_FOLDER / CACHE_FILE).unlink(missing_ok=True)
        started = time.perf_counter()
        first = read_history(root, "content")
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = read_history(root, "content")
        warm.append(time.perf_counter() - started)
        assert again == first
    return statistics.median(cold), statistics.median(warm), len(first.files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/history-bench"))
    args = parser.parse_args()
    make_repository(args.folder, args.files, args.commits)
    cold, warm, dated = measure(args.folder, args.runs)
    print(f"{args.files} files, {args.commits} commits: {dated} files dated; "
          f"empty cache {cold * 1000:.0f} ms, unchanged HEAD {warm * 1000:.1f} ms (medians of {args.runs})")


if __name__ == "__main__":
    main()
