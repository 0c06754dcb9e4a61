"""Writing the site when the machine says no: a full disk, a read-only file system, a path too long,
a folder in the way, a killed build. Each is exit 2 with one line naming the path and the reason, no
traceback; the previous site stays exactly as it was, and no staging folder is left (red team M6,
M7, L1, L2, L4; docs in README.md, "Using it").

The file systems are real: small tmpfs mounts (the tests run as root, as CI does), filled up or
remounted read-only, and unmounted at the end of each test.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.dossiers import ANA, FIXTURES, REPO, snapshot, staging_left, tree
from support.edits import replace
from support.processes import Process, dossier_env

DEAD_PID = 424242
"""The red team's pid: no process of it exists while these tests run (checked)."""
CLI = ("import sys; from generator.output import parallel; parallel.workers = lambda: 2; "
       "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
"""`dossier` with two worker processes, whatever the machine's cores: a big build forks."""


def dossier_command(*args: str) -> list[str]:
    return [sys.executable, "-c", CLI, *args]


def build(root: Path, *args: str, umask: int | None = None) -> Process:
    """`dossier build --quiet` run as a user runs it: its own process, in the dossier's folder."""
    started = time.monotonic()
    done = subprocess.run(dossier_command("build", "--quiet", *args), cwd=root, env=dossier_env(),
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=None if umask is None else (lambda: os.umask(umask)))
    return Process(done, time.monotonic() - started)


def assert_one_line(run: Process, *words: str) -> None:
    """Exit 2 and a single line on stderr (besides the content's warnings) holding `words`: no
    traceback, no 'bug in dossier'."""
    assert run.code == 2, run.err
    lines = [line for line in run.err.splitlines() if ": warning: " not in line]
    assert len(lines) == 1, run.err
    assert lines[0].startswith("dossier build: error: "), run.err
    for word in words:
        assert word in lines[0], run.err


def leftovers(site: Path) -> list[Path]:
    """Files a move leaves beside the pages while it runs: kept old files and copies on their way in."""
    return sorted(path for path in site.rglob(".*") if ".old-" in path.name or ".tmp-" in path.name)


def copy_fixture(root: Path) -> Path:
    shutil.copytree(FIXTURES / "complete", root)
    return root


@pytest.fixture
def mount() -> Iterator[Callable[..., Path]]:
    """Mount a tmpfs of `size` at a folder (made when missing); every mount is undone after the test."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mounted: list[Path] = []

    def make(folder: Path, size: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
        mounted.append(folder)
        return folder

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], check=True)


def read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system holding `folder` with one file, then free `leave` bytes of it."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while os.write(handle, bytes(1 << 16)):
            pass
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(handle)
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def free_bytes(folder: Path) -> int:
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


def retitle(root: Path, title: str = "A Renamed Dossier") -> None:
    """A change that every page shows: all of them are written again."""
    config = root / "config.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(f"title: {title}" if line.startswith("title:") else line for line in lines) + "\n",
                      encoding="utf-8")


# M6 — a full disk -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("leave", [0, 48 * 1024], ids=["no-room-for-the-staging-folder", "room-for-a-few-pages"])
def test_a_full_disk_is_one_line_and_the_old_site_stays(tmp_path, mount, leave):
    disk = mount(tmp_path / "disk", "4m")
    root = copy_fixture(disk / "dossier")
    assert build(root).code == 0
    before = snapshot(root / "site")
    fill(disk, leave)
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)

    run = build(root)

    assert_one_line(run, "No space left on device")
    assert snapshot(root / "site") == before
    assert staging_left(root) == [] and leftovers(root / "site") == []


def test_a_full_disk_in_a_worker_process_is_one_line_too(tmp_path, mount):
    """A big build stages its pages from forked workers: the error comes back to the parent as itself."""
    disk = mount(tmp_path / "disk", "3m")
    root = disk / "dossier"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), "--sources", "100"], check=True)
    fill(disk, 256 * 1024)

    run = build(root)

    assert_one_line(run, "cannot write", "No space left on device")
    assert not (root / "site").exists()
    assert staging_left(root) == []


def test_a_full_mounted_output_folder_is_put_back_as_it_was(tmp_path, mount):
    """The output folder is a mount point (a container volume): the staging folder beside it is on
    another file system, and the disk fills up while the pages are moved in. The pages already
    moved are put back, so the site is never part old, part new (the red team saw 18 new, 116 old)."""
    root = copy_fixture(tmp_path / "dossier")
    site = mount(root / "site", "1m")
    mode = site.stat().st_mode
    assert build(root).code == 0
    fill(site, 24 * 1024)
    before = snapshot(site)
    retitle(root, "A Renamed Dossier " * 25)  # every page grows: the room left is soon used up


    run = build(root)

    assert_one_line(run, f"cannot write {site}/", "No space left on device", "put back as it was")
    assert snapshot(site) == before
    assert staging_left(root) == [] and leftovers(site) == []
    assert site.stat().st_mode == mode, "the output folder's mode was changed"
    (site / "filler").unlink()
    assert build(root).code == 0
    assert "A Renamed Dossier" in (site / "index.html").read_text(encoding="utf-8")
    assert leftovers(site) == [] and not (site / "filler").exists()


# M6 — a read-only file system -------------------------------------------------------------------------------


def test_a_read_only_output_folder_is_one_line_and_leaves_no_staging(tmp_path, mount):
    root = copy_fixture(tmp_path / "dossier")
    site = mount(root / "site", "1m")
    assert build(root).code == 0
    before = snapshot(site)
    read_only(site)
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)

    run = build(root)

    assert_one_line(run, f"cannot write {site}/", "Read-only file system")
    assert snapshot(site) == before
    assert staging_left(root) == []


def test_a_read_only_project_is_one_line(tmp_path, mount):
    disk = mount(tmp_path / "disk", "4m")
    root = copy_fixture(disk / "dossier")
    assert build(root).code == 0
    before = snapshot(root / "site")
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)
    read_only(disk)

    run = build(root)

    assert_one_line(run, f"cannot make the output folder {root / 'site'}", "Read-only file system")
    assert snapshot(root / "site") == before


# M6 — a path too long ------------------------------------------------------------------------------------------

LONG_ID = "a-source-with-a-long-name-" + "x" * 54
"""80 characters: the longest id there is."""


def deep_folder(base: Path, length: int) -> Path:
    """A folder whose absolute path is `length` characters long."""
    folder = base
    while len(str(folder)) < length - 201:
        folder /= "d" * 200
    return folder / ("e" * (length - len(str(folder)) - 1))


def test_a_path_too_long_is_one_line_and_the_old_site_stays(tmp_path):
    """Paths are limited to 4,095 bytes: a page of a new source with the longest id does not fit
    under this project, while its source file does."""
    root = copy_fixture(deep_folder(tmp_path, 3992))
    assert build(root).code == 0
    before = snapshot(root / "site")
    (root / "content" / "sources" / f"{LONG_ID}.txt").write_text(
        "---\ntitle: A long name\npublisher: p\ndate: 2021\n---\nSome text.\n", encoding="utf-8")

    run = build(root)

    assert_one_line(run, f"sources/{LONG_ID}/index.html", "File name too long")
    assert snapshot(root / "site") == before
    assert staging_left(root) == []


# M7 — only dossier's own staging folders are removed --------------------------------------------------------


def stale_staging(root: Path, pid: int = DEAD_PID) -> Path:
    """What a killed build leaves: a staging folder with the marker and some pages."""
    folder = root / f"site.tmp-{pid}"
    (folder / "people").mkdir(parents=True)
    (folder / ".dossier-staging").write_text("A dossier build stages its files here\n")
    (folder / "people" / "index.html").write_text("<p>half a build</p>\n")
    return folder


def test_a_content_folder_named_like_a_staging_folder_is_never_deleted(tmp_path):
    """The red team's repro: `content_dir: site.tmp-424242` and a build deleted the content."""
    assert not os.path.exists(f"/proc/{DEAD_PID}")
    root = copy_fixture(tmp_path / "dossier")
    shutil.copytree(root / "content", root / f"site.tmp-{DEAD_PID}")
    with open(root / "config.yaml", "a", encoding="utf-8") as config:
        config.write(f"content_dir: site.tmp-{DEAD_PID}\n")
    content = tree(root / f"site.tmp-{DEAD_PID}")

    assert build(root).code == 0

    assert tree(root / f"site.tmp-{DEAD_PID}") == content


def test_a_backup_named_like_a_staging_folder_survives_and_a_stale_staging_folder_goes(tmp_path):
    root = copy_fixture(tmp_path / "dossier")
    assert build(root).code == 0
    shutil.copytree(root / "site", root / "site.tmp-2024")  # `cp -a site site.tmp-2024`: a user's backup
    backup = tree(root / "site.tmp-2024")
    left = stale_staging(root)
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)

    assert build(root).code == 0

    assert tree(root / "site.tmp-2024") == backup
    assert not left.exists()


