"""Loading the full sample build into real servers, Neo4j and FalkorDB alike: exact counts
against the networkx graph, idempotence, increments, concurrent loads, a server killed
mid-load, and the reload of an edited source."""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pytest
from tifa.extract.lexicon import Lexicon
from tifa.extract.pipeline import extract_paths
from tifa.graph.falkor_server import free_port
from tifa.graph.load import database_counts, graph_counts, load_graph, node_rows, wipe
from tifa.graph.runner import GraphConnectionError, Runner, open_runner

from tifa.records import Extraction

from .conftest import BACKENDS, FalkorServer, Neo4jServer, bolt_port, full_build, open_backend


def test_full_load_gives_exactly_the_graph(runner: Runner, corpus_graph: nx.MultiDiGraph) -> None:
    report = load_graph(corpus_graph, runner, batch_size=100)
    nodes, rels = graph_counts(corpus_graph)
    assert database_counts(runner) == (nodes, rels)
    assert report.counters["nodes_created"] == sum(nodes.values())
    assert report.counters["relationships_created"] == sum(rels.values())
    # the Chinese text arrives intact
    first = node_rows(corpus_graph, "Passage")[0]["id"]
    row = runner.run("MATCH (p:Passage {id: $id}) RETURN p.text AS text", {"id": first},
                     access="read").rows
    assert row[0]["text"] == corpus_graph.nodes[first]["text"]


def test_second_load_creates_nothing(runner: Runner, corpus_graph: nx.MultiDiGraph) -> None:
    load_graph(corpus_graph, runner)
    again = load_graph(corpus_graph, runner)
    for name in ("nodes_created", "nodes_deleted", "relationships_created",
                 "relationships_deleted"):
        assert again.counters.get(name, 0) == 0, name
    assert database_counts(runner) == graph_counts(corpus_graph)


def test_incremental_load_adds_exactly_the_new_source(
    runner: Runner, corpus_extractions: list[Extraction], lexicon: Lexicon
) -> None:
    first = full_build(corpus_extractions[:-1], lexicon)
    full = full_build(corpus_extractions, lexicon)
    load_graph(first, runner)
    report = load_graph(full, runner)
    new_nodes = set(full.nodes) - set(first.nodes)
    assert report.counters.get("nodes_created", 0) == len(new_nodes) > 0
    assert report.counters.get("relationships_created", 0) > 0
    nodes, rels = database_counts(runner)
    want_nodes, want_rels = graph_counts(full)
    assert nodes == want_nodes
    # CO_OCCURS is a property of the whole loaded corpus: a pair the smaller build had
    # and the full one lacks is not a source's to remove (docs/loading.md)
    assert {k: v for k, v in rels.items() if k != "CO_OCCURS"} == \
        {k: v for k, v in want_rels.items() if k != "CO_OCCURS"}
    assert rels["CO_OCCURS"] >= want_rels["CO_OCCURS"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_loads_give_one_graph(backend: str, request: pytest.FixtureRequest,
                                         corpus_graph: nx.MultiDiGraph) -> None:
    runner = open_backend(request, backend)
    wipe(runner)
    load_graph(corpus_graph, runner, batch_size=200, replace_sources=False)
    errors: list[BaseException] = []

    def again() -> None:
        r = open_backend(request, backend)
        try:
            load_graph(corpus_graph, r, batch_size=100)
        except BaseException as exc:
            errors.append(exc)
        finally:
            r.close()

    threads = [threading.Thread(target=again) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors
    assert database_counts(runner) == graph_counts(corpus_graph)
    wipe(runner)
    runner.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_mid_load_then_reloaded_has_no_duplicates(
    backend: str, tmp_path: Path, corpus_graph: nx.MultiDiGraph
) -> None:
    # A durable server of its own (FalkorDB: append-only file fsync'd on every write; Neo4j:
    # its transaction log) keeps what was committed before the kill, so the reload really
    # runs over a half-loaded graph.
    server: FalkorServer | Neo4jServer
    if backend == "neo4j":
        server = Neo4jServer.own(tmp_path)
    else:
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
    runner.close()
    server.start()
    runner = open_runner(server.uri)
    survived, _ = database_counts(runner)
    assert 0 < sum(survived.values()) < corpus_graph.number_of_nodes()
    load_graph(corpus_graph, runner, batch_size=50)
    load_graph(corpus_graph, runner, batch_size=50)
    assert database_counts(runner) == graph_counts(corpus_graph)
    runner.close()
    server.kill()


def test_reloading_an_edited_source_replaces_it(
    runner: Runner, tmp_path: Path, corpus_dir: Path, lexicon: Lexicon
) -> None:
    from tifa.extract.concepts import concept_counter

    counter = concept_counter(lexicon)
    folder = tmp_path / "corpus"
    folder.mkdir()
    names = sorted(p.name for p in corpus_dir.glob("*.txt"))
    for name in names:
        (folder / name).write_bytes((corpus_dir / name).read_bytes())
    edited = folder / names[2]  # an excerpt book of its own
    before = list(extract_paths([folder], concepts=counter))
    load_graph(full_build(before, lexicon), runner)  # type: ignore[arg-type]
    # the researcher cuts the second half of the file and loads the folder again
    lines = edited.read_text("utf-8").splitlines(keepends=True)
    edited.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    after = list(extract_paths([folder], concepts=counter))
    G = full_build(after, lexicon)  # type: ignore[arg-type]
    load_graph(G, runner)
    nodes, rels = database_counts(runner)
    want_nodes, want_rels = graph_counts(G)
    assert nodes == want_nodes  # one Source per path, the cut passages gone
    assert {k: v for k, v in rels.items() if k != "CO_OCCURS"} == \
        {k: v for k, v in want_rels.items() if k != "CO_OCCURS"}
    per_source = runner.run(
        "MATCH (p:Passage)-[:IN_SOURCE]->(s:Source) RETURN s.path AS path, count(p) AS n "
        "ORDER BY path", access="read").rows
    want = sorted((a["path"], sum(1 for _ in G.in_edges(n))) for n, a in G.nodes(data=True)
                  if a["label"] == "Source")
    assert [(r["path"], r["n"]) for r in per_source] == want
    again = load_graph(G, runner)
    assert again.counters.get("nodes_created", 0) == 0
    assert again.counters.get("nodes_deleted", 0) == 0
