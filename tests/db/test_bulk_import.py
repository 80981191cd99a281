"""The real `neo4j-admin database import full` (org.neo4j.cli.AdminTool, from the Maven
module's classpath) on the CSVs `tifa build` writes: the imported store, started as Neo4j,
holds the same counts and answers the queries as `tifa load` does; the partitioned layout
(a header and N parts per label and type) holds the single files' rows and imports to the
same graph."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from tifa.graph import neo4j_server
from tifa.graph.load import apply_schema, database_counts, graph_counts, wipe
from tifa.graph.local_server import free_port
from tifa.graph.neo4j_csv import bulk_import, write_neo4j_import
from tifa.graph.runner import open_runner
from tifa.queries.graphview import View
from tifa.queries.library import load_query
from tifa.queries.offline import answer

from tifa.executors import LocalProcesses
from tifa.pipeline import read_build

from .conftest import Neo4jServer
from .test_queries_agreement import comparable

ROOT = Path(__file__).resolve().parent.parent.parent

CASES = [("concept_timeline", {"concept": "网络安全"}),
         ("quote_origin", {"text": "没有网络安全就没有国家安全"}),
         ("speech_profile", {"speech": "努力把我国建设成为网络强国"}),
         ("passage_search", {"text": "网信"}),
         ("publication_coverage", {"publication": "习近平谈治国理政"})]


def admin_import(home: Path, csv_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run neo4j-admin database import full as README's command does, into `home`."""
    files = sorted(csv_dir.glob("*.csv"))
    args = ["database", "import", "full", "neo4j", '--array-delimiter=U+007C',
            "--multiline-fields=true", "--overwrite-destination=true",
            f"--report-file={home / 'import.report'}",
            *[f"--nodes={f}" for f in files if f.name.startswith("nodes_")],
            *[f"--relationships={f}" for f in files if f.name.startswith("rels_")]]
    home.mkdir(parents=True, exist_ok=True)
    (home / "neo4j.conf").write_text("server.directories.neo4j_home=" + str(home) + "\n")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home)}
    return subprocess.run([neo4j_server.java(), "-Xmx1g", "-cp", neo4j_server.classpath(),
                           neo4j_server.ADMIN_CLASS, *args], capture_output=True, text=True,
                          env=env, timeout=900)


def test_bulk_import_gives_the_same_graph_and_answers(
        tmp_path: Path, corpus_graph: nx.MultiDiGraph) -> None:
    csv_dir = tmp_path / "csv"
    write_neo4j_import(corpus_graph, csv_dir)
    home = tmp_path / "neo4j"
    done = admin_import(home, csv_dir)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout
    bolt, http = free_port(), free_port()
    proc = neo4j_server.launch(home, bolt_port=bolt, http_port=http, auth=False, heap="512m")
    try:
        runner = open_runner(f"bolt://127.0.0.1:{bolt}")
        assert database_counts(runner) == graph_counts(corpus_graph)
        apply_schema(runner)  # constraints and the cjk index, as tifa load creates them
        runner.run("CALL db.awaitIndexes(300)")
        view = View(nx.node_link_graph(json.loads(json.dumps(
            nx.node_link_data(corpus_graph, edges="edges"))), directed=True, multigraph=True,
            edges="edges"))
        for name, params in CASES:
            rows = runner.run(load_query(name).text, params, access="read").rows
            assert comparable(rows) == comparable(answer(name, view, params)), name
        runner.close()
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _tifa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tifa.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=900)


@pytest.mark.timeout(900)  # a build, two loads, the import tool and a second Neo4j JVM
def test_db_import_gives_the_counts_of_a_transactional_load(
        tmp_path: Path, neo4j: Neo4jServer) -> None:
    out = tmp_path / "out"
    built = _tifa("build", "data/corpus/001_588c3d53033f6238.txt", "-o", str(out))
    assert built.returncode == 0, built.stderr
    expected = graph_counts(read_build(out).graph)
    on_session = ("--uri", neo4j.uri, "--user", neo4j.user or "neo4j",
                  "--password", neo4j.password or "")
    runner = neo4j.runner()
    wipe(runner)
    loaded = _tifa("load", str(out), *on_session)
    assert loaded.returncode == 0, loaded.stderr
    transactional = database_counts(runner)
    wipe(runner)
    runner.close()
    assert transactional == expected

    home = tmp_path / "neo4j"
    done = _tifa("db", "import", str(out), "--data-dir", str(home))
    assert done.returncode == 0, done.stderr
    assert (f"imported {sum(expected[0].values())} nodes, "
            f"{sum(expected[1].values())} relationships") in done.stdout
    bolt, http = free_port(), free_port()
    proc = neo4j_server.launch(home, bolt_port=bolt, http_port=http, auth=False, heap="512m")
    try:
        uri = f"bolt://127.0.0.1:{bolt}"
        imported = open_runner(uri)
        assert database_counts(imported) == transactional
        schema = _tifa("load", str(out), "--schema-only", "--uri", uri)
        assert schema.returncode == 0 and "schema applied" in schema.stdout, schema.stderr
        names = {r["name"] for r in imported.run("SHOW INDEXES YIELD name RETURN name",
                                                 access="read").rows}
        assert {"passage_text", "passage_id", "speech_id", "concept_id", "year_id"} <= names
        # the imported ids are the loader's: a transactional load on top creates nothing
        again = _tifa("load", str(out), "--uri", uri, "--format", "json")
        counters = json.loads(again.stdout)["counters"]
        assert counters["nodes_created"] == 0 and counters["relationships_created"] == 0
        assert database_counts(imported) == transactional
        imported.close()
        # a running server's store is not touched, in one line
        while_running = _tifa("db", "import", str(out), "--data-dir", str(home))
        assert while_running.returncode == 1
        assert "The database is in use" in while_running.stderr
        assert "tifa db stop --engine neo4j" in while_running.stderr
        assert "Traceback" not in while_running.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    exists = _tifa("db", "import", str(out), "--data-dir", str(home))
    assert exists.returncode == 1 and "--overwrite" in exists.stderr
    assert len(exists.stderr.strip().splitlines()) == 1
    missing = _tifa("db", "import", str(tmp_path / "nothing"), "--data-dir", str(home))
    assert missing.returncode == 1 and "no neo4j-admin CSV files" in missing.stderr


