#!/usr/bin/env python3
"""The benchmark: dossier against Hugo on the same synthetic dossier, same machine, same moment.

    python bench/run.py [--sizes 1000,5000,10000,20000] [--shape default|long] [--captures] [--runs 3] [--warm-ups 1]
                        [--without-search-at 10000] [--work DIR] [--no-hugo] [--markdown]

For each N: a synthetic dossier of N sources (bench/generate.py, of the shape --shape gives, reused
while N, shape, seed and the generator are the same) and the same documents as a Hugo site
(bench/hugo.py). Measured, as medians of --runs runs after --warm-ups warm-ups:

- cold `dossier build`, a whole process, into an empty output folder (the last build's set aside,
  the disk flushed, then a pause; the folders set aside are deleted once the size is measured,
  then a pause of --settle seconds, since files made soon after many are deleted cost several times
  more on this machine's disk: see measure.remove_and_settle); Hugo the same way, in alternating rounds;
- a no-change rebuild: `dossier build` again, whole process, over the site it wrote;
- a one-claim edit in a warm process through the path `serve` takes on save (bench/warm_edit.py);
- peak RSS of the largest single process, from each child's own resource usage (os.wait4);
- at the sizes --without-search-at lists, cold builds without the search index too (a Builder
  that leaves it for later, as `dossier serve` does), so that its cost is seen.

Pages are the .html files written. pages/s = pages / cold wall time; ratio = dossier pages/s ÷
Hugo pages/s. With --markdown, only the final table is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import edit_reload
import hugo
import search
from generate import generate
from measure import Sample, count_files, empty_trash, load_average, median, remove_and_settle, run_process, spread

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = ".dossier-cache"
"""What `dossier build` keeps between processes: deleted before a cold build."""
TRASH = ".trash"
"""The output folders of earlier builds, set aside in the work folder (measure.remove_and_settle) and
deleted when nothing more is timed: after each size, then a pause of --settle seconds before the next."""
EDIT_KINDS = ("claim", "person", "agency", "figure", "source text", "new source", "deleted claim",
              "deleted figure", "deleted person")
"""The kinds of edit bench/edit_reload.py makes, in the table's order."""
COLUMNS = ("N", "dossier pages", "cold wall", "cold cpu", "pages/s", "cold wall without search",
           "cold wall with history", "Hugo pages",
           "Hugo wall", "Hugo cpu",
           "Hugo pages/s", "ratio", "wall per source vs Hugo", "no-change rebuild", "one-claim edit",
           "data files after it", "peak RSS", "Hugo peak RSS", "warm process RSS", "search index", "index peak",
           "index size", "first query", "first query, kind filter", "serve: first page", "serve: ready",
           "serve: peak RSS", *(f"edit: {kind}" for kind in EDIT_KINDS))
EDITS = 8
"""One-claim edits timed in the warm process (the first is a warm-up), at least."""


