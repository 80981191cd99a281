"""`tifa ask` and `tifa query` as a user runs them: output formats, one-line errors, exit codes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tifa.queries.graphview import View
from tifa.queries.library import query_names
from tifa.queries.offline import answer

from tifa.cli_query import ask, query

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(command: object, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(command, list(args))  # type: ignore[arg-type]
    return res.exit_code, res.stdout, res.stderr


def test_ask_answers_offline_in_every_format(graph_dir: Path, view: View) -> None:
    code, out, _ = run(ask, "concept_timeline", "--graph", str(graph_dir),
                       "--param", "concept=网络安全", "--format", "json")
    assert code == 0
    assert json.loads(out) == answer("concept_timeline", view, {"concept": "网络安全"})
    code, out, err = run(ask, "concept_timeline", "--graph", str(graph_dir / "graph.json"),
                         "-p", "concept=网络安全")
    assert code == 0 and out.splitlines()[0].split() == [
        "concept", "year", "utterances", "passages", "quoted", "year_utterances", "share"]
    assert "网络安全  2024" in out and err.strip() == "10 rows"
    code, out, _ = run(ask, "speech_profile", "--graph", str(graph_dir), "-p",
                       "speech=2014-02-27", "-f", "csv")
    assert code == 0 and out.startswith("date,speech,speaker,speech_id,")
    # lists are joined with | in CSV: the concepts of each passage, as the JSON rows give them
    rows = answer("speech_profile", view, {"speech": "2014-02-27"})
    joined = ["|".join(r["concepts"]) for r in rows if len(r["concepts"]) > 1]
    assert joined and all(j in out for j in joined)


@pytest.mark.parametrize(("args", "message"), [
    (["concept_timeline"], "Error: concept_timeline needs concept (e.g. --param concept=网络安全)"),
    (["concept_timeline", "-p", "concept=x", "-p", "year=2016"],
     "Error: concept_timeline has no parameter 'year'; it takes: concept"),
    (["concepts_new_in_year", "-p", "year=二〇一六"],
     "Error: parameter year must be a whole number (e.g. year=2016), not '二〇一六'"),
    (["concept_timelin", "-p", "concept=x"], "Error: no query named 'concept_timelin'; the "),
    (["quote_origin", "-p", "没有网络安全就没有国家安全"], "Error: --param takes name=value"),
    ([], "Error: name a query (tifa query --list shows them)"),
])
def test_bad_parameters_are_one_line_and_exit_2_before_sending(
        args: list[str], message: str, graph_dir: Path) -> None:
    uri = f"falkor://127.0.0.1:{closed_port()}"  # nothing listens: nothing could be sent
    for command, extra in ((query, ["--uri", uri]), (ask, ["--graph", str(graph_dir)])):
        code, out, err = run(command, *args, *extra)
        assert code == 2, err
        assert out == "" and len(err.strip().splitlines()) == 1
        assert err.startswith(message)


def test_neo4j_only_query_is_refused_on_falkordb_before_connecting() -> None:
    uri = f"falkor://127.0.0.1:{closed_port()}"
    code, _, err = run(query, "path_between_concepts_via_speeches", "-p", "concept=网络安全",
                       "-p", "other=时度效", "--uri", uri)
    assert code == 2 and "runs on Neo4j only" in err and "tifa ask" in err


def test_unreachable_database_is_exit_1() -> None:
    uri = f"falkor://127.0.0.1:{closed_port()}"
    code, _, err = run(query, "concept_timeline", "-p", "concept=网络安全", "--uri", uri)
    assert code == 1 and err.startswith("Error: cannot reach FalkorDB")


def test_missing_graph_file_is_exit_1(tmp_path: Path) -> None:
    code, _, err = run(ask, "concept_timeline", "-p", "concept=x", "--graph", str(tmp_path))
    assert code == 1 and "run tifa build" in err and str(tmp_path) in err


def test_list_and_cypher() -> None:
    code, out, _ = run(query, "--list")
    assert code == 0 and all(name in out for name in query_names())
    code, out, _ = run(ask, "--list", "--format", "json")
    listed = json.loads(out)
    assert [q["name"] for q in listed] == query_names()
    assert {"question", "parameters", "clock", "neo4j_only"} <= set(listed[0])
    code, out, _ = run(query, "quote_origin", "--cypher", "--uri", "falkor://127.0.0.1:6380")
    assert code == 0 and out.startswith("// title: Where a quotation comes from")
    assert out == (ROOT / "queries" / "quote_origin.cypher").read_text("utf-8")


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:7687", "neo4j+s://db.example.org:7687"])
def test_cypher_prints_the_text_neo4j_runs(uri: str) -> None:
    """Neo4j has its own quote_origin (through the full-text index): --cypher prints that one,
    under the query's header, for a Neo4j address, the portable one for FalkorDB."""
    code, out, _ = run(query, "quote_origin", "--cypher", "--uri", uri)
    variant = (ROOT / "queries" / "neo4j" / "quote_origin.cypher").read_text("utf-8")
    assert code == 0 and out.startswith("// title: Where a quotation comes from")
    assert out.endswith(variant) and "db.index.fulltext.queryNodes('passage_text'" in out
    assert "// --- the text neo4j runs: queries/neo4j/quote_origin.cypher ---" in out
    code, out, _ = run(query, "concept_timeline", "--cypher", "--uri", uri)  # no variant
    assert out == (ROOT / "queries" / "concept_timeline.cypher").read_text("utf-8")


def test_help_has_an_example() -> None:
    for command in (query, ask):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Example:" in out


def test_registered_in_the_tifa_command() -> None:
    """`tifa query` and `tifa ask` once tifa/cli.py registers them (see the hand-over notes)."""
    for sub in ("query", "ask"):
        res = subprocess.run([sys.executable, "-m", "tifa.cli", sub, "--help"], cwd=ROOT,
                             capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert res.returncode == 0 and "Example:" in res.stdout, res.stderr
