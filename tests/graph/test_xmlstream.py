"""The string writers of GraphML and GEXF write byte for byte what networkx's in-memory writers
write (tifa's graphs, awkward values, random graphs); node-link JSON written item by item is
networkx's node_link_data."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter
from tifa.graph import xmlstream
from tifa.graph.export import (
    _gexf_edge,
    _per_year,
    concept_network,
    dynamics,
    for_gexf,
    for_graphml,
    gexf_writer,
    write_concept_gexf,
    write_gexf,
    write_graphml,
    write_node_link_json,
)
from tifa.graph.flatten import flat_attrs


class _GraphMLWriter(GraphMLWriter):
    """networkx's writer as tifa called it before the string writers: booleans true/false."""

    def add_data(self, name, element_type, value, scope="all", default=None):  # type: ignore[no-untyped-def]
        element = super().add_data(name, element_type, value, scope, default)
        if element_type is bool:  # networkx passes str(value): "True" / "False"
            element.text = str(element.text).lower()
        return element


def _in_memory_graphml_of(G: nx.Graph, path: Path) -> bytes:
    writer = _GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(G)
    with open(path, "wb") as fh:
        writer.dump(fh)
    return path.read_bytes()


def _in_memory_graphml(G: nx.MultiDiGraph, path: Path) -> bytes:
    return _in_memory_graphml_of(for_graphml(G), path)


def _networkx_gexf(G: nx.Graph, path: Path, writer: GEXFWriter) -> bytes:
    writer.add_graph(G)
    writer.graph_element.attrib.pop("name", None)  # tifa's graph element has no name
    with open(path, "wb") as fh:
        writer.write(fh)
    return path.read_bytes()


def _in_memory_gexf(H: nx.Graph, path: Path, description: str) -> bytes:
    return _networkx_gexf(H, path, gexf_writer(description))


def _reference_concept_network(G: nx.MultiDiGraph) -> nx.Graph:
    """The concept network built as an nx.Graph edge by edge (as tifa built it before
    `concept_items`): the oracle for the order and orientation of the streamed edges."""
    nodes, pairs = dynamics(G)
    H = nx.Graph()
    for n, a in G.nodes(data=True):
        if a["label"] == "Concept":
            attrs = {"label": a["name"]}
            attrs.update((k, v) for k, v in flat_attrs(a).items() if k not in ("id", "label"))
            H.add_node(n, **_per_year(attrs, nodes[n]))
    for u, v, k, a in G.edges(keys=True, data=True):
        if k == "CO_OCCURS":
            H.add_edge(u, v, **_gexf_edge(u, v, a, pairs.get(frozenset((u, v)), {})))
            H.edges[u, v].pop("label")
    return H


