#!/usr/bin/env python3
"""What captures cost: `dossier check` with and without a capture on every source, and the no-change rebuild.

    python bench/captures.py [--sources 10000] [--runs 3] [--work DIR]

Two synthetic dossiers of N sources from the same seed (bench/generate.py), the same but for a
capture on every source (a saved HTML page with furniture around the source's paragraphs). Measured,
as medians of --runs whole processes:

- `dossier check` without captures;
- `dossier check` with captures, cold: `.dossier-cache/` deleted first, so every capture is
  hashed, parsed and checked; the difference is the cold cost of the capture checks;
- `dossier check` with captures, warm: the cache kept from the run before (hashes and visible texts
  read back, faithfulness checked again);
- a no-change `dossier build` over the site a build of the dossier with captures wrote (target: under 0.5 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from generate import generate
from measure import Sample, load_average, median, run_process

BENCH = Path(__file__).resolve().parent
CACHE = ".dossier-cache"


def dossier(command: str, root: Path) -> list[str]:
    script = Path(sys.executable).parent / "dossier"
    start = [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]
    return [*start, command, "--config", str(root / "config.yaml")]


def this_code() -> dict[str, str]:
    """The environment that runs the dossier beside this bench, whatever `dossier` is installed."""
    return {**os.environ, "PYTHONPATH": str(BENCH.parent)}


def timed(command: list[str], runs: int, before: Callable[[], None] = lambda: None) -> list[Sample]:
    samples = []
    for _ in range(runs):
        before()
        samples.append(run_process(command, env=this_code()))
    return samples


def forget_cache(root: Path) -> None:
    shutil.rmtree(root / CACHE, ignore_errors=True)


def seconds(samples: list[Sample]) -> str:
    walls = [sample.wall for sample in samples]
    return f"{median(walls):.2f} s (runs: {', '.join(f'{wall:.2f}' for wall in walls)})"


def measure(sources: int, runs: int, work: Path, seed: int) -> list[tuple[str, str]]:
    plain, captured = work / f"plain-{sources}", work / f"captured-{sources}"
    generate(plain, sources, seed)
    generate(captured, sources, seed, captures=True)
    rows = [("load average before", load_average())]
    rows.append(("check, no captures", seconds(timed(dossier("check", plain), runs))))
    cold = timed(dossier("check", captured), runs, lambda: forget_cache(captured))
    rows.append(("check, captures, cold cache", seconds(cold)))
    rows.append(("check, captures, warm cache", seconds(timed(dossier("check", captured), runs))))
    run_process(dossier("build", captured), env=this_code())  # the same code, or no build would be a no-change one
    rows.append(("no-change build, captures", seconds(timed(dossier("build", captured), runs))))
    rows.append(("load average after", load_average()))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"| N = {args.sources} | median of {args.runs} |\n|---|---|")
    for name, value in measure(args.sources, args.runs, args.work, args.seed):
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
