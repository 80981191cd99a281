"""Concept counting and extraction throughput against raw `jieba.lcut`, in one process.

Over the same texts (every file of CORPUS_DIR, data/corpus by default), the first and the
best of --repeat runs, CPU time of this process (so other work on a shared machine does not count):

- `jieba.lcut` over every paragraph (blank-line separated): the baseline;
- the concept counter that extraction uses (`concept_counter`, the term matcher alone);
- the spaCy pipeline (`build_nlp`: jieba segmenter, mention tokens and spans);
- extraction with concepts (`extract_paths(..., concepts=counter)`: read, segment, cite,
  concepts), in characters of the files per second.

Each line gives characters per second and the ratio to raw jieba (1.0 = as fast). Start-up
(lexicon, matcher, spaCy, jieba's dictionary) is printed apart and never counted in a rate.

Usage: python bench/bench_concepts.py [--repeat 5] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def cpu_times(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Return the CPU time of the first of `repeat` runs of `fn` (cold caches) and the best."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return times[0], min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    files = sorted(args.corpus.glob("*.txt"))
    paragraphs = [para for path in files
                  for para in re.split(r"\n\s*\n", path.read_text("utf-8")) if para.strip()]
    chars = sum(len(p) for p in paragraphs)

    start = time.perf_counter()
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    jieba_startup = time.perf_counter() - start
    start = time.perf_counter()
    from tifa.extract.concepts import build_nlp, concept_counter, concept_mentions
    from tifa.extract.lexicon import load_lexicon
    from tifa.extract.pipeline import extract_paths

    lexicon = load_lexicon()
    counter = concept_counter(lexicon)
    counter_startup = time.perf_counter() - start
    start = time.perf_counter()
    nlp = build_nlp(lexicon)
    spacy_startup = time.perf_counter() - start

    base = cpu_times(lambda: [jieba.lcut(p) for p in paragraphs], args.repeat)
    rows = [
        ("jieba.lcut (baseline)", base),
        ("concept counter", cpu_times(lambda: [counter(p) for p in paragraphs], args.repeat)),
        ("spaCy pipeline", cpu_times(lambda: [concept_mentions(p, nlp) for p in paragraphs],
                                    args.repeat)),
        ("extraction with concepts", cpu_times(
            lambda: list(extract_paths(files, concepts=counter)), args.repeat)),
    ]
    mentions = sum(m.count for p in paragraphs for m in counter(p))
    print(f"corpus: {len(files)} files, {len(paragraphs)} paragraphs, {chars} characters, "
          f"{len(lexicon)} concepts, {mentions} mentions")
    print(f"start-up (wall): jieba dictionary {jieba_startup:.2f} s, lexicon + matcher "
          f"{counter_startup:.2f} s, spaCy pipeline {spacy_startup:.2f} s")
    print(f"  {'':<26} {'first run (cold caches)':>40}   {'best of ' + str(args.repeat):>30}")
    for name, (first, best) in rows:
        print(f"  {name:<26} {first:7.3f} s cpu {chars / first / 1e3:6.0f} k chars/s "
              f"{base[0] / first:5.2f}x jieba   {best:7.3f} s cpu {chars / best / 1e3:6.0f} "
              f"k chars/s {base[1] / best:5.2f}x jieba")


if __name__ == "__main__":
    main()
