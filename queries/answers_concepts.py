"""Offline answers to the concept queries, from the networkx graph (see the .cypher twins).

Each function takes a `View` and the query's parameters (keyword-only, named as in the query)
and returns the rows the Cypher returns, in its ORDER BY order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tifa.graph.counting import Counting, passage_year, utterance
from tifa.queries.graphview import Row, View, share, year_of

WIDTH = 24  # characters of context either side of a keyword (concept_context)


def _first_key(v: View, passage: str) -> tuple[Any, ...]:
    """Sort key of "the first passage": date (undated last), cited first, source, position."""
    date, _ = v.dated(passage)
    return (date or "9999", not v.cited(passage), v.get(passage, "source"),
            v.get(passage, "seq"))


def concept_timeline(v: View, *, concept: str) -> list[Row]:
    """Return per year: utterances, passages, quoted, year_utterances, share (graph.counting)."""
    counting = Counting(v.G)
    rows = []
    for c in v.concepts(concept):
        for y in counting.timeline(c):
            rows.append({
                "concept": v.get(c, "name"), "year": y.year, "utterances": y.utterances,
                "passages": y.passages, "quoted": y.quoted,
                "year_utterances": y.year_utterances,
                "share": share(y.utterances, y.year_utterances) if y.year_utterances else 0.0,
            })
    return sorted(rows, key=lambda r: (r["concept"], r["year"]))


def concept_timeline_rollup(v: View, *, concept: str) -> list[Row]:
    """Return per year: utterances, narrower, with_narrower, quoted, year_utterances."""
    counting = Counting(v.G)
    rows = []
    for c in v.concepts(concept):
        for y in counting.timeline(c, rollup=True):
            rows.append({
                "concept": v.get(c, "name"), "year": y.year, "utterances": y.utterances,
                "narrower": y.narrower, "with_narrower": y.with_narrower, "quoted": y.quoted,
                "year_utterances": y.year_utterances,
            })
    return sorted(rows, key=lambda r: (r["concept"], r["year"]))


def concept_year_matrix(v: View) -> list[Row]:
    """Return concept, year, utterances, quoted for every mentioned concept and dated year."""
    counting = Counting(v.G)
    rows = []
    for c in v.nodes("Concept"):
        if not v.mentioning(c):
            continue
        for y in counting.timeline(c):
            rows.append({"concept": v.get(c, "name"), "year": y.year,
                         "utterances": y.utterances, "quoted": y.quoted})
    return sorted(rows, key=lambda r: (r["concept"], r["year"]))


def concept_first_mentions(v: View, *, concept: str) -> list[Row]:
    """Return each concept whose name contains `concept` with its first passage's citation,
    its utterances (graph.counting) and printed passages."""
    counting = Counting(v.G)
    rows = []
    for c in v.nodes("Concept"):
        name = v.get(c, "name")
        passages = [p for p, _ in v.mentioning(c)]
        if concept not in name or not passages:
            continue
        first = min(passages, key=lambda p: _first_key(v, p))
        date, clock = v.dated(first)
        speech = v.speech(first)
        pub, printed = v.one(first, "PRINTED_IN")
        rows.append({
            "concept": name, "category": v.get(c, "category"), "date": date, "clock": clock,
            "speaker": v.get(speech, "speaker"), "speech": v.speech_name(speech),
            "publication": v.get(pub, "title"), "volume": v.get(pub, "volume"),
            "issue_date": printed.get("issue_date"), "pages": printed.get("pages"),
            "source": v.get(first, "source"), "line_start": v.get(first, "line_start"),
            "line_end": v.get(first, "line_end"), "passage": first,
            "utterances": counting.utterance_total(c), "passages": len(passages),
        })
    return sorted(rows, key=lambda r: (r["date"] or "9999", r["concept"]))


def concept_neighbours_by_period(v: View, *, concept: str, period: int) -> list[Row]:
    """Return the concept's co-mentioned concepts per period, with passages, utterances, new
    (years and utterances by the one counting rule, `graph.counting`)."""
    rows = []
    for c in v.concepts(concept):
        found: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
        for p, _ in v.mentioning(c):
            year, said = passage_year(v.G, p)
            if year is None:
                continue
            start = year - year % period
            for n, _ in v.out(p, "MENTIONS"):
                if n == c:
                    continue
                st = found[n].setdefault(start, {"passages": 0, "utterances": set()})
                st["passages"] += 1
                if said:
                    st["utterances"].add(utterance(v.G, p))
        for n, periods in found.items():
            first = min(periods)
            for start, st in periods.items():
                rows.append({
                    "concept": v.get(c, "name"), "period": start,
                    "period_end": start + period - 1, "neighbour": v.get(n, "name"),
                    "category": v.get(n, "category"), "passages": st["passages"],
                    "utterances": len(st["utterances"]), "new": start == first,
                })
    return sorted(rows, key=lambda r: (r["concept"], r["period"], -r["utterances"],
                                       -r["passages"], r["neighbour"]))


def _term(text: str, forms: list[str]) -> str:
    """Return the longest written form that occurs in `text` (the first of equals), or ''."""
    best = ""
    for form in forms:
        if form in text and len(form) > len(best):
            best = form
    return best


def _positions(text: str, term: str) -> list[int]:
    if term == "":
        return [0]
    return [i for i in range(len(text) - len(term) + 1) if text[i:i + len(term)] == term]


def concept_context(v: View, *, concept: str) -> list[Row]:
    """Return keyword-in-context lines for every passage mentioning the concept, with citations."""
    rows = []
    for c in v.concepts(concept):
        forms = [v.get(c, "name"), *(v.get(c, "aliases") or [])]
        for p, _ in v.mentioning(c):
            text = v.get(p, "text") or ""
            date, clock = v.dated(p)
            speech = v.speech(p)
            pub, printed = v.one(p, "PRINTED_IN")
            term = _term(text, forms)
            for at in _positions(text, term):
                start = at - WIDTH if at > WIDTH else 0
                rows.append({
                    "concept": v.get(c, "name"), "date": date, "clock": clock,
                    "speaker": v.get(speech, "speaker"), "speech": v.speech_name(speech),
                    "left": text[start:at], "keyword": term,
                    "right": text[at + len(term):at + len(term) + WIDTH],
                    "publication": v.get(pub, "title"), "volume": v.get(pub, "volume"),
                    "publisher": v.get(pub, "publisher"), "edition": v.get(pub, "year"),
                    "issue_date": printed.get("issue_date"), "pages": printed.get("pages"),
                    "source": v.get(p, "source"), "seq": v.get(p, "seq"),
                    "line_start": v.get(p, "line_start"), "line_end": v.get(p, "line_end"),
                    "position": at,
                })
    return sorted(rows, key=lambda r: (r["concept"], r["date"] or "9999", r["source"],
                                       r["seq"], r["position"]))


def concepts_new_in_year(v: View, *, year: int) -> list[Row]:
    """Return the concepts whose earliest dated passage falls in `year`, with that passage,
    their utterances (graph.counting) and dated printed passages, in the year and in all."""
    counting = Counting(v.G)
    rows = []
    for c in v.nodes("Concept"):
        dated = [p for p, _ in v.mentioning(c) if v.dated(p)[0] is not None]
        if not dated:
            continue
        years = [year_of(v.dated(p)[0]) for p in dated]
        known = [y for y in years if y is not None]
        if not known or min(known) != year:
            continue
        first = min(dated, key=lambda p: _first_key(v, p))
        date, clock = v.dated(first)
        speech = v.speech(first)
        rows.append({
            "concept": v.get(c, "name"), "category": v.get(c, "category"), "date": date,
            "clock": clock, "speaker": v.get(speech, "speaker"),
            "speech": v.speech_name(speech), "source": v.get(first, "source"),
            "line_start": v.get(first, "line_start"), "passage": first,
            "utterances_in_year": next((y.utterances for y in counting.timeline(c)
                                        if y.year == year), 0),
            "passages_in_year": years.count(year),
            "utterances": counting.utterance_total(c), "passages": len(dated),
            "last_year": max(known),
        })
    return sorted(rows, key=lambda r: (r["date"], r["concept"]))