@dataclass(slots=True)
class Row:
    """The medians for one N (Hugo's are None with --no-hugo)."""

    sources: int
    pages: int
    cold: list[Sample]
    rebuild: list[Sample]
    edits: list[float]
    data: list[float]
    """Seconds to write dossier.json, search-index.js and sitemap.xml after each edit (serve does it after the
    reload)."""
    warm: Sample | None
    """The warm process of the one-claim edits (None with --no-warm-edit)."""
    hugo_pages: int | None = None
    hugo: list[Sample] | None = None
    index_bytes: int = 0
    queries: dict[str, search.Query] | None = None
    bare: list[Sample] | None = None
    """Cold builds without the search index (--without-search-at)."""
    committed: list[Sample] | None = None
    """Cold builds of the dossier in git, with its history (--with-history-at)."""
    started: dict | None = None
    """`dossier serve` on the built dossier (bench/serve_start.py's summary)."""
    kinds: dict[str, dict[str, float]] | None = None
    """Per kind of edit, ms from save to page served and to the reload message (bench/edit_reload.py)."""

    def preview_cells(self) -> list[str]:
        """The preview: its start and memory, and each kind of edit, save to page served."""
        started = self.started or {}
        cells = [f"{started['page']:.2f} s" if started else "-", f"{started['ready']:.2f} s" if started else "-",
                 f"{max(started['rss'], started['peak_after_edits']):,.0f} MiB" if started else "-"]
        return cells + [f"{self.kinds[kind]['page']:,.0f} ms" if self.kinds and kind in self.kinds else "-"
                        for kind in EDIT_KINDS]

    def cells(self) -> list[str]:
        wall = median([s.wall for s in self.cold])
        rate = self.pages / wall
        cells = [f"{self.sources:,}", f"{self.pages:,}", seconds(wall), seconds(median([s.cpu for s in self.cold])),
                 f"{rate:,.0f}", *(seconds(median([s.wall for s in runs])) if runs else "-"
                                   for runs in (self.bare, self.committed))]
        if self.hugo and self.hugo_pages:
            hugo_wall = median([s.wall for s in self.hugo])
            hugo_rate = self.hugo_pages / hugo_wall
            cells += [f"{self.hugo_pages:,}", seconds(hugo_wall), seconds(median([s.cpu for s in self.hugo])),
                      f"{hugo_rate:,.0f}", f"{rate / hugo_rate:.2f}", f"{wall / hugo_wall:.1f}x"]
        else:
            cells += ["-"] * 6
        cells += [seconds(median([s.wall for s in self.rebuild])),
                  milliseconds(median(self.edits)) if self.edits else "-",
                  milliseconds(median(self.data)) if self.data else "-",
                  mib(max(s.rss_kib for s in self.cold)),
                  mib(max(s.rss_kib for s in self.hugo)) if self.hugo else "-",
                  mib(self.warm.rss_kib) if self.warm else "-"]
        return cells + self.search_cells() + self.preview_cells()

    def search_cells(self) -> list[str]:
        """The search index's cost in the cold builds (docs/search.md) and a reader's first queries."""
        runs = [found for sample in self.cold if (found := search.indexing(sample.output))]
        if not runs:
            return ["-"] * 5
        peaks = [run.peak_mib for run in runs if run.peak_mib]
        queries = self.queries or {}
        bundles = f"{runs[0].bundles} bundle{'s' * (runs[0].bundles != 1)}"
        return [f"{median([run.seconds for run in runs]):.1f} s ({bundles})",
                f"{max(peaks):,.0f} MiB" if peaks else "-", f"{self.index_bytes / 1e6:.1f} MB",
                *(f"{queries[name].index_bytes / 1000:,.0f} KB" if name in queries else "-"
                  for name in ("plain", "kind=source"))]


def growth(smaller: Row, larger: Row) -> str:
    """How cold build time, no-change rebuild, edit and peak memory grew between two sizes."""
    pairs = {"cold build time": (median([s.wall for s in smaller.cold]), median([s.wall for s in larger.cold])),
             "no-change rebuild": (median([s.wall for s in smaller.rebuild]), median([s.wall for s in larger.rebuild])),
             "one-claim edit": (median(smaller.edits or [0]), median(larger.edits or [0])),
             "peak RSS": (max(s.rss_kib for s in smaller.cold), max(s.rss_kib for s in larger.cold))}
    return ", ".join(f"{name} {after / before:.2f}x" for name, (before, after) in pairs.items() if before)


def milliseconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value >= 0.01 else f"{value * 1000:.2f} ms"


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def digest(*paths: Path) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def reuse_or_make(folder: Path, stamp: dict, make: Callable[[], None]) -> bool:
    """Make `folder` unless it holds a finished one with the same stamp; True when it was made."""
    stamp_file = folder / "bench-stamp.json"
    if stamp_file.is_file() and json.loads(stamp_file.read_text()) == stamp:
        return False
    if folder.exists():
        shutil.rmtree(folder)
    make()
    stamp_file.write_text(json.dumps(stamp))
    return True


def dossier_command(config: Path) -> list[str]:
    script = Path(sys.executable).parent / ("dossier.exe" if os.name == "nt" else "dossier")
    start = [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]
    return [*start, "build", "--config", str(config)]


def last_line(sample: Sample) -> str:
    lines = [line.strip() for line in sample.output.splitlines() if line.strip()]
    return f" ({lines[-1][:120]})" if lines else ""


def describe(sample: Sample) -> str:
    return f"{sample.wall:.2f} s wall, {sample.cpu:.2f} s cpu, {mib(sample.rss_kib)}"


