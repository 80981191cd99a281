"""Write the graph as GraphML, GEXF (whole graph and concept network), node-link JSON, the
neo4j-admin import CSVs and the passages as JSON Lines.

Each writer works on a copy with attributes flattened by `tifa.graph.flatten` (lists joined
with ``|``, None dropped), writes UTF-8 (Chinese as characters, never escaped) and is
deterministic: the same graph gives the same bytes.

Per format:

- GraphML (`GRAPHML_NODE_TYPE`): a node's ``label`` is its display name (concept name,
  speech title in full, a passage's first 40 characters …: what Gephi, Cytoscape and yEd
  show), its label in the schema is ``labels`` (``Speech``, ``Concept`` …); the node id is
  the XML id only. An
  edge's ``label`` is its relationship type. Booleans are written ``true``/``false`` (the
  GraphML spelling). No other key is one Gephi's GraphML importer reads specially (``x``,
  ``y``, ``z``, ``size``, ``r``, ``g``, ``b``, ``color``, ``edgelabel``, ``edgeid``; a
  CO_OCCURS ``weight`` is the edge weight on purpose). The XML edge id is `edge_id` (unique
  in the file) and networkx reads it back as the edge key.
- GEXF: ``label``, ``id``, ``pid``, ``start``, ``end`` and ``spells`` are reserved there, so a
  node's ``label`` is its caption (concept name, speech title, year …) and the schema label
  moves to ``type``; an edge's type goes to the GEXF edge ``label`` (its XML ``type`` means
  directed/undirected). ``start``/``end`` are set on purpose so that Gephi's timeline plays:
  Speech and Passage from the speech's date (range), Year its calendar year, Concept its first
  to last year of mention, CO_OCCURS the same; other nodes are always visible. CO_OCCURS
  ``weight`` is the GEXF edge weight (read back as a float).
- Node-link JSON: networkx ``node_link_data`` (``nodes``/``edges``, edge ``key`` = type);
  lists stay arrays.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from tifa.extract.output import write_jsonl
from tifa.graph.counting import Counting
from tifa.graph.flatten import Flat, flat_attrs, time_span, year_span
from tifa.graph.neo4j_csv import write_neo4j_import
from tifa.graph.schema import caption
from tifa.graph.xmlstream import numpy_types_if_loaded, stream_gexf, stream_graphml

from tifa.records import PassageRecord, content_id

__all__ = [
    "concept_items",
    "concept_network",
    "concept_years",
    "cooccurrence_years",
    "dynamics",
    "edge_id",
    "for_gexf",
    "for_graphml",
    "gexf_items",
    "gexf_writer",
    "graphml_edge",
    "graphml_node",
    "read_gexf",
    "write_concept_gexf",
    "write_gexf",
    "write_graphml",
    "write_neo4j_import",
    "write_node_link_json",
    "write_passages_jsonl",
]


def edge_id(start: str, end: str, rel_type: str) -> str:
    """Return the stable id of the `rel_type` edge from `start` to `end` (``rel:<16 hex>``)."""
    if type(start) is str and type(end) is str and type(rel_type) is str:  # content_id's
        text = f"{rel_type}\x1f{start}\x1f{end}"                      # bytes, made directly
        return f"rel:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"
    return content_id("rel", rel_type, start, end)


GRAPHML_NODE_TYPE = "labels"
"""The GraphML node attribute that holds the node's label in the schema (Speech, Concept …)."""

PASSAGE_LABEL_WIDTH = 40
"""A passage's display label is its opening, this many characters at most (… when cut)."""

GEPHI_GRAPHML_KEYS = frozenset({"x", "y", "z", "size", "r", "g", "b", "color", "edgelabel",
                                "edgeid"})
"""Keys Gephi's GraphML importer reads as layout, colour or ids, never written by tifa."""


def graphml_node(attrs: dict[str, Any]) -> dict[str, Flat]:
    """Return a node's GraphML attributes: display ``label``, schema ``labels``, the rest flat."""
    width = PASSAGE_LABEL_WIDTH if attrs["label"] == "Passage" else 10_000  # names in full
    out: dict[str, Flat] = {"label": caption(attrs, width=width),
                            GRAPHML_NODE_TYPE: attrs["label"]}
    out.update((k, v) for k, v in flat_attrs(attrs).items() if k not in ("id", "label"))
    return out