def test_a_stale_staging_folder_holding_a_configured_folder_is_never_deleted(tmp_path):
    """Even with dossier's marker in it: a folder that is or holds the templates folder stays."""
    root = copy_fixture(tmp_path / "dossier")
    left = stale_staging(root)
    (left / "templates").mkdir()
    with open(root / "config.yaml", "a", encoding="utf-8") as config:
        config.write(f"templates_dir: site.tmp-{DEAD_PID}/templates\n")
    kept = tree(left)

    assert build(root).code == 0

    assert tree(left) == kept


def test_a_folder_in_the_way_of_the_staging_folder_is_refused_and_kept(dossier, cli):
    """This build's own staging name (`site.tmp-<its pid>`) taken by a folder dossier did not make."""
    root = dossier()
    mine = root / f"site.tmp-{os.getpid()}"
    (mine / "notes").mkdir(parents=True)
    (mine / "notes" / "keep.txt").write_text("years of work\n")

    run = cli("build", "--quiet", cwd=root)

    assert run.code == 2
    assert run.err.splitlines() == [f"dossier build: error: {mine} is in the way of the staging folder and was not "
                                    "made by dossier; rename it"]
    assert (mine / "notes" / "keep.txt").read_text() == "years of work\n"
    assert not (root / "site").exists()


