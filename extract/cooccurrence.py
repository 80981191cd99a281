"""Concept co-occurrence as printed: which concepts are mentioned in the same passage, and when.

The unit is the printed passage: two concepts co-occur once per passage that mentions both,
however often each is mentioned there (a reprint counts again). Years come from the passage's
speech; a passage without a known year still counts towards `passages` but not towards
first/last year. The number to cite, `CO_OCCURS.weight`, is the one counting rule's
(distinct utterances, `tifa.graph.counting.Counting.pairs`), set once the graph is built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from tifa.records import PassageRecord


@dataclass(frozen=True)
class CoOccurrence:
    """Two concepts (a < b) mentioned together in `passages` printed passages, between two
    years."""

    a: str
    b: str
    passages: int
    first_year: int | None
    last_year: int | None


Pair = tuple[str, str]


@dataclass(frozen=True)
class PairCounts:
    """Per pair of concept names (a < b): the printed passages that mention both, and the
    first and last year of those whose year is known (pairs without one are absent)."""

    passages: Mapping[Pair, int]
    first_year: Mapping[Pair, int]
    last_year: Mapping[Pair, int]


def pair_counts(passages: Iterable[PassageRecord]) -> PairCounts:
    """Return the co-occurrence counts of `passages`, unordered (`concept_cooccurrence` as
    mappings, for a caller that orders the pairs itself)."""
    weights: Counter[Pair] = Counter()
    dated: list[tuple[int, list[str]]] = []
    for passage in passages:
        names = sorted({m.name for m in passage.concepts if m.count > 0})
        if len(names) > 1:
            weights.update(combinations(names, 2))
            if passage.speech is not None and passage.speech.year is not None:
                dated.append((passage.speech.year, names))
    dated.sort(key=lambda item: item[0])
    first: dict[Pair, int] = {}
    last: dict[Pair, int] = {}
    for year, names in dated:  # the latest year written last
        last.update(dict.fromkeys(combinations(names, 2), year))
    for year, names in reversed(dated):  # the earliest year written last
        first.update(dict.fromkeys(combinations(names, 2), year))
    return PairCounts(weights, first, last)


def concept_cooccurrence(
    passages: Iterable[PassageRecord], *, min_passages: int = 1
) -> tuple[CoOccurrence, ...]:
    """Return the co-occurring concept pairs of `passages` printed together in at least
    `min_passages` passages.

    Ordered by passages (highest first), then by the names a and b.
    """
    counts = pair_counts(passages)
    first, last = counts.first_year, counts.last_year
    edges = [CoOccurrence(a, b, w, first.get((a, b)), last.get((a, b)))
             for (a, b), w in counts.passages.items() if w >= min_passages]
    edges.sort(key=lambda e: (-e.passages, e.a, e.b))
    return tuple(edges)
