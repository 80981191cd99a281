"""The neo4j-driver runner over Bolt, against FalkorDB's experimental Bolt endpoint.

FalkorDB's Bolt support crashes on requests over about 4 KB, so this is a smoke test of the
driver code path with short rows: connect, batched MERGE, read back, error mapping, and the
driver's retry when the server went away under a pooled connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tifa.graph.falkor_server import free_port
from tifa.graph.load import batched, wipe
from tifa.graph.runner import GraphConnectionError, Neo4jRunner, StatementError, open_runner
from tifa.graph.statements import statement

from .conftest import FalkorServer, bolt_port


@pytest.fixture(scope="module")
def bolt_runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jRunner]:
    # A server of its own, and one driver for the module: FalkorDB's experimental Bolt
    # endpoint stops accepting new connections after a few have been closed, and a closed
    # Bolt session can leave the server unresponsive, so no other test shares this server.
    server = FalkorServer(tmp_path_factory.mktemp("falkordb-bolt"), free_port(), bolt_port())
    server.start()
    runner = open_runner(server.bolt_uri)
    assert isinstance(runner, Neo4jRunner)
    yield runner
    server.kill()


ROWS = [{"id": f"passage:{i:04d}", "props": {"text": f"没有网络安全就没有国家安全{i}", "seq": i}}
        for i in range(12)]


def test_bolt_batched_merge_and_read_back(bolt_runner: Neo4jRunner) -> None:
    runner = bolt_runner
    wipe(runner)
    created = 0
    for batch in batched(ROWS, 5):
        created += runner.run(statement("merge_node_Passage"), {"rows": batch}).counters[
            "nodes_created"]
    assert created == 12
    again = runner.run(statement("merge_node_Passage"), {"rows": ROWS[:5]})
    assert again.counters["nodes_created"] == 0
    rows = runner.run("MATCH (p:Passage) RETURN p.id AS id, p.text AS text ORDER BY id",
                      access="read").rows
    assert [r["id"] for r in rows] == [r["id"] for r in ROWS]
    assert rows[3]["text"] == "没有网络安全就没有国家安全3"
    wipe(runner)


def test_bolt_errors_are_one_clean_line(bolt_runner: Neo4jRunner) -> None:
    with pytest.raises(StatementError) as info:
        bolt_runner.run("MATCH (n) RETRUN n")
    assert "\n" not in str(info.value)
    with pytest.raises(GraphConnectionError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:"):
        open_runner(f"bolt://127.0.0.1:{free_port()}", user="neo4j", password="secret")


def test_password_never_in_messages() -> None:
    with pytest.raises(GraphConnectionError) as info:
        open_runner(f"bolt://neo4j:hunter2@127.0.0.1:{free_port()}")
    assert "hunter2" not in str(info.value)


def test_driver_retries_after_the_server_restarts(tmp_path: Path) -> None:
    server = FalkorServer(tmp_path, free_port(), bolt_port())
    server.start()
    runner = open_runner(server.bolt_uri)
    runner.run(statement("merge_node_Passage"), {"rows": ROWS[:2]})
    server.kill()  # the driver's pooled connection is now dead
    server.start()
    result = runner.run(statement("merge_node_Passage"), {"rows": ROWS[2:4]})
    assert result.counters["nodes_created"] == 2
    runner.close()
    server.kill()
