"""Bulk route against transactional loading on the real Neo4j (5.26, from tools/neo4j-server).

For each generated corpus of `--documents` documents (`bench/corpus_gen.py`, built as
`tifa build` does: concepts, linking), writes the neo4j-admin CSVs `tifa build` writes
(`OUT/neo4j/`), then on a throw-away Neo4j on free ports:

1. `tifa load` (`load_graph`, the engine's default batch size and workers) into an empty
   database, schema included;
2. `tifa db import` (`bulk_import`: `neo4j-admin database import full`, JVM start
   included) into a stopped Neo4j's folder, then the schema (`tifa load --schema-only`)
   on it once started; the counts are checked equal to the transactional load's.

Prints both times, rows/s and their ratio, with the load average. Building 10⁴ documents
takes minutes: `--cache DIR` keeps each built graph (graph_<N>/graph.json) for the next run.

    python bench/bench_neo4j.py [--documents 1000,10000] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from tifa.graph import neo4j_server
from tifa.graph.export import write_node_link_json
from tifa.graph.load import apply_schema, database_counts, graph_counts, load_graph
from tifa.graph.local_server import free_port
from tifa.graph.neo4j_csv import bulk_import, write_neo4j_import
from tifa.queries.graphview import read_graph_json

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import corpus_graph, neo4j, rows_of, serving


def cached_graph(documents: int, cache: Path | None) -> nx.MultiDiGraph:
    """Return the built graph of `documents` generated documents, from `cache` if there
    (kept as `tifa build` keeps it: graph.json, read back by tifa's own reader)."""
    folder = cache / f"graph_{documents}" if cache else None
    if folder and (folder / "graph.json").is_file():
        return read_graph_json(folder)
    G = corpus_graph(documents)
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
        write_node_link_json(G, folder / "graph.json")
    return G


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", default="1000,10000")
    parser.add_argument("--cache", type=Path, help="keep built graphs here")
    args = parser.parse_args()
    for documents in (int(d) for d in args.documents.split(",") if d):
        G = cached_graph(documents, args.cache)
        n = rows_of(G)
        with tempfile.TemporaryDirectory() as tmp:
            with neo4j(Path(tmp)) as runner:
                start = time.perf_counter()
                load_graph(G, runner)
                loaded = time.perf_counter() - start
                load_avg = os.getloadavg()[0]
                counts = database_counts(runner)
            assert counts == graph_counts(G)
            csv_dir = Path(tmp) / "out" / "neo4j"
            start = time.perf_counter()
            write_neo4j_import(G, csv_dir)
            written = time.perf_counter() - start
            home = Path(tmp) / "imported"
            start = time.perf_counter()
            report = bulk_import(csv_dir.parent, home)
            imported = time.perf_counter() - start
            bolt = free_port()
            proc = neo4j_server.launch(home, bolt_port=bolt, http_port=free_port(), auth=False)
            with serving(proc, f"bolt://127.0.0.1:{bolt}") as bulk:
                start = time.perf_counter()
                apply_schema(bulk)
                bulk.run("CALL db.awaitIndexes(3600)")
                schema = time.perf_counter() - start
                assert database_counts(bulk) == counts
        print(f"{documents} documents, {n:,} rows: tifa load {loaded:.1f} s "
              f"({n / loaded:,.0f} rows/s); tifa db import {imported:.1f} s "
              f"({n / imported:,.0f} rows/s, JVM start included) + schema and full-text "
              f"index {schema:.1f} s; bulk is {loaded / (imported + schema):.1f}x faster "
              f"(CSV writing in tifa build: {written:.1f} s; {report.nodes:,} nodes, "
              f"{report.relationships:,} relationships; load average {load_avg:.1f}, "
              f"{os.getloadavg()[0]:.1f} at the end)", flush=True)


if __name__ == "__main__":
    main()
