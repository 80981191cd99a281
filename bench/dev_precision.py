"""Draw the hand-checked precision sample of concept mentions on the dev corpus, and score it.

usage: python bench/dev_precision.py [DEVCORPUS] [--judged bench/dev_precision_judged.tsv]

Every document of the dev corpus (../shared/devcorpus by default: the .txt files as saved, the
.json record's ``text`` paragraphs joined by newlines) goes through the concept pipeline with the
built-in lexicon; every mention is listed as (document number, start, end, concept), and the
220 mentions with the smallest SHA-256 of that key are drawn, sorted by position. The draw is
a stable hash, not a seeded shuffle: a mention's chance does not depend on the others, so
when the lexicon or matcher adds or drops mentions, every earlier mention that is still found
keeps its place unless a new one hashes lower, and its verdict stays usable. Without --judged the
sample is printed with twelve characters of context on either side, to be read by hand. With
--judged, the file of verdicts (document, start, end, concept, correct, note: no text of the
documents, which are third-party and stay out of the project) is joined to the sample and the
precision printed; a sampled mention without a verdict is listed, to be judged.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

from tifa.extract.concepts import build_nlp, concept_spans
from tifa.extract.lexicon import load_lexicon

SIZE = 220

Mention = tuple[str, int, int, str, str]  # document, start, end, concept, context


def draw_key(mention: Mention) -> str:
    """Return the stable hash that orders a mention in the draw: (document, start, end, concept)."""
    doc, start, end, concept = mention[:4]
    return hashlib.sha256(f"{doc}\t{start}\t{end}\t{concept}".encode()).hexdigest()


def draw(mentions: list[Mention], size: int = SIZE) -> list[Mention]:
    """Return the `size` mentions with the smallest draw keys, sorted by position."""
    return sorted(sorted(mentions, key=draw_key)[:size])


def document_text(path: Path) -> str:
    text = path.read_text("utf-8")
    if path.suffix == ".json":
        return "\n".join(json.loads(text).get("text") or [])
    return text


def sample(folder: Path) -> list[Mention]:
    """Return the drawn mentions of every document in `folder` (see the module doc)."""
    nlp = build_nlp(load_lexicon())
    mentions: list[Mention] = []
    for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.json")):
        text = document_text(path)
        for s in concept_spans(nlp(text)):
            a, b = s.start_char, s.end_char
            context = f"{text[max(0, a - 12) : a]}[{text[a:b]}]{text[b : b + 12]}"
            mentions.append((path.name[:2], a, b, s.label_, " ".join(context.split())))
    print(f"{len(mentions)} mentions in {folder}", file=sys.stderr)
    return draw(mentions)


def main() -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = here.parent.parent / "shared" / "devcorpus"
    ap.add_argument("devcorpus", nargs="?", default=str(default))
    ap.add_argument("--judged", help="TSV of verdicts: doc, start, end, concept, correct, note")
    args = ap.parse_args()
    drawn = sample(Path(args.devcorpus))
    if not args.judged:
        for doc, a, b, concept, context in drawn:
            print(f"{doc}\t{a}\t{b}\t{concept}\t{context}")
        return 0
    with open(args.judged, encoding="utf-8", newline="") as f:
        verdicts = {
            (r["doc"], int(r["start"]), int(r["end"]), r["concept"]): int(r["correct"])
            for r in csv.DictReader(f, delimiter="\t")
        }
    missing = [m for m in drawn if m[:4] not in verdicts]
    for doc, a, b, concept, context in missing:
        print(f"not judged: {doc}\t{a}\t{b}\t{concept}\t{context}")
    judged = [verdicts[m[:4]] for m in drawn if m[:4] in verdicts]
    print(
        f"precision {sum(judged)}/{len(judged)} = {sum(judged) / max(len(judged), 1):.3f}"
        f" ({len(missing)} sampled mentions not judged)"
    )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
