"""Benchmark the graph stage (`tifa.graph.build.build_graph`) against another version of it.

Each corpus is extracted with concepts and linked once (not timed) and its linked
extractions pickled; then `build_graph` runs in fresh processes, this tree's and the
baseline's turn about (--rounds times each), each process building the graph --repeat times
and keeping its best CPU time (`time.process_time`: other work on a shared machine does not
count), with the cyclic collector tuned as `tifa build` runs it (`tifa.collector.tune_collector`).
Prints the median of those bests per version, their ratio, the load average, and whether the
two versions build the same graph (nodes, edges, keys and attributes, in order).

--baseline DIR is a folder holding another version's `graph/`, e.g. made by
`git archive main graph | tar -x -C DIR`.

Usage: python bench/bench_graph.py --baseline DIR [--rounds 5] [--repeat 5] [CORPUS ...]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh process: build the graph of pickled linked extractions with this tree's or
# another `graph/`; print the best CPU seconds and a digest of the graph.
CHILD = """
import hashlib, json, pickle, sys, time
import tifa.graph
if sys.argv[2]:
    tifa.graph.__path__[:] = [sys.argv[2]]
from tifa.collector import tune_collector
from tifa.extract.lexicon import load_lexicon
from tifa.graph.build import build_graph
tune_collector()
with open(sys.argv[1], "rb") as f:
    extractions = pickle.load(f)
lexicon = load_lexicon()
best = float("inf")
for _ in range(int(sys.argv[3])):
    start = time.process_time()
    G = build_graph(extractions, lexicon=lexicon)
    best = min(best, time.process_time() - start)
h = hashlib.sha256()
for n, a in G.nodes(data=True):
    h.update(repr((n, a, list(G.succ[n]), list(G.pred[n]))).encode())
for e in G.edges(keys=True, data=True):
    h.update(repr(e).encode())
print(json.dumps({"cpu": best, "digest": h.hexdigest()}))
"""


def linked(corpus: Path, out: Path) -> int:
    """Extract (with concepts) and link `corpus`, pickle the extractions to `out`; return
    the number of passages."""
    from tifa.extract.concepts import concept_counter
    from tifa.extract.lexicon import load_lexicon
    from tifa.extract.link import link
    from tifa.extract.pipeline import extract_paths

    from tifa.records import Extraction

    found = [e for e in extract_paths([corpus], concepts=concept_counter(load_lexicon()))
             if isinstance(e, Extraction)]
    extractions = list(link(found).extractions)
    with out.open("wb") as f:
        pickle.dump(extractions, f)
    return sum(len(e.passages) for e in extractions)


def run_child(data: Path, graph_dir: str, repeat: int) -> dict[str, object]:
    """Build the graph of the pickled extractions in `data` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(data), graph_dir, str(repeat)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[ROOT / "data" / "corpus"])
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    baseline = str((args.baseline / "graph").resolve())
    for corpus in args.corpus:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "linked.pickle"
            passages = linked(corpus, data)
            before = os.getloadavg()[0]
            times: dict[str, list[float]] = {"this": [], "baseline": []}
            digests: dict[str, set[object]] = {"this": set(), "baseline": set()}
            for _ in range(args.rounds):  # turn about: baseline, then this tree
                for name, where in (("baseline", baseline), ("this", "")):
                    r = run_child(data, where, args.repeat)
                    times[name].append(float(r["cpu"]))  # type: ignore[arg-type]
                    digests[name].add(r["digest"])
        this, base = (statistics.median(times[n]) for n in ("this", "baseline"))
        same = digests["this"] == digests["baseline"] and len(digests["this"]) == 1
        print(f"{corpus} ({passages} passages), load average {before:.2f} → "
              f"{os.getloadavg()[0]:.2f}: build_graph cpu this {this * 1000:.1f} ms, "
              f"baseline {base * 1000:.1f} ms (median of {args.rounds} processes' best of "
              f"{args.repeat}); this/baseline {this / base:.2f}; "
              f"{'same graph' if same else 'GRAPHS DIFFER'}", flush=True)


if __name__ == "__main__":
    main()
