"""Shared fixtures for the graph tests: the sample corpus extracted and linked once."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from tifa.extract.concepts import concept_counter
from tifa.extract.lexicon import Lexicon, load_lexicon
from tifa.extract.link import link
from tifa.extract.pipeline import extract_paths
from tifa.graph.build import build_graph

from tifa.records import Extraction


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def corpus_extractions(corpus_dir: Path, lexicon: Lexicon) -> list[Extraction]:
    found = list(extract_paths([corpus_dir], concepts=concept_counter(lexicon)))
    assert all(isinstance(e, Extraction) for e in found)
    return list(link(found).extractions)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def corpus_graph(corpus_extractions: list[Extraction], lexicon: Lexicon) -> nx.MultiDiGraph:
    return build_graph(corpus_extractions, lexicon=lexicon)
