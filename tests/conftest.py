"""The fixtures every test folder shares: fixture dossiers written into temporary folders, the CLI run
in-process, `dossier serve` started, the sample built once per session, git repositories for
`dossier diff`. Their helpers are in tests/support/. Each test is also marked with its folder (unit,
integration, browser, quality), so that `pytest -m unit` runs the fast tests alone."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support.browser import CHROMIUM, CHROMIUM_FLAGS
from support.dossiers import FIXTURES, REPO, Run, build_copy, copy_sample, write_files
from support.git import COMMIT_DATE, Repo
from support.servers import Server, free_port, serving

from generator.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FOLDER_MARKERS = ("unit", "integration", "browser", "quality")
"""The test folders; each is also a marker (registered in pyproject.toml)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with the folder it is in: `-m unit` selects tests/unit/, and so on."""
    tests = Path(__file__).parent
    for item in items:
        folder = item.path.relative_to(tests).parts[0] if item.path.is_relative_to(tests) else ""
        if folder in FOLDER_MARKERS:
            item.add_marker(folder)


@pytest.fixture
def dossier(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the complete fixture dossier with some files replaced, added or deleted."""

    def make(files: dict[str, str | bytes | None] | None = None, base: str = "complete") -> Path:
        root = tmp_path / "dossier"
        shutil.copytree(FIXTURES / base, root)
        write_files(root, files or {})
        return root

    return make


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample dossier (the repository's content/ and config.yaml)."""
    return copy_sample(tmp_path / "dossier")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run `dossier ARGS` in-process, in folder `cwd`, and capture its exit code and output."""

    def run(*args: str, cwd: Path) -> Run:
        monkeypatch.chdir(cwd)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def server(dossier: Callable[..., Path]) -> Iterator[Server]:
    """`dossier serve` on a free port, in a copy of the complete fixture dossier, ready to answer."""
    running = Server(dossier(), free_port())
    running.wait_for("serving site/ on")
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample dossier and the fixture dossier, built once per session: name → site folder."""
    return {
        "sample": build_copy(REPO, tmp_path_factory.mktemp("sample")),
        "fixture": build_copy(FIXTURES / "complete", tmp_path_factory.mktemp("fixture")),
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright, for the browser tests (Playwright is imported here:
    the other tests do not need it). One per test module: Playwright's synchronous API keeps an
    event loop running while it is open, and tests that run asyncio of their own (the preview's
    reload sockets) come after the browser tests."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is needed: apt-get install chromium (python3 dev.py test does it)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sample_under_sub_path(sites: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built sample site served as `sub/` of a web server (a site published under a sub-path);
    yields its address, ending in `sub/`."""
    top = tmp_path_factory.mktemp("published")
    (top / "sub").symlink_to(sites["sample"], target_is_directory=True)
    with serving(top) as url:
        yield url + "sub/"


@pytest.fixture(scope="session")
def directory_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture dossier built with `link_style: directory` (links end in `/`, not `index.html`)."""
    dossier = tmp_path_factory.mktemp("directory-links") / "dossier"
    shutil.copytree(FIXTURES / "complete", dossier)
    with (dossier / "config.yaml").open("a") as config:
        config.write("link_style: directory\n")
    return build_copy(dossier, dossier.parent / "built")


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Git with no user configuration and fixed identities and dates (so commit ids are stable)."""
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "Curator")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "curator@example.org")
        monkeypatch.setenv(f"GIT_{name}_DATE", COMMIT_DATE)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def repo(dossier: Callable[..., Path], git_env: None) -> Repo:
    """The complete fixture dossier committed on `main`."""
    repository = Repo(dossier())
    repository.git("init", "-q", "-b", "main")
    repository.commit("The harbour fund dossier")
    return repository