def csv_rows(files: list[Path], *, header: bool) -> Counter[tuple[str, ...]]:
    """The data rows of CSV files as a multiset, read with the csv module (the first row of
    each file skipped when it is a header)."""
    rows: Counter[tuple[str, ...]] = Counter()
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            read = list(csv.reader(fh))
        rows.update(tuple(r) for r in (read[1:] if header else read))
    return rows


def test_the_parts_hold_the_rows_of_the_single_files(
        tmp_path: Path, corpus_graph: nx.MultiDiGraph) -> None:
    single, parted = tmp_path / "single", tmp_path / "parted"
    write_neo4j_import(corpus_graph, single)
    written = write_neo4j_import(corpus_graph, parted, partitions=4, executor=LocalProcesses(2))
    groups = sorted(single.glob("*.csv"))
    assert len(groups) == 19  # 8 labels, 11 relationship types (DESIGN.md, docs/graph.md)
    total = 0
    for one in groups:
        stem = one.name.removesuffix(".csv")
        header = parted / f"{stem}.header.csv"
        parts = [parted / f"{stem}.part-{i:03d}.csv" for i in range(4)]
        assert header.read_text("utf-8").splitlines() == one.read_text("utf-8").splitlines()[:1]
        assert all(p in written for p in [header, *parts])
        expected = csv_rows([one], header=True)
        assert csv_rows(parts, header=False) == expected, one.name
        total += sum(expected.values())
    # every node and relationship is a row, once (an independent count: the graph's size)
    assert total == corpus_graph.number_of_nodes() + corpus_graph.number_of_edges()
    passages = csv_rows([single / "nodes_Passage.csv"], header=True)
    assert sum(passages.values()) == 397
    # writing one layout over the other leaves no stale files of the first
    write_neo4j_import(corpus_graph, parted)
    assert sorted(p.name for p in parted.glob("*.csv")) == [p.name for p in groups]


def imported_answers(home: Path) -> tuple[Any, list[Any]]:
    """Start Neo4j on an imported store; return its counts and the CASES' answers."""
    bolt, http = free_port(), free_port()
    proc = neo4j_server.launch(home, bolt_port=bolt, http_port=http, auth=False, heap="512m")
    try:
        runner = open_runner(f"bolt://127.0.0.1:{bolt}")
        counts = database_counts(runner)
        apply_schema(runner)
        runner.run("CALL db.awaitIndexes(300)")
        answers = [comparable(runner.run(load_query(name).text, params, access="read").rows)
                   for name, params in CASES]
        runner.close()
        return counts, answers
    finally:
        proc.terminate()
        proc.wait(timeout=60)


@pytest.mark.timeout(900)  # two imports and two Neo4j JVMs
def test_a_partitioned_import_gives_the_graph_of_a_single_file_import(
        tmp_path: Path, corpus_graph: nx.MultiDiGraph) -> None:
    single, parted = tmp_path / "single", tmp_path / "parted"
    write_neo4j_import(corpus_graph, single)
    write_neo4j_import(corpus_graph, parted, partitions=3, executor=LocalProcesses(2))
    assert len(list(parted.glob("nodes_Passage.part-*.csv"))) == 3
    reports = {name: bulk_import(folder, tmp_path / f"home-{name}")
               for name, folder in (("single", single), ("parted", parted))}
    nodes, rels = graph_counts(corpus_graph)
    for report in reports.values():
        assert (report.nodes, report.relationships) == (sum(nodes.values()), sum(rels.values()))
    one = imported_answers(tmp_path / "home-single")
    parts = imported_answers(tmp_path / "home-parted")
    assert one[0] == parts[0] == (nodes, rels)
    assert parts[1] == one[1]
    assert any(rows for rows in one[1])  # the questions have answers to compare


@pytest.mark.timeout(900)  # a build and the import tool
def test_db_import_reads_a_build_written_in_partitions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = _tifa("build", "data/corpus/001_588c3d53033f6238.txt", "-o", str(out), "-q",
                  "--jobs", "2", "--partitions", "2")
    assert built.returncode == 0, built.stderr
    names = {p.name for p in (out / "neo4j").glob("*.csv")}
    assert {"nodes_Passage.header.csv", "nodes_Passage.part-000.csv",
            "nodes_Passage.part-001.csv", "rels_EXCERPT_OF.part-001.csv"} <= names
    assert "nodes_Passage.csv" not in names
    readme = (out / "neo4j" / "README.md").read_text("utf-8")
    assert "nodes_Passage.header.csv,import/tifa/nodes_Passage\\.part-[0-9]+\\.csv" in readme
    nodes, rels = graph_counts(read_build(out).graph)
    done = _tifa("db", "import", str(out), "--data-dir", str(tmp_path / "neo4j"))
    assert done.returncode == 0, done.stderr
    assert (f"imported {sum(nodes.values())} nodes, "
            f"{sum(rels.values())} relationships") in done.stdout
