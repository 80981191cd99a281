"""The neo4j-driver runner over Bolt, against the real Neo4j (FalkorDB speaks its native
protocol in every other test): batched MERGE and read-back of rows well over the few KB
FalkorDB's experimental Bolt endpoint survived, error mapping, no password in messages, and
the driver's retry when the server went away under a pooled connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from tifa.graph.load import batched, wipe
from tifa.graph.local_server import free_port
from tifa.graph.runner import GraphConnectionError, Neo4jRunner, StatementError, open_runner
from tifa.graph.statements import statement

from .conftest import Neo4jServer

# 12 passages of about 6 KB each: one batch of 5 is a request of ~30 KB
ROWS = [{"id": f"passage:{i:04d}", "props": {"text": f"没有网络安全就没有国家安全{i}" * 150,
                                             "seq": i}}
        for i in range(12)]


def test_bolt_batched_merge_and_read_back(neo4j: Neo4jServer) -> None:
    runner = neo4j.runner()
    assert isinstance(runner, Neo4jRunner)
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
    assert rows[3]["text"] == "没有网络安全就没有国家安全3" * 150
    wipe(runner)
    runner.close()


def test_bolt_errors_are_one_clean_line(neo4j: Neo4jServer) -> None:
    runner = neo4j.runner()
    with pytest.raises(StatementError) as info:
        runner.run("MATCH (n) RETRUN n")
    assert "\n" not in str(info.value) and "Invalid input 'RETRUN'" in str(info.value)
    runner.close()
    with pytest.raises(GraphConnectionError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:"):
        open_runner(f"bolt://127.0.0.1:{free_port()}", user="neo4j", password="secret")


def test_password_never_in_messages() -> None:
    with pytest.raises(GraphConnectionError) as info:
        open_runner(f"bolt://neo4j:hunter2@127.0.0.1:{free_port()}")
    assert "hunter2" not in str(info.value)


def test_driver_retries_after_the_server_restarts(tmp_path: Path) -> None:
    server = Neo4jServer.own(tmp_path)
    server.start()
    runner = server.runner()
    runner.run(statement("merge_node_Passage"), {"rows": ROWS[:2]})
    server.kill()  # the driver's pooled connection is now dead
    server.start()
    result = runner.run(statement("merge_node_Passage"), {"rows": ROWS[2:4]})
    assert result.counters["nodes_created"] == 2
    count = runner.run("MATCH (p:Passage) RETURN count(p) AS n", access="read").rows
    assert count == ({"n": 4},)
    runner.close()
    server.kill()
