#!/usr/bin/env python3
"""Save-to-page latency of `dossier serve`, per kind of edit: `python bench/edit_reload.py DOSSIER [--edits 3]`.

Starts the real preview server (`dossier serve`, a subprocess on a free port of 127.0.0.1) on a copy
of DOSSIER, waits until it serves and has made its search index, connects to its live-reload socket
as a browser would, then, for each kind of edit, saves a file as editors do (a temporary file
renamed over it; a delete is an unlink) and asks the affected page over HTTP every 5 ms until its
body shows the change (a deleted record: until its page answers 404). Each kind is edited `--edits`
times, each time a real change (a new value, a new marker word). The kinds (docs/performance.md):

    claim          a claim's value (the claim's page shows it)
    person         a person's description (the person's page)
    agency         an agency's description (the agency's page)
    figure         a figure's name (the figure's page)
    source text    a word added at the start of a source's text (the source's page)
    new source     a new source and a claims file of three claims quoting it (the source's page
                   lists the three claims)
    deleted claim  a claim nobody refers to removed from its claims file (its page answers 404;
                   put back before the next edit)
    deleted figure a figure nobody refers to deleted (its page answers 404; the figure is added,
                   and served, before each delete)
    deleted person the same with a person: its name is one that mentions link, so the set of names
                   changes

For each kind: the median of the edits of the time from the save to the page showing the change
("page", ms) and to the live-reload message ("reload", ms). The time covers noticing the save, the
rebuild, the writes, and whatever else the server does before it answers.

From Python: `measure_edits(dossier, edits)` returns {kind: {"page": ms, "reload": ms}}; `table()`
formats it as a markdown table (what the command prints, after the JSON).
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

POLL = 0.005
"""Seconds between two requests for the page that should show the change."""
TIMEOUT = 900.0
"""Seconds an edit may take to show before the benchmark gives up (a request waits while the
server rebuilds: a change of the names mentions link renders every page again)."""
PAUSE = 1.0
"""Seconds between the end of one edit and the next save (a user does not save twice at once)."""


@dataclass(frozen=True, slots=True)
class Probe:
    """What shows that an edit is served: the page to ask for and the test of its answer."""

    url: str
    shows: Callable[[int, str], bool]


def contains(url: str, text: str) -> Probe:
    return Probe(url, lambda status, body: status == 200 and text in body)


def gone(url: str) -> Probe:
    return Probe(url, lambda status, body: status == 404)


def save(path: Path, text: str) -> None:
    """Save as editors do: a temporary file renamed over the file."""
    temporary = path.with_name(f".{path.name}.save~")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class Server:
    """`dossier serve` in a subprocess, its output read in a thread, and its live-reload messages
    (each one's arrival time) in another."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.reloads: list[float] = []
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(self.port)],
                                        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        threading.Thread(target=self._read_output, daemon=True).start()

    def _read_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, start: str | tuple[str, ...], after: int = 0, timeout: float = 1800.0) -> int:
        """The index of the first output line from `after` on that starts with `start` (or one of them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index in range(after, len(self.lines)):
                if self.lines[index].startswith(start):
                    return index
            if self.process.poll() is not None:
                raise SystemExit("dossier serve stopped:\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.05)
        raise SystemExit(f"dossier serve never said {start!r}:\n" + "\n".join(self.lines[-20:]))

    def listen_for_reloads(self) -> None:
        """A live-reload client in a thread of its own, as a browser's page is."""
        ready = threading.Event()
        threading.Thread(target=self._listen, args=(ready,), daemon=True).start()
        if not ready.wait(30):
            raise SystemExit("could not connect to the live-reload socket")

    def _listen(self, ready: threading.Event) -> None:
        import asyncio

        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        async def listen() -> None:
            origin = f"http://127.0.0.1:{self.port}"
            socket_ = await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{self.port}/livereload",
                                                          headers={"Origin": origin}))
            await socket_.write_message(json.dumps({"command": "hello",
                                                    "protocols": ["http://livereload.com/protocols/official-7"]}))
            await socket_.read_message()
            await socket_.write_message(json.dumps({"command": "info", "url": origin + "/"}))
            ready.set()
            while (message := await socket_.read_message()) is not None:
                if json.loads(message).get("command") == "reload":
                    self.reloads.append(time.perf_counter())

        asyncio.run(listen())

    def get(self, url: str) -> tuple[int, str]:
        """The status and body of a page (one connection kept alive, opened again when it drops)."""
        for attempt in range(2):
            try:
                self.connection.request("GET", url)
                response = self.connection.getresponse()
                return response.status, response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                self.connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def wait_until(self, probe: Probe, saved: float) -> float:
        """Seconds from `saved` until the page shows what `probe` looks for."""
        while time.perf_counter() - saved < TIMEOUT:
            try:
                status, body = self.get(probe.url)
            except (OSError, http.client.HTTPException):  # the server was too busy to answer in time
                if self.process.poll() is not None:
                    raise SystemExit(f"the server stopped (exit {self.process.returncode}):\n"
                                     + "\n".join(self.lines[-20:])) from None
                continue
            if probe.shows(status, body):
                return time.perf_counter() - saved
            time.sleep(POLL)
        raise SystemExit(f"{probe.url} never showed the edit:\n" + "\n".join(self.lines[-20:]))

    def reload_after(self, saved: float) -> float:
        """Seconds from `saved` to the last reload message received since (NaN: none yet)."""
        later = [moment for moment in self.reloads if moment >= saved]
        return later[-1] - saved if later else float("nan")

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Dossier:
    """The edits of each kind on a copy of a dossier: each a function of the edit's number that
    saves the change and says how to see it served (`setup` edits, if any, are made and waited for
    before, untimed)."""

    def __init__(self, root: Path) -> None:
        self.content = root / "content"

    def first(self, folder: str, pattern: str) -> tuple[Path, re.Match[str]]:
        """The first file of a content folder (in name order) where `pattern` matches."""
        for path in sorted((self.content / folder).iterdir()):
            if path.is_file() and (match := re.search(pattern, path.read_text(encoding="utf-8"), re.MULTILINE)):
                return path, match
        raise SystemExit(f"nothing matches {pattern!r} in {self.content / folder}")

    def replaced(self, path: Path, match: re.Match[str], text: str) -> None:
        """Save `path` with the span of `match` (in its text as it was read) replaced by `text`."""
        original = path.read_text(encoding="utf-8")
        save(path, original[:match.start()] + text + original[match.end():])

    def claim_value(self) -> Callable[[int], Probe]:
        path, match = self.first("claims", r"^- id: (\S+)\n(?:  .*\n)*?  value: (\d+)$")
        claim_id, value = match[1], int(match[2])
        start = match.start(2)

        def edit(step: int) -> Probe:
            new, old = (value + 1, value) if step % 2 == 0 else (value, value + 1)
            text = path.read_text(encoding="utf-8")
            save(path, text[:start] + str(new) + text[start + len(str(old)):])
            return Probe(f"/claims/{claim_id}/", lambda status, body: status == 200 and bool(
                re.search(rf"<dt>Value</dt><dd><strong>[^<]*\b{new}\b", body)))
        return edit

    def description(self, folder: str, section: str) -> Callable[[int], Probe]:
        path, match = self.first(folder, r"^description: (.+)$")
        record_id = path.stem

        def edit(step: int) -> Probe:
            self.replaced(path, self.first_in(path, r"^description: (.+)$"), f"description: Changed {step}. {match[1]}")
            return contains(f"/{section}/{record_id}/", f"Changed {step}.")
        return edit

    def figure_name(self) -> Callable[[int], Probe]:
        path, match = self.first("figures", r"^name: (.+)$")

        def edit(step: int) -> Probe:
            self.replaced(path, self.first_in(path, r"^name: (.+)$"), f"name: {match[1]} (renamed {step})")
            return contains(f"/figures/{path.stem}/", f"(renamed {step})")
        return edit

    def source_text(self) -> Callable[[int], Probe]:
        path, _ = self.first("sources", r"^---$")
        original = path.read_text(encoding="utf-8")
        body = original.index("\n---\n") + len("\n---\n")

        def edit(step: int) -> Probe:
            save(path, f"{original[:body]}Zqx{step}word {original[body:]}")
            return contains(f"/sources/{path.stem}/", f"Zqx{step}word")
        return edit

    def new_source(self) -> Callable[[int], Probe]:
        person = sorted((self.content / "people").glob("*.yaml"))[0].stem
        agency = sorted((self.content / "agencies").glob("*.yaml"))[0].stem

        def edit(step: int) -> Probe:
            source_id = f"bench-new-{step}"
            sentences = [f"Bench sentence {n} of new source {step} reports {word} events." for n, word in
                         enumerate(("several", "many", "few"))]
            save(self.content / "sources" / f"{source_id}.txt",
                 f"---\ntitle: Bench report {step}\npublisher: Bench Agency\ndate: 2020-01-0{step % 9 + 1}\n"
                 f"url: https://example.org/bench/{step}\nkind: news\n---\n" + " ".join(sentences) + "\n")
            save(self.content / "claims" / f"{source_id}.yaml", "".join(
                f"- id: {source_id}-{n}\n  statement: '{sentence}'\n  by: {person}\n  about: [{agency}]\n"
                f"  date: 2020-01-01\n  citations:\n    - source: {source_id}\n      quote: '{sentence[:-1]}'\n\n"
                for n, sentence in enumerate(sentences)))
            return Probe(f"/sources/{source_id}/", lambda status, body: status == 200 and all(
                f"claims/{source_id}-{n}/" in body for n in range(3)))
        return edit

    def deleted_claim(self) -> tuple[Callable[[int], Probe], Callable[[int], Probe]]:
        """(put the claim back, delete it): the last claim of the last claims file that no record
        names."""
        path = sorted((self.content / "claims").glob("*.yaml"))[-1]
        original = path.read_text(encoding="utf-8")
        block_start = original.rindex("\n- id: ") + 1
        claim_id = original[block_start:].split("\n", 1)[0].removeprefix("- id: ")
        named = re.compile(rf"\b{re.escape(claim_id)}\b")
        if any(len(named.findall(other.read_text(encoding="utf-8"))) > (other == path)
               for other in (self.content / "claims").glob("*.yaml")):
            raise SystemExit(f"{claim_id} is named by another claim: pick another")

        def restore(step: int) -> Probe:
            save(path, original)
            return contains(f"/claims/{claim_id}/", claim_id)

        def delete(step: int) -> Probe:
            save(path, original[:block_start].rstrip("\n") + "\n")
            return gone(f"/claims/{claim_id}/")
        return restore, delete

    def deleted_record(self, folder: str, section: str, text: str) -> tuple[Callable[[int], Probe],
                                                                            Callable[[int], Probe]]:
        """(add a record nobody names, delete it): a file of `folder` holding `text` (whose name,
        with the edit's number, its page shows)."""
        def path(step: int) -> Path:
            return self.content / folder / f"bench-ghost-{step}.yaml"

        def add(step: int) -> Probe:
            save(path(step), text.format(step=step))
            return contains(f"/{section}/{path(step).stem}/", f"Ghost {step}")

        def delete(step: int) -> Probe:
            path(step).unlink()
            return gone(f"/{section}/{path(step).stem}/")
        return add, delete

    @staticmethod
    def first_in(path: Path, pattern: str) -> re.Match[str]:
        match = re.search(pattern, path.read_text(encoding="utf-8"), re.MULTILINE)
        assert match, f"no {pattern!r} in {path}"
        return match

    def kinds(self) -> Iterator[tuple[str, Callable[[int], Probe] | None, Callable[[int], Probe]]]:
        """(kind, untimed edit before each timed one or None, timed edit)."""
        yield "claim", None, self.claim_value()
        yield "person", None, self.description("people", "people")
        yield "agency", None, self.description("agencies", "agencies")
        yield "figure", None, self.figure_name()
        yield "source text", None, self.source_text()
        yield "new source", None, self.new_source()
        yield "deleted claim", *self.deleted_claim()
        yield "deleted figure", *self.deleted_record("figures", "figures", "name: Ghost {step}\nunit: people\n")
        yield "deleted person", *self.deleted_record("people", "people", "name: Ghost {step} Benchperson\n")


