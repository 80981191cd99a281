"""Build the knowledge graph from extraction records: a pure function, same input → same graph.

Every node has ``id`` (content-derived; the record ids where records have them) and ``label``
(one of `schema.LABELS`); every edge has ``type`` (one of `schema.REL_TYPES`) and is keyed by
its type, so ``G.has_edge(passage, concept, "MENTIONS")`` works. Properties are those of
`schema`; a property whose value is unknown (None, empty text, empty list) is left out.

Decisions (docs/graph.md has the reasons):

- One node per id. Where records disagree about a node (one Speech cited by two books, one
  with its occasion and one without), the first non-empty value wins, reading sources in path
  order and passages in source order.
- Year nodes cover every year from the earliest to the latest speech year, gaps included, and
  are chained by NEXT; a year without speeches is a real zero, not a missing link.
- Concept nodes are the concepts passages mention plus, with a lexicon, every broader concept
  above them (so BROADER chains are whole); the lexicon gives category, aliases and origin.
- CO_OCCURS is symmetric but stored once, from the alphabetically first name to the other;
  one edge per pair printed together, `weight` by the counting rule, `passages` as printed.
- QUOTES edges point only at passages in the same build; others are listed by
  `unresolved_quotes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
from tifa.extract.cooccurrence import pair_counts
from tifa.graph.counting import Counting
from tifa.graph.schema import (
    NODES,
    RELATIONSHIPS,
    concept_id,
    label_order,
    person_id,
    topic_id,
    type_order,
    year_id,
)

from tifa.records import Extraction, PassageRecord, SpeechRecord

if TYPE_CHECKING:
    from tifa.extract.lexicon import Lexicon

EdgeKey = tuple[str, str, str]


_EMPTY: tuple[object, ...] = (None, "", (), [])  # what an unknown property looks like


def _present(value: object) -> bool:
    return value not in _EMPTY


class _Builder:
    """Collects nodes and edges, merging repeated ones; `graph()` returns them sorted."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[EdgeKey, dict[str, Any]] = {}
        self.concept_ids: dict[str, str] = {}

    def concept_id(self, name: str) -> str:
        """Return the id of the Concept called `name` (`schema.concept_id`, computed once)."""
        found = self.concept_ids.get(name)
        if found is None:
            found = self.concept_ids[name] = concept_id(name)
        return found

    def node(self, label: str, node_id: str, **props: Any) -> str:
        attrs = self.nodes.get(node_id)
        if attrs is None:
            self.nodes[node_id] = {"id": node_id, "label": label, **{
                key: list(value) if isinstance(value, tuple) else value
                for key, value in props.items() if value not in _EMPTY and key != "id"}}
            return node_id
        if attrs["label"] != label:
            raise ValueError(f"id {node_id} is used by a {attrs['label']} and a {label}")
        for key, value in props.items():
            if _present(value) and key not in attrs:
                attrs[key] = list(value) if isinstance(value, tuple) else value
        return node_id

    def edge(self, start: str, end: str, rel_type: str, **props: Any) -> None:
        attrs = self.edges.get((start, end, rel_type))
        if attrs is None:
            self.edges[start, end, rel_type] = {"type": rel_type, **{
                key: value for key, value in props.items() if value not in _EMPTY}}
            return
        for key, value in props.items():
            if _present(value) and key not in attrs:
                attrs[key] = value

    def graph(self) -> nx.MultiDiGraph:
        """Return the graph, emptying the builder as it goes (its dicts and the graph's are
        never all held at once)."""
        G = nx.MultiDiGraph()
        node_names = {label: n.property_names() for label, n in NODES.items()}
        for node_id in sorted(self.nodes, key=lambda n: (label_order(self.nodes[n]["label"]), n)):
            attrs = self.nodes.pop(node_id)
            ordered = {"id": node_id, "label": attrs["label"]}
            ordered.update((k, attrs[k]) for k in node_names[attrs["label"]] if k in attrs)
            G.add_node(node_id, **ordered)
        by_type: dict[str, list[tuple[str, str]]] = {name: [] for name in RELATIONSHIPS}
        for start, end, rel_type in self.edges:
            by_type[rel_type].append((start, end))
        # what G.add_edge(start, end, key=rel_type, **data) does, without its per-edge
        # checks and copies: each (start, end, type) comes once, a missing end is added as
        # a node, and G is new (no cached view of it to clear)
        succ, pred = G._succ, G._pred
        for rel_type in sorted(by_type, key=type_order):
            names = ("type", *RELATIONSHIPS[rel_type].property_names())
            in_order: dict[tuple[str, ...], bool] = {}  # keys as an edge has them → schema's?
            for start, end in sorted(by_type.pop(rel_type)):
                attrs = self.edges.pop((start, end, rel_type))
                keys = tuple(attrs)
                as_is = in_order.get(keys)
                if as_is is None:
                    as_is = in_order[keys] = keys == tuple(k for k in names if k in attrs)
                data = attrs if as_is else {k: attrs[k] for k in names if k in attrs}
                for node in (start, end):
                    if node not in succ:
                        G.add_node(node)
                by_key = succ[start].get(end)
                if by_key is None:
                    succ[start][end] = pred[end][start] = {rel_type: data}
                else:
                    by_key[rel_type] = data
        return G


