"""`tifa db start|status|stop` and `tifa load` as a user runs them (subprocesses, real server)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tifa.graph.load import wipe
from tifa.graph.local_server import free_port
from tifa.graph.runner import open_runner

from .conftest import FalkorServer, Neo4jServer

ROOT = Path(__file__).resolve().parent.parent.parent


def tifa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tifa.cli", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_db_start_load_twice_stop(tmp_path: Path) -> None:
    port = str(free_port())
    data = str(tmp_path / "falkordb")
    started = tifa("db", "start", "--port", port, "--data-dir", data)
    assert started.returncode == 0, started.stderr
    assert f"falkor://127.0.0.1:{port}" in started.stdout
    try:
        assert tifa("db", "status", "--data-dir", data).returncode == 0
        uri = f"falkor://127.0.0.1:{port}"
        first = tifa("load", "data/corpus", "--uri", uri, "--format", "json")
        assert first.returncode == 0, first.stderr
        summary = json.loads(first.stdout)
        assert summary["nodes"]["Passage"] > 0  # the exact counts: test_load.py, per engine
        assert summary["counters"]["nodes_created"] == sum(summary["nodes"].values())
        second = tifa("load", "data/corpus", "--uri", uri, "--format", "json")
        counters = json.loads(second.stdout)["counters"]
        assert counters["nodes_created"] == 0 and counters["relationships_created"] == 0
    finally:
        stopped = tifa("db", "stop", "--data-dir", data)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert tifa("db", "status", "--data-dir", data).returncode == 3


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    res = tifa("load", "data/corpus/001_588c3d53033f6238.txt",
               "--uri", f"bolt://127.0.0.1:{free_port()}", "--password", "hunter2")
    assert res.returncode == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:" in res.stderr
    assert "Traceback" not in res.stderr and "hunter2" not in res.stderr
    res = tifa("load", "data/corpus/001_588c3d53033f6238.txt", "--uri", "ftp://x")
    assert res.returncode == 2 and "ftp://x" in res.stderr and "use bolt://" in res.stderr


def test_load_needs_a_path_or_schema_only() -> None:
    res = tifa("load", "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert res.returncode == 2 and "give PATH" in res.stderr and "--schema-only" in res.stderr
    assert "Traceback" not in res.stderr


def test_schema_only_needs_no_path(falkor_server: FalkorServer) -> None:
    graph = "tifa_schema_only"  # a graph of its own: nothing there but what this creates
    res = tifa("load", "--schema-only", "--uri", falkor_server.uri, "--database", graph)
    assert res.returncode == 0, res.stderr
    assert "schema applied" in res.stdout
    r = open_runner(falkor_server.uri, database=graph)
    try:
        indexed = {row["label"] for row in r.run("CALL db.indexes()", {}, access="read").rows}
    finally:
        r.close()
    # schema_falkordb.cypher: an id index per label
    assert {"Source", "Passage", "Speech", "Concept", "Year"} <= indexed


def test_help() -> None:
    for args in (["load", "-h"], ["db", "-h"], ["db", "start", "-h"], ["db", "stop", "-h"],
                 ["db", "status", "-h"]):
        res = tifa(*args)
        assert res.returncode == 0 and "Example:" in res.stdout


# `tifa db start` starts a Neo4j JVM of its own (that is what is tested), so this test cannot
# use the session's server. Measured at load average 17 (2 cores): db start 105 s, the first
# load into the cold server 40 s, the second 15 s, the query 10 s, the rest 1-5 s each (idle:
# the JVM starts in 13 s). No step sleeps: start and status poll Bolt every 0.1 s. Extracting
# 001 costs each load 0.4 s of CPU, so the loads read the text as a user would.
@pytest.mark.timeout(600)
def test_neo4j_start_load_query_status_stop(tmp_path: Path) -> None:
    import os
    import signal
    import time

    bolt, http = str(free_port()), str(free_port())
    data = str(tmp_path / "neo4j")
    state = tifa("db", "status", "--engine", "neo4j", "--data-dir", data)
    assert state.returncode == 3 and "not started" in state.stdout
    started = tifa("db", "start", "--engine", "neo4j", "--port", bolt, "--http-port", http,
                   "--data-dir", data, "--password", "tifa-test-pw")
    assert started.returncode == 0, started.stderr
    assert f"Neo4j running: bolt://127.0.0.1:{bolt}" in started.stdout
    uri = f"bolt://127.0.0.1:{bolt}"
    try:
        state = tifa("db", "status", "--engine", "neo4j", "--data-dir", data)
        assert state.returncode == 0 and "Neo4j running" in state.stdout
        loaded = tifa("load", "data/corpus/001_588c3d53033f6238.txt", "--uri", uri,
                      "--password", "tifa-test-pw", "--format", "json")
        assert loaded.returncode == 0, loaded.stderr
        summary = json.loads(loaded.stdout)
        assert summary["nodes"]["Passage"] > 0  # a new database: every node sent is created
        assert summary["counters"]["nodes_created"] == sum(summary["nodes"].values())
        again = tifa("load", "data/corpus/001_588c3d53033f6238.txt", "--uri", uri,
                     "--password", "tifa-test-pw")
        assert "nodes_created 0" in again.stdout and "relationships_created 0" in again.stdout
        asked = tifa("query", "concept_timeline", "--param", "concept=网络安全", "--uri", uri,
                     "--password", "tifa-test-pw", "--format", "json")
        assert asked.returncode == 0 and json.loads(asked.stdout), asked.stderr
        wrong = tifa("load", "data/corpus/001_588c3d53033f6238.txt", "--uri", uri,
                     "--password", "not-the-password")
        assert wrong.returncode == 1 and "refused the user name or password" in wrong.stderr
    finally:
        pid = int(started.stdout.split("pid ")[1].split(",")[0])
        os.kill(pid, signal.SIGKILL)  # the server dies under us
    for _ in range(50):
        state = tifa("db", "status", "--engine", "neo4j", "--data-dir", data)
        if "died" in state.stdout:
            break
        time.sleep(0.2)
    assert state.returncode == 3 and "Neo4j died" in state.stdout
    assert tifa("db", "stop", "--engine", "neo4j", "--data-dir", data).returncode == 0
    state = tifa("db", "status", "--engine", "neo4j", "--data-dir", data)
    assert state.returncode == 3 and "not started" in state.stdout


def test_falkordb_status_tells_the_truth(tmp_path: Path) -> None:
    import os
    import signal
    import socket
    import time

    data = str(tmp_path / "falkordb")
    state = tifa("db", "status", "--data-dir", data)
    assert state.returncode == 3 and "not started" in state.stdout
    # a busy port: something else listens there, so nothing starts and nothing is recorded
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        busy = str(other.getsockname()[1])
        res = tifa("db", "start", "--port", busy, "--data-dir", data)
        assert res.returncode == 1 and f"port {busy} on 127.0.0.1 is already in use" in res.stderr
        assert "Traceback" not in res.stderr
        state = tifa("db", "status", "--data-dir", data)
        assert state.returncode == 3 and "not started" in state.stdout
        # a live process that does not answer FalkorDB's protocol on its port (the old
        # status said "running" as soon as the recorded process existed)
        sleeper = subprocess.Popen(["sleep", "60"])
        try:
            Path(data).mkdir(parents=True)
            (Path(data) / "falkordb.json").write_text(json.dumps(
                {"pid": sleeper.pid, "port": int(busy), "data_dir": data}), encoding="utf-8")
            state = tifa("db", "status", "--data-dir", data)
            assert state.returncode == 4 and "FalkorDB starting" in state.stdout
        finally:
            sleeper.kill()
            sleeper.wait()
    (Path(data) / "falkordb.json").unlink()
    port = str(free_port())
    started = tifa("db", "start", "--port", port, "--data-dir", data)
    assert started.returncode == 0, started.stderr
    state = tifa("db", "status", "--data-dir", data)
    assert state.returncode == 0 and f"FalkorDB running: falkor://127.0.0.1:{port}" in state.stdout
    pid = int(state.stdout.split("pid ")[1].split(",")[0])
    os.kill(pid, signal.SIGKILL)  # the server dies under us
    for _ in range(50):
        state = tifa("db", "status", "--data-dir", data)
        if "died" in state.stdout:
            break
        time.sleep(0.2)
    assert state.returncode == 3 and "FalkorDB died" in state.stdout
    restarted = tifa("db", "start", "--port", port, "--data-dir", data)  # starts a new one
    assert restarted.returncode == 0 and f"pid {pid}," not in restarted.stdout
    assert tifa("db", "stop", "--data-dir", data).returncode == 0
    assert "not started" in tifa("db", "status", "--data-dir", data).stdout


def test_a_graph_never_loaded_is_one_clear_line_on_both(
        tmp_path: Path, falkor_server: FalkorServer, neo4j: Neo4jServer) -> None:
    # the researcher copied .env.example to .env (NEO4J_PASSWORD=change-me, a Neo4j address)
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text("utf-8"), encoding="utf-8")
    falkor = ("--uri", falkor_server.uri, "--database", "never_loaded")
    runner = neo4j.runner()
    wipe(runner)
    runner.close()
    on_neo4j = ("--uri", neo4j.uri, "--user", neo4j.user or "neo4j",
                "--password", neo4j.password or "")
    for flags in (falkor, on_neo4j):
        for name, param in (("concept_timeline", "concept=网络安全"),
                            ("quote_origin", "text=没有网络安全就没有国家安全")):
            res = tifa("query", name, "-p", param, *flags, cwd=tmp_path)
            assert res.returncode == 1, res.stdout
            assert "the graph is empty: run tifa load first" in res.stderr
            assert len(res.stderr.strip().splitlines()) == 1 and "password" not in res.stderr
    res = tifa("query", "passage_search", "-p", "text=网络安全", *on_neo4j, cwd=tmp_path)
    assert res.returncode == 1 and "the graph is empty: run tifa load first" in res.stderr
    # with that .env, FalkorDB loads and answers (its password is its URI's, none here)
    loaded = tifa("load", str(ROOT / "data/corpus/001_588c3d53033f6238.txt"), *falkor,
                  cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    asked = tifa("query", "concept_timeline", "-p", "concept=网络安全", *falkor, "-f", "json",
                 cwd=tmp_path)
    assert asked.returncode == 0 and json.loads(asked.stdout), asked.stderr
    runner = open_runner(falkor_server.uri, database="never_loaded")
    wipe(runner)
    runner.close()
