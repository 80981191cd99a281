"""Benchmark linking (speech resolution + quote tracing) on generated corpora that really differ.

Copies of one corpus measure dictionary lookups: the n-gram index and the speech variants
never grow. Here each size is a corpus of `bench/corpus_gen.py` (the sample's sentences
recombined, speeches on varied days, reprints, cuts, misprints and quotations), extracted
without concepts (not timed); then `link` is timed in a fresh process, best of --repeat,
in CPU seconds of that process (other work on a shared machine does not count) and wall
seconds.
Prints passages, seconds, microseconds per passage, what linking found (speeches, quotes,
utterances, containment pairs between text clusters, candidates the n-gram index
returns per lookup), the load average, and the exponent k
of time ∝ passages^k between consecutive sizes and fitted over all of them (1 is linear).

With --baseline DIR (a folder holding another version's `extract/`, e.g. made by
`git archive main extract | tar -x -C DIR`), each size is linked by both versions in fresh
processes, turn about, on the same extractions: the ratio of their CPU times is measured in
one run, under one load, and the two outputs are compared (same passages, speeches, report).

Usage: python bench/bench_link.py [--documents 100 1000 10000] [--repeat 1] [--seed 0]
                                  [--fixed-pool] [--files FILE ...]
                                  [--baseline DIR [--differences OUT]]

With --files, each text file (e.g. a big file of `bench/bench_bigfile.py`) is extracted and
linked instead of generated corpora. Each link also reports its memory: how far the peak
resident memory of its process rose above what it held before linking (MB).

With --differences OUT, both versions also write their links (quotes traced, canonical
utterances, passages' speeches, containment between texts) and the differences are counted
(−lost +new per kind) and written to OUT/links-N.json for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent

# Run in a fresh process: link pickled extractions with this tree's or another `extract/`.
CHILD = """
import hashlib, json, pickle, sys, time
import os, resource
import tifa.extract
if sys.argv[2]:
    tifa.extract.__path__[:] = [sys.argv[2]]
from tifa.extract.link import link
with open(sys.argv[1], "rb") as f:
    extractions = pickle.load(f)
held = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
start, start_cpu = time.perf_counter(), time.process_time()
linked = link(extractions)
cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - held
out = [repr(p) for e in linked.extractions for p in e.passages]
out += [repr(s) for s in linked.speeches] + [repr(linked.report)]
r = linked.report
print(json.dumps({"cpu": cpu, "wall": wall, "rss": rss, "counts": [r.occurrences, r.speeches_after,
                  r.quotes_traced, r.utterances],
                  "digest": hashlib.sha256("\\n".join(out).encode()).hexdigest()}))
if len(sys.argv) > 3:  # the links, for counting differences (untimed)
    from tifa.extract.link_quotes import match_texts, occurrences
    m = match_texts(occurrences(extractions))
    ps = [p for e in linked.extractions for p in e.passages]
    links = {
        "quotes": sorted([p.id, q.passage_id, q.match] for p in ps for q in p.quotes),
        "canonical": sorted([p.id, p.canonical_id] for p in ps),
        "speech": sorted([p.id, p.speech.id if p.speech else None] for p in ps),
        "containers": sorted([m.rep_text[c], m.rep_text[c2]]
                             for c, hits in m.within.items() for c2, _ in hits),
    }
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        json.dump(links, f, ensure_ascii=False)
"""


def run_child(data: Path, extract_dir: str, links: Path | None = None) -> dict[str, Any]:
    """Link the pickled extractions in `data` in a fresh process; return its times and digest
    (with `links`, also write the links there as JSON, for `differences`)."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(data), extract_dir,
                           *([str(links)] if links else [])],
                          capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def counted_match_texts(extractions: Any) -> tuple[Any, int, int]:
    """Run `match_texts` (untimed) counting index lookups and the candidates they return."""
    from tifa.extract import link_text
    from tifa.extract.link_quotes import match_texts, occurrences

    lookups = found = 0
    original = link_text.GramIndex.candidates

    def counting(self: Any, fragment: str, **options: Any) -> list[int]:
        nonlocal lookups, found
        result = original(self, fragment, **options)
        lookups, found = lookups + 1, found + len(result)
        return result
    link_text.GramIndex.candidates = counting  # type: ignore[method-assign]
    try:
        return match_texts(occurrences(extractions)), lookups, found
    finally:
        link_text.GramIndex.candidates = original  # type: ignore[method-assign]


