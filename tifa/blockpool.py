"""One big text file on several cores: the blocks of `tifa.extract.blocks` in a process pool.

`tifa.executors` maps whole files; a build of one file would use one core. Here the file is
read in this process (its whole-file decisions), and its blocks (excerpts, concept counts)
go to `workers` processes through `LocalProcesses.apply` (started as
`executors.START_METHOD` says), the job with them once per pool, not with each block; each
worker uses the job's concept counter (forked workers inherit it, built here first).
Results come back in block order, so the output is the one-process output, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tifa.executors import START_METHOD, FileJob, LocalProcesses, job_counter


def run_block(payload: Any, task: tuple[str, FileJob]) -> Any:
    """Return one block's result for `task` (kind, job): its excerpts ("read") or its
    texts' concept counts."""
    from tifa.extract.blocks import read_block

    kind, job = task
    if kind == "read":
        return read_block(payload)
    counter = job_counter(job)
    if counter is None:
        raise ValueError("no concept counter to count with")
    return [counter(t) for t in payload]


@contextmanager
def block_pool(job: FileJob, workers: int, start: str = START_METHOD
               ) -> Iterator[Any]:
    """Yield a `BlockMap` that runs blocks on `workers` processes (a pool per call of the
    map); a worker that dies raises `WorkerCrashed`."""
    if start == "fork":
        import tifa.extract.blocks  # noqa: F401  (imported once, inherited by the workers)

        job_counter(job)
    pool = LocalProcesses(workers, start)

    def run(kind: str, payloads: Sequence[Any]) -> Iterable[Any]:
        return pool.apply(run_block, list(payloads), (kind, job))

    yield run
