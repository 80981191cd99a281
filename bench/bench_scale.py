"""Scale benchmark: build generated corpora of 10², 10³, 10⁴ documents, stage by stage.

Each corpus is written by `bench/corpus_gen.py` (real sentences recombined, real citation
and attribution patterns, varied dates, reprints, cuts, misprints and quotations; not
timed), then built in a fresh Python process, stage by stage as `tifa build` runs them:

- start-up: the lexicon and the concept matcher (once per process, not per document);
- read: decoding every file (`read_documents`);
- segment: extraction without concepts (`extract_paths`), minus the read time;
- concepts: the concept counter over every Chinese passage;
- link: speech resolution and quote tracing (`link`, `as_cited`);
- graph: `build_graph`;
- write: passages.jsonl, GraphML, GEXF, concepts.gexf, graph.json, the neo4j/ CSVs;
- report: report.html and its figures.

Then the per-file part alone (`tifa.extract(…, link=False)`) with `jobs=1` and `jobs=2`, one
after the other in the same process: the wall of each and the speed-up, with the load
average beside it (on a shared machine the second core may be busy).

For each size it prints wall and CPU seconds, the peak resident memory of the process,
passages per second over the whole build, and the time of each stage; then, per stage, the
exponent k of time ∝ size^k between consecutive sizes and fitted over all of them (1 is
linear; CPU time, so other work on a shared machine does not count). Stages run with the
cyclic collector tuned as the console script tunes it (`tifa.collector`). A size built in
under QUICK CPU seconds is built --repeat times and each stage's least time is kept (at
10² documents a stage takes hundredths of a second: one run is mostly noise).

    python bench/bench_scale.py [--sizes 100 1000 10000] [--seed 0] [--keep DIR] [--fixed-pool]
                                [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
QUICK = 20.0  # CPU seconds: a build this short is measured --repeat times
STAGES = ("read", "segment", "concepts", "link", "graph", "write", "report")


def measure(corpus: Path) -> dict[str, Any]:
    """Build `corpus` into a temporary folder, stage by stage; return times and counts."""
    sys.path.insert(0, str(BENCH))
    cpu: dict[str, float] = {}
    wall: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        value = fn()
        wall[name] = wall.get(name, 0.0) + time.perf_counter() - start
        cpu[name] = cpu.get(name, 0.0) + time.process_time() - start_cpu
        return value

    start, start_cpu = time.perf_counter(), time.process_time()
    from bench_build import writers
    from tifa.extract.concepts import concept_counter
    from tifa.extract.documents import read_documents
    from tifa.extract.lexicon import load_lexicon
    from tifa.extract.link import as_cited, link
    from tifa.extract.pipeline import extract_paths, find_sources
    from tifa.graph.build import build_graph
    from tifa.graph.report import write_report

    from tifa.collector import tune_collector
    from tifa.records import Extraction

    tune_collector()  # as the console script runs `tifa build`
    lexicon = load_lexicon()
    counter = concept_counter(lexicon)
    counter("网络强国")  # jieba loads its dictionary on first use
    wall["start-up"] = time.perf_counter() - start
    cpu["start-up"] = time.process_time() - start_cpu

    files = find_sources([corpus])
    chars = timed("read", lambda: sum(len(line.text) for f in files
                                      for doc in read_documents(f) for line in doc.lines))
    found = timed("segment", lambda: [e for e in extract_paths(files)
                                      if isinstance(e, Extraction)])
    for clock in (wall, cpu):
        clock["segment"] -= clock["read"]  # extract_paths reads the files again
    from dataclasses import replace

    def mark(e: Extraction) -> Extraction:
        return replace(e, passages=tuple(
            replace(p, concepts=counter(p.text)) if p.lang == "zh" else p for p in e.passages))
    extractions = timed("concepts", lambda: [mark(e) for e in found])
    linked = timed("link", lambda: link(extractions))
    cited = timed("link", lambda: as_cited(extractions, linked))
    G = timed("graph", lambda: build_graph(linked.extractions, lexicon=lexicon))
    with tempfile.TemporaryDirectory(prefix="tifa-bench-scale-") as tmp:
        out = Path(tmp)
        for _, write in writers(G, cited, out):
            timed("write", write)
        timed("report", lambda: write_report(G, out))
    from tifa.pipeline import extract

    jobs_wall: dict[str, float] = {}
    for jobs in (1, 2):  # the per-file part (read … concepts) in one process, then in two
        started = time.perf_counter()
        extract([corpus], link=False, jobs=jobs)
        jobs_wall[str(jobs)] = time.perf_counter() - started
    report = linked.report
    return {
        "documents": len(files), "chars": chars,
        "passages": sum(len(e.passages) for e in extractions),
        "speeches": report.speeches_after, "quotes": report.quotes_traced,
        "utterances": report.utterances,
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "wall": wall, "cpu": cpu,
        "wall_total": time.perf_counter() - start, "cpu_total": time.process_time() - start_cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "jobs_wall": jobs_wall, "load": os.getloadavg()[0],
    }


def exponent(sizes: list[float], times: list[float]) -> float:
    """Return the least-squares slope of log(time) against log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-4)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            / sum((x - mx) ** 2 for x in xs))