def graphml_edge(attrs: dict[str, Any]) -> dict[str, Flat]:
    """Return an edge's GraphML attributes: ``label`` is its relationship type, the rest flat."""
    flat = flat_attrs(attrs)
    flat.pop("type", None)
    return {"label": attrs["type"], **flat}


def for_graphml(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of `G` shaped for GraphML (see the module doc), keyed by `edge_id`."""
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, graphml_node(a)) for n, a in G.nodes(data=True))
    for u, v, k, a in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=edge_id(u, v, k), **graphml_edge(a))
    return H


def write_graphml(G: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write `G` as GraphML (UTF-8, attributes flattened, see the module doc); return the path.

    Streamed (`tifa.graph.xmlstream`): nodes and edges are shaped and written as text a
    chunk at a time, so the file never sits in memory as one XML tree; the bytes are
    networkx's (booleans spelled true/false).
    """
    nodes = ((n, graphml_node(a)) for n, a in G.nodes(data=True))
    edges = ((u, v, edge_id(u, v, k), graphml_edge(a))
             for u, v, k, a in G.edges(keys=True, data=True))
    return stream_graphml(nodes, edges, Path(path), directed=True, multigraph=True)


def _speech_span(G: nx.MultiDiGraph, speech: str) -> tuple[str, str] | None:
    a = G.nodes[speech]
    return time_span(a.get("date"), a.get("date_end"))


def node_span(G: nx.MultiDiGraph, node: str) -> tuple[str, str] | None:
    """Return the (start, end) days a node is shown on Gephi's timeline, or None (always)."""
    a = G.nodes[node]
    label = a["label"]
    if label == "Speech":
        return _speech_span(G, node)
    if label == "Passage":
        for speech, keys in G._succ[node].items():
            if "EXCERPT_OF" in keys:
                return _speech_span(G, speech)
        return None
    if label == "Year":
        return year_span(a["year"], a["year"])
    if label == "Concept":
        return year_span(a.get("first_year"), a.get("last_year"))
    return None


def _timed(attrs: dict[str, Any], span: tuple[str, str] | None) -> dict[str, Any]:
    if span is not None:
        attrs["start"], attrs["end"] = span
    return attrs


YEAR_WEIGHT = "utterances_that_year"
"""The dynamic GEXF attribute of a Concept: its distinct utterances said in each year (the one
counting rule, `tifa.graph.counting`); of a CO_OCCURS edge: those that mention both."""


def concept_years(G: nx.MultiDiGraph, *,
                  counting: Counting | None = None) -> dict[str, dict[int, int]]:
    """Return, per Concept, the distinct utterances said in each year that mention it.

    The counts are the report's (`tifa.graph.stats.timeline`); years with none are left out.
    The passages are dated once for all concepts (one `Counting`, `counting` if given).
    """
    found = (counting or Counting(G)).concept_years()
    return {n: found.get(n, {}) for n, a in G.nodes(data=True) if a["label"] == "Concept"}


def cooccurrence_years(G: nx.MultiDiGraph, *, counting: Counting | None = None
                       ) -> dict[frozenset[str], dict[int, int]]:
    """Return, per pair of concepts, the distinct utterances said in each year that mention
    both (the one counting rule, `tifa.graph.counting`; `counting` is `Counting(G)` if
    already made)."""
    pairs = (counting or Counting(G)).pair_years()
    return {frozenset(pair): years for pair, years in pairs.items()}


@functools.cache
def _year_spell(year: int) -> tuple[str, str] | None:
    return year_span(year, year)


def _per_year(attrs: dict[str, Any], years: dict[int, int]) -> dict[str, Any]:
    """Set one spell per year and that year's count as a dynamic attribute.

    With no year (a concept only ever mentioned in undated passages, or a broader concept
    never mentioned itself) nothing is set, and Gephi shows it at all times.
    """
    if not years:
        return attrs
    spells, counts = [], []
    for year in sorted(years):
        span = _year_spell(year)
        if span:
            spells.append(span)
            counts.append((years[year], *span))
    attrs["spells"] = spells
    attrs[YEAR_WEIGHT] = counts
    return attrs


def _gexf_node(G: nx.MultiDiGraph, node: str, years: dict[int, int] | None) -> dict[str, Any]:
    a = G.nodes[node]
    attrs: dict[str, Any] = {"label": caption(a, width=40), "type": a["label"]}
    attrs.update((k, v) for k, v in flat_attrs(a).items() if k not in ("id", "label"))
    if years is not None:
        return _per_year(attrs, years)
    return _timed(attrs, node_span(G, node))


def _gexf_edge(u: str, v: str, a: dict[str, Any],
               years: dict[int, int] | None) -> dict[str, Any]:
    flat: dict[str, Any] = flat_attrs(a)
    flat.pop("type", None)
    attrs: dict[str, Any] = {"id": edge_id(u, v, a["type"]), "label": a["type"], **flat}
    if years is not None:
        return _per_year(attrs, years)
    return _timed(attrs, year_span(a.get("first_year"), a.get("last_year")))


Dynamics = tuple[dict[str, dict[int, int]], dict[frozenset[str], dict[int, int]]]
"""What both GEXF files count per year: `concept_years` and `cooccurrence_years`."""


def dynamics(G: nx.MultiDiGraph) -> Dynamics:
    """Return `concept_years` and `cooccurrence_years` of `G`: computed once, they can be
    given to `write_gexf` and `write_concept_gexf` both."""
    counting = Counting(G)
    return concept_years(G, counting=counting), cooccurrence_years(G, counting=counting)


GexfItems = tuple[Iterator[tuple[str, dict[str, Any]]],
                  Iterator[tuple[str, str, str, dict[str, Any]]]]


def gexf_items(G: nx.MultiDiGraph, counts: Dynamics | None = None) -> GexfItems:
    """Return `G`'s nodes and edges shaped for GEXF, made one at a time as they are read
    (captions as labels, time, see the module doc): (node, attrs), (u, v, type, attrs).
    `counts` is `dynamics(G)` if already computed."""
    nodes, pairs = counts or dynamics(G)
    return (((n, _gexf_node(G, n, nodes.get(n))) for n in G.nodes),
            ((u, v, k, _gexf_edge(u, v, a, pairs.get(frozenset((u, v)), {})
                                  if k == "CO_OCCURS" else None))
             for u, v, k, a in G.edges(keys=True, data=True)))


def for_gexf(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of `G` shaped for GEXF (captions as labels, time, see module doc)."""
    nodes, edges = gexf_items(G)
    H = nx.MultiDiGraph()
    H.add_nodes_from(nodes)
    for u, v, k, a in edges:
        H.add_edge(u, v, key=k, **a)
    return H


GEXF_VERSION = "1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def gexf_writer(description: str) -> GEXFWriter:
    """Return networkx's GEXF 1.3 writer with tifa's header: the XSI namespace spelled right,
    no date (two builds give the same bytes), tifa as creator, `description`."""
    with numpy_types_if_loaded():
        writer = GEXFWriter(encoding="utf-8", prettyprint=True, version=GEXF_VERSION)
    writer.xml.set("xmlns:xsi", _XSI)  # networkx 3.6 spells the XSI namespace without www.
    meta = writer.xml.find("meta")
    assert meta is not None
    meta.attrib.pop("lastmodifieddate", None)  # today's date would make two builds differ
    creator = meta.find("creator")
    if creator is not None:
        creator.text = f"tifa (NetworkX {nx.__version__})"
    desc = meta.makeelement("description", {})
    desc.text = description
    meta.append(desc)
    return writer


def read_gexf(path: Path | str) -> nx.Graph:
    """Read a GEXF file tifa wrote (GEXF 1.3) with networkx; return the graph."""
    return nx.read_gexf(path, version=GEXF_VERSION)


def write_gexf(G: nx.MultiDiGraph, path: Path | str, *,
               counts: Dynamics | None = None) -> Path:
    """Write `G` as dynamic GEXF 1.3 for Gephi (timeline from speech dates); return the path.
    `counts` is `dynamics(G)` if already computed."""
    nodes, edges = gexf_items(G, counts)
    return stream_gexf(
        gexf_writer("tifa knowledge graph: passages, speeches, publications and concepts"),
        nodes, edges, Path(path), directed=True, multigraph=True)


ConceptItems = tuple[Iterator[tuple[str, dict[str, Any]]],
                     Iterator[tuple[str, str, dict[str, Any]]]]


def concept_items(G: nx.MultiDiGraph, counts: Dynamics | None = None) -> ConceptItems:
    """Return the nodes and edges of `concept_network` ((node, attrs), (u, v, attrs)), in
    the order networkx's Graph gives them, each edge's attributes made as it is read: the
    network is never held in memory, only which concept meets which. `counts` is
    `dynamics(G)` if already computed."""
    nodes, pairs = counts or dynamics(G)
    met: dict[str, dict[str, list[tuple[str, str, dict[str, Any]]]]] = {
        n: {} for n, a in G.nodes(data=True) if a["label"] == "Concept"}
    for u, v, k, a in G.edges(keys=True, data=True):
        if k == "CO_OCCURS":  # as nx.Graph.add_edge: one edge per pair, data merged
            sources = met.setdefault(u, {}).get(v)
            if sources is None:
                sources = met[u][v] = met.setdefault(v, {})[u] = []
            sources.append((u, v, a))

    def node_items() -> Iterator[tuple[str, dict[str, Any]]]:
        for n in met:
            a = G.nodes[n]
            if a["label"] != "Concept":  # an end of a CO_OCCURS edge that is no concept
                yield n, {}
                continue
            attrs: dict[str, Any] = {"label": a["name"]}
            attrs.update((k, v) for k, v in flat_attrs(a).items() if k not in ("id", "label"))
            yield n, _per_year(attrs, nodes[n])

    def edge_items() -> Iterator[tuple[str, str, dict[str, Any]]]:
        seen: set[str] = set()
        for n, others in met.items():  # nx.Graph's edge order: each pair from its first node
            for other, sources in others.items():
                if other not in seen:
                    attrs: dict[str, Any] = {}
                    for u, v, a in sources:  # one, or both directions merged
                        shaped = _gexf_edge(u, v, a, pairs.get(frozenset((u, v)), {}))
                        if attrs:
                            attrs.update(shaped)
                        else:
                            attrs = shaped
                    attrs.pop("label")
                    yield n, other, attrs
            seen.add(n)

    return node_items(), edge_items()


def concept_network(G: nx.MultiDiGraph) -> nx.Graph:
    """Return the undirected concept co-occurrence network: Concept nodes, CO_OCCURS edges."""
    nodes, edges = concept_items(G)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


def write_concept_gexf(G: nx.MultiDiGraph, path: Path | str, *,
                       counts: Dynamics | None = None) -> Path:
    """Write the concept co-occurrence network alone as GEXF (weights, years); return the
    path. `counts` is `dynamics(G)` if already computed."""
    nodes, edges = concept_items(G, counts)
    return stream_gexf(
        gexf_writer("tifa concept co-occurrence: concepts mentioned in the same passage"),
        nodes, edges, Path(path), directed=False, multigraph=False)


def _node_link_items(G: nx.MultiDiGraph) -> dict[str, Iterator[dict[str, Any]]]:
    """Return the nodes and edges of networkx ``node_link_data(G, edges="edges")``, made one
    at a time as they are written."""
    if G.is_multigraph():
        edges = ({**d, "source": u, "target": v, "key": k}
                 for u, v, k, d in G.edges(keys=True, data=True))
    else:
        edges = ({**d, "source": u, "target": v} for u, v, d in G.edges(data=True))
    return {"nodes": ({**G.nodes[n], "id": n} for n in G), "edges": edges}


def write_node_link_json(G: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write `G` as networkx node-link JSON (UTF-8, one node or edge per line); return the path.

    Written a node or edge at a time (the document is never held in memory)."""
    path = Path(path)
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps's, made once
    head = {"directed": G.is_directed(), "multigraph": G.is_multigraph(), "graph": G.graph}
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("{" + ", ".join(f"{json.dumps(k)}: {encode(v)}" for k, v in head.items())
                 + ",\n")
        for part, items in _node_link_items(G).items():
            fh.write(f'"{part}": [\n  ')
            lines, sep = map(encode, items), ""
            while chunk := list(islice(lines, 2000)):  # written 2,000 lines at a time
                fh.write(sep + ",\n  ".join(chunk))
                sep = ",\n  "
            fh.write("\n]" + (",\n" if part == "nodes" else "}\n"))
    return path


def write_passages_jsonl(passages: Iterable[PassageRecord], path: Path | str) -> Path:
    """Write the passages in the extraction output contract as JSON Lines; return the path."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        write_jsonl(passages, fh)
    return path
