"""`tifa db start|status|stop` and `tifa load` as a user runs them (subprocesses, real server)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tifa.graph.falkor_server import free_port

ROOT = Path(__file__).resolve().parent.parent.parent


def tifa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tifa.cli", *args], cwd=ROOT,
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


def test_help() -> None:
    for args in (["load", "-h"], ["db", "-h"], ["db", "start", "-h"], ["db", "stop", "-h"],
                 ["db", "status", "-h"]):
        res = tifa(*args)
        assert res.returncode == 0 and "Example:" in res.stdout


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
                      "--password", "tifa-test-pw")
        assert loaded.returncode == 0, loaded.stderr
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
