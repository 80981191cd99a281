"""Benchmark linking (speech resolution + quote tracing) on generated corpora that really differ.

Copies of one corpus measure dictionary lookups: the n-gram index and the speech variants
never grow. Here each size is a corpus of `bench/corpus_gen.py` (the sample's sentences
recombined, speeches on varied days, reprints, cuts, misprints and quotations), extracted
without concepts (not timed); then `link` is timed, best of --repeat, in CPU seconds of
this process (other work on a shared machine does not count) and wall seconds. Prints
passages, seconds, microseconds per passage, what linking found (speeches, quotes,
utterances, containment pairs between text clusters) and the exponent k of time ∝
passages^k between consecutive sizes (1 is linear).

Usage: python bench/bench_link.py [--documents 100 1000 10000] [--repeat 1] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    sys.path.insert(0, str(BENCH))
    from bench_scale import exponent
    from corpus_gen import generate
    from tifa.extract.link import link
    from tifa.extract.link_quotes import match_texts, occurrences
    from tifa.extract.pipeline import extract_paths

    from tifa.records import Extraction

    rows = []
    for documents in args.documents:
        with tempfile.TemporaryDirectory(prefix="tifa-bench-link-") as tmp:
            files = generate(Path(tmp), documents, seed=args.seed)
            extractions = [e for e in extract_paths(files) if isinstance(e, Extraction)]
        cpu = wall = float("inf")
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            linked = link(extractions)
            cpu = min(cpu, time.process_time() - start_cpu)
            wall = min(wall, time.perf_counter() - start)
        matches = match_texts(occurrences(extractions))
        pairs = sum(len(v) for v in matches.within.values())
        report = linked.report
        rows.append((documents, report.occurrences, cpu))
        print(f"{documents:>6} docs  passages {report.occurrences:>6}  link cpu {cpu:7.2f} s "
              f"(wall {wall:7.2f} s)  {1e6 * cpu / report.occurrences:6.0f} µs/passage  "
              f"speeches {report.speeches_after}  quotes {report.quotes_traced}  "
              f"utterances {report.utterances}  containment pairs {pairs}", flush=True)
    for (d0, p0, t0), (d1, p1, t1) in pairwise(rows):
        print(f"{d0}→{d1} docs: passages ×{p1 / p0:.1f}, link cpu ×{t1 / t0:.1f}, "
              f"exponent {exponent([p0, p1], [t0, t1]):.2f}")


if __name__ == "__main__":
    main()
