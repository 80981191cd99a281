"""The one counting rule: how many times a concept was said in a year.

A concept's count in a year is the number of **distinct utterances** said that year that
mention it: every printed occurrence of one utterance (a reprint in another compilation, a
commentary quoting it word for word) shares the utterance id linking gave it
(``Passage.canonical_id``, else the passage's own id) and counts once, in the year of its
speech (``Passage.year``: the speech its citation names, or the one linking traced its words
to). A passage whose speech has no known year (a quotation found nowhere else) is not
counted as said: it is **quoted**, counted apart in the year it was printed (issue date,
else the edition year, else the source's own date).

Two concepts are said together in an utterance when one of its passages mentions both
(`Counting.pairs`): that is `CO_OCCURS.weight`.

The report (`graph.stats`), every offline answer (`queries/answers_concepts.py`), the Cypher
(`queries/concept_timeline.cypher`, `concept_timeline_rollup.cypher`,
`concept_year_matrix.cypher`, the `utterances` columns of the other concept queries), the
graph's `Concept.utterances` and `CO_OCCURS.weight` and the API (`tifa.Build.timeline`) all
count this way; tests check they agree on the sample corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx


@dataclass(frozen=True)
class YearCount:
    """One year of a concept's timeline.

    `utterances` is the count (distinct utterances said that year); `passages` the printed
    occurrences of them (reprints each); `quoted` the passages printed that year whose said
    date is unknown; `year_utterances` every utterance said that year; `narrower` (roll-up
    only) the utterances that mention a narrower concept, and `with_narrower` those that
    mention the concept or a narrower one.
    """

    year: int
    utterances: int
    passages: int
    quoted: int
    year_utterances: int
    narrower: int | None = None
    with_narrower: int | None = None

    @property
    def share(self) -> float:
        """Return utterances / all utterances said that year (0 when there are none)."""
        return self.utterances / self.year_utterances if self.year_utterances else 0.0


@dataclass
class _Year:
    said: set[str] = field(default_factory=set)
    passages: int = 0
    quoted: int = 0


def utterance(G: nx.MultiDiGraph, passage: str) -> str:
    """Return the utterance a passage prints: its canonical_id, else its own id."""
    return str(G.nodes[passage].get("canonical_id") or passage)


def _target(G: nx.MultiDiGraph, node: str, rel: str) -> tuple[str | None, dict]:
    # here and below: networkx's adjacency dicts (_succ, _pred) read directly, in the order
    # its edge views give, without making a view per neighbour
    for target, keys in G._succ[node].items():
        attrs = keys.get(rel)
        if attrs is not None:
            return target, attrs
    return None, {}


def printed_year(G: nx.MultiDiGraph, passage: str) -> int | None:
    """Return the year a passage was printed: issue date, edition year, else its source's date."""
    pub, printed = _target(G, passage, "PRINTED_IN")
    source, _ = _target(G, passage, "IN_SOURCE")
    for value in (printed.get("issue_date"), G.nodes[pub].get("year") if pub else None,
                  G.nodes[source].get("date") if source else None):
        if value is not None and str(value)[:4].isdigit():
            return int(str(value)[:4])
    return None


def said_year(G: nx.MultiDiGraph, passage: str) -> int | None:
    """Return the year a passage was said (its speech's year, cited or traced), or None."""
    year = G.nodes[passage].get("year")
    return int(year) if year is not None else None


def passage_year(G: nx.MultiDiGraph, passage: str) -> tuple[int | None, bool]:
    """Return (year, said): the said year, else (printed year, False) for a quotation."""
    year = said_year(G, passage)
    if year is not None:
        return year, True
    return printed_year(G, passage), False


def narrower(G: nx.MultiDiGraph, concept: str) -> list[str]:
    """Return every concept below `concept` through BROADER (narrower -[:BROADER]-> broader)."""
    found: list[str] = []
    todo = [concept]
    while todo:
        node = todo.pop()
        for below, keys in G._pred[node].items():
            if "BROADER" in keys and below not in found and below != concept:
                found.append(below)
                todo.append(below)
    return sorted(found)


def _mentioning(G: nx.MultiDiGraph, concepts: Iterable[str]) -> set[str]:
    return {p for c in concepts for p, keys in G._pred[c].items() if "MENTIONS" in keys}


