"""Loading the sample corpus into real servers: exact counts, idempotence, crash, increments."""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pytest
from tifa.graph.build import build_graph
from tifa.graph.falkor_server import free_port
from tifa.graph.load import database_counts, graph_counts, load_graph, node_rows
from tifa.graph.runner import GraphConnectionError, Runner, open_runner

from tifa.records import Extraction

from .conftest import FalkorServer, bolt_port


def test_full_load_gives_exactly_the_graph(runner: Runner, corpus_graph: nx.MultiDiGraph) -> None:
    report = load_graph(corpus_graph, runner, batch_size=100)
    nodes, rels = graph_counts(corpus_graph)
    assert database_counts(runner) == (nodes, rels)
    assert report.counters["nodes_created"] == sum(nodes.values())
    assert report.counters["relationships_created"] == sum(rels.values())
    # the Chinese text arrives intact
    row = runner.run("MATCH (p:Passage {id: $id}) RETURN p.text AS text",
                     {"id": node_rows(corpus_graph, "Passage")[0]["id"]}, access="read").rows
    assert row[0]["text"] == corpus_graph.nodes[node_rows(corpus_graph, "Passage")[0]["id"]]["text"]


def test_second_load_creates_nothing(runner: Runner, corpus_graph: nx.MultiDiGraph) -> None:
    load_graph(corpus_graph, runner)
    again = load_graph(corpus_graph, runner)
    assert again.counters.get("nodes_created", 0) == 0
    assert again.counters.get("relationships_created", 0) == 0
    assert database_counts(runner) == graph_counts(corpus_graph)


def test_incremental_load_adds_exactly_the_new_source(
    runner: Runner, corpus_extractions: list[Extraction]
) -> None:
    first = build_graph(corpus_extractions[:-1])
    full = build_graph(corpus_extractions)
    load_graph(first, runner)
    report = load_graph(full, runner)
    new_nodes = set(full.nodes) - set(first.nodes)
    new_edges = {(u, v, k) for u, v, k in full.edges(keys=True)} - {
        (u, v, k) for u, v, k in first.edges(keys=True)}
    assert report.counters.get("nodes_created", 0) == len(new_nodes) > 0
    assert report.counters.get("relationships_created", 0) == len(new_edges) > 0
    assert database_counts(runner) == graph_counts(full)


def test_killed_mid_load_then_reloaded_has_no_duplicates(
    tmp_path: Path, corpus_graph: nx.MultiDiGraph
) -> None:
    # A durable server (append-only file, fsync on every write) keeps what was loaded
    # before the kill, so the reload really runs over a half-loaded graph.
    server = FalkorServer(tmp_path, free_port(), bolt_port(), durable=True)
    server.start()
    runner = open_runner(server.uri)
    sent: list[int] = []
    killed = threading.Event()

    def progress(name: str, n: int) -> None:
        sent.append(n)
        if len(sent) == 3 and not killed.is_set():
            killed.set()
            server.kill()

    with pytest.raises(GraphConnectionError):
        load_graph(corpus_graph, runner, batch_size=50, progress=progress)
    assert killed.is_set()
    server.start()
    runner = open_runner(server.uri)
    survived, _ = database_counts(runner)
    assert 0 < sum(survived.values()) < corpus_graph.number_of_nodes()
    load_graph(corpus_graph, runner, batch_size=50)
    load_graph(corpus_graph, runner, batch_size=50)
    assert database_counts(runner) == graph_counts(corpus_graph)
    runner.close()
    server.kill()
