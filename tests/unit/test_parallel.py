"""Work split over forked processes (generator/output/parallel.py): results come back in share
order, pickled into the pipe as they are made; a failure is the parent's to report."""

from __future__ import annotations

import threading

import pytest

from generator.output import parallel


def test_each_share_is_worked_in_a_process_of_its_own_and_the_results_come_back_in_order():
    results = parallel.fork_map(lambda share: [item * 2 for item in share] + ["x" * 3_000_000], list(range(7)), 3)
    assert [result[:-1] for result in results] == [[0, 6, 12], [2, 8], [4, 10]]
    assert all(result[-1] == "x" * 3_000_000 for result in results)


def test_a_passed_on_exception_is_raised_again_as_itself():
    def refuse(share):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        parallel.fork_map(refuse, [1, 2], 2, passed_on=(OSError,))


def test_an_os_error_in_a_worker_is_raised_again_as_itself_as_it_would_be_here():
    """The machine refusing something in a worker (a failing disk) is reported as it is in the main
    process, with its path and reason (cli._system_error), not as a bug."""
    def unreadable(share):
        raise FileNotFoundError(2, "No such file or directory", "/gone/text")

    with pytest.raises(FileNotFoundError) as raised:
        parallel.fork_map(unreadable, [1, 2], 2)
    assert raised.value.filename == "/gone/text" and raised.value.errno == 2


def test_a_bug_in_a_worker_comes_back_as_one_line_with_its_traceback_kept():
    with pytest.raises(parallel.WorkerError, match="^ZeroDivisionError: division by zero$") as raised:
        parallel.fork_map(lambda share: 1 / 0, [1, 2], 2)
    assert raised.value.trace.startswith("Traceback") and "1 / 0" in raised.value.trace


def test_a_result_that_cannot_be_pickled_is_a_worker_that_died_and_its_traceback_is_printed(capfd):
    with pytest.raises(parallel.WorkerError, match="a worker process died"):
        parallel.fork_map(lambda share: ["x" * 3_000_000, threading.Lock()], [1, 2], 2)
    assert "cannot pickle" in capfd.readouterr().err
