"""Concept co-occurrence: which concepts are mentioned in the same passage, and when.

The unit is the passage: two concepts co-occur once per passage that mentions both, however
often each is mentioned there. Years come from the passage's speech; a passage without a
known year still counts towards the weight but not towards first/last year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from tifa.records import PassageRecord


@dataclass(frozen=True)
class CoOccurrence:
    """Two concepts (a < b) mentioned together in `weight` passages, between two years."""

    a: str
    b: str
    weight: int
    first_year: int | None
    last_year: int | None


def concept_cooccurrence(
    passages: Iterable[PassageRecord], *, min_weight: int = 1
) -> tuple[CoOccurrence, ...]:
    """Return the co-occurring concept pairs of `passages` with weight ≥ `min_weight`.

    Ordered by weight (highest first), then by the names a and b.
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
        if w >= min_weight
    ]
    edges.sort(key=lambda e: (-e.weight, e.a, e.b))
    return tuple(edges)
