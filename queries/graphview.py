"""Lookups on the built networkx graph that the offline answers share with the Cypher.

Each helper spells out, in Python, an expression the .cypher files repeat: how a passage is
dated (`View.dated`), which utterance it prints (`View.utterance`), how a node is captioned on
a path (`View.caption`). Change one side and the agreement test fails until the other follows.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx

from tifa.errors import TifaError, printable

Attrs = dict[str, Any]
Row = dict[str, Any]
ORIGIN_MATCHES = ("same", "part")
PATH_TYPES = ("MENTIONS", "EXCERPT_OF", "QUOTES")


class GraphFileError(TifaError):
    """The graph file written by tifa build is missing or unreadable (exit code 1)."""


def read_graph_json(path: Path | str) -> nx.MultiDiGraph:
    """Return the graph of a `tifa build` folder (its graph.json) or of a graph.json file.

    The graph is the one the builder made: every node keeps its ``id`` attribute (first, then
    ``label`` and the rest in the file's order), every edge is keyed by its type, and nodes
    and edges come in the file's order. Raises GraphFileError, one line naming the file,
    when it is missing, empty, truncated, not UTF-8 JSON, or not the node-link shape tifa
    writes (nodes with id and label, edges with source, target, type and a text or number
    key).
    """
    file = Path(path)
    if file.is_dir():
        file = file / "graph.json"
    name = printable(file.as_posix())
    if not file.is_file():
        raise GraphFileError(f"{name}: no graph here; run tifa build PATH -o OUT/ and pass OUT/")
    try:
        data = json.loads(file.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise GraphFileError(f"{name}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise GraphFileError(f"{name}: not a graph written by tifa build (not UTF-8 text)"
                             ) from None
    except ValueError as exc:
        raise GraphFileError(f"{name}: not a graph written by tifa build (empty or truncated "
                             f"JSON: {exc})") from None
    problem = _node_link_problem(data)
    if problem:
        raise GraphFileError(f"{name}: not a graph written by tifa build ({problem})")
    G = nx.MultiDiGraph()
    if isinstance(data.get("graph"), dict):
        G.graph.update(data["graph"])
    for node in data["nodes"]:  # networkx's node_link_graph drops the id attribute
        G.add_node(node["id"])
        G.nodes[node["id"]].update({"id": node["id"], **node})
    for edge in data["edges"]:
        key = G.add_edge(edge["source"], edge["target"], key=edge.get("key", edge["type"]))
        G.edges[edge["source"], edge["target"], key].update(
            (k, v) for k, v in edge.items() if k not in ("source", "target", "key"))
    return G


def _node_link_problem(data: Any) -> str | None:
    """Return what keeps `data` from being tifa's node-link graph, or None if nothing does."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object with nodes and edges"
    nodes, edges = data.get("nodes"), data.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        return "no lists of nodes and edges"
    for i, n in enumerate(nodes):
        if not isinstance(n, dict) or not isinstance(n.get("label"), str) \
                or not isinstance(n.get("id"), str | int):
            return f"node {i} has no id and label"
    ids = {n["id"] for n in nodes}
    for i, e in enumerate(edges):
        if not isinstance(e, dict) or not isinstance(e.get("type"), str) \
                or e.get("source") not in ids or e.get("target") not in ids:
            return f"edge {i} has no type or joins nodes the file does not hold"
        if not isinstance(e.get("key"), str | int | None):
            return f"edge {i} has a key that is neither text nor a number"
    return None


def share(part: int, whole: int) -> float:
    """Return part/whole to three decimals, halves rounded up (as Cypher's round does)."""
    return math.floor(1000.0 * part / whole + 0.5) / 1000


def year_of(date: str | None) -> int | None:
    """Return the year of an ISO date ('2019-09' → 2019), None when there is none."""
    return int(date[:4]) if date and date[:4].isdigit() else None


def none_last(value: Any) -> tuple[bool, Any]:
    """Return a sort key that puts None after every value (Cypher's ascending order)."""
    return (value is None, value if value is not None else 0)


class View:
    """The graph with its edges indexed by node and type, and the queries' shared rules."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self._out: dict[str, dict[str, list[tuple[str, Attrs]]]] = defaultdict(
            lambda: defaultdict(list))
        self._in: dict[str, dict[str, list[tuple[str, Attrs]]]] = defaultdict(
            lambda: defaultdict(list))
        for u, v, key, attrs in G.edges(keys=True, data=True):
            rel = attrs.get("type", key)
            self._out[u][rel].append((v, attrs))
            self._in[v][rel].append((u, attrs))

    def node(self, node: str) -> Attrs:
        """Return the attributes of `node`."""
        return self.G.nodes[node]

    def label(self, node: str) -> str:
        """Return the label of `node`."""
        return str(self.node(node)["label"])

    def nodes(self, label: str) -> list[str]:
        """Return the ids of the nodes with `label`, in graph order."""
        return [n for n, a in self.G.nodes(data=True) if a["label"] == label]

    def out(self, node: str, rel: str) -> list[tuple[str, Attrs]]:
        """Return (target, edge attributes) of `node`'s outgoing `rel` edges."""
        return self._out[node][rel] if node in self._out else []

    def into(self, node: str, rel: str) -> list[tuple[str, Attrs]]:
        """Return (source, edge attributes) of `node`'s incoming `rel` edges."""
        return self._in[node][rel] if node in self._in else []

    def one(self, node: str, rel: str) -> tuple[str | None, Attrs]:
        """Return the first (target, edge attributes) of `rel` from `node`, or (None, {})."""
        found = self.out(node, rel)
        return found[0] if found else (None, {})

    def edge(self, start: str, end: str, rel: str) -> Attrs | None:
        """Return the attributes of the `rel` edge start→end, or None."""
        data = self.G.get_edge_data(start, end, key=rel)
        return data

    def get(self, node: str | None, prop: str) -> Any:
        """Return a property of `node` (None for a missing node or property)."""
        return None if node is None else self.node(node).get(prop)

    def concepts(self, name: str, *, aliases: bool = True) -> list[str]:
        """Return the concepts called `name` (or, with `aliases`, having it as an alias)."""
        return [c for c in self.nodes("Concept")
                if self.get(c, "name") == name
                or (aliases and name in (self.get(c, "aliases") or []))]

    def mentioning(self, concept: str) -> list[tuple[str, Attrs]]:
        """Return (passage, MENTIONS attributes) of the passages that mention `concept`."""
        return self.into(concept, "MENTIONS")

    def speech(self, passage: str) -> str | None:
        """Return the speech `passage` is an excerpt of (cited or traced), or None."""
        return self.one(passage, "EXCERPT_OF")[0]

    def cited(self, passage: str) -> bool:
        """Return True when the passage's own citation names its speech (not traced)."""
        speech, attrs = self.one(passage, "EXCERPT_OF")
        return speech is not None and not attrs.get("traced", False)

    def dated(self, passage: str) -> tuple[str | None, str | None]:
        """Return (date, clock) of a passage, dated as the counting rule dates it
        (`graph.counting.passage_year`, to the day): said, its speech's date (cited or traced);
        else printed, its issue date, else the publication's edition year; else compiled,
        its source's date; else (None, None).
        """
        speech, _ = self.one(passage, "EXCERPT_OF")
        pub, printed = self.one(passage, "PRINTED_IN")
        source, _ = self.one(passage, "IN_SOURCE")
        if self.get(speech, "date") is not None:
            return self.get(speech, "date"), "said"
        if printed.get("issue_date") is not None:
            return printed["issue_date"], "printed"
        if self.get(pub, "year") is not None:
            return str(self.get(pub, "year")), "printed"
        if self.get(source, "date") is not None:
            return self.get(source, "date"), "compiled"
        return None, None

    def year(self, passage: str) -> int | None:
        """Return the year of `dated(passage)`."""
        return year_of(self.dated(passage)[0])

    def utterance(self, passage: str) -> str:
        """Return the utterance a passage prints: its canonical_id when the graph has it, else
        the smallest id among the passages of the same speech it QUOTES as same/part, else its
        own id (on the sample corpus this equals extract.link's canonical grouping)."""
        own = self.get(passage, "canonical_id")
        if own is not None:
            return str(own)
        speech = self.speech(passage)
        origins = [o for o, q in self.out(passage, "QUOTES")
                   if speech is not None and q.get("match") in ORIGIN_MATCHES
                   and self.speech(o) == speech]
        return min(origins) if origins else passage

    def speech_name(self, speech: str | None) -> str | None:
        """Return a speech's title, else its occasion (coalesce(s.title, s.occasion))."""
        return self.get(speech, "title") if self.get(speech, "title") is not None \
            else self.get(speech, "occasion")

    def caption(self, node: str) -> str:
        """Return the caption of a node on a path (as the path queries compute it)."""
        a = self.node(node)
        label = a["label"]
        if label == "Concept":
            return str(a["name"])
        if label == "Speech":
            title = a.get("title") if a.get("title") is not None else a.get("occasion")
            return f"{a.get('date') or ''} {title or ''}"
        if label == "Passage":
            return f"{a['source']}:{a['line_start']}"
        return node

    @cached_property
    def path_graph(self) -> nx.Graph:
        """Return the undirected graph of MENTIONS, EXCERPT_OF and QUOTES edges."""
        H = nx.Graph()
        H.add_edges_from((u, v) for u, v, a in self.G.edges(data=True)
                         if a.get("type") in PATH_TYPES)
        return H

    def shortest_paths(self, start: str, end: str, *, cutoff: int,
                       allowed: Iterable[str] | None = None) -> list[list[str]]:
        """Return every shortest path start…end in `path_graph` of at most `cutoff` steps,
        through `allowed` nodes only when given."""
        H = self.path_graph
        if allowed is not None:
            H = H.subgraph(set(allowed) | {start, end})
        if start not in H or end not in H:
            return []
        try:
            paths = [list(p) for p in nx.all_shortest_paths(H, start, end)]
        except nx.NetworkXNoPath:
            return []
        return [p for p in paths if len(p) - 1 <= cutoff]
