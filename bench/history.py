"""What reading history from git costs.

Dates (generator/history/dates.py, docs/about-page.md): a repository of FILES content files and
COMMITS commits, each changing 10 files and every fifth also renaming one; the dates read with an
empty cache (one `git log`) and with the cache of an unchanged HEAD.

    python bench/history.py [--files 1000] [--commits 100] [--runs 5] [--folder /tmp/history-bench]

Each record's changes (generator/history/records.py, docs/history.md) with `--changelog`: the
synthetic dossier of bench/generate.py (SOURCES sources) committed, then COMMITS - 1 commits each
changing a claim's value, a quote, a claim's status, a person's name, or adding a source, in
turn; the changes read with an empty cache (every commit compared), with the cache of an
unchanged HEAD, and after one new commit (only it compared).

    python bench/history.py --changelog [--sources 10000] [--commits 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generate import generate

from generator.core.layout import CACHE_FOLDER
from generator.history import cache as changelog_cache
from generator.history.dates import CACHE_FILE, read_history
from generator.history.records import read_changelog
from generator.read.config import load_config

CHANGED_PER_COMMIT = 10
RENAME_EVERY = 5
FIRST_DAY = datetime.date(2025, 1, 1)
T = TypeVar("T")


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


EDITS = ("value", "quote", "status", "name", "source")
"""What each commit after the first does, in turn."""


def make_changelog_repository(root: Path, sources: int, commits: int) -> None:
    """bench/generate.py's dossier of `sources` sources committed, then `commits - 1` commits of one edit each."""
    generate(root, sources, seed=1)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "The synthetic dossier", day=f"{FIRST_DAY.isoformat()}T12:00:00Z")
    for number in range(1, commits):
        edit(root, EDITS[number % len(EDITS)], number)
        git(root, "add", "-A")
        day = FIRST_DAY + datetime.timedelta(days=number)
        git(root, "commit", "-qm", f"{EDITS[number % len(EDITS)]} {number}", day=f"{day.isoformat()}T12:00:00Z")


def edit(root: Path, kind: str, number: int) -> None:
    """One curator's edit: a claim's value, a quote cut by its last word, a claim disputed, a
    person's name, or a new source."""
    content = root / "content"
    if kind == "source":
        (content / "sources" / f"added-{number:04d}.txt").write_text(
            f"---\ntitle: Added report {number}\npublisher: Bench\ndate: 2025-01-01\n---\n"
            f"The text of report {number}.\n")
        return
    if kind == "name":
        path = sorted((content / "people").iterdir())[number * 7 % len(list((content / "people").iterdir()))]
        replace_line(path, lambda line: line.startswith("name: "), lambda line: line + " Jr")
        return
    claims = sorted((content / "claims").iterdir())
    path = claims[number * 11 % len(claims)]
    if kind == "value":
        replace_line(path, lambda line: line.startswith("  value: ") and line[9:].isdigit(),
                     lambda line: f"  value: {int(line[9:]) + 1}")
    elif kind == "quote":
        replace_line(path, lambda line: line.startswith("      quote: '") and len(line.split()) > 4,
                     lambda line: " ".join(line[:-1].split(" ")[:-1]) + "'")
    else:
        replace_line(path, lambda line: line.startswith("- id: "), lambda line: f"{line}\n  status: disputed")


def replace_line(path: Path, wanted: Callable[[str], bool], replaced: Callable[[str], str]) -> None:
    """The first line of `path` that is `wanted`, and has not been replaced before, replaced."""
    lines = path.read_text(encoding="utf-8").split("\n")
    done = {line for line in lines if line.startswith("  status: disputed")}
    for index, line in enumerate(lines):
        if wanted(line) and not (index + 1 < len(lines) and lines[index + 1] in done):
            lines[index] = replaced(line)
            break
    path.write_text("\n".join(lines), encoding="utf-8")


def measure_changelog(root: Path, runs: int) -> dict[str, float]:
    """Median seconds of reading the changes: with an empty cache, with the cache of an unchanged
    HEAD, and after one new commit (the cache of its parent), each `runs` times."""
    config, problems = load_config(root / "config.yaml")
    assert config is not None, problems
    timings: dict[str, list[float]] = {"cold": [], "same HEAD": [], "one new commit": []}
    for run in range(runs):
        shutil.rmtree(changelog_cache.cache_folder(root), ignore_errors=True)
        first = timed(timings["cold"], lambda: read_changelog(root, config))
        again = timed(timings["same HEAD"], lambda: read_changelog(root, config))
        assert again == first and first.changes
        edit(root, "value", 10_000 + run)
        git(root, "commit", "-qam", f"one more {run}", day=f"{FIRST_DAY.isoformat()}T13:00:00Z")
        timed(timings["one new commit"], lambda: read_changelog(root, config))
    return {name: statistics.median(values) for name, values in timings.items()}


def timed(into: list[float], work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    into.append(time.perf_counter() - started)
    return result


def changelog_main(folder: Path, sources: int, commits: int, runs: int) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    make_changelog_repository(folder, sources, commits)
    print(f"repository of {sources} sources and {commits} commits made in {time.perf_counter() - started:.0f} s")
    config, _ = load_config(folder / "config.yaml")
    assert config is not None
    changes = len(read_changelog(folder, config).changes)
    medians = measure_changelog(folder, runs)
    print(f"{changes} changes; " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in medians.items())
          + f" (medians of {runs}); load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=None, help="default: 100, or 500 with --changelog")
    parser.add_argument("--runs", type=int, default=None, help="default: 5, or 3 with --changelog")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/history-bench"))
    parser.add_argument("--changelog", action="store_true", help="measure each record's changes, not the dates")
    parser.add_argument("--sources", type=int, default=10_000, help="with --changelog: the synthetic dossier's size")
    args = parser.parse_args()
    if args.changelog:
        changelog_main(args.folder, args.sources, args.commits or 500, args.runs or 3)
        return
    args.commits, args.runs = args.commits or 100, args.runs or 5
    make_repository(args.folder, args.files, args.commits)
    cold, warm, dated = measure(args.folder, args.runs)
    print(f"{args.files} files, {args.commits} commits: {dated} files dated; "
          f"empty cache {cold * 1000:.0f} ms, unchanged HEAD {warm * 1000:.1f} ms (medians of {args.runs})")


if __name__ == "__main__":
    main()
