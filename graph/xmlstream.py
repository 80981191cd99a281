"""Stream GraphML and GEXF to disk with networkx's own writers, a chunk of elements at a time.

networkx's writers build the whole document as one ElementTree before writing it: at 10⁴
documents that tree (an element per node, edge and attribute value) is the largest thing a
build holds. Here the same writer objects shape a chunk of nodes or edges at a time
(`CHUNK`); each element is indented as networkx indents it, serialized to a spool file on
disk and dropped. The header (attribute declarations, GEXF's time format and mode) is only
known once every element has been seen, so it is written last, around the spooled body:
the bytes are those networkx writes (`tests/graph/test_xmlstream.py` compares them).

Assumptions, true of tifa's exports: no graph-level attributes, no GEXF ``viz``
namespace elements, and every GEXF edge carries its own ``id``.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, tostring

CHUNK = 2000
"""Nodes or edges shaped and serialized at once."""

_BODY = "\x1etifa-body-{}\x1e"


class _NodeView:
    def __init__(self, items: list[tuple[Any, dict[str, Any]]]) -> None:
        self._items = items

    def __call__(self, data: bool = True) -> list[tuple[Any, dict[str, Any]]]:
        return self._items

    def __getitem__(self, node: Any) -> dict[str, Any]:
        return {}  # the writers ask for a node's "id" attribute: tifa's nodes have none


class _Part:
    """A slice of a graph as networkx's writers read one: nodes or edges, no graph data."""

    def __init__(self, nodes: list[tuple[Any, dict[str, Any]]], edges: list[tuple[Any, ...]],
                 *, directed: bool, multigraph: bool) -> None:
        self.graph: dict[str, Any] = {}
        self.nodes = _NodeView(nodes)
        self._edges = edges
        self._directed, self._multigraph = directed, multigraph

    def edges(self, data: bool = True, keys: bool = False) -> list[tuple[Any, ...]]:
        return self._edges

    def is_directed(self) -> bool:
        return self._directed

    def is_multigraph(self) -> bool:
        return self._multigraph


def _parts(nodes: Iterable[tuple[Any, dict[str, Any]]], edges: Iterable[tuple[Any, ...]],
           *, directed: bool, multigraph: bool) -> Iterator[tuple[str, _Part]]:
    """Yield ("nodes", part) per chunk of nodes, then ("edges", part) per chunk of edges."""
    for kind, items in (("nodes", iter(nodes)), ("edges", iter(edges))):
        while chunk := list(islice(items, CHUNK)):
            yield kind, _Part(chunk if kind == "nodes" else [], chunk if kind == "edges" else [],
                              directed=directed, multigraph=multigraph)


def _spool_elements(elements: Iterable[Element], spool: IO[bytes], level: int,
                    indent: Callable[[Element, int], None]) -> int:
    """Write each element as networkx's pretty-printer places it at `level` (a newline and
    the indentation before it, its own tail left off); return how many were written."""
    pad = "\n" + "  " * level
    n = 0
    for element in elements:
        indent(element, level)
        element.tail = None
        spool.write((pad + tostring(element, encoding="unicode"))
                    .encode("utf-8", "xmlcharrefreplace"))
        n += 1
    return n


def _write_around(write: Callable[[IO[bytes]], None], path: Path,
                  bodies: list[tuple[IO[bytes], int, int]]) -> Path:
    """Write the document `write` makes, body token k replaced by spool k (elements at
    `level`, closed at the level above; an empty body as an empty element, ``<x />``)."""
    head = io.BytesIO()
    write(head)
    document = head.getvalue()
    with open(path, "wb") as out:
        for k, (spool, level, count) in enumerate(bodies):
            before, document = document.split(_BODY.format(k).encode(), 1)
            if count == 0:
                out.write(before[:-1] + b" />")
                document = document[document.index(b">") + 1:]
                continue
            out.write(before)
            spool.seek(0)
            shutil.copyfileobj(spool, out)
            out.write(("\n" + "  " * (level - 1)).encode())
        out.write(document)
    return path


def _spool(path: Path) -> IO[bytes]:
    return tempfile.TemporaryFile("w+b", dir=path.parent, prefix=".tifa-spool-")


def stream_graphml(writer: Any, nodes: Iterable[tuple[Any, dict[str, Any]]],
                   edges: Iterable[tuple[Any, ...]], path: Path, *, directed: bool,
                   multigraph: bool) -> Path:
    """Write GraphML with `writer` (a networkx GraphMLWriter, pretty-printing) from `nodes`
    ((node, attrs)) and `edges` ((u, v, key, attrs), or (u, v, attrs) for a simple graph),
    consumed a chunk at a time; return the path."""
    count = 0
    with _spool(path) as spool:
        for kind, part in _parts(nodes, edges, directed=directed, multigraph=multigraph):
            holder = writer.myElement("graph")
            (writer.add_nodes if kind == "nodes" else writer.add_edges)(part, holder)
            for element, data in writer.attributes.items():  # as add_graph_element does
                for k, v, scope, default in data:
                    element.append(writer.add_data(str(k), writer.attr_type(k, scope, v),
                                                   str(v), scope, default))
            writer.attributes.clear()
            count += _spool_elements(list(holder), spool, 2, writer.indent)
        graph = writer.myElement("graph", edgedefault="directed" if directed else "undirected")
        graph.text = _BODY.format(0)
        writer.xml.append(graph)
        return _write_around(writer.dump, path, [(spool, 2, count)])


def stream_gexf(writer: Any, nodes: Iterable[tuple[Any, dict[str, Any]]],
                edges: Iterable[tuple[Any, ...]], path: Path, *, directed: bool,
                multigraph: bool) -> Path:
    """Write GEXF with `writer` (a networkx GEXFWriter, pretty-printing, header set) from
    `nodes` and `edges` as `stream_graphml` takes them, each edge with an ``id``
    attribute; return the path. The graph element has no ``name``."""
    writer.graph_element = Element("graph", defaultedgetype="directed" if directed
                                   else "undirected", mode="static")
    counts = {"nodes": 0, "edges": 0}
    with _spool(path) as node_spool, _spool(path) as edge_spool:
        for kind, part in _parts(nodes, edges, directed=directed, multigraph=multigraph):
            holder = Element("graph")
            if kind == "nodes":
                writer.add_nodes(part, holder)
            elif any("id" not in e[-1] for e in part.edges()):
                raise ValueError("stream_gexf needs an id attribute on every edge")
            else:
                writer.add_edges(part, holder)
            counts[kind] += _spool_elements(list(holder[0]),
                                            node_spool if kind == "nodes" else edge_spool,
                                            3, writer.indent)
        for k, tag in enumerate(("nodes", "edges")):
            body = Element(tag)
            body.text = _BODY.format(k)
            writer.graph_element.append(body)
        writer.xml.append(writer.graph_element)
        return _write_around(writer.write, path, [(node_spool, 3, counts["nodes"]),
                                                  (edge_spool, 3, counts["edges"])])
