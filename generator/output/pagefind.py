"""Pagefind's indexer, driven directly: records in, a search bundle's files (path → bytes) out.

The `pagefind` package ships the indexer as a binary (`pagefind_bin`) and a Python client for its
service mode (`pagefind --service`: base64 JSON messages, each ended by a comma, on stdin and
stdout). That client sleeps 0.1 s before reading each reply, so 10,000 records take 17 minutes;
this module speaks the same protocol with the requests written by a thread of their own while the
replies are read, so the records stream in as fast as the indexer takes them (docs/search.md).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from generator.site.search_records import SearchRecord

LANGUAGE = "en"
"""Pagefind's stemming language for every record: one index, whatever the sources' languages (a
record in another language is still found by its exact words)."""


REPLY_TIMEOUT = 300.0
"""Seconds the indexer may take to answer one request (writing a big bundle takes tens of seconds)."""


class SearchIndexError(Exception):
    """The indexer failed or could not be started; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Indexed:
    """What an indexing run cost: the records it took, and the indexer's peak memory (bytes; None
    where the system does not say)."""

    records: int
    peak_memory: int | None


def executable() -> Path:
    """The indexer shipped by the `pagefind-bin` package (or `PAGEFIND_BINARY_PATH`)."""
    from pagefind.service import get_executable  # the package's own lookup, so its documented override works

    found = get_executable()
    if found is None:
        raise SearchIndexError("the Pagefind binary is missing: reinstall dossier (pip install pagefind-bin)")
    return found


def index_bundle(records: Iterable[SearchRecord],
                 writing: contextlib.AbstractContextManager[object] | None = None) -> tuple[dict[str, bytes], Indexed]:
    """Index `records`: the bundle's files (path in the bundle → bytes), as the indexer sent them.
    Pagefind needs several times more memory while it makes its files than while it takes records
    in: `writing` is held meanwhile, so that bundles indexed side by side can take turns for that part.
    The files are asked for (`GetFiles`) rather than written by Pagefind (`WriteFiles`), which answers
    before its writes are done and exits without finishing them when its input ends."""
    with _Service(executable()) as service:
        index_id = service.request({"type": "NewIndex", "config": {"force_language": LANGUAGE}})["index_id"]
        count = service.stream(_add_page(record, index_id) for record in records)
        with writing or contextlib.nullcontext():
            files = service.request({"type": "GetFiles", "index_id": index_id}).get("files") or []
            peak = service.peak_memory()
    return {_inside(file["path"]): base64.b64decode(file["content"]) for file in files}, Indexed(count, peak)


def _inside(path: str) -> str:
    """A file's path in the bundle, as Pagefind names it; never one outside the bundle's folder."""
    relative = PurePosixPath(path.replace("\\", "/"))
    if ":" in path or relative.is_absolute() or ".." in relative.parts or not relative.parts:
        # ":" is a drive on Windows (`C:x`, `C:\\x`); no name of Pagefind's holds one
        raise SearchIndexError(f"the Pagefind indexer named a file outside its folder: {path}")
    return relative.as_posix()


def _add_page(record: SearchRecord, index_id: int) -> dict[str, Any]:
    """The request adding one record, as a small HTML page (Pagefind reads its sections from headings
    with an id): its title, its text, its filters and what a result shows of it (`meta`)."""
    return {"type": "AddFile", "index_id": index_id, "url": record.url, "file_path": None,
            "file_contents": page_html(record)}


def page_html(record: SearchRecord) -> str:
    """`<h1>` title (Pagefind's result title), the text in paragraphs, each section under an `<h2>`
    whose id makes it a sub-result, and the filters and meta as attributes (docs/search.md)."""
    tags = [_tag("filter", "kind", record.kind.name), *(_tag("filter", name, value)
                                                        for name, values in record.filters.items() for value in values),
            _tag("meta", "kind", record.kind.name), *([_tag("meta", "date", record.date)] if record.date else [])]
    parts = [f"<html lang=\"{LANGUAGE}\"><body>", f"<h1>{escape(record.title)}</h1>",
             _paragraphs(record.lead) + _paragraphs(str(record.content)), *tags]
    for section in record.sections:
        parts += [f'<h2 id="{escape(section.anchor)}">{escape(section.title)}</h2>', _paragraphs(section.text)]
    parts.append("</body></html>")
    return "\n".join(parts)