def measure_edits(dossier: Path, edits: int = 3, pause: float = PAUSE,
                  progress: Callable[[str], None] = lambda line: None,
                  kinds: Collection[str] | None = None, saved: bool = False) -> dict[str, dict[str, float]]:
    """Per kind of edit (`kinds`, None: all), the median over `edits` edits of the ms from save to
    the page served with the change ("page") and to the live-reload message ("reload"), through
    `dossier serve` run on a copy of `dossier` (its site and cache left out: the server builds
    afresh; `saved`: copied too, so that the server starts from the site the last build saved)."""
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "dossier"
        left_out = (".git",) if saved else ("site", ".dossier-cache", ".git")
        shutil.copytree(dossier, root, ignore=shutil.ignore_patterns(*left_out))
        server = Server(root)
        try:
            serving = server.wait_for_line("serving")
            # a saved site taken over says it is ready; one refused is built afresh, then indexed
            server.wait_for_line(("ready to rebuild on save", "search index:") if saved else "search index:", serving)
            server.listen_for_reloads()
            return {kind: _timed(server, setup, edit, edits, pause, functools.partial(_named, progress, kind))
                    for kind, setup, edit in Dossier(root).kinds() if kinds is None or kind in kinds}
        finally:
            server.stop()


def _named(progress: Callable[[str], None], kind: str, line: str) -> None:
    progress(f"{kind}: {line}")