class Counting:
    """The graph's passages dated once, so many concepts are counted by one rule cheaply."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.dated: dict[str, tuple[int, bool]] = {}
        self.said_as: dict[str, str] = {}  # a passage said in a known year → its utterance
        self.totals: dict[int, set[str]] = defaultdict(set)
        self._mentioned: dict[str, list[str]] = {}
        for p, a in G.nodes(data=True):
            if a.get("label") != "Passage":
                continue
            year, said = passage_year(G, p)
            if year is None:
                continue
            self.dated[p] = (year, said)
            bucket = self.totals[year]
            if said:
                said_as = self.said_as[p] = utterance(G, p)
                bucket.add(said_as)

    def _mentions(self, passage: str) -> list[str]:
        """Return the concepts a passage mentions, in id order."""
        found = self._mentioned.get(passage)
        if found is None:
            found = self._mentioned[passage] = sorted(
                c for c, keys in self.G._succ[passage].items() if "MENTIONS" in keys)
        return found

    def years(self) -> list[int]:
        """Return every year with a dated passage (said or quoted), in order."""
        return sorted(self.totals)

    def _per_year(self, passages: Iterable[str]) -> dict[int, _Year]:
        out: dict[int, _Year] = defaultdict(_Year)
        for p in passages:
            if p not in self.dated:
                continue
            year, said = self.dated[p]
            if said:
                out[year].said.add(self.said_as[p])
                out[year].passages += 1
            else:
                out[year].quoted += 1
        return out

    def timeline(self, concept: str, *, rollup: bool = False) -> tuple[YearCount, ...]:
        """Return the concept's YearCount for every year of the graph (zeros included).

        With `rollup`, `narrower` and `with_narrower` count the concepts below it through
        BROADER as separate columns; `utterances` stays the concept's own count.
        """
        own = self._per_year(_mentioning(self.G, [concept]))
        below = self._per_year(_mentioning(self.G, narrower(self.G, concept))) if rollup else {}
        rows = []
        for year in self.years():
            y = own.get(year, _Year())
            extra: dict[str, int] = {}
            if rollup:
                b = below.get(year, _Year())
                extra = {"narrower": len(b.said), "with_narrower": len(y.said | b.said)}
            rows.append(YearCount(year, len(y.said), y.passages, y.quoted,
                                  len(self.totals[year]), **extra))
        return tuple(rows)

    def utterance_total(self, concept: str) -> int:
        """Return the distinct utterances said in a known year that mention the concept."""
        said_as = self.said_as
        return len({said_as[p] for p in _mentioning(self.G, [concept]) if p in said_as})

    def said_totals(self) -> dict[str, tuple[int, int, int]]:
        """Return, per concept said in a known year, (`utterance_total`, the first and the
        last year it was said), counting every concept in one pass over the passages."""
        said: dict[str, set[str]] = defaultdict(set)
        years: dict[str, tuple[int, int]] = {}
        for p, u in self.said_as.items():
            year = self.dated[p][0]
            for c in self._mentions(p):
                said[c].add(u)
                first, last = years.get(c, (year, year))
                years[c] = (min(first, year), max(last, year))
        return {c: (len(us), *years[c]) for c, us in said.items()}

    def pairs(self) -> dict[frozenset[str], int]:
        """Return, per pair of concepts, the distinct utterances said in a known year in which
        one passage mentions both (pairs said only in quotations of unknown date are absent)."""
        return {frozenset(pair): n for pair, n in self.pair_counts().items()}

    def pair_counts(self) -> Counter[tuple[str, str]]:
        """Return `pairs` keyed by the two concept ids in order (a < b)."""
        printed: dict[str, list[str]] = defaultdict(list)  # utterance → its passages
        for p, u in self.said_as.items():
            printed[u].append(p)
        return self._count_pairs(printed.values())

    def pair_years(self) -> dict[tuple[str, str], dict[int, int]]:
        """Return, per pair of concepts (a < b), the distinct utterances said in each year in
        which one passage mentions both (years in order; years with none left out)."""
        printed: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for p, u in self.said_as.items():
            printed[self.dated[p][0]][u].append(p)
        found: dict[tuple[str, str], dict[int, int]] = {}
        for year in sorted(printed):
            for pair, n in self._count_pairs(printed[year].values()).items():
                years = found.get(pair)
                if years is None:
                    found[pair] = {year: n}
                else:
                    years[year] = n
        return found

    def _count_pairs(self, utterances: Iterable[list[str]]) -> Counter[tuple[str, str]]:
        """Return, per pair of concepts, the utterances (each given as its passages) in which
        one passage mentions both."""
        counts: Counter[tuple[str, str]] = Counter()
        for passages in utterances:
            if len(passages) == 1:
                counts.update(combinations(self._mentions(passages[0]), 2))
            else:  # a reprinted utterance counts each pair once
                counts.update({pair for p in passages
                               for pair in combinations(self._mentions(p), 2)})
        return counts

    def concept_years(self) -> dict[str, dict[int, int]]:
        """Return, per concept said in a known year, the distinct utterances said in each
        year that mention it (years in order; years with none left out)."""
        found: dict[str, dict[int, set[str]]] = {}
        for p, u in self.said_as.items():
            year = self.dated[p][0]
            for c in self._mentions(p):
                found.setdefault(c, {}).setdefault(year, set()).add(u)
        return {c: {y: len(said) for y, said in sorted(years.items())}
                for c, years in found.items()}

    def year_matrix(self) -> tuple[list[int], list[tuple[str, list[int]]]]:
        """Return (years, [(concept name, utterances per year)]) for every mentioned concept,
        concepts by name."""
        years = self.years()
        said = self.concept_years()
        rows = []
        for c, a in sorted(((c, a) for c, a in self.G.nodes(data=True)
                            if a.get("label") == "Concept"), key=lambda ca: ca[1]["name"]):
            if not any("MENTIONS" in keys for keys in self.G._pred[c].values()):
                continue
            per = said.get(c, {})
            rows.append((str(a["name"]), [per.get(y, 0) for y in years]))
        return years, rows


def timeline(G: nx.MultiDiGraph, concept: str, *, rollup: bool = False) -> tuple[YearCount, ...]:
    """Return a concept's count per year by the one rule (see the module docstring)."""
    return Counting(G).timeline(concept, rollup=rollup)