def measure(sources: int, args: argparse.Namespace, say: Callable[[str], None]) -> Row:
    shaped = ("" if args.shape == "default" else f"-{args.shape}") + ("-captures" if args.captures else "")
    dossier = args.work / f"dossier-{sources}{shaped}-seed{args.seed}"
    stamp = {"sources": sources, "seed": args.seed, "shape": args.shape, "captures": args.captures,
             "generate.py": digest(BENCH / "generate.py")}
    say(f"N={sources}: load average {load_average()}; dossier at {revision()}")
    if reuse_or_make(dossier, stamp, lambda: generate(dossier, sources, args.seed, args.captures, args.shape)):
        say(f"N={sources}: generated {dossier}")
    config, site = dossier / "config.yaml", dossier / "site"
    hugo_site = args.work / f"hugo-{sources}{shaped}-seed{args.seed}"
    if args.hugo:
        hugo_stamp = {**stamp, "hugo.py": digest(BENCH / "hugo.py")}

        def make_corpus() -> None:
            hugo_site.mkdir(parents=True)
            hugo.write_corpus(dossier, hugo_site)

        if reuse_or_make(hugo_site, hugo_stamp, make_corpus):
            say(f"N={sources}: wrote the Hugo corpus {hugo_site}")
    public = hugo_site / "public"
    cold: list[Sample] = []
    hugo_runs: list[Sample] = []
    for round_ in range(args.runs + args.warm_ups):
        label = "warm-up" if round_ < args.warm_ups else f"{round_ - args.warm_ups + 1}/{args.runs}"
        remove_and_settle(dossier / CACHE, 0)
        remove_and_settle(site, args.pause, args.work / TRASH)
        sample = run_process(dossier_command(config), cwd=dossier)
        say(f"N={sources}: cold build {label}: {describe(sample)}")
        cold += [sample] if round_ >= args.warm_ups else []
        if args.hugo:
            remove_and_settle(public, args.pause, args.work / TRASH)
            remove_and_settle(hugo_site / "resources", 0)
            sample = run_process(hugo.command(hugo_site, public, hugo_site / "cache"), cwd=hugo_site)
            say(f"N={sources}: Hugo build {label}: {describe(sample)}")
            hugo_runs += [sample] if round_ >= args.warm_ups else []
    bare = without_search(dossier, sources, args, say) if sources in args.without_search_at else []
    committed = in_git(dossier, sources, args, say) if sources in args.with_history_at else []
    previewed = args.preview and (not args.preview_at or sources in args.preview_at)
    started, kinds = (serve_start(dossier, args, say), edit_kinds(dossier, args, say)) if previewed else ({}, {})
    pages = count_files(site)
    hugo_pages = count_files(public) if args.hugo else None
    rebuild: list[Sample] = []
    for round_ in range(args.runs + 1):
        sample = run_process(dossier_command(config), cwd=dossier)
        say(f"N={sources}: no-change rebuild {'warm-up' if round_ == 0 else f'{round_}/{args.runs}'}: "
            f"{describe(sample)}{last_line(sample)}")
        rebuild += [sample] if round_ else []
    warm, edits = warm_edits(config, sources, args, say) if args.warm_edit else (None, [])
    row = Row(sources, pages, cold, rebuild, [edit["seconds"] for edit in edits],
              [edit["data_seconds"] for edit in edits], warm, hugo_pages, hugo_runs or None,
              search.index_size(site)[0], search.first_queries(site) if args.queries else None, bare, committed,
              started, kinds)
    for name, query in (row.queries or {}).items():
        say(f"N={sources}: first query ({name}, '{search.QUERY}'): {query.results} {query.index_bytes:,} bytes "
            f"of index, {query.page_bytes:,} bytes of page, {query.requests} requests")
    say(f"N={sources}: spread (min-max) cold {spread([s.wall for s in cold])} s"
        + (f", Hugo {spread([s.wall for s in hugo_runs])} s" if hugo_runs else "")
        + f", no-change {spread([s.wall for s in rebuild])} s, edit {spread(row.edits)} s; "
        f"load average {load_average()}")
    return row


