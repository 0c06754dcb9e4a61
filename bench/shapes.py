#!/usr/bin/env python3
"""Whether a build's time and memory grow in proportion to the dossier, whatever its shape.

    python bench/shapes.py [--sizes 2000,4000] [--runs 1] [--skews even,hub,one-source] [--work DIR]

For each skew (bench/generate.py --skew; `even` is the usual spread of claims over people, agencies,
figures and sources) and each N, a synthetic dossier of N sources is built cold (`dossier build`,
its site and `.dossier-cache/` set aside first, as bench/run.py does), as medians of --runs whole
processes. The table gives the wall time, the peak memory of the largest process, and how much each
grew from the smaller N to the larger: about 2 when N doubles, unless some step compares every
record of a kind with every other (docs/performance.md, "Shapes of dossier"). No Hugo here: these
shapes are about dossier against itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from captures import dossier, seconds, this_code
from generate import SKEWS, generate, skew
from measure import Sample, empty_trash, load_average, median, remove_and_settle, run_process

BENCH = Path(__file__).resolve().parent
PAUSE = 2.0
"""Seconds between setting the last site aside and the next build (as bench/run.py's --pause)."""


def cold_builds(root: Path, runs: int, trash: Path) -> list[Sample]:
    """Builds after their site and cache were set aside, not deleted: new files right after 100,000
    were deleted cost this machine's disk up to 3 times as much (measure.remove_and_settle)."""
    samples = []
    for _ in range(runs):
        remove_and_settle(root / ".dossier-cache", 0, trash)
        remove_and_settle(root / "site", PAUSE, trash)
        samples.append(run_process(dossier("build", root), env=this_code()))
    return samples


def made(work: Path, kind: str, sources: int, seed: int) -> Path:
    root = work / f"{kind}-{sources}"
    generate(root, sources, seed)
    if kind != "even":
        skew(root, kind)
    return root


def measure(kinds: list[str], sizes: list[int], runs: int, work: Path, seed: int) -> list[list[str]]:
    rows = []
    for kind in kinds:
        walls, peaks = [], []
        for sources in sizes:
            samples = cold_builds(made(work, kind, sources, seed), runs, work / "trash")
            walls.append(median([sample.wall for sample in samples]))
            peaks.append(median([sample.rss_kib for sample in samples]))
            rows.append([kind, f"{sources:,}", seconds(samples), f"{peaks[-1] / 1024:.0f} MiB",
                         f"{walls[-1] / walls[0]:.2f}x" if len(walls) > 1 else "",
                         f"{peaks[-1] / peaks[0]:.2f}x" if len(peaks) > 1 else ""])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,4000", help="numbers of sources, comma-separated, smallest first")
    parser.add_argument("--skews", default="even,hub,one-source",
                        help="even (the usual spread), hub, one-source (bench/generate.py --skew), comma-separated")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=BENCH / ".work" / "shapes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    kinds = args.skews.split(",")
    if unknown := [kind for kind in kinds if kind not in ("even", *SKEWS)]:
        parser.error(f"unknown skew {unknown[0]!r}: choose from {', '.join(('even', *SKEWS))}")
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {load_average()}")
    print(f"| skew | N | cold build, median of {args.runs} | peak RSS | time since the first N | memory since |")
    print("|---|---|---|---|---|---|")
    try:
        for row in measure(kinds, [int(size) for size in args.sizes.split(",")], args.runs, args.work, args.seed):
            print("| " + " | ".join(row) + " |")
    finally:
        empty_trash(args.work / "trash")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