def run_size(documents: int, seed: int, keep: Path | None, *,
             fixed_pool: bool = False, repeat: int = 3) -> dict[str, Any]:
    """Generate a corpus of `documents` and measure its build in a fresh process: `repeat`
    times if the first build takes under QUICK CPU seconds (each stage's minimum), else once."""
    sys.path.insert(0, str(BENCH))
    from corpus_gen import generate

    with tempfile.TemporaryDirectory(prefix="tifa-scale-corpus-") as tmp:
        name = f"corpus{documents}" + ("-fixed-pool" if fixed_pool else "")
        folder = (keep / name) if keep else Path(tmp)
        if not folder.exists() or not any(folder.iterdir()):
            generate(folder, documents, seed=seed, fixed_pool=fixed_pool)
        runs: list[dict[str, Any]] = []
        while len(runs) < (repeat if not runs or runs[0]["cpu_total"] < QUICK else 1):
            child = subprocess.run([sys.executable, __file__, "--measure", str(folder)],
                                   check=True, capture_output=True, text=True)
            runs.append(json.loads(child.stdout.splitlines()[-1]))
        result = min(runs, key=lambda r: r["cpu_total"])
        for clock in ("cpu", "wall"):  # each stage's best: a 0.03 s stage is mostly noise
            result[clock] = {s: min(r[clock][s] for r in runs) for s in result[clock]}
        result["runs"] = len(runs)
        result["mb"] = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
        return result


def main() -> None:
    from corpus_gen import add_pool_option

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=0)
    add_pool_option(parser)
    parser.add_argument("--repeat", type=int, default=3,
                        help=f"builds per size under {QUICK:.0f} CPU s (each stage's best)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the corpora in this folder")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return

    rows = []
    for n in args.sizes:
        r = run_size(n, args.seed, args.keep, fixed_pool=args.fixed_pool, repeat=args.repeat)
        rows.append(r)
        print(f"{r['documents']:>6} docs {r['mb']:6.1f} MB {r['passages']:>7} passages  "
              f"wall {r['wall_total']:7.1f} s  cpu {r['cpu_total']:7.1f} s  "
              f"peak RSS {r['peak_rss_mb']:6.0f} MB  "
              f"{r['passages'] / r['wall_total']:6.0f} passages/s (wall)  "
              f"{r['passages'] / r['cpu_total']:6.0f} passages/s (cpu)  "
              f"speeches {r['speeches']} quotes {r['quotes']} utterances {r['utterances']}"
              f"  (best of {r['runs']})",
              flush=True)
        print("        cpu s: " + "  ".join(f"{s} {r['cpu'][s]:.2f}"
                                            for s in ("start-up", *STAGES)), flush=True)
        one, two = r["jobs_wall"]["1"], r["jobs_wall"]["2"]
        print(f"        extraction wall (tifa.extract, link=False): jobs=1 {one:.2f} s  "
              f"jobs=2 {two:.2f} s  speed-up {one / two:.2f}x  (load average "
              f"{r['load']:.2f})", flush=True)
    if len(rows) < 2:
        return
    sizes = [float(r["passages"]) for r in rows]
    print("exponent k of cpu time ∝ passages^k "
          + " ".join(f"({a['documents']}→{b['documents']})" for a, b in pairwise(rows))
          + " and fitted:")
    for stage in STAGES:
        times = [r["cpu"][stage] for r in rows]
        steps = [exponent(sizes[i:i + 2], times[i:i + 2]) for i in range(len(rows) - 1)]
        print(f"  {stage:<9} " + "  ".join(f"{k:5.2f}" for k in steps)
              + f"   fit {exponent(sizes, times):5.2f}")
    totals = [r["cpu_total"] - r["cpu"]["start-up"] for r in rows]
    print(f"  {'all':<9} fit {exponent(sizes, totals):5.2f} (without start-up)")


if __name__ == "__main__":
    main()
