"""tifa's graph.json reader gives back the graph the builder made, attribute for attribute."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from tifa.extract.lexicon import load_lexicon
from tifa.graph.build import build_graph
from tifa.graph.export import write_node_link_json
from tifa.queries.graphview import GraphFileError, read_graph_json

from tifa.records import Extraction


def _exactly(G: nx.MultiDiGraph) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Nodes and edges in order with their attributes in order (dict == ignores order)."""
    return ([(n, list(a.items())) for n, a in G.nodes(data=True)],
            [(u, v, k, list(a.items())) for u, v, k, a in G.edges(keys=True, data=True)],
            dict(G.graph))


def test_build_write_read_is_the_same_graph(linked_extractions: list[Extraction],
                                            tmp_path: Path) -> None:
    built = build_graph(linked_extractions, lexicon=load_lexicon())
    write_node_link_json(built, tmp_path / "graph.json")
    again = read_graph_json(tmp_path)
    assert _exactly(again) == _exactly(built)
    # what was missing before: the id attribute (the CSV writer and Browser captions use it)
    assert all(a["id"] == n for n, a in again.nodes(data=True))
    passage = next(n for n, a in again.nodes(data=True) if a["label"] == "Passage")
    assert list(again.nodes[passage])[:2] == ["id", "label"]
    # the sample holds every kind of value the builder writes: lists, floats, booleans
    values = {type(v) for _, a in again.nodes(data=True) for v in a.values()} | \
        {type(v) for *_, a in again.edges(keys=True, data=True) for v in a.values()}
    assert {str, int, float, bool, list} <= values


def test_an_edge_key_that_is_no_key_is_one_error(tmp_path: Path) -> None:
    # hypothesis found it (tests/robustness/test_fuzz.py): a list as an edge's key raised
    # TypeError (unhashable) from networkx instead of the reader's one-line error
    (tmp_path / "graph.json").write_text(
        '{"nodes": [{"id": "a", "label": "Concept"}], '
        '"edges": [{"source": "a", "target": "a", "type": "BROADER", "key": [1]}]}', "utf-8")
    with pytest.raises(GraphFileError, match=r"graph\.json: .*edge 0 has a key"):
        read_graph_json(tmp_path)
