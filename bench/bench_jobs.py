"""Extraction wall time with `jobs=1` against `jobs=N`, the default and Dask, in one run.

Generates corpora of --documents texts (several sizes may be given) with
`bench/corpus_gen.py` (real sentences recombined, so the documents really differ) in a
temporary folder, then times `tifa.extract(paths, link=False, …)`: read, segment, cite,
dates and concepts per file, the part an executor runs in workers (linking runs in the
calling process either way). Compared, run after run in turn (1, N, default, dask, 1, N, …)
so a change in the machine's load hits all alike:

- `jobs=1`: this process, no pool;
- `jobs=N`: a pool of N local processes, its start-up counted (what a user waits for);
- `default`: `jobs=None`, what tifa picks (every usable core, one per 512 kB of input);
- `dask` (with --dask): a `distributed.LocalCluster` of N worker processes, started once
  before the runs (its start-up printed apart: a real cluster is already running);
- `baseline` (with --baseline TREE): `jobs=N` with the pool of another tree's
  `tifa/executors.py` (e.g. /work/main), this tree's extraction: two pools on one load;
- `jieba.lcut`: raw jieba over each file's text in this process, its dictionary loaded
  before (the issue's single-core baseline; its speed-up column is its rate against
  `jobs=1`'s, and `k chars/s` compares it with each run).

The median of --repeat runs is compared; every run's passages must equal the first one's
(compared by a digest of their repr, so no run holds another run's passages: a run's heap,
and what a forked worker inherits, is the same for every setting).
CPU time (this process and its ended workers; Dask workers are not counted, they outlive
the run) is printed beside the wall: on a shared machine it shows whether the second
process cost extra work or only waited for a core. Throughput is characters per second of
the wall time, and per worker.

Usage: python bench/bench_jobs.py [--documents 400 ...] [--repeat 3] [--jobs 2] [--dask]
                                  [--baseline TREE]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


def cpu_seconds() -> float:
    """Return the CPU seconds used so far by this process and its ended children (workers)."""
    own, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def compare(runs: dict[str, Callable[[], Any]], repeat: int,
            characters: int, workers: dict[str, int]) -> None:
    """Time each run `repeat` times in turn; print medians, speed-ups and throughput."""
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    first: tuple[str, int] | None = None
    for _ in range(repeat):
        for name, run in runs.items():
            start, cpu = time.perf_counter(), cpu_seconds()
            corpus = run()
            walls[name].append(time.perf_counter() - start)
            cpus[name].append(cpu_seconds() - cpu)
            if corpus is None:  # the jieba baseline
                continue
            digest = (hashlib.sha256(repr(corpus.passages).encode()).hexdigest(),
                      len(corpus.passages))
            del corpus
            if first is None:
                first = digest
            elif digest != first:
                raise SystemExit(f"{name} gave other passages than jobs=1")
    assert first is not None
    base = statistics.median(walls["jobs=1"])
    for name, times in walls.items():
        wall = statistics.median(times)
        rate = characters / wall
        print(f"  {name:<9} median {wall:6.2f} s wall (runs: "
              f"{', '.join(f'{t:.2f}' for t in times)}), CPU {statistics.median(cpus[name]):6.2f}"
              f" s, speed-up {base / wall:4.2f}x, {rate / 1e3:6.0f} k chars/s "
              f"({rate / workers[name] / 1e3:.0f} k per worker), {first[1]} passages")


def jieba_only(paths: list[Path]) -> None:
    """Run raw `jieba.lcut` over each file's text (the single-core baseline; no result)."""
    import jieba

    for path in paths:
        jieba.lcut(path.read_text(encoding="utf-8"))


def baseline_pool(tree: Path, jobs: int) -> Any:
    """Return `LocalProcesses(jobs)` of `tree`'s tifa/executors.py, loaded as the module
    `baseline_executors` (its workers run this tree's extraction)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("baseline_executors",
                                                  tree / "tifa" / "executors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its functions are pickled by this name
    spec.loader.exec_module(module)
    return module.LocalProcesses(jobs)


def main() -> None:
    from corpus_gen import add_pool_option

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[400])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="Compared with jobs=1.")
    parser.add_argument("--dask", action="store_true", help="Also on a LocalCluster.")
    parser.add_argument("--seed", type=int, default=0)
    add_pool_option(parser)
    parser.add_argument("--baseline", type=Path, help="Another tree whose tifa/executors.py "
                        "pool runs jobs=N beside this one's.")
    args = parser.parse_args()

    sys.path.insert(0, str(BENCH))
    from corpus_gen import generate
    from tifa.extract.pipeline import scan_sources

    import tifa
    from tifa.executors import auto_workers, quiet_jieba, usable_cores
    from tifa.pipeline import load_lexicon

    load_lexicon()  # the parsed lexicon is cached on disk: no run pays for parsing YAML
    quiet_jieba()
    import jieba

    jieba.initialize()  # the baseline's dictionary: loaded before, never timed
    print(f"{usable_cores()} usable cores, load average {os.getloadavg()[0]:.2f} at the start")
    cluster = client = None
    if args.dask:
        import distributed

        started = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=args.jobs, threads_per_worker=1,
                                           dashboard_address=None)
        client = distributed.Client(cluster)
        print(f"LocalCluster of {args.jobs} workers started in "
              f"{time.perf_counter() - started:.1f} s (not counted below)")
    try:
        for documents in args.documents:
            with tempfile.TemporaryDirectory(prefix="tifa-bench-jobs-") as tmp:
                paths = generate(Path(tmp), documents, seed=args.seed,
                                 fixed_pool=args.fixed_pool)
                size = sum(p.stat().st_size for p in paths)
                chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
                picked = auto_workers(scan_sources([tmp]).files)
                print(f"{len(paths)} documents, {size / 1e6:.2f} MB, {chars / 1e6:.2f} M "
                      f"characters; the default runs {picked} process(es); load average "
                      f"{os.getloadavg()[0]:.2f}")
                runs: dict[str, Callable[[], Any]] = {
                    "jobs=1": lambda t=tmp: tifa.extract([t], link=False, jobs=1),
                    f"jobs={args.jobs}": lambda t=tmp: tifa.extract([t], link=False,
                                                                     jobs=args.jobs),
                    "default": lambda t=tmp: tifa.extract([t], link=False),
                }
                workers = {"jobs=1": 1, f"jobs={args.jobs}": args.jobs, "default": picked}
                if client is not None:
                    from tifa.executors import Dask

                    runs["dask"] = lambda t=tmp: tifa.extract([t], link=False,
                                                              executor=Dask(client=client))
                    workers["dask"] = args.jobs
                if args.baseline is not None:
                    pool = baseline_pool(args.baseline, args.jobs)
                    runs["baseline"] = lambda t=tmp, b=pool: tifa.extract([t], link=False,
                                                                          executor=b)
                    workers["baseline"] = args.jobs
                runs["jieba.lcut"] = lambda p=paths: jieba_only(p)
                workers["jieba.lcut"] = 1
                compare(runs, args.repeat, chars, workers)
    finally:
        if client is not None and cluster is not None:
            client.close()
            cluster.close()
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