def _speech(b: _Builder, s: SpeechRecord) -> str:
    titles = (a.title for a in getattr(s, "aliases", ()))  # printed variants, once linked
    aliases = list(dict.fromkeys(t for t in titles if t and t != s.title))
    b.node("Speech", s.id, title=s.title, date=s.date, date_end=s.date_end,
           date_precision=s.date_precision, year=s.year, kind=s.kind, occasion=s.occasion,
           speaker=s.speaker, speaker_position=s.speaker_position,
           date_inferred=s.date_inferred, date_basis=s.date_basis, aliases=aliases)
    if s.speaker:
        b.edge(s.id, b.node("Person", person_id(s.speaker), name=s.speaker), "DELIVERED_BY")
    if s.year is not None:
        b.edge(s.id, b.node("Year", year_id(s.year), year=s.year), "IN_YEAR")
    return s.id


def _passage(b: _Builder, p: PassageRecord, source_id: str) -> None:
    identified = p.speech is not None and not (
        p.speech.title is None and p.speech.date is None and p.speech.occasion is None)
    b.node("Passage", p.id, text=p.text, seq=p.seq, line_start=p.line_start,
           line_end=p.line_end, source=p.source, year=p.speech.year if p.speech else None,
           canonical_id=p.canonical_id, lang=p.lang,
           speaker=p.speech.speaker if p.speech is not None else None)
    b.edge(p.id, source_id, "IN_SOURCE", seq=p.seq)
    # words the text gives a speaker but no occasion (“…”习近平总书记曾指出) are no Speech
    # node: the Passage keeps the speaker, and counts of speeches stay counts of speeches
    if p.speech is not None and identified:
        traced = getattr(p, "speech_traced", False) or None  # speech found via a quote's origin
        b.edge(p.id, _speech(b, p.speech), "EXCERPT_OF", traced=traced)
    if p.publication is not None:
        pub = p.publication
        b.node("Publication", pub.id, title=pub.title, volume=pub.volume,
               publisher=pub.publisher, year=pub.year, kind=pub.kind)
        b.edge(p.id, pub.id, "PRINTED_IN", pages=pub.pages, issue_date=pub.issue_date,
               issue=pub.issue)
    if p.topic:
        tid = b.node("Topic", topic_id(source_id, p.topic), title=p.topic, source=p.source)
        b.edge(p.id, tid, "UNDER_TOPIC")
    for mention in p.concepts:
        if mention.count > 0:
            b.edge(p.id, b.concept_id(mention.name), "MENTIONS", count=mention.count)


def _concepts(b: _Builder, passages: list[PassageRecord], lexicon: Lexicon | None) -> None:
    """Add Concept nodes with their printed statistics (`passages`, `mentions`), BROADER and
    CO_OCCURS edges; `_said` adds what the counting rule counts once the graph is built."""
    stats: dict[str, dict[str, int]] = {}
    for p in passages:
        for m in p.concepts:
            if m.count <= 0:
                continue
            s = stats.setdefault(m.name, {"passages": 0, "mentions": 0})
            s["passages"] += 1
            s["mentions"] += m.count
    names = set(stats)
    if lexicon is not None:
        for name in list(names):
            names.update(lexicon.broader_chain(name))
    for name in sorted(names):
        entry = lexicon.get(name) if lexicon is not None else None
        s = stats.get(name, {"passages": 0, "mentions": 0})
        b.node("Concept", b.concept_id(name), name=name,
               category=entry.category if entry else None,
               aliases=entry.aliases if entry else None,
               origin=entry.origin if entry else None,
               passages=s["passages"], mentions=s["mentions"])
        if entry is not None and entry.broader is not None:
            b.edge(b.concept_id(name), b.concept_id(entry.broader), "BROADER")
    pairs = pair_counts(passages)
    first, last = pairs.first_year, pairs.last_year
    ids = {name: b.concept_id(name) for name in names}  # every name a pair holds
    for pair, printed in pairs.passages.items():  # `graph()` puts them in order
        # weight 0 holds its place in the schema's order until `_said` counts it
        b.edge(ids[pair[0]], ids[pair[1]], "CO_OCCURS", weight=0,
               passages=printed, first_year=first.get(pair), last_year=last.get(pair))


