"""Timing helpers for the benchmark: one whole process timed with its own resource usage, fresh
output folders, medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of one process."""

    wall: float
    """Seconds from start to exit, as the parent saw them."""
    cpu: float
    """User + system seconds of the process and of the children it waited for."""
    rss_kib: int
    """Peak resident set of the largest single process in its tree (Linux: KiB)."""
    output: str = ""
    """What it printed (stdout and stderr, interleaved)."""


class ProcessFailed(Exception):
    """A measured process exited with an error: carries the command, exit code and the end of its output."""


def run_process(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Sample:
    """Run `command` to completion and measure it. `os.wait4` gives this child's own resource usage
    (its waited-for descendants included; ru_maxrss is the largest single process of the tree), so
    nothing like /usr/bin/time is needed and other children of the runner do not mix in."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-20:])
        raise ProcessFailed(f"{' '.join(map(str, command))} exited with {process.returncode}:\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, output)


def remove_and_settle(folder: Path, pause: float, trash: Path | None = None) -> None:
    """Take `folder` (if there) out of the way of the next build, flush the disk, then wait. With
    `trash` (a folder on the same disk), `folder` is moved into it rather than deleted: on ext4
    without a journal, as on this machine, each file or folder made in the next minutes first skips,
    one by one, the inodes freed in those minutes, and a cold build right after deleting the last
    one's 100,000 files and folders took 1.5-3x longer (docs/performance.md, "Files deleted before a
    build"). `empty_trash` deletes what was set aside, once nothing more is timed."""
    if trash is not None and folder.is_dir() and not folder.is_symlink():
        trash.mkdir(parents=True, exist_ok=True)
        folder.rename(trash / f"{folder.parent.name}-{folder.name}-{time.monotonic_ns()}")
    elif folder.exists():
        gone = folder.with_name(f"{folder.name}.trash-{os.getpid()}")
        folder.rename(gone)
        shutil.rmtree(gone)
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(pause)


def empty_trash(trash: Path) -> int:
    """Delete the folders remove_and_settle moved into `trash`; how many there were."""
    if not trash.is_dir():
        return 0
    count = sum(1 for _ in trash.iterdir())
    shutil.rmtree(trash)
    return count


def count_files(folder: Path, suffix: str = ".html") -> int:
    return sum(1 for _, _, names in os.walk(folder) for name in names if name.endswith(suffix))


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if values else "-"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"
