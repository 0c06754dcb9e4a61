"""Work split over forked processes: each child runs a function on its share and sends the result
back through a pipe. Fork, not spawn: children start with the parent's data (the dossier, its links,
the templates) without pickling it. Used for full builds only, never inside the preview server,
whose threads must not be forked."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import os
import pickle
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, Generic, NoReturn, TypeVar, cast

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerError(Exception):
    """A child process failed in a way its function did not report (a bug). Its message is one line,
    the exception the child raised; `trace` is the child's whole traceback, for DOSSIER_DEBUG."""

    def __init__(self, trace: str) -> None:
        lines = [line for line in trace.splitlines() if line.strip()]
        super().__init__(lines[-1] if lines else trace)
        self.trace = trace


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def forks() -> bool:
    """Whether fork_map runs the shares in processes of their own (where the system can fork)."""
    return hasattr(os, "fork")


def spread(one_shot: bool) -> Callable[..., list[Any]] | None:
    """`fork_map` on every core, for a one-shot build, which reads, checks and links on every core;
    None for a kept Builder (the preview's, whose threads must not be forked), which does it here."""
    return functools.partial(fork_map, processes=workers()) if one_shot else None


def fork_map(function: Callable[[Sequence[Item]], Result], items: Sequence[Item], processes: int,
             passed_on: tuple[type[Exception], ...] = (), meanwhile: Callable[[], object] = lambda: None
             ) -> list[Result]:
    """`function` applied to `processes` interleaved shares of `items`, one share per child process,
    results in share order. With one process (or no fork), it runs here. An exception of a
    `passed_on` type (one the caller handles) is raised again here as itself, and so is an OSError
    (the machine refused something: a full disk, a failing one), as it would be had the share run
    here; any other is a bug, raised here as WorkerError with the child's traceback.

    `meanwhile()` runs here while the children work (before the shares, when there are none), so
    that work which does not need their results fills the time this process would spend waiting;
    the children are forked before it runs, so it may start threads."""
    shares = [items[index::processes] for index in range(processes)]
    if processes <= 1 or not forks():
        meanwhile()
        return [function(share) for share in shares]
    _return_free_memory()
    children: list[tuple[int, int]] = []
    for share in shares:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            _child(function, share, passed_on, writer, [reader, *(fd for _, fd in children)])
        os.close(writer)
        children.append((pid, reader))
    try:
        meanwhile()
    except BaseException:
        for pid, reader in children:
            os.close(reader)  # a child still writing gets a broken pipe, and leaves
            os.waitpid(pid, 0)
        raise
    replies: list[tuple[str, Any]] = []
    """("ok", the result), ("raised", an exception of a passed-on type) or ("error", a traceback)."""
    for pid, reader in children:
        with os.fdopen(reader, "rb") as pipe:
            replies.append(_reply(pipe))
        os.waitpid(pid, 0)
    results: list[Result] = []
    for status, value in replies:
        if status == "raised":
            raise value
        if status != "ok":
            raise WorkerError(value)
        results.append(value)
    return results


def _return_free_memory() -> None:
    """Give the memory this process freed back to the system before forking (glibc keeps it
    otherwise), so that no child starts with it counted in its resident size."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _reply(pipe: BinaryIO) -> tuple[str, Any]:
    """A child's reply, unpickled as it is read (a big result is never held twice, as bytes and
    as objects); a child that died before it finished writing sends an incomplete one."""
    collecting = gc.isenabled()
    gc.disable()  # while the reply is awaited and unpickled: objects by the million, no garbage, so the
    # collector's passes would only slow it (docs/performance.md)
    try:
        reply = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError):
        return "error", "a worker process died"
    finally:
        if collecting:
            gc.enable()
    pipe.read()  # to the end, so that the child never waits on a full pipe
    return reply


def _child(function: Callable[[Sequence[Item]], Result], share: Sequence[Item],
           passed_on: tuple[type[Exception], ...], writer: int, not_mine: list[int]) -> NoReturn:
    """Compute, send, and leave without ever running the parent's code (its cleanup, its error
    reporting). When the parent is gone (killed), the pipe is broken: there is nobody to tell, and
    the child leaves quietly."""
    code = 0
    try:
        for fd in not_mine:  # reading ends inherited from the parent: when it dies, no pipe may stay open here
            os.close(fd)
        gc.disable()
        raised_again: tuple[type[Exception], ...] = (OSError, *passed_on)
        with os.fdopen(writer, "wb", buffering=1 << 20) as pipe:
            try:
                result = function(share)
            except raised_again as problem:
                pipe.write(pickle.dumps(("raised", problem)))
            except BaseException:
                pipe.write(pickle.dumps(("error", traceback.format_exc())))
            else:
                _send(("ok", result), pipe)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _send(reply: tuple[str, Any], pipe: BinaryIO) -> None:
    """Pickle a result into the pipe as it is made, rather than whole and then written: a renderer's
    at 10,000 sources is 30 MB, at its peak of memory. One that cannot be pickled (a bug) reaches
    the parent cut short, as from a worker that died: its traceback is printed here."""
    try:
        pickle.dump(reply, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BrokenPipeError:  # the parent is gone: nobody to tell
        raise
    except Exception:
        traceback.print_exc()
        raise


class Background(Generic[Result]):
    """A function run in a thread of its own; `result()` waits for it and returns its value, or
    raises what it raised."""

    def __init__(self, function: Callable[[], Result]) -> None:
        self._function = function
        self._outcome: list[tuple[bool, Any]] = []
        self._thread = threading.Thread(target=self._run, name="dossier-background", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self._outcome.append((True, self._function()))
        except BaseException as problem:  # handed to whoever asks for the result
            self._outcome.append((False, problem))

    def result(self) -> Result:
        self._thread.join()
        ok, value = self._outcome[0]
        if not ok:
            raise value
        return cast(Result, value)

    def finish(self) -> None:
        """Wait for it, if it was started, whatever its outcome (before removing what it writes into)."""
        if self._thread.ident is not None:
            self._thread.join()