def _tag(what: str, name: str, value: str) -> str:
    return f'<span data-pagefind-{what}="{name}[data-value]" data-value="{escape(value)}"></span>'


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line.strip())


class _Service:
    """One `pagefind --service` process: requests written, replies read, in order of message id."""

    def __init__(self, binary: Path) -> None:
        try:
            self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
        except OSError as error:
            raise SearchIndexError(f"cannot run the Pagefind binary {binary}: {error.strerror}") from None
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.replies = _replies(self.process.stdout)
        self.last_id = 0
        self.silent = threading.Event()
        self.answered = time.monotonic()
        self.done = threading.Event()
        threading.Thread(target=self._watch, name="pagefind-watchdog", daemon=True).start()

    def __enter__(self) -> _Service:
        return self

    def _watch(self) -> None:
        """Stop an indexer that has not answered for REPLY_TIMEOUT seconds: the build then fails
        with a message, rather than waiting forever."""
        while not self.done.wait(1.0):
            if time.monotonic() - self.answered > REPLY_TIMEOUT:
                self.silent.set()
                self.process.kill()
                return

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):  # closing flushes: the indexer may be gone
                    stream.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _send(self, payload: dict[str, Any]) -> None:
        self.last_id += 1
        message = json.dumps({"message_id": self.last_id, "payload": payload}, ensure_ascii=False)
        self.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its reply."""
        try:
            self._send(payload)
            self.stdin.flush()
        except OSError:
            raise SearchIndexError(self._died()) from None
        return self._reply()

    def stream(self, payloads: Iterable[dict[str, Any]]) -> int:
        """Send many requests at once (a thread writes while the replies are read, so neither
        pipe fills up); the number sent, once every reply has come."""
        sent = [0]
        failure: list[BaseException] = []

        def write() -> None:
            try:
                for payload in payloads:
                    self._send(payload)
                    sent[0] += 1
                self.stdin.flush()
            except BaseException as error:  # a closed pipe, or a record that cannot be serialised
                failure.append(error)

        first = self.last_id
        writer = threading.Thread(target=write, name="pagefind-writer", daemon=True)
        writer.start()
        received = 0
        while writer.is_alive() or received < sent[0]:
            if received == sent[0]:
                writer.join(0.005)
                continue
            self._reply()
            received += 1
        writer.join()
        if failure:
            raise SearchIndexError(self._died() if isinstance(failure[0], OSError) else f"cannot index: {failure[0]}")
        assert self.last_id == first + received
        return received

    def _reply(self) -> dict[str, Any]:
        try:
            reply = next(self.replies)
        except StopIteration:
            raise SearchIndexError(self._died()) from None
        self.answered = time.monotonic()
        payload: dict[str, Any] = reply.get("payload") or {}
        if payload.get("type") == "Error":
            raise SearchIndexError(f"Pagefind refused a request: {payload.get('message', 'no reason given')}")
        return payload

    def _died(self) -> str:
        if self.silent.is_set():
            return f"the Pagefind indexer did not answer for {REPLY_TIMEOUT:.0f} s and was stopped"
        with contextlib.suppress(subprocess.TimeoutExpired):  # it closed its pipe: it is ending
            self.process.wait(timeout=2)
        code = self.process.poll()
        return f"the Pagefind indexer stopped{f' (exit status {code})' if code is not None else ''}"

    def peak_memory(self) -> int | None:
        """The indexer's peak resident memory so far (Linux's VmHWM), in bytes."""
        try:
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None


def _replies(stdout: IO[bytes]) -> Iterator[dict[str, Any]]:
    """The service's replies: base64 JSON, each ended by a comma (a reply holding a bundle's files
    runs to megabytes: its pieces are joined once, not copied at every read)."""
    reader = cast(io.BufferedReader, stdout)
    pieces: list[bytes] = []
    while chunk := reader.read1(1 << 16):
        while (comma := chunk.find(b",")) != -1:
            message = b"".join([*pieces, chunk[:comma]])
            pieces, chunk = [], chunk[comma + 1:]
            if message.strip():
                yield json.loads(base64.b64decode(message))
        if chunk:
            pieces.append(chunk)
