"""Where the per-file part of extraction runs: one interface, three places.

An executor maps `extract_file` over a build's files and yields each file's result in input
order, so the passages, ids and every file written are the same wherever the work ran:

- `Serial()`: this process, one file after another;
- `LocalProcesses(n)`: a pool of n worker processes on this machine (`--jobs N`);
- `Dask(scheduler=…)`: the workers of a Dask cluster (`--executor dask --scheduler ADDRESS`),
  or of a `distributed.LocalCluster` started for the run when no scheduler is given.

What a file's extraction needs besides its path travels as one picklable `FileJob` (the
lexicon's concepts, encoding, genre), sent to each worker once (a local pool's initializer:
inherited when forked; scattered on Dask), never with each task; each worker process builds
its concept counter once per lexicon. A local pool's workers leave their results in a
`Spool` folder, so the pool's pipe carries file names, not passages. Besides files, every
executor can `apply` any module-level function over a list of items with one shared value
(sent once per worker: inherited by forked processes, scattered to Dask workers), results in
input order: what linking's block lookups (`extract/link_parallel.py`) and the partitioned
neo4j-admin CSVs use. `session` keeps one Dask client (and the local cluster it may start)
open for several steps.
`choose_executor` turns the API's and the CLI's options into an executor, and holds the rule
for when a pool is worth starting (`MIN_BYTES_PER_WORKER`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from tifa.collector import frozen_heap
from tifa.errors import ConfigError, TifaError
from tifa.records import Extraction

if TYPE_CHECKING:
    from tifa.extract.lexicon import Concept, Lexicon
    from tifa.extract.pipeline import ConceptCounter, ExtractionFailure

Result = list[Extraction] | list["ExtractionFailure"]
T = TypeVar("T")
R = TypeVar("R")
Task = Callable[[T, Any], R]  # a module-level function of (item, shared value)


class WorkerCrashed(TifaError):
    """A worker process of a parallel extraction died (killed, out of memory): exit code 1."""


class SchedulerUnreachable(TifaError):
    """The Dask scheduler could not be reached (exit code 1, as a failed connection)."""


@dataclass(frozen=True)
class FileJob:
    """What extracting any one file needs besides its path: picklable, sent to the workers.

    `concepts` are the lexicon's concepts (None: no concept marking); a worker builds its
    counter once per distinct `key` (a digest of the concepts)."""

    concepts: tuple[Concept, ...] | None
    encoding: str | None = None
    genre: str | None = None
    key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(repr(self.concepts).encode("utf-8")).hexdigest()[:16]
        object.__setattr__(self, "key", digest)

    @classmethod
    def of(cls, lexicon: Lexicon | None, *, encoding: str | None = None,
           genre: str | None = None) -> FileJob:
        """Return the job for a lexicon (None: concepts not marked)."""
        return cls(lexicon.concepts if lexicon is not None else None, encoding, genre)


_counters: dict[str, ConceptCounter | None] = {}


def quiet_jieba() -> None:
    """Keep jieba's start-up chatter ("Building prefix dict …") off standard error."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def concept_counter(lexicon: Lexicon) -> ConceptCounter:
    """Return the function that counts the lexicon's concepts in a text (no spaCy, no jieba)."""
    from tifa.extract.concepts import concept_counter as counter

    return counter(lexicon)


def job_counter(job: FileJob) -> ConceptCounter | None:
    """Return this process's concept counter for the job's lexicon, built on first use."""
    if job.key not in _counters:
        from tifa.extract.lexicon import Lexicon

        concepts = job.concepts
        _counters[job.key] = concept_counter(Lexicon(concepts)) if concepts is not None else None
    return _counters[job.key]


def extract_one(path: Path, job: FileJob) -> Result:
    """Return `extract_file(path)` with this process's counter for the job's lexicon: the
    function every executor maps (module-level and picklable, so spawn-safe)."""
    from tifa.extract.pipeline import extract_file

    return extract_file(path, encoding=job.encoding, genre=job.genre,  # type: ignore[arg-type]
                        concepts=job_counter(job))


def extract_many(paths: Sequence[Path], job: FileJob) -> list[Result]:
    """Return `extract_one` of each path in order (one task of a process pool or of Dask)."""
    return [extract_one(p, job) for p in paths]