def differences(this: Path, base: Path, out: Path | None) -> str:
    """Count the links in `this` and not in `base` and the other way round, per kind
    (quotes traced, canonical utterance, speech of a passage, containment between texts);
    with `out`, write the differing links there (JSON) for reading."""
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (this, base))
    parts, kept = [], {}
    for kind in ("quotes", "containers", "canonical", "speech"):
        x, y = {tuple(v) for v in a[kind]}, {tuple(v) for v in b[kind]}
        parts.append(f"{kind} {len(y)}: −{len(y - x)} +{len(x - y)}")
        kept[kind] = {"lost": sorted(y - x), "new": sorted(x - y)}
    if out is not None:
        out.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
    return "  ".join(parts)


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    from corpus_gen import add_pool_option

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    add_pool_option(parser)
    parser.add_argument("--baseline", type=Path, default=None,
                        help="folder with another version's extract/ to time against")
    parser.add_argument("--differences", type=Path, default=None,
                        help="with --baseline: count the links that differ and write them "
                             "to DIR/links-N.json (N documents, or the file's name)")
    parser.add_argument("--files", type=Path, nargs="+", default=None,
                        help="link these text files' extractions instead of generated corpora")
    args = parser.parse_args()

    sys.path.insert(0, str(BENCH))
    from bench_scale import exponent
    from corpus_gen import generate
    from tifa.extract.pipeline import extract_paths

    from tifa.records import Extraction

    baseline = str((args.baseline / "extract").resolve()) if args.baseline else None
    rows, base_rows = [], []
    inputs: list[int | Path] = list(args.files or args.documents)
    for documents in inputs:
        with tempfile.TemporaryDirectory(prefix="tifa-bench-link-") as tmp:
            files = ([documents] if isinstance(documents, Path)
                     else generate(Path(tmp), documents, seed=args.seed,
                                    fixed_pool=args.fixed_pool))
            extractions = [e for e in extract_paths(files) if isinstance(e, Extraction)]
            data = Path(tmp) / "extractions.pickle"
            data.write_bytes(pickle.dumps(extractions))
            cpu = wall = base_cpu = float("inf")
            rss = base_rss = 0.0
            digests = set()
            counts: list[int] = []
            diff = args.differences is not None and baseline is not None
            for _ in range(args.repeat):
                if baseline is not None:  # turn about: baseline, then this tree
                    b = run_child(data, baseline, Path(tmp) / "base.json" if diff else None)
                    base_cpu, base_rss = min(base_cpu, b["cpu"]), max(base_rss, b["rss"])
                    digests.add(("baseline", b["digest"]))
                c = run_child(data, "", Path(tmp) / "this.json" if diff else None)
                cpu, wall, rss = min(cpu, c["cpu"]), min(wall, c["wall"]), max(rss, c["rss"])
                counts = c["counts"]
                digests.add(("this", c["digest"]))
            if diff:
                args.differences.mkdir(parents=True, exist_ok=True)
                changed = differences(Path(tmp) / "this.json", Path(tmp) / "base.json",
                                      args.differences / f"links-{documents}.json")
        matches, lookups, found = counted_match_texts(extractions)
        pairs = sum(len(v) for v in matches.within.values())
        passages, speeches, quotes, utterances = counts
        label = documents.name if isinstance(documents, Path) else f"{documents} docs"
        rows.append((label, passages, cpu))
        print(f"{label:>11}  passages {passages:>6}  link cpu {cpu:7.2f} s "
              f"(wall {wall:7.2f} s)  {1e6 * cpu / passages:6.0f} µs/passage  +{rss:.0f} MB  "
              f"speeches {speeches}  quotes {quotes}  utterances {utterances}  "
              f"containment pairs {pairs}  candidates/lookup {found / max(lookups, 1):.1f}  "
              f"{load()}", flush=True)
        if baseline is not None:
            base_rows.append((label, passages, base_cpu))
            same = len({d for _, d in digests}) == 1
            print(f"        baseline cpu {base_cpu:7.2f} s  this/baseline {cpu / base_cpu:.2f}  "
                  f"memory +{base_rss:.0f} → +{rss:.0f} MB  "
                  f"output {'identical' if same else 'DIFFERS'}", flush=True)
            if diff:
                print(f"        links baseline → this: {changed}", flush=True)
    for name, table in (("this", rows), ("baseline", base_rows)):
        if len(table) < 2:
            continue
        for (d0, p0, t0), (d1, p1, t1) in pairwise(table):
            print(f"{name}: {d0} → {d1}: passages ×{p1 / p0:.1f}, link cpu ×{t1 / t0:.1f}, "
                  f"exponent {exponent([p0, p1], [t0, t1]):.2f}")
        fitted = exponent([p for _, p, _ in table], [t for *_, t in table])
        print(f"{name}: fitted exponent {fitted:.2f}")


if __name__ == "__main__":
    main()
