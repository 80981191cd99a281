"""Run one function in a forked worker process while the caller goes on; collect its result.

`Forked(fn)` starts `fn()` in a child made by fork (Linux), which sees the caller's memory as
it was (the graph is not pickled, only the result is sent back); `result()` waits for it and
returns its value, or raises the exception it raised (an `OSError` arrives with its errno and
file name, so the CLI reports it as it would in-process). Where processes are not forked
(macOS, Windows: a spawned process would import tifa anew) or `fork=False`, `fn` runs in the
calling process when `result` is asked for; a worker that dies is replaced the same way. The
build's figures (`tifa.graph.figure_job`), its GEXF files and graph.json (`Build.write`) run
this way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from tifa.collector import frozen_heap

T = TypeVar("T")

FORK = sys.platform == "linux"
"""Whether work is forked by default (fork is unsafe on macOS and absent on Windows)."""


def _run_in_child(send: Any, fn: Callable[[], object]) -> None:
    """The worker's body: send ("ok", fn()) or ("error", the exception fn raised)."""
    try:
        reply: tuple[str, object] = ("ok", fn())
    except Exception as e:  # handed to the caller, which raises it
        reply = ("error", e)
    try:
        send.send(reply)
    except Exception as e:  # a result or an exception that does not pickle
        send.send(("error", RuntimeError(f"a forked worker failed: {e}")))
    finally:
        send.close()


class Forked(Generic[T]):
    """`fn()` running in a forked worker when `fork`, its value collected by `result`."""

    def __init__(self, fn: Callable[[], T], *, fork: bool = FORK) -> None:
        self.fn = fn
        self._worker: Any = None
        self._conn: Any = None
        if fork:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._conn, send = context.Pipe(duplex=False)
            self._worker = context.Process(target=_run_in_child, args=(send, fn), daemon=True)
            with frozen_heap():
                self._worker.start()
            send.close()

    def result(self) -> T:
        """Return `fn()`'s value (waiting for the worker), or raise what it raised."""
        if self._worker is not None:
            try:
                status, value = self._conn.recv()
            except (EOFError, OSError):  # the worker died: run here instead
                status, value = "lost", None
            finally:
                self._conn.close()
                self._worker.join()
                self._worker = None
            if status == "error":
                assert isinstance(value, BaseException)
                raise value
            if status == "ok":
                return value
        return self.fn()
