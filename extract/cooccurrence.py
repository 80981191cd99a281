"""Concept co-occurrence as printed: which concepts are mentioned in the same passage, and when.

The unit is the printed passage: two concepts co-occur once per passage that mentions both,
however often each is mentioned there (a reprint counts again). Years come from the passage's
speech; a passage without a known year still counts towards `passages` but not towards
first/last year. The number to cite, `CO_OCCURS.weight`, is the one counting rule's
(distinct utterances, `tifa.graph.counting.Counting.pairs`), set once the graph is built.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def concept_cooccurrence(
    passages: Iterable[PassageRecord], *, min_passages: int = 1
) -> tuple[CoOccurrence, ...]:
    """Return the co-occurring concept pairs of `passages` printed together in at least
    `min_passages` passages.

    Ordered by passages (highest first), then by the names a and b.
    """
    weights: dict[tuple[str, str], int] = {}
    years: dict[tuple[str, str], tuple[int, int]] = {}
    for passage in passages:
        names = sorted({m.name for m in passage.concepts if m.count > 0})
        year = passage.speech.year if passage.speech is not None else None
        for pair in combinations(names, 2):
            weights[pair] = weights.get(pair, 0) + 1
            if year is not None:
                first, last = years.get(pair, (year, year))
                years[pair] = (min(first, year), max(last, year))
    edges = [
        CoOccurrence(a, b, w, *years.get((a, b), (None, None)))
        for (a, b), w in weights.items()
        if w >= min_passages
    ]
    edges.sort(key=lambda e: (-e.passages, e.a, e.b))
    return tuple(edges)
