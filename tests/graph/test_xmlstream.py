"""Streamed GraphML and GEXF are byte for byte what networkx's in-memory writers write;
node-link JSON written item by item is networkx's node_link_data."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from tifa.graph import xmlstream
from tifa.graph.export import (
    _GraphMLWriter,
    concept_network,
    for_gexf,
    for_graphml,
    gexf_writer,
    write_concept_gexf,
    write_gexf,
    write_graphml,
    write_node_link_json,
)


def _in_memory_graphml(G: nx.MultiDiGraph, path: Path) -> bytes:
    writer = _GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(for_graphml(G))
    with open(path, "wb") as fh:
        writer.dump(fh)
    return path.read_bytes()


def _in_memory_gexf(H: nx.Graph, path: Path, description: str) -> bytes:
    writer = gexf_writer(description)
    writer.add_graph(H)
    writer.graph_element.attrib.pop("name", None)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path.read_bytes()


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
    reference = _in_memory_gexf(concept_network(corpus_graph), tmp_path / "m.gexf",
                                "tifa concept co-occurrence: concepts mentioned in the same "
                                "passage")
    assert streamed == reference


def test_empty_graph_streams_empty_elements(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    assert write_graphml(G, tmp_path / "s.graphml").read_bytes() == \
        _in_memory_graphml(G, tmp_path / "m.graphml")
    streamed = write_concept_gexf(G, tmp_path / "s.gexf").read_bytes()
    assert b"<nodes />" in streamed and b"<edges />" in streamed
    assert streamed == _in_memory_gexf(concept_network(G), tmp_path / "m.gexf",
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
