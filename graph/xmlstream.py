"""Write GraphML and GEXF as strings, streamed: the bytes networkx's writers write.

networkx's writers build the whole document as one ElementTree (an element per node, edge
and attribute value) and serialize it element by element: at 10⁴ documents that tree is the
largest thing a build holds, and the serializing most of its time. Here each node and edge
is written directly as the text networkx would write for it (its attributes escaped as
ElementTree escapes them, indented as networkx indents them), `CHUNK` items at a time, to a
spool file beside the output. The header (GraphML's keys, GEXF's attribute declarations,
time format and mode) is only known once every item has been seen, so it is made last by
networkx's own writer objects and written around the spooled body.

`tests/graph/test_xmlstream.py` holds the bytes to networkx's (tifa's sample graph, graphs
with awkward values, random graphs). Not written: graph-level attributes and defaults, GEXF
``viz`` (a ValueError) and GEXF 1.1's slices; every GEXF edge must carry its own ``id``.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element

import networkx as nx
from networkx.readwrite.graphml import GraphML, GraphMLWriter

CHUNK = 2000
"""Nodes or edges joined into one string and written to the spool at once."""

_BODY = "\x1etifa-body-{}\x1e"

_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})
_TEXT_SPECIAL = re.compile("[&<>]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_PLAIN = (int, float, bool)  # str() of these never needs escaping


def escape_attr(value: str) -> str:
    """Return `value` escaped as ElementTree escapes an attribute value."""
    return value if _ATTR_SPECIAL.search(value) is None else value.translate(_ATTR)


def escape_text(value: str) -> str:
    """Return `value` escaped as ElementTree escapes element text."""
    return value if _TEXT_SPECIAL.search(value) is None else value.translate(_TEXT)


def _attr(value: Any) -> str:
    """Return str(`value`) escaped for an attribute (numbers and booleans need none)."""
    if type(value) is str:
        return value if _ATTR_SPECIAL.search(value) is None else value.translate(_ATTR)
    text = str(value)
    return text if type(value) in _PLAIN else escape_attr(text)


@functools.lru_cache(maxsize=1 << 14)
def _date_span(start: str, end: str) -> str:
    """Return `_span` of two strings (a graph repeats its years' and speeches' dates)."""
    return f' start="{escape_attr(start)}" end="{escape_attr(end)}"'


def _span(start: Any, end: Any) -> str:
    """Return `` start="…" end="…"`` for a spell or a dynamic value, each unless None."""
    if type(start) is str and type(end) is str:  # dates, the common case
        return _date_span(start, end)
    text = "" if start is None else f' start="{_attr(start)}"'
    return text if end is None else f'{text} end="{_attr(end)}"'


class _Spool:
    """A temporary file that collects text, `CHUNK` items at a time."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.parts: list[str] = []
        self.items = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.items += 1
        if self.items % CHUNK == 0:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.file.write("".join(self.parts).encode("utf-8", "xmlcharrefreplace"))
            self.parts.clear()


@contextmanager
def _spools(path: Path, n: int) -> Iterator[list[_Spool]]:
    """Yield `n` spools in temporary files beside `path`, removed afterwards."""
    with ExitStack() as files:
        yield [_Spool(files.enter_context(tempfile.TemporaryFile(
            "w+b", dir=path.parent, prefix=".tifa-spool-"))) for _ in range(n)]


def _write_around(write: Callable[[IO[bytes]], None], path: Path,
                  bodies: list[tuple[_Spool, int]]) -> Path:
    """Write the document `write` makes, body token k replaced by spool k (elements at
    `level`, closed at the level above; an empty body as an empty element, ``<x />``)."""
    head = io.BytesIO()
    write(head)
    document = head.getvalue()
    with open(path, "wb") as out:
        for k, (spool, level) in enumerate(bodies):
            before, document = document.split(_BODY.format(k).encode(), 1)
            if spool.items == 0:
                out.write(before[:-1] + b" />")
                document = document[document.index(b">") + 1:]
                continue
            out.write(before)
            spool.flush()
            spool.file.seek(0)
            shutil.copyfileobj(spool.file, out, 1 << 20)
            out.write(("\n" + "  " * (level - 1)).encode())
        out.write(document)
    return path




@contextmanager
def numpy_types_if_loaded() -> Iterator[None]:
    """Within: networkx's writers build their type tables (`construct_types`) with numpy's
    scalar types only if numpy is already loaded. A value of a numpy type cannot exist
    without it, and tifa's values are Python's; importing numpy only for the table costs a
    writer's process a tenth of a second or more."""
    if "numpy" in sys.modules:
        yield
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy raises ImportError
    try:
        yield
    finally:
        if sys.modules.get("numpy", False) is None:
            del sys.modules["numpy"]


