"""Loading the full sample build into real servers, Neo4j and FalkorDB alike: exact counts
against the networkx graph, idempotence, increments, concurrent loads, a server killed
mid-load, and the reload of an edited source."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from tifa.extract.lexicon import Lexicon
from tifa.extract.pipeline import extract_paths
from tifa.graph.load import (
    database_counts,
    graph_counts,
    load_graph,
    node_rows,
    source_part,
    wipe,
)
from tifa.graph.local_server import free_port
from tifa.graph.runner import GraphConnectionError, Runner, open_runner

from tifa.records import Extraction

from .conftest import BACKENDS, FalkorServer, Neo4jServer, full_build, open_backend


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


@pytest.mark.parametrize("workers", [1, 4])
def test_loads_side_by_side_give_the_graph_and_then_nothing(
        runner: Runner, corpus_graph: nx.MultiDiGraph, workers: int) -> None:
    first = load_graph(corpus_graph, runner, batch_size=50, workers=workers)
    nodes, rels = graph_counts(corpus_graph)
    assert database_counts(runner) == (nodes, rels)
    assert first.counters["relationships_created"] == sum(rels.values())
    again = load_graph(corpus_graph, runner, batch_size=50, workers=workers)
    assert again.counters.get("nodes_created", 0) == 0
    assert again.counters.get("relationships_created", 0) == 0
    assert database_counts(runner) == (nodes, rels)


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
        server = FalkorServer(tmp_path, free_port(), durable=True)
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


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path,
           lexicon: Lexicon) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """The corpus graph, and the graph after a researcher cut the second half of one file."""
    from tifa.extract.concepts import concept_counter

    counter = concept_counter(lexicon)
    folder = tmp_path_factory.mktemp("edited") / "corpus"
    folder.mkdir()
    names = sorted(p.name for p in corpus_dir.glob("*.txt"))
    for name in names:
        (folder / name).write_bytes((corpus_dir / name).read_bytes())
    edited = folder / names[2]  # an excerpt book of its own
    before = full_build(list(extract_paths([folder], concepts=counter)), lexicon)  # type: ignore[arg-type]
    lines = edited.read_text("utf-8").splitlines(keepends=True)
    edited.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    after = full_build(list(extract_paths([folder], concepts=counter)), lexicon)  # type: ignore[arg-type]
    return before, after


def test_reloading_an_edited_source_replaces_it(
    runner: Runner, edited: tuple[nx.MultiDiGraph, nx.MultiDiGraph]
) -> None:
    before, G = edited
    load_graph(before, runner)
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


def test_the_part_a_new_version_writes(corpus_graph: nx.MultiDiGraph) -> None:
    source = next(n for n, a in corpus_graph.nodes(data=True) if a["label"] == "Source")
    part = source_part(corpus_graph, [source])
    own = {u for u, _, a in corpus_graph.in_edges(source, data=True) if a["type"] == "IN_SOURCE"}
    speeches = {v for p in own for _, v, a in corpus_graph.out_edges(p, data=True)
                if a["type"] == "EXCERPT_OF"}
    assert own and speeches and own | speeches | {source} <= set(part)
    people = {v for s in speeches for v in corpus_graph.successors(s)}
    assert people <= set(part)  # Person and Year of each speech
    assert {n for n in part if part.nodes[n]["label"] == "Source"} >= {source}
    other = {n for n, a in corpus_graph.nodes(data=True) if a["label"] == "Passage"} - own
    quoted = {v for p in own for v in corpus_graph.successors(p)}
    assert {n for n in part if n in other} <= quoted  # other passages only as quoted ones


def _passages(runner: Runner) -> set[str]:
    return {r["id"] for r in runner.run("MATCH (p:Passage) RETURN p.id AS id",
                                        access="read").rows}


def _interrupt_after(batches: int, then: Callable[[], None]) -> Callable[[str, int], None]:
    """A progress hook that calls `then` during the replacement, after `batches` batches."""
    seen: list[str] = []

    def progress(name: str, n: int) -> None:
        if name.startswith("replace "):
            seen.append(name)
            if len(seen) == batches:
                then()
    return progress


class Interrupted(Exception):
    """The researcher pressed Ctrl-C (or anything else went wrong) half-way."""


def _stop() -> None:
    raise Interrupted


def test_a_reload_that_fails_half_way_leaves_the_old_version_on_neo4j(
    neo4j: Neo4jServer, edited: tuple[nx.MultiDiGraph, nx.MultiDiGraph]
) -> None:
    before, after = edited
    runner = neo4j.runner()
    wipe(runner)
    load_graph(before, runner)
    old = (database_counts(runner), _passages(runner))
    assert old[1] - set(after)  # the reload would remove passages…
    with pytest.raises(Interrupted):
        load_graph(after, runner, batch_size=5, progress=_interrupt_after(4, _stop))
    assert (database_counts(runner), _passages(runner)) == old  # …but nothing changed
    load_graph(after, runner)
    assert database_counts(runner)[0] == graph_counts(after)[0]
    wipe(runner)
    runner.close()


def test_a_reload_killed_half_way_leaves_the_old_version_on_neo4j(
    tmp_path: Path, edited: tuple[nx.MultiDiGraph, nx.MultiDiGraph]
) -> None:
    before, after = edited
    server = Neo4jServer.own(tmp_path / "neo4j")
    server.start()
    runner = server.runner()
    load_graph(before, runner)
    old = (database_counts(runner), _passages(runner))
    with pytest.raises(GraphConnectionError):
        load_graph(after, runner, batch_size=5, progress=_interrupt_after(4, server.kill))
    runner.close()
    server.start()
    runner = server.runner()
    assert (database_counts(runner), _passages(runner)) == old
    runner.close()
    server.kill()


def test_falkordb_has_no_such_transaction_but_a_second_reload_converges(
    falkor_server: FalkorServer, edited: tuple[nx.MultiDiGraph, nx.MultiDiGraph]
) -> None:
    before, after = edited
    runner = open_runner(falkor_server.uri)
    wipe(runner)
    load_graph(before, runner)
    with pytest.raises(Interrupted):
        load_graph(after, runner, batch_size=5, progress=_interrupt_after(4, _stop))
    half = _passages(runner)
    assert half != _passages_of(before)  # what ran before the interruption stays committed
    load_graph(after, runner)
    assert database_counts(runner)[0] == graph_counts(after)[0]
    assert _passages(runner) == _passages_of(after)
    wipe(runner)
    runner.close()


def _passages_of(G: nx.MultiDiGraph) -> set[str]:
    return {n for n, a in G.nodes(data=True) if a["label"] == "Passage"}
