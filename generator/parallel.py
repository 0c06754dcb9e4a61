"""Work split over forked processes: each child runs a function on its share and sends the result
back through a pipe. Fork, not spawn: children start with the parent's data (the dossier, its links,
the templates) without pickling it. Used for full builds only, never inside the preview server,
whose threads must not be forked."""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerError(Exception):
    """A child process failed in a way its function did not report (a bug): carries its traceback."""


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def fork_map(function: Callable[[Sequence[Item]], Result], items: Sequence[Item], processes: int) -> list[Result]:
    """`function` applied to `processes` interleaved shares of `items`, one share per child process,
    results in share order. With one process (or no fork), it runs here."""
    shares = [items[index::processes] for index in range(processes)]
    if processes <= 1 or not hasattr(os, "fork"):
        return [function(share) for share in shares]
    children = []
    for share in shares:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
            os.close(reader)
            gc.disable()
            try:
                message = pickle.dumps(("ok", function(share)), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - whatever happened is reported to the parent
                message = pickle.dumps(("error", traceback.format_exc()))
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(message)
            os._exit(0)
        os.close(writer)
        children.append((pid, reader))
    replies = []
    for pid, reader in children:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        replies.append(pickle.loads(data) if data else ("error", "a worker process died"))
    for status, value in replies:
        if status != "ok":
            raise WorkerError(value)
    return [value for _, value in replies]
