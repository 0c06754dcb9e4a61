"""docs/tutorial.md, run as a new curator would: every ```sh command in order and every file written as
shown (`<!-- file: PATH -->` before its block), in a fresh folder with no git identity of its own, each
result checked, and the output shown in the ```text block after a ```sh block printed as shown. A command
the checks below do not know fails the test, so the tutorial cannot drift."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from support.dossiers import FIXTURES, REPO
from support.servers import Server, free_port

TUTORIAL = REPO / "docs" / "tutorial.md"
DOSSIER = Path(sys.executable).parent / "dossier"
FILE_MARK = re.compile(r"<!-- file: (\S+) -->")
EXIT_MARK = re.compile(r"#\s*exits (\d+)\b")
VOLATILE = re.compile(r"…|\d+(\.\d+)? (ms|s)\b|\d{4}-\d{2}-\d{2}\)|merge base|:8000/|peak")


@dataclass(frozen=True)
class Command:
    """A line of a ```sh block: what runs, and the exit code its `# exits N` comment promises (else 0)."""

    line: str
    code: int

    @property
    def text(self) -> str:
        return self.line.split("#", 1)[0].strip()


@dataclass(frozen=True)
class WriteFile:
    """A block the tutorial tells the curator to save as `path`, relative to the current folder."""

    path: str
    content: str


@dataclass(frozen=True)
class Shown:
    """The output a ```text block right after a ```sh block shows for that block's commands."""

    lines: tuple[str, ...]

    def stable_lines(self) -> list[str]:
        """The lines a run must print as shown: not trimmed, and without timings, dates, ports or hashes."""
        return [line.strip() for line in self.lines if line.strip() and not VOLATILE.search(line)]


Step = Command | WriteFile | Shown


@dataclass(frozen=True)
class Result:
    folder: Path
    code: int
    output: str


def fenced_blocks(lines: list[str]) -> Iterator[tuple[int, int, str, list[str]]]:
    """Each fenced block's opening and closing line numbers, its language and its lines."""
    index = 0
    while index < len(lines):
        if lines[index].startswith("```"):
            language, body = lines[index][3:].strip(), []
            start, index = index, index + 1
            while not lines[index].startswith("```"):
                body.append(lines[index])
                index += 1
            yield start, index, language, body
        index += 1


def file_marks(lines: list[str]) -> dict[int, str]:
    """Line number of each `<!-- file: PATH -->` outside the fenced blocks → PATH."""
    inside, marks = False, {}
    for number, line in enumerate(lines):
        if line.startswith("```"):
            inside = not inside
        elif not inside and (match := FILE_MARK.fullmatch(line.strip())):
            marks[number] = match.group(1)
    return marks


def tutorial_steps(text: str) -> list[Step]:
    lines = text.splitlines()
    marks, steps, pending, after_sh = file_marks(lines), [], None, -1
    blocks = {start: (end, language, body) for start, end, language, body in fenced_blocks(lines)}
    for number in sorted(set(marks) | set(blocks)):
        if number in marks:
            pending = marks[number]
            continue
        end, language, body = blocks[number]
        if pending is not None:
            steps.append(WriteFile(pending, "\n".join(body) + "\n"))
            pending = None
        elif language == "sh":
            steps.extend(command(line) for line in body if line.strip() and not line.startswith("#"))
            after_sh = end
        elif language == "text" and not "".join(lines[after_sh + 1:number]).strip():
            steps.append(Shown(tuple(body)))
    assert pending is None, f"no block after <!-- file: {pending} -->"
    return steps


def command(line: str) -> Command:
    exits = EXIT_MARK.search(line)
    return Command(line.strip(), int(exits.group(1)) if exits else 0)


def curator_environment(home: Path) -> dict[str, str]:
    """dossier from this venv first on PATH; git with a test identity and none of this machine's settings."""
    return {"PATH": f"{DOSSIER.parent}{os.pathsep}{os.environ['PATH']}", "HOME": str(home), "LANG": "C.UTF-8",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Tutorial Curator",
            "GIT_AUTHOR_EMAIL": "curator@example.org", "GIT_COMMITTER_NAME": "Tutorial Curator",
            "GIT_COMMITTER_EMAIL": "curator@example.org"}


def serve_once(folder: Path) -> Result:
    """`dossier serve` on a free port instead of 8000: wait until it serves, fetch the home page, stop."""
    port = free_port()
    server = Server(folder, port, command=[str(DOSSIER), "serve", "--port", str(port)])
    try:
        server.wait_for("serving site/ on")
        code, page = server.get()
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
    return Result(folder, 0 if code == 200 else code, page)


def run_command(step: Command, folder: Path, environment: dict[str, str]) -> Result:
    if step.text.startswith("cd "):
        return Result((folder / step.text[3:]).resolve(), 0, "")
    if step.text == "dossier serve":
        return serve_once(folder)
    ran = subprocess.run(["bash", "-c", step.line], cwd=folder, env=environment, capture_output=True, text=True,
                         timeout=120)
    return Result(folder, ran.returncode, ran.stdout + ran.stderr)


def source_body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def init_wrote_a_dossier(result: Result) -> None:
    assert "what next:" in result.output
    assert (result.folder / "harbour-fund" / "config.yaml").is_file()


