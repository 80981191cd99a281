"""The sample corpus built once (concepts marked, linked) and written as tifa build writes it."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from tifa.extract.concepts import concept_counter
from tifa.extract.lexicon import load_lexicon
from tifa.extract.link import link
from tifa.extract.pipeline import extract_paths
from tifa.graph.build import build_graph
from tifa.graph.export import write_node_link_json
from tifa.queries.graphview import View, read_graph_json

from tifa.records import Extraction


@pytest.fixture(scope="session")
def linked_extractions(corpus_dir: Path) -> list[Extraction]:
    lexicon = load_lexicon()
    found = list(extract_paths([corpus_dir], concepts=concept_counter(lexicon)))
    assert all(isinstance(e, Extraction) for e in found)
    return list(link(found).extractions)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def graph_dir(linked_extractions: list[Extraction], tmp_path_factory: pytest.TempPathFactory
              ) -> Path:
    """A folder holding graph.json, as `tifa build` leaves it (what `tifa ask` reads)."""
    out = tmp_path_factory.mktemp("built")
    write_node_link_json(build_graph(linked_extractions, lexicon=load_lexicon()),
                         out / "graph.json")
    return out


@pytest.fixture(scope="session")
def graph(graph_dir: Path) -> nx.MultiDiGraph:
    return read_graph_json(graph_dir)


@pytest.fixture(scope="session")
def view(graph: nx.MultiDiGraph) -> View:
    return View(graph)