def chunk_size(files: int, workers: int, most: int = 16) -> int:
    """Return how many files one task carries: about four tasks per worker (so a slow file
    does not leave the others idle), at most `most` files (fewer round trips)."""
    return max(1, min(most, files // (workers * 4)))


def apply_chunk(items: Sequence[T], task: Task[T, R], shared: Any) -> list[R]:
    """Return `task(item, shared)` of each item in order (one task of `apply`)."""
    return [task(item, shared) for item in items]


_inherited: Any = None  # the shared value of a local pool's `apply`, set in each worker


def _inherit(shared: Any) -> None:
    global _inherited
    _inherited = shared


def _apply_inherited(task: Task[T, R], items: Sequence[T]) -> list[R]:
    return apply_chunk(items, task, _inherited)


def chunks_of(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    """Return `items` cut into about four runs per worker, in order."""
    size = max(1, -(-len(items) // (workers * 4)))
    return [items[i:i + size] for i in range(0, len(items), size)]


class Executor(Protocol):
    """Runs `extract_one` over files, or any task over items, results in input order."""

    def map(self, files: Sequence[Path], job: FileJob) -> Generator[Result, None, None]: ...

    def apply(self, func: Task[T, R], items: Sequence[T], shared: Any = None) -> list[R]: ...


@dataclass(frozen=True)
class Serial:
    """Every file in this process, one after another."""

    def map(self, files: Sequence[Path], job: FileJob) -> Generator[Result, None, None]:
        """Yield `extract_one` of each file in input order."""
        return (extract_one(f, job) for f in files)

    def apply(self, func: Task[T, R], items: Sequence[T], shared: Any = None) -> list[R]:
        """Return `func(item, shared)` of each item, in order."""
        return apply_chunk(items, func, shared)


@dataclass(frozen=True)
class Spool:
    """A folder where a pool's workers leave their results, one pickle file per part: the
    pool's pipe then carries a file name, so a worker never waits for this process (busy
    with a part of its own) to read its passages off the pipe. Removed on exit."""

    folder: str = field(default_factory=lambda: _mkdtemp("tifa-parts-"))

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)

    def extract(self, paths: Sequence[Path]) -> str:
        """Extract `paths` with the pool's job (a worker's `_inherited`) into a new file of
        the folder: return its name (run in a worker)."""
        import pickle
        import tempfile

        results = extract_many(paths, _inherited)
        with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".pickle",
                                         delete=False) as out:
            pickle.dump(results, out, protocol=pickle.HIGHEST_PROTOCOL)
        return out.name

    def read(self, name: str) -> list[Result]:
        """Return the results a worker left in the file `name`, and remove the file."""
        import pickle

        with open(name, "rb") as f:
            results: list[Result] = pickle.load(f)
        os.unlink(name)
        return results


def _mkdtemp(prefix: str) -> str:
    import tempfile

    return tempfile.mkdtemp(prefix=prefix)


# How worker processes start: forked on Linux (they inherit the imported modules: seconds
# less per pool than spawning, which re-imports spaCy and tifa in each worker), spawned
# elsewhere (fork is unsafe on macOS, absent on Windows). The workers are spawn-safe either
# way: a module-level function and picklable arguments.
START_METHOD = "fork" if sys.platform == "linux" else "spawn"


@dataclass(frozen=True)
class LocalProcesses:
    """`workers` processes on this machine: this one and `workers - 1` in a
    `concurrent.futures` pool, started by `start` ("fork" or "spawn"); a worker that dies
    raises `WorkerCrashed`."""

    workers: int
    start: str = START_METHOD

    def map(self, files: Sequence[Path], job: FileJob) -> Generator[Result, None, None]:
        """Yield `extract_one` of each file in input order. The files go in chunks to the
        pool's workers from the front; whenever the next chunk in order is not ready, this
        process takes the last chunk no worker has started and extracts it itself, so it
        works instead of waiting and only the workers' share is pickled back. The job
        reaches each worker once; a worker's results go through a spool file (`Spool`)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        chunk = chunk_size(len(files), self.workers)
        parts = [files[i:i + chunk] for i in range(0, len(files), chunk)]
        helpers = min(self.workers, len(parts)) - 1
        if helpers < 1:
            yield from Serial().map(files, job)
            return
        if self.start == "fork":  # import once here what every forked worker would import
            from importlib import import_module

            for module in ("tifa.extract.concepts", "tifa.extract.pipeline"):
                import_module(module)
        job_counter(job)  # built before forking: the workers inherit it; this process uses it
        pool = ProcessPoolExecutor(helpers, mp_context=multiprocessing.get_context(self.start),
                                   initializer=_inherit, initargs=(job,))
        read = 0
        finished = False
        with Spool() as spool:
            try:
                with frozen_heap():
                    futures = [pool.submit(spool.extract, parts[0])]  # forks the workers
                for result in _in_order(pool, futures, parts, job, helpers, spool):
                    read += 1
                    if read == len(files):  # the caller may not ask past the last result:
                        finished = True  # join the workers now, not after the run
                        pool.shutdown(wait=True)
                    yield result
            except BrokenProcessPool:
                _unstick(pool)
                raise WorkerCrashed(
                    f"a worker process died (killed or out of memory) after {read} of "
                    f"{len(files)} files, before {files[min(read, len(files) - 1)]}; run "
                    "again with fewer jobs") from None
            finally:
                pool.shutdown(wait=finished, cancel_futures=True)

    def apply(self, func: Task[T, R], items: Sequence[T], shared: Any = None) -> list[R]:
        """Return `func(item, shared)` of each item, in order, computed in the pool; `shared`
        reaches each worker once (inherited when forked, pickled once when spawned)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        workers = min(self.workers, len(items))
        if workers < 2:
            return apply_chunk(items, func, shared)
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(self.start),
                                   initializer=_inherit, initargs=(shared,))
        finished = False
        try:
            futures = [pool.submit(_apply_inherited, func, part)
                       for part in chunks_of(items, workers)]
            out = [r for f in futures for r in _result_or_crash(f, pool)]
            finished = True
            return out
        except BrokenProcessPool:
            _unstick(pool)
            raise WorkerCrashed(f"a worker process died (killed or out of memory) in "
                                f"{getattr(func, '__name__', 'a task')}; run again with fewer "
                                "jobs") from None
        finally:
            pool.shutdown(wait=finished, cancel_futures=True)


def _in_order(pool: Any, futures: list[Any], parts: Sequence[Sequence[Path]], job: FileJob,
              helpers: int, spool: Spool) -> Generator[Result, None, None]:
    """Yield the results of `parts` in order. The pool gets the parts from the front, a few
    ahead of the one this process waits for (`AHEAD` per worker, so a worker never waits for
    this one); while the part in order is not done, this process extracts the last part not
    yet handed out itself. `futures` are those of the first parts, already submitted."""
    own: dict[int, list[Result]] = {}
    last = len(parts)  # parts[last:] are this process's
    for i in range(len(parts)):
        while len(futures) < min(last, i + AHEAD * helpers):
            futures.append(pool.submit(spool.extract, parts[len(futures)]))
        while i < last and len(futures) < last and not futures[i].done():
            last -= 1
            own[last] = extract_many(parts[last], job)
        yield from own.pop(i) if i >= last else spool.read(_result_or_crash(futures[i], pool))


# Parts handed to each pool worker ahead of the one awaited: enough that a worker still has
# one when this process comes back from a part of its own.
AHEAD = 3


def _unstick(pool: Any) -> None:
    """Let a pool whose worker died shut down. A worker killed while sending its result
    leaves the pool's manager thread waiting for the rest of that message for ever (and the
    interpreter waits for that thread at exit): kill the other workers and close this
    process's end of the result pipe, so the manager reads end-of-file and gives up."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with suppress(OSError, ValueError):
            process.kill()
            process.join(5)
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with suppress(OSError):
            writer.close()


def _result_or_crash(future: Any, pool: Any) -> Any:
    """Return the future's result; raise BrokenProcessPool as soon as a worker of `pool` has
    died, even if the executor has not noticed (it may not, and then it waits for ever)."""
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return future.result(timeout=0.5)
        except FutureTimeout:
            processes = dict(getattr(pool, "_processes", None) or {})  # private, stable since 3.3
            if any(p.exitcode not in (None, 0) for p in processes.values()):
                raise BrokenProcessPool("a worker process died") from None


DASK_HINT = "pip install 'tifa[dask]'"


@dataclass(frozen=True)
class Dask:
    """The workers of a Dask cluster: `scheduler` is its address (tcp://host:8786); None
    starts a `distributed.LocalCluster` of `workers` processes for the run (on 127.0.0.1,
    every port chosen by the system, its log quiet but errors); `client` uses a
    `distributed.Client` already open (a notebook's). Files go to the workers by path, in
    tasks: the workers must read them at the same paths (a shared file system, absolute
    paths) and have tifa installed. A task holds up to `chunk` files (fewer
    when there are not four tasks per worker)."""

    scheduler: str | None = None
    workers: int | None = None
    client: Any = None
    chunk: int = 16

    @contextmanager
    def opened(self) -> Iterator[Any]:
        """Yield a client of this executor's cluster: the given one, one connected to
        `scheduler`, or one of a LocalCluster started here (closed on exit)."""
        distributed = _import_distributed()
        if self.client is not None:
            yield self.client
        elif self.scheduler is None:
            with distributed.LocalCluster(
                    n_workers=self.workers or usable_cores(), threads_per_worker=1,
                    processes=True, host="127.0.0.1", dashboard_address=":0",
                    silence_logs=logging.ERROR) as cluster, \
                    distributed.Client(cluster) as client:
                yield client
        else:
            with _connect(distributed, self.scheduler) as client:
                yield client

    def map(self, files: Sequence[Path], job: FileJob) -> Generator[Result, None, None]:
        """Yield `extract_one` of each file in input order, computed on the cluster."""
        with self.opened() as client:
            yield from self._run(client, files, job, _import_distributed())

    def apply(self, func: Task[T, R], items: Sequence[T], shared: Any = None) -> list[R]:
        """Return `func(item, shared)` of each item, in order, computed on the cluster;
        `shared` is scattered to every worker once."""
        from distributed.client import FutureCancelledError

        distributed = _import_distributed()
        if not items:
            return []
        with self.opened() as client:
            value = client.scatter(shared, broadcast=True) if shared is not None else None
            workers = max(1, len(client.scheduler_info().get("workers", ())))
            futures = client.map(apply_chunk, chunks_of(items, workers), task=func,
                                 shared=value, pure=False)
            try:
                return [r for part in client.gather(futures) for r in part]
            except (distributed.KilledWorker, FutureCancelledError, OSError) as exc:
                raise _lost(exc, f"in {getattr(func, '__name__', 'a task')}") from None
            finally:
                client.cancel(futures)

    def _run(self, client: Any, files: Sequence[Path], job: FileJob,
             distributed: Any) -> Generator[Result, None, None]:
        from distributed.client import FutureCancelledError

        shared = client.scatter(job, broadcast=True)
        workers = max(1, len(client.scheduler_info().get("workers", ())))
        size = chunk_size(len(files), workers, self.chunk)
        chunks = [list(files[i:i + size]) for i in range(0, len(files), size)]
        futures = client.map(extract_many, chunks, job=shared, pure=False)
        read = 0
        try:
            for future in futures:
                for result in future.result():
                    read += 1
                    yield result
        except (distributed.KilledWorker, FutureCancelledError, OSError) as exc:
            raise _lost(exc, f"after {read} of {len(files)} files, before "
                             f"{files[min(read, len(files) - 1)]}") from None
        finally:
            client.cancel(futures)


def _lost(exc: BaseException, where: str) -> WorkerCrashed:
    """Return the one-line error for a Dask task lost (`where`: what was running)."""
    return WorkerCrashed(f"a Dask worker died or the cluster went away ({type(exc).__name__}) "
                         f"{where}; run again with more memory per worker")


@contextmanager
def session(executor: Executor) -> Iterator[Executor]:
    """Yield an executor for several steps of one run: a Dask executor's client (and the
    local cluster it may start) opened once, anything else as it is."""
    if isinstance(executor, Dask) and executor.client is None:
        with executor.opened() as client:
            yield Dask(client=client, chunk=executor.chunk)
    else:
        yield executor


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ConfigError(f"the dask executor needs Dask: {DASK_HINT}") from None
    return distributed


def _connect(distributed: Any, address: str) -> Any:
    """Return a Client of the scheduler at `address`, or raise SchedulerUnreachable (waiting
    as long as Dask's `distributed.comm.timeouts.connect`)."""
    try:
        return distributed.Client(address, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(
            f"could not reach the Dask scheduler at {address}: {exc or type(exc).__name__}; "
            "is it running (dask scheduler) and is the address right?") from None
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"bad Dask scheduler address {address!r}: {exc}") from None


def usable_cores() -> int:
    """Return the number of cores this process may run on (its CPU affinity where known)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


# A pool pays for itself only when each worker gets enough text: starting the pool, its
# workers' counters and sending the results back cost about what extracting this many
# bytes costs in one process (measured: docs/scale.md, "When a pool is started").
MIN_BYTES_PER_WORKER = 512 * 1024

EXECUTORS = ("local", "dask")


def choose_executor(files: Sequence[Path], *, jobs: int | None = None,
                    executor: str | Executor = "local",
                    scheduler: str | None = None) -> Executor:
    """Return the executor for a run: an Executor object as given; "dask" on `scheduler`
    (None: a LocalCluster of `jobs` workers); "local" with `jobs` processes, or (`jobs`
    None) all usable cores, as many as the input's size pays for (MIN_BYTES_PER_WORKER of
    text each, no pool for less than two workers' worth)."""
    if jobs is not None and jobs < 1:
        raise ConfigError(f"jobs must be at least 1, not {jobs}")
    if not isinstance(executor, str):
        return executor
    if executor == "dask":
        return Dask(scheduler, workers=jobs)
    if executor != "local":
        raise ConfigError(f"unknown executor {executor!r}; one of {', '.join(EXECUTORS)}")
    if scheduler is not None:
        raise ConfigError("a scheduler address needs the dask executor (--executor dask)")
    workers = jobs if jobs is not None else auto_workers(files)
    workers = min(workers, len(files))
    return LocalProcesses(workers) if workers > 1 else Serial()


def auto_workers(files: Sequence[Path]) -> int:
    """Return the processes worth starting for `files` when the user did not say: every
    usable core, but no more than one per MIN_BYTES_PER_WORKER of input."""
    size = 0
    for f in files:
        with suppress(OSError):  # a file that cannot be read: extraction reports it
            size += f.stat().st_size
    return max(1, min(usable_cores(), size // MIN_BYTES_PER_WORKER))