# GraphML ---------------------------------------------------------------------------------


class _GraphMLBody:
    """The text of GraphML nodes and edges, with the keys their data needs, in order."""

    def __init__(self) -> None:
        table = GraphML()
        with numpy_types_if_loaded():
            table.construct_types()
        self.xml_type: dict[type, str] = table.xml_type
        self.keys: dict[tuple[str, str, str], str] = {}
        # per scope, per attribute: (value type, the opening of its <data> line)
        self.openings: dict[str, dict[Any, tuple[type, str]]] = {}

    def _key(self, scope: str, name: Any, kind: type) -> tuple[type, str]:
        """Return (`kind`, the opening ``<data key="…"`` of `name`'s values of that type),
        the key made if it is new (numbered in the order networkx numbers them)."""
        xml = self.xml_type.get(kind)
        if xml is None:
            raise nx.NetworkXError(f"GraphML writer does not support {kind} as data values.")
        keys = self.keys
        key = keys.get((str(name), xml, scope))
        if key is None:
            key = keys[(str(name), xml, scope)] = f"d{len(keys)}"
        entry = self.openings[scope][name] = (kind, f'\n      <data key="{key}"')
        return entry

    def data(self, scope: str, attrs: dict[Any, Any], parts: list[str]) -> None:
        """Append a ``<data>`` line per attribute (booleans as true/false)."""
        openings = self.openings.setdefault(scope, {})
        for k, v in attrs.items():
            kind = type(v)
            entry = openings.get(k)
            if entry is None or entry[0] is not kind:
                entry = self._key(scope, k, kind)
            if kind is str:
                if not v:
                    parts.append(f"{entry[1]} />")
                    continue
                text = v if _TEXT_SPECIAL.search(v) is None else v.translate(_TEXT)
            elif kind is bool:
                text = "true" if v else "false"
            elif kind in _PLAIN:
                text = str(v)
            else:
                text = str(v)
                if not text:
                    parts.append(f"{entry[1]} />")
                    continue
                text = escape_text(text)
            parts.append(f"{entry[1]}>{text}</data>")

    def element(self, scope: str, opening: str, attrs: dict[Any, Any]) -> str:
        """Return one node or edge (`opening` is ``node id="…"``), indented at level 2."""
        if not attrs:
            return f"\n    <{opening} />"
        parts = [f"\n    <{opening}>"]
        self.data(scope, attrs, parts)
        parts.append(f"\n    </{scope}>")
        return "".join(parts)


def stream_graphml(nodes: Iterable[tuple[Any, dict[str, Any]]],
                   edges: Iterable[tuple[Any, ...]], path: Path, *, directed: bool,
                   multigraph: bool) -> Path:
    """Write GraphML from `nodes` ((node, attrs)) and `edges` ((u, v, key, attrs), or
    (u, v, attrs) for a simple graph), read once; return the path.

    The bytes are those of networkx's pretty-printing GraphMLWriter on the same graph, but
    for booleans, written true/false (the GraphML spelling; networkx writes True/False)."""
    body = _GraphMLBody()
    with _spools(path, 1) as (spool,):
        for node, attrs in nodes:
            spool.add(body.element("node", f'node id="{_attr(node)}"', attrs))
        for edge in edges:
            u, v, attrs = edge[0], edge[1], edge[-1]
            opening = f'edge source="{_attr(u)}" target="{_attr(v)}"'
            if multigraph:
                opening += f' id="{_attr(edge[2])}"'
            spool.add(body.element("edge", opening, attrs))
        with numpy_types_if_loaded():
            writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
        for (name, xml, scope), key in body.keys.items():
            assert writer.get_key(name, xml, scope, None) == key
        graph = writer.myElement("graph", edgedefault="directed" if directed else "undirected")
        graph.text = _BODY.format(0)
        writer.xml.append(graph)
        return _write_around(writer.dump, path, [(spool, 2)])


# GEXF ------------------------------------------------------------------------------------

_NODE_KEYS = frozenset({"id", "label", "pid", "start", "end", "parents", "spells", "viz"})
_EDGE_KEYS = frozenset({"id", "label", "weight", "type", "start", "end", "spells", "viz"})
_SPECIAL_FLOATS = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}