def without_search(dossier: Path, sources: int, args: argparse.Namespace, say: Callable[[str], None]
                   ) -> list[Sample]:
    """Cold builds that leave the search index out (the Builder `dossier serve` starts with does),
    whole processes, into an empty output folder, as the cold builds above."""
    script = ("import sys; from pathlib import Path; from generator.build import Builder; "
              "built = Builder(Path(sys.argv[1]), keep=False, search_later=True).build(); "
              "sys.exit(0 if built.report is not None else 1)")
    runs = []
    for round_ in range(args.runs):
        remove_and_settle(dossier / CACHE, 0)
        remove_and_settle(dossier / "site", args.pause, args.work / TRASH)
        sample = run_process([sys.executable, "-c", script, str(dossier / "config.yaml")], cwd=dossier,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
        say(f"N={sources}: cold build without the search index {round_ + 1}/{args.runs}: {describe(sample)}")
        runs.append(sample)
    return runs


def warm_edits(config: Path, sources: int, args: argparse.Namespace, say: Callable[[str], None]
               ) -> tuple[Sample, list[dict]]:
    """One-claim edits in a warm process, through the path `serve` takes (bench/warm_edit.py): the
    process, and each edit after the first."""
    warm = run_process([sys.executable, str(BENCH / "warm_edit.py"), str(config), "--runs",
                        str(max(args.runs + 1, EDITS))],
                       cwd=config.parent, env={**os.environ, "PYTHONPATH": os.pathsep.join(
                           filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))})
    result = json.loads(warm.output.strip().splitlines()[-1])
    for number, edit in enumerate(result["edits"]):
        say(f"N={sources}: one-claim edit ({result['file']}) {'warm-up' if number == 0 else number}: "
            f"{edit['seconds'] * 1000:.0f} ms, {edit['pages']} pages rendered, {edit['written']} files written; "
            f"then the data files in {edit['data_seconds'] * 1000:.0f} ms")
    say(f"N={sources}: warm process: first build {result['first_build']:.2f} s, peak {mib(warm.rss_kib)}")
    return warm, result["edits"][1:]


def serve_start(dossier: Path, args: argparse.Namespace, say: Callable[[str], None]) -> dict:
    """`dossier serve` started on the built dossier (bench/serve_start.py): seconds to the first page
    and to the builder ready, and its memory then and after three edits."""
    remove_and_settle(dossier / CACHE, 0)
    run_process(dossier_command(dossier / "config.yaml"), cwd=dossier)  # a full build saves what serve starts from
    sample = run_process([sys.executable, str(BENCH / "serve_start.py"), str(dossier), "--runs", str(args.runs),
                          "--edits", "3"], cwd=dossier)
    found = json.loads(sample.output[sample.output.rindex("\n{") + 1:])  # its summary ends what it prints
    say(f"{dossier.name}: serve start: first page {found['page']:.2f} s, live reload {found['socket']:.2f} s, "
        f"ready {found['ready']:.2f} s, {found['rss']:.0f} MiB; after 3 edits {found['rss_after_edits']:.0f} MiB "
        f"(peak {found['peak_after_edits']:.0f} MiB)")
    return found


def edit_kinds(dossier: Path, args: argparse.Namespace, say: Callable[[str], None]) -> dict[str, dict[str, float]]:
    """Save to page served, per kind of edit, through the real `dossier serve` (bench/edit_reload.py)."""
    found = edit_reload.measure_edits(dossier, args.runs)
    for kind, times in found.items():
        say(f"{dossier.name}: edit ({kind}): save to page {times['page']:.0f} ms, reload message "
            f"{times['reload']:.0f} ms")
    return found


def in_git(dossier: Path, sources: int, args: argparse.Namespace, say: Callable[[str], None]) -> list[Sample]:
    """Cold builds of the dossier committed to a git repository of its own (one commit), so that
    every page has its History and the changelog is read from git, cache included (docs/history.md)."""
    repository = dossier.with_name(dossier.name + "-git")
    if not (repository / ".git").is_dir():
        shutil.copytree(dossier, repository, ignore=shutil.ignore_patterns("site", CACHE, "bench-stamp.json"))
        for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=bench@example.org",
                                                         "commit", "-q", "-m", "The dossier"]):
            subprocess.run(["git", *command], cwd=repository, check=True)
    runs = []
    for round_ in range(args.runs):
        remove_and_settle(repository / CACHE, 0)
        remove_and_settle(repository / "site", args.pause, args.work / TRASH)
        sample = run_process(dossier_command(repository / "config.yaml"), cwd=repository)
        say(f"N={sources}: cold build in git (history) {round_ + 1}/{args.runs}: {describe(sample)}")
        runs.append(sample)
    return runs