def _said(G: nx.MultiDiGraph) -> None:
    """Give every Concept node `utterances` (distinct utterances said in a known year) and
    `first_year`/`last_year` (the first and last year one was said), and every CO_OCCURS
    edge its `weight` (distinct utterances said in a known year that mention both; 0 for a
    pair printed together only in quotations of unknown date), by the one counting rule
    (`tifa.graph.counting`), keeping the schema's attribute order."""
    counting = Counting(G)
    pairs = counting.pair_counts()
    totals = counting.said_totals()
    for c, attrs in G.nodes(data=True):
        if attrs["label"] != "Concept":
            continue
        for other, keys in G._succ[c].items():
            edge = keys.get("CO_OCCURS")
            if edge is not None:
                edge["weight"] = pairs.get((c, other) if c < other else (other, c), 0)
        # the last three properties of a Concept in the schema, added in that order
        utterances, *said = totals.get(c, (0,))
        attrs["utterances"] = utterances
        if said:
            attrs["first_year"], attrs["last_year"] = said


def _years(b: _Builder) -> None:
    """Fill the Year nodes between the first and last year that occurs, chain them with NEXT.

    A year occurs as a speech's year, a printed issue's date or a source's own date (a
    commentary of 2024 quoting speeches of 2016 reaches 2024, as the queries' years do).
    """
    years = [a["year"] for a in b.nodes.values() if a["label"] == "Year"]
    years += [int(str(a["date"])[:4]) for a in b.nodes.values()
              if a["label"] == "Source" and str(a.get("date") or "")[:4].isdigit()]
    issued = (e.get("issue_date") for e in b.edges.values())
    years += [int(str(d)[:4]) for d in issued if d and str(d)[:4].isdigit()]
    if not years:
        return
    span = range(min(years), max(years) + 1)
    for year in span:
        b.node("Year", year_id(year), year=year)
    for year in span[:-1]:
        b.edge(year_id(year), year_id(year + 1), "NEXT")


def unique_passages(extractions: Iterable[Extraction]) -> list[PassageRecord]:
    """Return every passage once (by id), sources in path order, passages in source order."""
    seen: dict[str, PassageRecord] = {}
    for e in sorted(extractions, key=lambda e: (e.source.path, e.source.id)):
        for p in e.passages:
            seen.setdefault(p.id, p)
    return list(seen.values())


def build_graph(
    extractions: Iterable[Extraction], *, lexicon: Lexicon | None = None
) -> nx.MultiDiGraph:
    """Return the knowledge graph of `extractions` as a networkx MultiDiGraph.

    Nodes are sorted by label (schema order) then id, edges by type then start and end, so
    two builds of the same records are identical, attribute order included.
    """
    ordered = sorted(extractions, key=lambda e: (e.source.path, e.source.id))
    b = _Builder()
    for e in ordered:
        src = e.source
        b.node("Source", src.id, path=src.path, sha256=src.sha256, genre=src.genre,
               encoding=src.encoding, title=src.title, date=src.date)
        for p in e.passages:
            _passage(b, p, src.id)
    passages = unique_passages(ordered)
    _concepts(b, passages, lexicon)
    _years(b)
    known = {p.id for p in passages}
    for p in passages:
        for q in p.quotes:
            if q.passage_id in known and q.passage_id != p.id:
                b.edge(p.id, q.passage_id, "QUOTES", similarity=float(q.similarity),
                       match=getattr(q, "match", None))
    G = b.graph()
    _said(G)
    return G


def unresolved_quotes(extractions: Iterable[Extraction]) -> tuple[tuple[str, str], ...]:
    """Return (passage id, quoted id) for every quote whose target is not in `extractions`."""
    passages = unique_passages(extractions)
    known = {p.id for p in passages}
    return tuple((p.id, q.passage_id) for p in passages for q in p.quotes
                 if q.passage_id not in known)


def nodes_by_label(G: nx.MultiDiGraph, label: str) -> list[tuple[str, Mapping[str, Any]]]:
    """Return (id, attributes) of the nodes with `label`, in graph order."""
    return [(n, a) for n, a in G.nodes(data=True) if a["label"] == label]