@pytest.fixture(params=[xmlstream.CHUNK, 7], ids=["chunk-default", "chunk-7"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(xmlstream, "CHUNK", request.param)
    return int(request.param)


def test_graphml_streamed_is_networkx_bytes(corpus_graph: nx.MultiDiGraph, tmp_path: Path,
                                            chunk: int) -> None:
    streamed = write_graphml(corpus_graph, tmp_path / "s.graphml").read_bytes()
    assert streamed == _in_memory_graphml(corpus_graph, tmp_path / "m.graphml")
    assert streamed.count(b"<node ") == corpus_graph.number_of_nodes()


def test_gexf_streamed_is_networkx_bytes(corpus_graph: nx.MultiDiGraph, tmp_path: Path,
                                         chunk: int) -> None:
    streamed = write_gexf(corpus_graph, tmp_path / "s.gexf").read_bytes()
    reference = _in_memory_gexf(for_gexf(corpus_graph), tmp_path / "m.gexf",
                                "tifa knowledge graph: passages, speeches, publications "
                                "and concepts")
    assert streamed == reference
    assert streamed.count(b"<edge ") == corpus_graph.number_of_edges()


def test_concept_gexf_streamed_is_networkx_bytes(corpus_graph: nx.MultiDiGraph,
                                                 tmp_path: Path, chunk: int) -> None:
    streamed = write_concept_gexf(corpus_graph, tmp_path / "s.gexf").read_bytes()
    reference = _in_memory_gexf(_reference_concept_network(corpus_graph), tmp_path / "m.gexf",
                                "tifa concept co-occurrence: concepts mentioned in the same "
                                "passage")
    assert streamed == reference


def test_concept_network_is_the_reference(corpus_graph: nx.MultiDiGraph) -> None:
    H, R = concept_network(corpus_graph), _reference_concept_network(corpus_graph)
    assert list(H.nodes(data=True)) == list(R.nodes(data=True))
    assert list(H.edges(data=True)) == list(R.edges(data=True))
    assert H.number_of_edges() == sum(1 for *_, k in corpus_graph.edges(keys=True)
                                      if k == "CO_OCCURS")


def test_concept_edges_in_both_directions_merge_as_networkx_merges(
        corpus_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    G = corpus_graph.copy()
    u, v, a = next((u, v, a) for u, v, k, a in G.edges(keys=True, data=True)
                   if k == "CO_OCCURS")
    G.add_edge(v, u, key="CO_OCCURS", **{**a, "weight": 99})  # the pair stored twice
    streamed = write_concept_gexf(G, tmp_path / "s.gexf").read_bytes()
    assert streamed == _in_memory_gexf(_reference_concept_network(G), tmp_path / "m.gexf",
                                       "tifa concept co-occurrence: concepts mentioned in "
                                       "the same passage")
    assert b'weight="99"' in streamed


def test_empty_graph_streams_empty_elements(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    assert write_graphml(G, tmp_path / "s.graphml").read_bytes() == \
        _in_memory_graphml(G, tmp_path / "m.graphml")
    streamed = write_concept_gexf(G, tmp_path / "s.gexf").read_bytes()
    assert b"<nodes />" in streamed and b"<edges />" in streamed
    assert streamed == _in_memory_gexf(_reference_concept_network(G), tmp_path / "m.gexf",
                                       "tifa concept co-occurrence: concepts mentioned in "
                                       "the same passage")


def test_spool_files_are_removed(corpus_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_gexf(corpus_graph, tmp_path / "g.gexf")
    write_graphml(corpus_graph, tmp_path / "g.graphml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.gexf", "g.graphml"]


def test_node_link_json_written_item_by_item_is_node_link_data(
        corpus_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_node_link_json(corpus_graph, tmp_path / "graph.json")
    expected = json.loads(json.dumps(nx.node_link_data(corpus_graph, edges="edges")))
    assert json.loads(path.read_text("utf-8")) == expected
    lines = path.read_text("utf-8").splitlines()  # one node or edge per line
    assert len(lines) == 5 + corpus_graph.number_of_nodes() + corpus_graph.number_of_edges()


# Small graphs with awkward values: networkx's own writers are the oracle. ------------------

AWKWARD = ['a&b<c>d"e\'f', "網絡強國 网络安全", "", "tab\there\nnew line\r", "]]>", "&amp;",
           "\x1etifa-body-0\x1e", "😀 emoji", "  spaces  "]


def _edges(G: nx.Graph) -> list[tuple]:  # type: ignore[type-arg]
    return (list(G.edges(keys=True, data=True)) if G.is_multigraph()
            else list(G.edges(data=True)))


def _stream_graphml(G: nx.Graph, path: Path) -> bytes:
    return xmlstream.stream_graphml(G.nodes(data=True), _edges(G), path,
                                    directed=G.is_directed(),
                                    multigraph=G.is_multigraph()).read_bytes()


def _gexf_writer(version: str) -> GEXFWriter:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version=version)
    meta = writer.xml.find("meta")
    assert meta is not None
    meta.attrib.pop("lastmodifieddate")  # the same in both, even across midnight
    return writer


def _stream_gexf(G: nx.Graph, path: Path, version: str = "1.3") -> bytes:
    return xmlstream.stream_gexf(_gexf_writer(version), G.nodes(data=True), _edges(G), path,
                                 directed=G.is_directed(),
                                 multigraph=G.is_multigraph()).read_bytes()


def _awkward_graph(kind: type[nx.Graph]) -> nx.Graph:
    G = kind()
    for i, text in enumerate(AWKWARD):
        G.add_node(text, label=text, n=i, share=i / 3, flag=i % 2 == 0, note=text)
    G.add_node(42)  # an int id, no attributes
    G.add_node("mixed", n="not an int", share=float("inf"), nan=float("nan"))
    G.add_edge(AWKWARD[0], AWKWARD[1], weight=2, label="CO_OCCURS", kind=AWKWARD[3])
    G.add_edge(AWKWARD[0], AWKWARD[1], weight=1.5, note="")  # a second edge (multigraphs)
    G.add_edge(AWKWARD[1], AWKWARD[1], loop=True)  # a self-loop
    G.add_edge(42, "mixed")
    return G


KINDS = [nx.MultiDiGraph, nx.DiGraph, nx.MultiGraph, nx.Graph]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_graphml_awkward_values_are_networkx_bytes(kind: type[nx.Graph], tmp_path: Path,
                                                   chunk: int) -> None:
    G = _awkward_graph(kind)
    streamed = _stream_graphml(G, tmp_path / "s.graphml")
    assert streamed == _in_memory_graphml_of(G, tmp_path / "m.graphml")
    text = streamed.decode("utf-8")
    assert 'id="a&amp;b&lt;c&gt;d&quot;e\'f"' in text  # a node id with every XML special
    assert "tab\there\nnew line\r" in text  # element text keeps its tab and line breaks


def _gexf_ready(G: nx.Graph) -> nx.Graph:
    """`G` with an id on every edge and GEXF's reserved and dynamic attributes in use."""
    for i, e in enumerate(_edges(G)):
        e[-1]["id"] = f"e{i}&<{i}>"
    first, second = AWKWARD[0], AWKWARD[1]
    G.nodes[first].update(start="2014-02-27", end="2014-12-31", pid=second,
                          spells=[("2014-02-27", "2014-03-01"), ("2015-01-01", None)],
                          per_year=[(3, "2014-01-01", "2014-12-31"), (1.5, None, None)])
    G.nodes[second].update(per_year=[], dyn_then_static=[(1, None, None)], key="a key")
    G.nodes["mixed"].update(id="renamed &", parents=[first, 42])
    for e in _edges(G)[:1]:
        e[-1].update(start=2014, end=2016.5, type="undirected",
                     spells=[(2014, 2015)], per_year=[(True, 2014, 2014)])
    return G


@pytest.mark.parametrize("version", ["1.3", "1.2draft"])
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_gexf_awkward_values_are_networkx_bytes(kind: type[nx.Graph], version: str,
                                                tmp_path: Path, chunk: int) -> None:
    G = _gexf_ready(_awkward_graph(kind))
    streamed = _stream_gexf(G, tmp_path / "s.gexf", version)
    assert streamed == _networkx_gexf(G, tmp_path / "m.gexf", _gexf_writer(version))
    text = streamed.decode("utf-8")
    # the last time seen is the first edge's per_year (True, 2014, 2014), after its 2016.5
    assert 'mode="dynamic" timeformat="long"' in text
    assert 'source="renamed &amp;"' in text or 'target="renamed &amp;"' in text
    assert 'value="INF"' in text and 'value="NaN"' in text


def test_unwritable_values_fail_as_networkx_fails(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", missing=None)
    with pytest.raises(nx.NetworkXError):
        _in_memory_graphml_of(G, tmp_path / "m.graphml")
    with pytest.raises(nx.NetworkXError, match="does not support <class 'NoneType'>"):
        _stream_graphml(G, tmp_path / "s.graphml")
    with pytest.raises(TypeError):
        _networkx_gexf(G, tmp_path / "m.gexf", _gexf_writer("1.3"))
    with pytest.raises(TypeError, match="not allowed: <class 'NoneType'>"):
        _stream_gexf(G, tmp_path / "s.gexf")
    H = nx.MultiDiGraph([("a", "b")])
    with pytest.raises(ValueError, match="id attribute on every edge"):
        _stream_gexf(H, tmp_path / "s.gexf")


_KEYS = ["a", "b", "label", "weight", "type", "pid", "start", "end", "名"]
_scalars = st.one_of(st.text(max_size=6), st.integers(-10**12, 10**12),
                     st.floats(allow_nan=True, allow_infinity=True), st.booleans())
_times = st.one_of(st.none(), st.integers(1900, 2100), st.text(max_size=4))
_dynamic = st.lists(st.tuples(_scalars, _times, _times), max_size=3)


def _random_graph(data: st.DataObject, *, dynamic: bool) -> nx.Graph:
    G = data.draw(st.sampled_from(KINDS))()
    values = st.one_of(_scalars, _dynamic) if dynamic else _scalars
    node_attrs = st.dictionaries(st.sampled_from([*_KEYS, "id", "key"]), values, max_size=4)
    edge_attrs = st.dictionaries(st.sampled_from(_KEYS), values, max_size=4)  # key: the key
    names = data.draw(st.lists(st.one_of(st.text(max_size=5), st.integers(0, 5)),
                               max_size=6, unique=True))
    for name in names:
        G.add_node(name, **data.draw(node_attrs))
    if names:
        for _ in range(data.draw(st.integers(0, 8))):
            u, v = data.draw(st.sampled_from(names)), data.draw(st.sampled_from(names))
            G.add_edge(u, v, **data.draw(edge_attrs))
    return G


@given(st.data())
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_graphml_random_graphs_are_networkx_bytes(tmp_path: Path, data: st.DataObject) -> None:
    G = _random_graph(data, dynamic=False)
    assert _stream_graphml(G, tmp_path / "s.graphml") == \
        _in_memory_graphml_of(G, tmp_path / "m.graphml")


@given(st.data())
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_gexf_random_graphs_are_networkx_bytes(tmp_path: Path, data: st.DataObject) -> None:
    G = _random_graph(data, dynamic=True)
    for e in _edges(G):
        e[-1]["id"] = data.draw(st.text(max_size=3))  # not necessarily unique
    for _, a in G.nodes(data=True):  # GEXF reads start/end as times: str, int or float
        for time in ("start", "end"):
            if isinstance(a.get(time), list):
                a[time] = 2020
    for e in _edges(G):
        for time in ("start", "end"):
            if isinstance(e[-1].get(time), list):
                e[-1][time] = "2020"
    try:
        expected = _networkx_gexf(G, tmp_path / "m.gexf", _gexf_writer("1.3"))
    except (TypeError, KeyError, ValueError) as err:  # a value networkx cannot write
        with pytest.raises(type(err)):
            _stream_gexf(G, tmp_path / "s.gexf")
        return
    assert _stream_gexf(G, tmp_path / "s.gexf") == expected


def test_numpy_values_are_written_when_numpy_is_loaded(tmp_path: Path) -> None:
    import numpy as np

    G = nx.MultiDiGraph()
    G.add_node("a", count=np.int64(7), share=np.float32(0.5))
    xmlstream.stream_graphml(G.nodes(data=True), [], tmp_path / "g.graphml",
                             directed=True, multigraph=True)
    text = (tmp_path / "g.graphml").read_text("utf-8")
    assert 'attr.name="count" attr.type="int"' in text and ">7</data>" in text
    assert 'attr.name="share" attr.type="float"' in text and ">0.5</data>" in text


def test_the_writers_type_tables_do_not_load_numpy(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; import networkx as nx\n"
            "from tifa.graph.export import write_gexf, write_graphml\n"
            "from tifa.graph.build import build_graph\n"
            "G = nx.MultiDiGraph(); G.add_node('a', label='Concept', name='网络强国')\n"
            f"write_graphml(G, Path({str(tmp_path)!r}) / 'g.graphml')\n"
            f"write_gexf(G, Path({str(tmp_path)!r}) / 'g.gexf')\n"
            "print('numpy' in sys.modules, sys.modules.get('numpy', 0) is None)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]
    assert "网络强国" in (tmp_path / "g.gexf").read_text("utf-8")