# L1 — modes -----------------------------------------------------------------------------------------------


def modes(site: Path) -> tuple[set[str], set[str]]:
    """(the modes of the files, the modes of the folders), the output folder included."""
    paths = [site, *site.rglob("*")]
    return ({oct(path.stat().st_mode & 0o7777) for path in paths if path.is_file()},
            {oct(path.stat().st_mode & 0o7777) for path in paths if path.is_dir()})


@pytest.mark.parametrize("umask, files, folders", [(0o077, "0o600", "0o700"), (0o027, "0o640", "0o750")])
def test_files_are_made_as_the_umask_says_and_a_private_site_stays_private(tmp_path, umask, files, folders):
    root = copy_fixture(tmp_path / "dossier")
    assert build(root, umask=umask).code == 0
    assert modes(root / "site") == ({files}, {folders})
    replace(ANA, "name: Ana Lind", "name: Ana M. Lind")(root)
    (root / "site" / "people" / "ana-lind").rename(root / "site" / "people" / "ana")  # a folder made again

    assert build(root, umask=umask).code == 0

    assert modes(root / "site") == ({files}, {folders})


def test_the_output_folder_mode_is_left_alone(tmp_path):
    """A private site/ made by its owner stays private under a permissive umask; only what dossier
    creates takes the umask's modes."""
    root = copy_fixture(tmp_path / "dossier")
    (root / "site").mkdir(mode=0o700)
    os.chmod(root / "site", 0o700)

    assert build(root, umask=0o022).code == 0
    assert build(root, umask=0o022).code == 0

    files, folders = modes(root / "site")
    assert oct((root / "site").stat().st_mode & 0o7777) == "0o700"
    assert files == {"0o644"} and folders == {"0o700", "0o755"}


# L2 — orphaned workers ------------------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def group_gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_workers_of_a_killed_build_leave_quietly_and_the_next_build_cleans_up(tmp_path):
    """`kill -9` of the build's main process only: its workers find nobody to send their pages to.
    They must leave without 'internal error … bug in dossier' (the red team saw one per worker)."""
    root = tmp_path / "dossier"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), "--sources", "100"], check=True)
    errors = tmp_path / "stderr.txt"
    with open(errors, "wb") as stderr:
        parent = subprocess.Popen(dossier_command("build"), cwd=root, env=dossier_env(), stdout=subprocess.DEVNULL,
                                  stderr=stderr, start_new_session=True)
    wait_until(lambda: len(children_of(parent.pid)) == 2 or parent.poll() is not None, 60)
    assert parent.poll() is None, "the build ended before its workers could be seen"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    wait_until(lambda: group_gone(parent.pid), 60)

    printed = errors.read_text(encoding="utf-8", errors="replace")
    assert "bug in dossier" not in printed and "internal error" not in printed and "Traceback" not in printed, printed
    assert len(staging_left(root)) == 1
    assert build(root).code == 0
    assert staging_left(root) == []


# L4 — a .dossier-cache that is not a folder -------------------------------------------------------------------


def test_a_cache_that_is_a_file_is_one_line_before_anything_is_written(tmp_path):
    root = copy_fixture(tmp_path / "dossier")
    (root / ".dossier-cache").write_text("not a folder\n")

    run = build(root)

    assert_one_line(run, ".dossier-cache is not a folder")
    assert not (root / "site").exists()
    assert staging_left(root) == []


# A disk that fails to give back what the build kept on it -----------------------------------------------------------

FAILING_READS = ("import os, sys; from generator.output import parallel; parallel.workers = lambda: 2; "
                 "from generator.core import shelf; parent = os.getpid(); real = os.pread\n"
                 "def pread(fd, size, offset):\n"
                 "    if {where}: raise OSError(5, 'Input/output error')\n"
                 "    return real(fd, size, offset)\n"
                 "shelf.os = type('os', (), {{'pread': staticmethod(pread), 'pwrite': staticmethod(os.pwrite)}})\n"
                 "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
"""`dossier` whose reads of the texts it keeps on disk (core/shelf.py) fail as a failing disk's do (EIO), in
the worker processes only or everywhere: no device here can be made to fail for real without a kernel
module, so the failure is injected at the one system call that reads them."""


@pytest.mark.parametrize("where", ["os.getpid() != parent", "True"], ids=["in-the-workers", "everywhere"])
def test_texts_the_disk_fails_to_give_back_are_one_line_and_nothing_is_written(tmp_path, where):
    root = tmp_path / "dossier"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), "--sources", "100"], check=True)

    done = subprocess.run([sys.executable, "-c", FAILING_READS.format(where=where), "build", "--quiet"], cwd=root,
                          env=dossier_env(), capture_output=True, text=True, timeout=120)

    assert_one_line(Process(done, 0), f"{root / '.dossier-cache'}: Input/output error "
                    "(reading a text this build keeps on disk); nothing was written")
    assert not (root / "site").exists()
    assert staging_left(root) == []
