"""Loader throughput on the real Neo4j (5.26, from tools/neo4j-server).

Builds the sample corpus graph as `tifa build` does (concepts, linking), then, on a
throw-away Neo4j on free ports:

1. `tifa load`'s batches (UNWIND $rows, --batch-size) against one statement per row, on
   the corpus ×1, into an empty database, with the ratio measured in the same run;
2. for the corpus ×N (N disjoint copies, every id and path suffixed): `tifa load` against
   `neo4j-admin database import full` on the CSVs of `tifa build` (rows/s each).

    python bench/bench_neo4j.py [--scales 10,100] [--batch-size 500]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

import jieba
import networkx as nx
from tifa.extract.concepts import concept_counter
from tifa.extract.lexicon import load_lexicon
from tifa.extract.link import link
from tifa.extract.pipeline import extract_paths
from tifa.graph import neo4j_server
from tifa.graph.build import build_graph
from tifa.graph.load import graph_counts, load_graph, wipe
from tifa.graph.local_server import free_port
from tifa.graph.neo4j_csv import write_neo4j_import
from tifa.graph.runner import open_runner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.db.test_bulk_import import admin_import  # noqa: E402


def copies(G: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    """Return `n` disjoint copies of `G` (ids and source paths suffixed #k)."""
    out = nx.MultiDiGraph()
    for k in range(n):
        for node, a in G.nodes(data=True):
            attrs = dict(a)
            attrs["id"] = f"{node}#{k}"
            if "path" in attrs:
                attrs["path"] = f"{attrs['path']}#{k}"
            out.add_node(f"{node}#{k}", **attrs)
        for u, v, key, a in G.edges(keys=True, data=True):
            out.add_edge(f"{u}#{k}", f"{v}#{k}", key=key, **a)
    return out


def rows_of(G: nx.MultiDiGraph) -> int:
    nodes, rels = graph_counts(G)
    return sum(nodes.values()) + sum(rels.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10,100")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    lexicon = load_lexicon()
    extractions = list(extract_paths([ROOT / "data" / "corpus"],
                                     concepts=concept_counter(lexicon)))
    G = build_graph(list(link(extractions).extractions), lexicon=lexicon)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "neo4j"
        bolt = free_port()
        proc = neo4j_server.launch(home, bolt_port=bolt, http_port=free_port(), auth=False)
        runner = open_runner(f"bolt://127.0.0.1:{bolt}")
        n = rows_of(G)
        timings = {}
        for size in (args.batch_size, 1):
            wipe(runner)
            start = time.perf_counter()
            load_graph(G, runner, batch_size=size)
            timings[size] = time.perf_counter() - start
        batched, single = timings[args.batch_size], timings[1]
        print(f"corpus x1, {n} rows: batched ({args.batch_size}) {n / batched:,.0f} rows/s, "
              f"one per row {n / single:,.0f} rows/s, ratio {single / batched:.1f}x")
        for scale in (int(s) for s in args.scales.split(",") if s):
            big = copies(G, scale)
            n = rows_of(big)
            wipe(runner)
            start = time.perf_counter()
            load_graph(big, runner, batch_size=args.batch_size)
            loaded = time.perf_counter() - start
            csv_dir = Path(tmp) / f"csv{scale}"
            start = time.perf_counter()
            write_neo4j_import(big, csv_dir)
            written = time.perf_counter() - start
            start = time.perf_counter()
            done = admin_import(Path(tmp) / f"import{scale}", csv_dir)
            imported = time.perf_counter() - start
            assert done.returncode == 0, done.stdout[-1000:]
            print(f"corpus x{scale}, {n} rows: tifa load {n / loaded:,.0f} rows/s "
                  f"({loaded:.1f} s); neo4j-admin import {n / imported:,.0f} rows/s "
                  f"({imported:.1f} s, JVM start included; CSV writing {written:.1f} s); "
                  f"ratio {loaded / imported:.1f}x")
        runner.close()
        proc.terminate()
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
