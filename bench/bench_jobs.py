"""Extraction wall time with `jobs=1` against `jobs=2` (and more), measured in one run.

Generates a corpus of --documents texts with `bench/corpus_gen.py` (real sentences
recombined, so the documents really differ) in a temporary folder, then times
`tifa.extract(paths, link=False, jobs=N)`: read, segment, cite, dates and concepts per file,
the part `jobs` runs in worker processes (linking runs in the calling process either way).
The worker pool's start-up (spawned processes importing tifa and building their concept
counter) is counted: it is what a user waits for. The runs alternate (1, 2, 1, 2, …) so a
change in the machine's load hits both alike; the median of --repeat runs is compared, and
every run's passages must be identical to the first one's. CPU time (this process and its
workers) is printed beside the wall: on a shared machine it shows whether the second
process cost extra work or only waited for a core.

Usage: python bench/bench_jobs.py [--documents 400] [--repeat 3] [--jobs 2] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def cpu_seconds() -> float:
    """Return the CPU seconds used so far by this process and its ended children (workers)."""
    own, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="Compared with jobs=1.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    sys.path.insert(0, str(BENCH))
    from corpus_gen import generate

    import tifa
    from tifa.pipeline import load_lexicon

    load_lexicon()  # the parsed lexicon is cached on disk: no run pays for parsing YAML
    with tempfile.TemporaryDirectory(prefix="tifa-bench-jobs-") as tmp:
        paths = generate(Path(tmp), args.documents, seed=args.seed)
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} documents, {size / 1e6:.1f} MB; {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f} at the start")
        walls: dict[int, list[float]] = {1: [], args.jobs: []}
        cpus: dict[int, list[float]] = {1: [], args.jobs: []}
        first = None
        for _ in range(args.repeat):
            for jobs in walls:
                start, cpu = time.perf_counter(), cpu_seconds()
                corpus = tifa.extract([tmp], link=False, jobs=jobs)
                walls[jobs].append(time.perf_counter() - start)
                cpus[jobs].append(cpu_seconds() - cpu)
                if first is None:
                    first = corpus.passages
                elif corpus.passages != first:
                    raise SystemExit(f"jobs={jobs} gave other passages than jobs=1")
        assert first is not None
        for jobs, times in walls.items():
            print(f"jobs={jobs}: median {statistics.median(times):.2f} s wall "
                  f"(runs: {', '.join(f'{t:.2f}' for t in times)}), median CPU "
                  f"{statistics.median(cpus[jobs]):.2f} s with workers, {len(first)} passages")
        speedup = statistics.median(walls[1]) / statistics.median(walls[args.jobs])
        print(f"speed-up jobs={args.jobs} vs jobs=1: {speedup:.2f}x "
              f"(load average {os.getloadavg()[0]:.2f} at the end)")


if __name__ == "__main__":
    main()