class _GEXFBody:
    """The text of GEXF nodes and edges, with the attribute declarations and the time
    format their values need, as networkx's GEXFWriter makes them."""

    def __init__(self, xml_type: dict[type, str]) -> None:
        self.xml_type = xml_type
        self.attr_ids: dict[tuple[str, str, str], str] = {}  # (class, mode, title) → id
        self.declared: list[tuple[str, str, str, str]] = []  # (title, type, class, mode)
        self.last_time: Any = None
        self.node_ids: dict[Any, str] = {}
        self.ends: dict[Any, str] = {}  # an edge end's escaped id, once every node is seen
        # per class, per key: (value type, the opening of its static <attvalue> line)
        self.statics: dict[str, dict[Any, tuple[type, str]]] = {"node": {}, "edge": {}}

    def time(self, value: Any) -> None:
        """Note a start or end (networkx's `alter_graph_mode_timeformat`: the last decides)."""
        if value is not None:
            if not isinstance(value, str | float | int):
                raise nx.NetworkXError("timeformat should be of the type int, float or str")
            self.last_time = value

    def span(self, start: Any, end: Any) -> str:
        """Return `_span` of `start` and `end`, noting both as times."""
        if type(end) is str and type(start) is str:  # dates, the common case
            self.last_time = end
        else:
            self.time(start)
            self.time(end)
        return _span(start, end)

    def attr_id(self, title: str, xml: str, cls: str, mode: str) -> str:
        key = (cls, mode, title)
        found = self.attr_ids.get(key)
        if found is None:
            found = self.attr_ids[key] = str(len(self.declared))
            self.declared.append((title, xml, cls, mode))
        return found

    def spells(self, spells: Any, parts: list[str]) -> None:
        parts.append("\n        <spells>")
        for start, end in spells:
            if type(start) is str and type(end) is str:  # dates, as `span` takes them
                self.last_time = end
                parts.append(f"\n          <spell{_date_span(start, end)} />")
            else:
                parts.append(f"\n          <spell{self.span(start, end)} />")
        parts.append("\n        </spells>")

    def _static(self, cls: str, key: Any, val_type: type) -> tuple[type, str]:
        """Return (`val_type`, the opening of a static ``<attvalue>`` of `key`), declaring
        its attribute if it is new (in the order networkx declares them)."""
        xml_type = self.xml_type
        if val_type not in xml_type:
            raise TypeError(f"attribute value type is not allowed: {val_type}")
        title = "networkx_key" if key == "key" else str(key)
        aid = self.attr_id(title, xml_type[val_type], cls, "static")
        entry = self.statics[cls][key] = (val_type, f'\n          <attvalue for="{aid}" value="')
        return entry

    def attvalues(self, cls: str, data: list[tuple[Any, Any]], parts: list[str]) -> None:
        """Append the ``<attvalues>`` of `data` (networkx's `add_attributes`, quirks kept:
        the mode of a list without times is the mode of the attribute before it)."""
        xml_type = self.xml_type
        statics = self.statics[cls]
        parts += ["\n        <attvalues", ">"]
        opened = len(parts)
        mode = "static"
        for k, v in data:
            val_type = type(v)
            if val_type is not list:  # a static value: its line's opening made once per key
                mode = "static"
                entry = statics.get(k)
                if entry is None or entry[0] is not val_type:
                    entry = self._static(cls, k, val_type)
                if val_type is str:
                    value = v if _ATTR_SPECIAL.search(v) is None else v.translate(_ATTR)
                elif val_type is int:
                    value = str(v)
                elif val_type is bool:
                    value = "true" if v else "false"
                elif val_type is float:
                    value = str(v)
                    value = _SPECIAL_FLOATS.get(value, value)
                else:
                    value = escape_attr(str(v))
                parts.append(f'{entry[1]}{value}" />')
                continue
            if k == "key":
                k = "networkx_key"
            for val, start, end in v:
                val_type = type(val)
                if start is not None or end is not None:
                    mode = "dynamic"
                    self.time(start)
                    self.time(end)
                    break
            aid = self.attr_id(str(k), xml_type[val_type], cls, mode)
            for val, start, end in v:  # times noted above: only the first timed value's
                value = str(val)
                if val_type is float:
                    value = _SPECIAL_FLOATS.get(value, value)
                if type(val) is not int:  # digits need no escaping
                    value = escape_attr(value)
                span = (_date_span(start, end) if type(start) is str and type(end) is str
                        else _span(start, end))
                parts.append(f'\n          <attvalue for="{aid}" value="{value}"{span} />')
        if len(parts) == opened:
            parts[-1] = " />"
        else:
            parts.append("\n        </attvalues>")

    def element(self, tag: str, opening: str, data: dict[Any, Any], *,
                first: Iterable[str] = (), key: tuple[Any, ...] = ()) -> str:
        """Return a node or edge at level 3: `opening` (its XML attributes), then the
        children `first`, its spells and its attvalues (`data` but for reserved keys, then
        `key`: an edge's ("key", its multigraph key) when `data` has no "key")."""
        if data.get("viz"):
            raise ValueError("stream_gexf does not write viz attributes")
        parts = [f"\n      <{tag} {opening}", ">", *first]
        spells = data.get("spells")
        if spells:
            self.spells(spells, parts)
        reserved = _NODE_KEYS if tag == "node" else _EDGE_KEYS
        rest = [(k, v) for k, v in data.items() if k not in reserved]
        if key:
            rest.append(key)
        if rest:
            self.attvalues(tag, rest, parts)
        if len(parts) == 2:
            parts[1] = " />"
        else:
            parts.append(f"\n      </{tag}>")
        return "".join(parts)

    def node(self, node: Any, data: dict[Any, Any]) -> str:
        if "id" in data:
            self.node_ids[node] = node_id = str(data["id"])
        else:
            node_id = str(node)
        opening = f'id="{escape_attr(node_id)}" label="{_attr(data.get("label", node))}"'
        if "pid" in data:
            opening += f' pid="{_attr(data["pid"])}"'
        for time in ("start", "end"):
            if time in data:
                opening += f' {time}="{_attr(data[time])}"'
                self.time(data[time])
        parents = data.get("parents")
        first = ["\n        <parents>",
                 *(f'\n          <parent for="{_attr(p)}" />' for p in parents),
                 "\n        </parents>"] if parents else []
        return self.element("node", opening, data, first=first)

    def end(self, node: Any) -> str:
        """Return the escaped id of `node` as an edge's source or target (made once)."""
        text = self.ends.get(node)
        if text is None:
            ids = self.node_ids
            text = self.ends[node] = escape_attr(ids[node] if node in ids else str(node))
        return text

    def edge(self, u: Any, v: Any, data: dict[Any, Any], key: Any, keyed: bool) -> str:
        extra: tuple[Any, ...] = ()
        if keyed:
            if "key" in data:  # replaced where it stands, as {**data, "key": key} does
                data = {**data, "key": key}
            else:
                extra = ("key", key)
        edge_id = data.get("id")
        if edge_id is None:
            raise ValueError("stream_gexf needs an id attribute on every edge")
        ends = self.ends
        source = ends[u] if u in ends else self.end(u)
        target = ends[v] if v in ends else self.end(v)
        opening = f'source="{source}" target="{target}" id="{_attr(edge_id)}"'
        for name in ("label", "weight", "type"):
            if name in data:
                opening += f' {name}="{_attr(data[name])}"'
        for name in ("start", "end"):
            if name in data:
                opening += f' {name}="{_attr(data[name])}"'
                self.time(data[name])
        return self.element("edge", opening, data, key=extra)


