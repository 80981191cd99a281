"""Benchmark the concept pipeline on the sample corpus.

Prints the start-up time (importing spaCy, loading the lexicon, building the pipeline, which
loads jieba's dictionary) and then the time `concept_mentions` takes over every paragraph
(blank-line separated) of data/corpus/*.txt, best of --repeat runs.

Usage: python bench/bench_concepts.py [--repeat 5] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    paragraphs = [
        para
        for path in sorted(args.corpus.glob("*.txt"))
        for para in re.split(r"\n\s*\n", path.read_text("utf-8"))
        if para.strip()
    ]

    start = time.perf_counter()
    from tifa.extract.concepts import build_nlp, concept_mentions
    from tifa.extract.lexicon import load_lexicon

    lexicon = load_lexicon()
    nlp = build_nlp(lexicon)
    startup = time.perf_counter() - start

    runs = []
    mentions = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = [concept_mentions(para, nlp) for para in paragraphs]
        runs.append(time.perf_counter() - start)
        mentions = sum(m.count for result in results for m in result)

    chars = sum(len(p) for p in paragraphs)
    print(f"start-up (import, load lexicon, build_nlp): {startup:.2f} s")
    print(f"lexicon: {len(lexicon)} concepts, {len(lexicon.keys)} surface forms")
    print(f"corpus: {len(paragraphs)} paragraphs, {chars} characters, {mentions} mentions")
    print(
        f"concept_mentions over all paragraphs: best {min(runs):.3f} s, "
        f"median {sorted(runs)[len(runs) // 2]:.3f} s ({args.repeat} runs)"
    )


if __name__ == "__main__":
    main()