def _timed(server: Server, setup: Callable[[int], Probe] | None, edit: Callable[[int], Probe], edits: int,
           pause: float, progress: Callable[[str], None]) -> dict[str, float]:
    pages, reloads = [], []
    for step in range(edits):
        if setup is not None:
            server.wait_until(setup(step), time.perf_counter())
            time.sleep(pause)
        saved = time.perf_counter()
        pages.append(server.wait_until(edit(step), saved))
        time.sleep(pause)
        reloads.append(server.reload_after(saved))
        progress(f"page {pages[-1] * 1000:.0f} ms, reload {reloads[-1] * 1000:.0f} ms")
    return {"page": round(statistics.median(pages) * 1000, 1), "reload": round(statistics.median(reloads) * 1000, 1)}


def table(result: dict[str, dict[str, float]]) -> str:
    """The result as a markdown table."""
    lines = ["| edit | save → page (ms) | save → reload message (ms) |", "|---|---:|---:|"]
    lines += [f"| {kind} | {times['page']:.0f} | {times['reload']:.0f} |" for kind, times in result.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind (the median is reported)")
    parser.add_argument("--pause", type=float, default=PAUSE, help="seconds between two edits")
    parser.add_argument("--kinds", help="the kinds to measure, comma-separated (default: all)")
    parser.add_argument("--saved", action="store_true",
                        help="copy the dossier's site and cache too: the server starts from the saved site")
    args = parser.parse_args()
    kinds = args.kinds.split(",") if args.kinds else None
    result = measure_edits(args.dossier, args.edits, args.pause, lambda line: print(line, file=sys.stderr), kinds,
                           args.saved)
    print(json.dumps(result))
    print(table(result))


if __name__ == "__main__":
    main()
