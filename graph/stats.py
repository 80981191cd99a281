"""What the report says, computed from the graph alone: counts, timelines, first appearances.

A concept's count in a year follows the one counting rule of `tifa.graph.counting`:
distinct utterances said that year (reprints once), quotations of unknown date apart as
"quoted"; its share is that count over all utterances said that year. "First appearance"
is the mentioning passage with the earliest speech date (ties: source path, then
position), cited in full.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx
from tifa.graph.counting import Counting
from tifa.graph.schema import LABELS, REL_TYPES


@dataclass(frozen=True)
class YearPoint:
    """One year of a concept's timeline in the report: distinct utterances said that year that
    mention it, all utterances said that year, and quotations of unknown date printed then."""

    year: int
    utterances: int
    total: int
    quoted: int = 0

    @property
    def share(self) -> float:
        """Return utterances / all utterances said that year (0 when the year has none)."""
        return self.utterances / self.total if self.total else 0.0


@dataclass(frozen=True)
class Citation:
    """A passage's full citation: speaker, speech, date, publication and place in the source."""

    passage: str
    text: str
    location: str
    date: str | None
    excerpt: str


@dataclass(frozen=True)
class FirstAppearance:
    """The earliest passage that mentions a concept, with its citation."""

    concept: str
    name: str
    category: str | None
    citation: Citation


def label_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """Return the number of nodes per label, in schema order (zeros included)."""
    counts = Counter(a["label"] for _, a in G.nodes(data=True))
    return {label: counts.get(label, 0) for label in LABELS}


def type_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """Return the number of edges per relationship type, in schema order (zeros included)."""
    # here and below: networkx's adjacency dicts read directly (G.edges' order, no views)
    counts = Counter(a["type"] for edges in G._succ.values() for keyed in edges.values()
                     for a in keyed.values())
    return {t: counts.get(t, 0) for t in REL_TYPES}


def years(G: nx.MultiDiGraph) -> list[int]:
    """Return the years of the Year nodes, in order."""
    return sorted(a["year"] for _, a in G.nodes(data=True) if a["label"] == "Year")


def passages_per_year(G: nx.MultiDiGraph) -> dict[int, int]:
    """Return the number of passages per year for every Year node (zeros included)."""
    counts = Counter(a.get("year") for _, a in G.nodes(data=True) if a["label"] == "Passage")
    return {y: counts.get(y, 0) for y in years(G)}


def _mentioning(G: nx.MultiDiGraph, concept: str) -> list[str]:
    return [p for p, keys in G._pred[concept].items() if "MENTIONS" in keys]


def timeline(G: nx.MultiDiGraph, concept: str, *,
             counting: Counting | None = None) -> tuple[YearPoint, ...]:
    """Return a concept's utterances and share per year, for every dated year of the graph.

    Pass `counting` (`Counting(G)`, built once) when asking for many concepts: building it
    dates every passage of the graph.
    """
    counted = counting if counting is not None else Counting(G)
    return tuple(YearPoint(c.year, c.utterances, c.year_utterances, c.quoted)
                 for c in counted.timeline(concept))


