"""One big text file on several cores: the blocks of `tifa.extract.blocks` in a process pool.

`tifa.executors` maps whole files; a build of one file would use one core. Here the file is
read in this process (its whole-file decisions), and its blocks (excerpts, concept counts)
go to a pool of `workers` processes started as `executors.START_METHOD` says; each worker
builds the job's concept counter once (forked workers inherit it). Results come back in
block order, so the output is the one-process output, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from tifa.executors import START_METHOD, FileJob, WorkerCrashed, _counter


def run_block(kind: str, job: FileJob, payload: Any) -> Any:
    """Return one block's result: its excerpts ("read") or its texts' concept counts."""
    from tifa.extract.blocks import read_block

    if kind == "read":
        return read_block(payload)
    counter = _counter(job)
    if counter is None:
        raise ValueError("no concept counter to count with")
    return [counter(t) for t in payload]


@contextmanager
def block_pool(job: FileJob, workers: int, start: str = START_METHOD
               ) -> Iterator[Any]:
    """Yield a `BlockMap` that runs blocks in a pool of `workers` processes; a worker that
    dies raises `WorkerCrashed`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if start == "fork":
        import tifa.extract.blocks  # noqa: F401  (imported once, inherited by the workers)

        _counter(job)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start))

    def run(kind: str, payloads: Sequence[Any]) -> Iterable[Any]:
        try:
            return list(pool.map(partial(run_block, kind, job), payloads))
        except BrokenProcessPool:
            raise WorkerCrashed("a worker process died (killed or out of memory) while "
                                "reading a block of a big file; run again with fewer jobs"
                                ) from None

    try:
        yield run
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
