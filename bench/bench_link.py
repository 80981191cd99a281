"""Benchmark linking (speech resolution + quote tracing) on the sample corpus replicated.

Each replica is a copy of every file of data/corpus in a temporary folder, made distinct (not
byte-identical) by a trailing comment line naming the replica; with --noise every long body
line of replica k also has one character changed (a simulated OCR error, different in each
replica), so replicas are near-duplicates rather than exact ones. The files are extracted
(not timed), then `link` is timed (best of --repeat), as CPU time of this process (so other
work on a shared machine does not count) and as wall time. Prints passages, seconds,
microseconds per passage and the ratios to the smallest run: about linear growth means the
time ratio stays close to the passage ratio.

Usage: python bench/bench_link.py [--replicas 1 10 100] [--repeat 3] [--noise] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOISE = "某"
_BODY = re.compile(r"^[^0-9《》—()（）]{40,}$")


def replicate(corpus: Path, out: Path, copies: int, *, noise: bool) -> list[Path]:
    """Write `copies` distinct replicas of every corpus file into `out`; return their paths."""
    written = []
    for k in range(copies):
        for src in sorted(corpus.glob("*.txt")):
            lines = src.read_text("utf-8").splitlines()
            if noise and k:
                lines = [_perturb(line, k) for line in lines]
            dest = out / f"r{k:04d}_{src.name}"
            dest.write_text("\n".join(lines) + f"\n\n<!-- tifa bench replica {k} -->\n",
                            "utf-8")
            written.append(dest)
    return written


def _perturb(line: str, k: int) -> str:
    if not _BODY.match(line):
        return line
    i = 5 + (k * 7) % (len(line) - 10)
    return line[:i] + NOISE + line[i + 1:] if "\u4e00" <= line[i] <= "\u9fff" else line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--noise", action="store_true",
                        help="change one character per long line in each replica")
    args = parser.parse_args()

    from tifa.extract.link import link, link_summary
    from tifa.extract.pipeline import extract_paths

    from tifa.records import Extraction

    rows = []
    for copies in args.replicas:
        with tempfile.TemporaryDirectory(prefix="tifa-bench-link-") as tmp:
            files = replicate(args.corpus, Path(tmp), copies, noise=args.noise)
            start = time.perf_counter()
            extractions = [e for e in extract_paths(files) if isinstance(e, Extraction)]
            extract_s = time.perf_counter() - start
        cpu = wall = float("inf")
        summary: dict[str, int] = {}
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            linked = link(extractions)
            cpu = min(cpu, time.process_time() - start_cpu)
            wall = min(wall, time.perf_counter() - start)
            summary = link_summary(linked.report)
        passages = summary["occurrences"]
        rows.append((copies, passages, cpu))
        print(f"x{copies:<4} files {len(files):>5}  passages {passages:>6}  "
              f"extract {extract_s:6.2f} s  link cpu {cpu:7.3f} s (wall {wall:7.3f} s)  "
              f"{1e6 * cpu / passages:6.1f} µs/passage  speeches {summary['speeches']}  "
              f"quotes {summary['quotes_traced']}  utterances {summary['utterances']}",
              flush=True)
    for (c0, p0, t0), (c1, p1, t1) in pairwise(rows):
        print(f"x{c1} vs x{c0}: passages ×{p1 / p0:.1f}, link cpu time ×{t1 / t0:.1f}")


if __name__ == "__main__":
    main()