def check_is_clean(result: Result) -> None:
    assert ": 0 errors, 0 warnings" in result.output


def check_asks_for_the_capture_date(result: Result) -> None:
    assert "'captured' must not be empty" in result.output


def add_kept_the_article(result: Result) -> None:
    capture = result.folder / "content/captures/herald-2021-payouts.html"
    assert capture.read_bytes() == (FIXTURES / "tutorial" / "article.html").read_bytes()
    source = result.folder / "content/sources/herald-2021-payouts.txt"
    assert source_body(source) == source_body_in_tutorial()


def source_body_in_tutorial() -> str:
    written = [step for step in tutorial_steps(TUTORIAL.read_text(encoding="utf-8"))
               if isinstance(step, WriteFile) and step.path.startswith("content/sources/")]
    return written[0].content.split("---\n", 2)[2]


def wrote(relative: str) -> Callable[[Result], None]:
    def check(result: Result) -> None:
        assert (result.folder / relative).is_file()

    return check


def claim_added(claim_id: str) -> Callable[[Result], None]:
    def check(result: Result) -> None:
        assert f"added claim '{claim_id}'" in result.output
        claims = yaml.safe_load((result.folder / "content/claims/herald-2021-payouts.yaml").read_text())
        assert claim_id in [claim["id"] for claim in claims]

    return check


def home_page_served(result: Result) -> None:
    assert "<title>Harbour Fund" in result.output


def git_succeeded(result: Result) -> None:
    assert (result.folder / ".git").is_dir()


def diff_shows_the_new_value(result: Result) -> None:
    assert "**value**: 4\\.2 million euros → **about 4\\.2 million euros**" in result.output


def built_person_page_shows_the_claims(result: Result) -> None:
    page = html.unescape((result.folder / "site/people/ana-lind/index.html").read_text(encoding="utf-8"))
    for claim in yaml.safe_load((result.folder / "content/claims/herald-2021-payouts.yaml").read_text()):
        assert " ".join(claim["statement"].split()) in " ".join(page.split())
    assert "about 4.2 million euros" in page


CHECKS: dict[str, list[Callable[[Result], None]]] = {
    'dossier init harbour-fund --title "Harbour Fund"': [init_wrote_a_dossier],
    "cd harbour-fund": [wrote("config.yaml")],
    "dossier check": [check_is_clean, check_asks_for_the_capture_date, check_is_clean],
    "dossier add ../article.html --id herald-2021-payouts": [add_kept_the_article],
    'dossier new person "Ana Lind"': [wrote("content/people/ana-lind.yaml")],
    'dossier new agency "Harbour Fund"': [wrote("content/agencies/harbour-fund.yaml")],
    'dossier new figure "Harbour fund payouts"': [wrote("content/figures/harbour-fund-payouts.yaml")],
    "dossier new claim --source herald-2021-payouts --by ana-lind": [claim_added("herald-2021-payouts-1"),
                                                                     claim_added("herald-2021-payouts-2")],
    "dossier serve": [home_page_served],
    "git init -b main": [git_succeeded],
    "git add .": [git_succeeded],
    'git commit -m "Harbour fund: a source, a person, a figure and two claims"': [git_succeeded],
    "git switch -c payouts-are-approximate": [git_succeeded],
    "dossier diff --format markdown": [diff_shows_the_new_value],
    'git commit -am "The payouts are about 4.2 million euros"': [git_succeeded],
    "git switch main": [git_succeeded],
    "git merge payouts-are-approximate": [git_succeeded],
    "dossier build": [built_person_page_shows_the_claims],
}
"""Each command of the tutorial → the checks of its runs, in order (one per time it appears)."""


def test_every_command_of_the_tutorial_has_a_check_for_each_time_it_runs() -> None:
    commands = [step.text for step in tutorial_steps(TUTORIAL.read_text(encoding="utf-8"))
                if isinstance(step, Command)]
    assert {text: commands.count(text) for text in commands} == {text: len(checks) for text, checks in CHECKS.items()}


def test_the_tutorial_runs_from_init_to_publishing(tmp_path: Path) -> None:
    assert DOSSIER.is_file(), f"the tutorial runs `dossier` as a curator does: {DOSSIER} is installed by dev.py"
    (tmp_path / "article.html").write_bytes((FIXTURES / "tutorial" / "article.html").read_bytes())
    environment, folder = curator_environment(tmp_path), tmp_path
    remaining = {text: list(checks) for text, checks in CHECKS.items()}
    printed = ""
    for step in tutorial_steps(TUTORIAL.read_text(encoding="utf-8")):
        if isinstance(step, WriteFile):
            (folder / step.path).write_text(step.content, encoding="utf-8")
            continue
        if isinstance(step, Shown):
            assert [line for line in step.stable_lines() if line not in printed] == [], printed
            continue
        result = run_command(step, folder, environment)
        assert result.code == step.code, f"{step.line}\n{result.output}"
        remaining[step.text].pop(0)(result)
        folder, printed = result.folder, printed + result.output
    assert not any(remaining.values())
    final = run_command(command("dossier check --strict"), folder, environment)
    assert final.code == 0, final.output
    check_is_clean(final)
