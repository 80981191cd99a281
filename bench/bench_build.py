"""Benchmark `tifa build` on the sample corpus.

Prints the wall time of the whole command as a user runs it (a fresh Python process:
`python -m tifa.cli_build CORPUS -o TMP -q`, best and median of --repeat runs), then the time
of each stage in one process: lexicon and concept matcher, extraction with concepts, linking,
graph build, each file written, and the report.

Usage: python bench/bench_build.py [--repeat 3] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def command_times(corpus: Path, repeat: int) -> list[float]:
    """Return the wall time of each `tifa build` run, each in a fresh process."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tifa.cli_build", str(corpus), "-o", out, "-q",
                            "--format", "json"], check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
    return times


def writers(G: Any, extractions: Any, out: Path) -> list[tuple[str, Callable[[], Any]]]:
    """Return (file, write) for each file `tifa build` writes besides the report."""
    from tifa.graph import export
    from tifa.graph.build import unique_passages

    return [
        ("passages.jsonl", lambda: export.write_passages_jsonl(unique_passages(extractions),
                                                               out / "passages.jsonl")),
        ("graph.graphml", lambda: export.write_graphml(G, out / "graph.graphml")),
        ("graph.gexf", lambda: export.write_gexf(G, out / "graph.gexf")),
        ("concepts.gexf", lambda: export.write_concept_gexf(G, out / "concepts.gexf")),
        ("graph.json", lambda: export.write_node_link_json(G, out / "graph.json")),
        ("neo4j/ CSV", lambda: export.write_neo4j_import(G, out / "neo4j")),
    ]


def stage_times(corpus: Path) -> list[tuple[str, float]]:
    """Return (stage, seconds) for each stage of one build in this process."""
    timings: list[tuple[str, float]] = []

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        value = fn()
        timings.append((name, time.perf_counter() - start))
        return value

    from tifa.extract.concepts import concept_counter
    from tifa.extract.lexicon import load_lexicon
    from tifa.extract.link import link
    from tifa.extract.pipeline import extract_paths
    from tifa.graph.build import build_graph
    from tifa.graph.report import write_report

    from tifa.records import Extraction

    lexicon = timed("lexicon", load_lexicon)
    counter = timed("concept matcher", lambda: concept_counter(lexicon))
    found = timed("extract + concepts", lambda: list(extract_paths([corpus], concepts=counter)))
    extractions = timed("link", lambda: list(link(
        [e for e in found if isinstance(e, Extraction)]).extractions))
    G = timed("build_graph", lambda: build_graph(extractions, lexicon=lexicon))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name, write in writers(G, extractions, out):
            timed(name, write)
        timed("report (12 figures)", lambda: write_report(G, out))
    print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
          f"{sum(len(e.passages) for e in extractions)} passages")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    times = command_times(args.corpus, args.repeat)
    print(f"tifa build {args.corpus} -o TMP -q  ({args.repeat} runs, fresh process each)")
    print(f"  best {min(times):.2f} s, median {statistics.median(times):.2f} s")
    print("stages (one process):")
    for name, seconds in stage_times(args.corpus):
        print(f"  {name:<32} {seconds:7.3f} s")


if __name__ == "__main__":
    main()
