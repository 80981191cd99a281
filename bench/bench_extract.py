"""Extraction CPU of one build: lexicon, concept matcher, then read, segment, cite and count.

Each round runs a fresh child process per interpreter that imports tifa, loads the lexicon
(`load_lexicon`), builds the concept counter (`concept_counter`) and extracts every file of
CORPUS_DIR once (`extract_paths(..., concepts=counter)`), as `tifa build` does, and prints
each stage's CPU seconds (`time.process_time`: other work on a shared machine does not
count). With ``--baseline PYTHON`` (an interpreter where an older tifa is installed, e.g.
another checkout's ``.venv/bin/python``) each round runs it right after the current one, so
both see the same load; the medians over the rounds and their ratio are printed, with the
load average.

Usage: python bench/bench_extract.py [--rounds 9] [--baseline PYTHON] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("imports", "lexicon", "matcher", "extract")
CHILD = """
import json, sys, time
from pathlib import Path
t0 = time.process_time()
from tifa.extract.concepts import concept_counter
from tifa.extract.lexicon import load_lexicon
from tifa.extract.pipeline import extract_paths
t1 = time.process_time()
lexicon = load_lexicon()
t2 = time.process_time()
counter = concept_counter(lexicon)
t3 = time.process_time()
found = list(extract_paths([Path(sys.argv[1])], concepts=counter))
t4 = time.process_time()
print(json.dumps({"imports": t1 - t0, "lexicon": t2 - t1, "matcher": t3 - t2,
                  "extract": t4 - t3, "passages": sum(len(e.passages) for e in found
                                                      if hasattr(e, "passages"))}))
"""


def child(python: str, corpus: Path) -> dict[str, float]:
    """Return the stage CPU seconds of one fresh process of `python` over `corpus`."""
    # Run from the corpus folder's parent, not a checkout: a bare `import tifa` must find
    # the interpreter's installed tifa, never a tree in the working directory.
    # Bytecode caching on, as an installed tifa runs (the first, untimed run writes it).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([python, "-c", CHILD, str(corpus)], capture_output=True, text=True,
                         check=True, cwd=corpus.parent, env=env)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--baseline", help="an interpreter with an older tifa installed")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    runs = {"current": sys.executable} | ({"baseline": args.baseline} if args.baseline else {})
    child(sys.executable, corpus)  # bytecode compiled and the lexicon cache filled, untimed
    if args.baseline:
        child(args.baseline, corpus)
    times: dict[str, list[dict[str, float]]] = {who: [] for who in runs}
    for _ in range(args.rounds):
        for who, python in runs.items():
            times[who].append(child(python, corpus))
    medians = {who: {s: statistics.median(r[s] for r in rows) for s in STAGES}
               for who, rows in times.items()}
    print(f"{corpus.name}: {times['current'][0]['passages']:.0f} passages, median CPU s of "
          f"{args.rounds} fresh processes, load {os.getloadavg()[0]:.1f}")
    print(f"{'':<10}" + "".join(f"{s:>10}" for s in STAGES))
    for who, row in medians.items():
        print(f"{who:<10}" + "".join(f"{row[s]:>10.3f}" for s in STAGES))
    if args.baseline:
        ratio = {s: medians["current"][s] / medians["baseline"][s] for s in STAGES}
        print(f"{'ratio':<10}" + "".join(f"{ratio[s]:>10.2f}" for s in STAGES))


if __name__ == "__main__":
    main()
