"""Benchmark `Build.write` (every file of `tifa build`) against another tree's, in one run.

Each round runs, for this tree and for the baseline tree (``--baseline TREE``: a checkout with
its own ``.venv``, e.g. main's worktree) in turn, a fresh child process that builds the
corpus's graph once (as `tifa build` does, the CLI's collector thresholds set) and then
writes it ``--writes`` times into fresh folders, after one untimed write that fills the
caches (the report's font subset). Per write: wall seconds, CPU seconds of the calling
process, and CPU seconds of its forked workers (the GEXF files, the figures; from
``RUSAGE_CHILDREN``). The medians of all rounds are compared; the load average is printed
before and after, since on a shared machine wall time also counts the waits for a core. The
last write of each tree is hashed file by file, and the two folders must be identical.

Usage: python bench/bench_write.py --baseline /work/main [--rounds 5] [--writes 5] [CORPUS]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """\
import gc, hashlib, json, resource, shutil, sys, tempfile, time
from pathlib import Path
from tifa.cli import tune_collector
from tifa.pipeline import build

tune_collector()
corpus, writes = sys.argv[1], int(sys.argv[2])
built = build([corpus], jobs=1)


def used():
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


runs, digest = [], {}
with tempfile.TemporaryDirectory(prefix="tifa-bench-write-") as tmp:
    for i in range(writes + 1):
        out = Path(tmp) / f"out{i}"
        gc.collect()
        wall, (me, kids) = time.perf_counter(), used()
        built.write(out)
        wall, (me2, kids2) = time.perf_counter() - wall, used()
        if i:
            runs.append({"wall": wall, "self": me2 - me, "workers": kids2 - kids})
        if i == writes:
            digest = {str(f.relative_to(out)): hashlib.sha256(f.read_bytes()).hexdigest()
                      for f in sorted(out.rglob("*")) if f.is_file()}
        shutil.rmtree(out)
print(json.dumps({"runs": runs, "digest": digest}))
"""


def run_tree(tree: Path, corpus: str, writes: int) -> dict[str, object]:
    """Run the child in `tree` (its .venv's python, `tree` first on sys.path)."""
    done = subprocess.run([str(tree / ".venv" / "bin" / "python"), "-c", CHILD, corpus,
                           str(writes)], cwd=tree, check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "data" / "corpus"))
    parser.add_argument("--baseline", type=Path, required=True,
                        help="another tree with its own .venv (e.g. main's worktree)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--writes", type=int, default=5, help="timed writes per child")
    args = parser.parse_args()
    corpus = str(Path(args.corpus).resolve())
    trees = {"baseline": args.baseline.resolve(), "this tree": ROOT}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    digests: dict[str, object] = {}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for _ in range(args.rounds):
        for name, tree in trees.items():
            result = run_tree(tree, corpus, args.writes)
            runs[name] += result["runs"]  # type: ignore[arg-type]
            digests[name] = result["digest"]
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    medians = {name: {k: statistics.median(r[k] for r in rs) for k in ("wall", "self", "workers")}
               for name, rs in runs.items()}
    for name, m in medians.items():
        print(f"  {name:<10} Build.write  wall {m['wall']:.3f} s  cpu: calling process "
              f"{m['self']:.3f} s + workers {m['workers']:.3f} s = "
              f"{m['self'] + m['workers']:.3f} s   ({len(runs[name])} writes)")
    base, this = medians["baseline"], medians["this tree"]
    print(f"  this tree / baseline: wall {this['wall'] / base['wall']:.2f}×  cpu "
          f"{(this['self'] + this['workers']) / (base['self'] + base['workers']):.2f}×  "
          f"calling process {this['self'] / base['self']:.2f}×")
    same = digests["baseline"] == digests["this tree"]
    print(f"  output files: {'identical' if same else 'DIFFERENT'} "
          f"({len(digests['this tree'])} files)")  # type: ignore[arg-type]
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