def stream_gexf(writer: Any, nodes: Iterable[tuple[Any, dict[str, Any]]],
                edges: Iterable[tuple[Any, ...]], path: Path, *, directed: bool,
                multigraph: bool) -> Path:
    """Write GEXF with `writer`'s header (a networkx GEXFWriter, pretty-printing, meta set)
    from `nodes` and `edges` as `stream_graphml` takes them, each edge with an ``id``
    attribute; return the path. The graph element has no ``name``.

    The bytes are those of `writer.add_graph` and `writer.write` on the same graph."""
    if writer.VERSION == "1.1":
        raise ValueError("stream_gexf writes GEXF 1.2 and 1.3 (spells), not 1.1 (slices)")
    body = _GEXFBody(writer.xml_type)
    with _spools(path, 2) as (node_spool, edge_spool):
        for node, attrs in nodes:
            node_spool.add(body.node(node, attrs))
        for edge in edges:
            edge_spool.add(body.edge(edge[0], edge[1], edge[-1], edge[2] if multigraph
                                     else None, multigraph))
        writer.graph_element = Element("graph", defaultedgetype="directed" if directed
                                       else "undirected", mode="static")
        for k, (title, xml, cls, mode) in enumerate(body.declared):
            assert writer.get_attr_id(title, xml, cls, {}, mode) == str(k)
        writer.alter_graph_mode_timeformat(body.last_time)
        for k, tag in enumerate(("nodes", "edges")):
            holder = Element(tag)
            holder.text = _BODY.format(k)
            writer.graph_element.append(holder)
        writer.xml.append(writer.graph_element)
        return _write_around(writer.write, path, [(node_spool, 3), (edge_spool, 3)])