def _concepts(G: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    return [(n, a) for n, a in G.nodes(data=True) if a["label"] == "Concept"]


def top_concepts(G: nx.MultiDiGraph, n: int = 12, *,
                 counting: Counting | None = None) -> list[str]:
    """Return the ids of the `n` concepts said in most distinct utterances (ties by name);
    `counting` is `Counting(G)` if the caller has built it already."""
    counting = counting if counting is not None else Counting(G)
    said = counting.said_totals()  # every concept's utterance_total in one pass
    totals = {c: said[c][0] if c in said else 0 for c, _ in _concepts(G)}
    ranked = sorted(((c, a) for c, a in _concepts(G) if totals[c] > 0),
                    key=lambda item: (-totals[item[0]], item[1]["name"]))
    return [node for node, _ in ranked[:n]]


def top_concepts_by_year(G: nx.MultiDiGraph, n: int = 5) -> dict[int, list[tuple[str, int]]]:
    """Return, per year, the `n` concepts (name, utterances) said most that year."""
    years_, rows = Counting(G).year_matrix()
    return {y: sorted(((name, counts[i]) for name, counts in rows if counts[i]),
                      key=lambda kv: (-kv[1], kv[0]))[:n]
            for i, y in enumerate(years_)}


def zh_date(date: str | None, date_end: str | None = None) -> str:
    """Return an ISO date (or range) written the Chinese way: 2014年2月27日, 2019年8月."""
    if not date:
        return ""

    def one(d: str) -> str:
        parts = d.split("-")
        out = f"{parts[0]}年"
        if len(parts) > 1:
            out += f"{int(parts[1])}月"
        if len(parts) > 2:
            out += f"{int(parts[2])}日"
        return out

    if not date_end or date_end == date:
        return one(date)
    if date[:7] == date_end[:7] and len(date_end) == 10:
        return f"{one(date)}—{int(date_end[8:])}日"
    return f"{one(date)}—{one(date_end)}"


def _out(G: nx.MultiDiGraph, node: str, rel_type: str) -> tuple[str, dict[str, Any]] | None:
    for target, keys in G._succ[node].items():
        a = keys.get(rel_type)
        if a is not None:
            return target, a
    return None


def _publication(pub: dict[str, Any], printed: dict[str, Any]) -> str:
    title = f"《{pub['title']}》" if pub.get("title") else ""
    pages = printed.get("pages")
    kind = pub.get("kind")
    if kind == "newspaper":
        text = title + zh_date(printed.get("issue_date"))
        return text + (f"第{pages}版" if pages else "")
    if kind == "journal":
        return title + (printed.get("issue") or (f"{pub['year']}年" if pub.get("year") else ""))
    text = title + (pub.get("volume") or "") if title else ""
    publisher = pub.get("publisher") or ""
    if pub.get("year"):
        publisher += f"{pub['year']}年版"
    if not title and publisher:
        publisher += "单行本"
    text = "，".join(x for x in (text, publisher) if x)
    return text + (f"，第{pages}页" if pages else "")


def cite(G: nx.MultiDiGraph, passage: str) -> Citation:
    """Return the full citation of a passage, from its Speech, Publication and Source.

    An inferred date is marked 日期推定, a speech found by tracing a quote 据引文溯源.
    """
    p = G.nodes[passage]
    parts: list[str] = []
    date: str | None = None
    speech = _out(G, passage, "EXCERPT_OF")
    if speech is not None:
        s = G.nodes[speech[0]]
        date = s.get("date")
        head = f"《{s['title']}》" if s.get("title") else s.get("occasion", "")
        if s.get("speaker"):
            head = f"{s['speaker']}：{head}"
        notes = [zh_date(date, s.get("date_end"))]
        if s.get("date_inferred"):
            notes.append("日期推定")  # the year was not printed
        if speech[1].get("traced"):
            notes.append("据引文溯源")  # the speech was found through the quote's origin
        if any(notes):
            head += "（" + "，".join(n for n in notes if n) + "）"
        parts.append(head)
    printed = _out(G, passage, "PRINTED_IN")
    if printed is not None:
        parts.append(_publication(G.nodes[printed[0]], printed[1]))
    text = "，".join(x for x in parts if x) or "（无出处）"
    lines = f"{p['line_start']}" if p["line_start"] == p["line_end"] else \
        f"{p['line_start']}-{p['line_end']}"
    location = f"{p.get('source', '')}:{lines}"
    excerpt = " ".join(str(p.get("text", "")).split())
    return Citation(passage, text, location, date, excerpt)


def first_appearances(G: nx.MultiDiGraph) -> list[FirstAppearance]:
    """Return each mentioned concept's first appearance, earliest first (then by name).

    Undated passages count only when no dated passage mentions the concept; they sort last.
    """
    keys: dict[str, tuple[int, str, str, int]] = {}  # a passage's, made once for every concept

    def key(p: str) -> tuple[int, str, str, int]:
        found = keys.get(p)
        if found is None:
            cited = _out(G, p, "EXCERPT_OF")
            date = G.nodes[cited[0]].get("date") if cited else None
            node = G.nodes[p]
            found = keys[p] = (0 if date else 1, date or "", node.get("source", ""),
                               node.get("seq", 0))
        return found

    found = []
    for c, a in _concepts(G):
        passages = _mentioning(G, c)
        if not passages:
            continue
        first = min(passages, key=key)
        found.append(FirstAppearance(c, a["name"], a.get("category"), cite(G, first)))
    found.sort(key=lambda f: (f.citation.date is None, f.citation.date or "", f.name))
    return found
