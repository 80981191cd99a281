"""Per-stage throughput per worker on Dask, against this process, in one run.

Generates a corpus of --documents texts (`bench/corpus_gen.py`), starts a
`distributed.LocalCluster` of --workers single-threaded worker processes (its start-up
printed apart: a real cluster is already running), then runs each stage both ways, in turn,
on the same input:

- extract (read, segment, cite, dates, concepts): `tifa.extract(link=False)` with `jobs=1`
  against `executor=Dask(client=…)`;
- link: `extract.link.link` against `extract.link_parallel.link_on` (the containment
  lookups on the workers, the clusters' index scattered once; the rest in this process);
- neo4j CSVs: `write_neo4j_import` one file per group against `--partitions` parts written
  by the workers.

For each it prints the wall seconds, the CPU seconds of this process and of the workers
(`time.process_time` read in each worker before and after), documents or rows per CPU
second of one worker, and checks that both ways give the same result (linked passages
equal, part rows equal to the single files' rows). The load average is printed beside
them: on a shared machine compare CPU seconds and ratios, not walls.

Usage: python bench/bench_dask.py [--documents 1000] [--workers 2] [--partitions 4]
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


def worker_cpu(client: Any) -> float:
    """Return the CPU seconds the cluster's worker processes have used so far, summed."""
    return sum(client.run(time.process_time).values())


def timed(client: Any, run: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """Return run()'s result, its wall seconds, this process's and the workers' CPU seconds."""
    w0, c0, k0 = time.perf_counter(), time.process_time(), worker_cpu(client)
    result = run()
    return (result, time.perf_counter() - w0, time.process_time() - c0,
            worker_cpu(client) - k0)


def rows(folder: Path) -> Counter[tuple[str, ...]]:
    """Return the data rows of every CSV in `folder` (headers and header files left out)."""
    out: Counter[tuple[str, ...]] = Counter()
    for f in folder.glob("*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            read = list(csv.reader(fh))
        out.update(tuple(r) for r in (read if ".part-" in f.name else read[1:]))
    return out


def report(stage: str, items: int, unit: str, here: tuple[Any, float, float, float],
           there: tuple[Any, float, float, float], workers: int) -> None:
    _, wall1, cpu1, _ = here
    _, wall2, cpu2, kcpu = there
    per_worker = items / kcpu if kcpu > 0 else float("nan")
    print(f"{stage:8} {items:>8} {unit:10} here: wall {wall1:7.2f} s cpu {cpu1:7.2f} s "
          f"({items / max(cpu1, 1e-9):8.0f}/s) | dask: wall {wall2:7.2f} s, client cpu "
          f"{cpu2:6.2f} s, workers cpu {kcpu:7.2f} s ({per_worker:8.0f}/s per worker) | "
          f"wall ratio {wall1 / wall2:4.2f}x | load {os.getloadavg()[0]:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    import corpus_gen
    import distributed
    from tifa.extract.link import link
    from tifa.extract.link_parallel import link_on
    from tifa.graph.build import build_graph
    from tifa.graph.neo4j_csv import write_neo4j_import

    import tifa
    from tifa.executors import Dask

    print(f"load average {os.getloadavg()[0]:.2f} at the start", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus_gen.generate(Path(tmp) / "corpus", args.documents, seed=args.seed)
        size = sum(f.stat().st_size for f in files)
        print(f"{len(files)} documents, {size / 1e6:.1f} MB", flush=True)
        start = time.perf_counter()
        with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                      processes=True, host="127.0.0.1",
                                      dashboard_address=":0", silence_logs=logging.ERROR
                                      ) as cluster, distributed.Client(cluster) as client:
            print(f"cluster of {args.workers} workers started in "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
            on_dask = Dask(client=client)
            here = timed(client, lambda: tifa.extract(files, link=False, jobs=1))
            there = timed(client, lambda: tifa.extract(files, link=False, executor=on_dask))
            assert here[0].passages == there[0].passages
            chars = sum(len(p.text) for p in here[0].passages)
            report("extract", len(files), "documents", here, there, args.workers)
            print(f"{'':8} {chars:>8} characters: {chars / there[3]:.0f} per worker CPU s",
                  flush=True)
            done = list(here[0].extractions)
            serial = timed(client, lambda: link(done))
            parallel = timed(client, lambda: link_on(on_dask, done, min_queries=0))
            assert serial[0] == parallel[0], "parallel link differs"
            passages = sum(len(e.passages) for e in done)
            report("link", passages, "passages", serial, parallel, args.workers)
            G = build_graph(list(serial[0].extractions), lexicon=here[0].lexicon
                            or tifa.pipeline.load_lexicon())
            n = G.number_of_nodes() + G.number_of_edges()
            one = timed(client, lambda: write_neo4j_import(G, Path(tmp) / "one"))
            parts = timed(client, lambda: write_neo4j_import(
                G, Path(tmp) / "parts", partitions=args.partitions, executor=on_dask))
            assert rows(Path(tmp) / "one") == rows(Path(tmp) / "parts")
            report("csv", n, "rows", one, parts, args.workers)
    print(f"load average {os.getloadavg()[0]:.2f} at the end", flush=True)


if __name__ == "__main__":
    main()