def revision() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "templates"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + (" with uncommitted changes in generator/ or templates/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown revision"


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, dossier at {revision()}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000,20000", help="comma-separated numbers of sources")
    parser.add_argument("--runs", type=int, default=3, help="counted runs per measure, after the warm-ups")
    parser.add_argument("--warm-ups", type=int, default=1, help="uncounted cold builds before them")
    parser.add_argument("--shape", choices=("default", "long"), default="default",
                        help="the corpus bench/generate.py makes (long: sources 3x as long, 2x the mentions)")
    parser.add_argument("--captures", action="store_true",
                        help="give every source a capture (bench/generate.py --captures: a saved HTML page that "
                             "every build hashes, reads and checks the source against); Hugo's corpus is the same")
    parser.add_argument("--no-warm-edit", dest="warm_edit", action="store_false",
                        help="skip the one-claim edits in a warm process (bench/warm_edit.py; the preview's "
                             "edits of each kind measure the same through the server)")
    parser.add_argument("--no-preview", dest="preview", action="store_false",
                        help="skip the preview's start and its edits of each kind (serve_start.py, edit_reload.py)")
    parser.add_argument("--preview-at", default="",
                        help="comma-separated sizes at which the preview is measured (default: every size)")
    parser.add_argument("--with-history-at", default="",
                        help="comma-separated sizes at which cold builds of the dossier committed to git are measured")
    parser.add_argument("--without-search-at", default="",
                        help="comma-separated sizes at which cold builds without the search index are measured too")
    parser.add_argument("--work", type=Path, default=BENCH / ".work", help="where dossiers and sites are kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds to wait after deleting an output folder")
    parser.add_argument("--settle", type=float, default=300.0,
                        help="seconds to wait after deleting the output folders of one size, before the next size's "
                             "builds: files made soon after many were deleted cost several times more on ext4 "
                             "without a journal (ext4 skips inodes freed in the last 60 s, or 300 s while their part "
                             "of the inode table is unwritten)")
    parser.add_argument("--no-hugo", dest="hugo", action="store_false", help="skip the Hugo reference")
    parser.add_argument("--markdown", action="store_true", help="print only the final table")
    parser.add_argument("--no-queries", dest="queries", action="store_false",
                        help="skip the first-query measure (it needs Chromium and Playwright)")
    args = parser.parse_args(argv)
    args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    args.without_search_at, args.with_history_at, args.preview_at = (
        {int(size.replace("_", "")) for size in sizes.split(",") if size.strip()}
        for sizes in (args.without_search_at, args.with_history_at, args.preview_at))
    if args.runs < 1 or not args.sizes or min(args.sizes) < 1:
        parser.error("--runs and every size must be at least 1")
    args.work = args.work.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    say = (lambda line: None) if args.markdown else (lambda line: print(line, flush=True))
    args.work.mkdir(parents=True, exist_ok=True)
    say(f"machine: {machine()}")
    if args.hugo:
        say(f"reference: {hugo.version()} ({hugo.binary()})")
    if empty_trash(args.work / TRASH):  # an interrupted run's: a pause, so that the builds do not pay for it
        say(f"deleted the output folders an earlier run left in {args.work / TRASH}; waiting {args.settle:g} s")
        time.sleep(args.settle)
    rows = []
    try:
        for number, sources in enumerate(args.sizes):
            rows.append(measure(sources, args, say))
            if number + 1 < len(args.sizes):
                empty_trash(args.work / TRASH)
                say(f"N={sources}: deleted its output folders; waiting {args.settle:g} s before the next size")
                time.sleep(args.settle)
    finally:
        empty_trash(args.work / TRASH)
    say("")
    print(table(rows))
    for smaller, larger in zip(rows, rows[1:]):
        scale = larger.sources / smaller.sources
        say(f"\nFrom N = {smaller.sources:,} to {larger.sources:,} ({scale:g}x the sources): "
            + growth(smaller, larger))
    say(f"\nMedians of {args.runs} runs after {args.warm_ups} warm-up(s), corpus shape {args.shape}"
        f"{', a capture for every source' if args.captures else ''}. "
        f"Cold: empty output folder (the last one set aside, deleted after the run), then a "
        f"{args.pause:g} s pause; whole process; cpu = user + system. Pages: .html files written. "
        "Ratio: dossier pages/s / Hugo pages/s; wall per source vs Hugo: dossier's cold wall time / Hugo's, on "
        "the same N documents. No-change rebuild: `dossier build` over its own site, whole process. One-claim "
        "edit: one claim's value changed on disk, then the serve path's rebuild in a warm process, told the "
        "changed file as the watcher tells it (check, render, pages written); data files after it: dossier.json, "
        "search-index.js and sitemap.xml, which serve writes after the reload message. Peak RSS: largest single "
        "process. Search index: indexing time in the cold builds and the highest peak of one Pagefind process, as "
        "the build reports them; index size: the files of site/pagefind/; first query: the bytes of index files "
        f"a fresh Chromium loads for the query '{search.QUERY}' on the site served under a sub-path (bench/search.py).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
