"""The real `neo4j-admin database import full` (org.neo4j.cli.AdminTool, from the Maven
module's classpath) on the CSVs `tifa build` writes: the imported store, started as Neo4j,
holds the same counts and answers the queries as `tifa load` does."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import networkx as nx
from tifa.graph import neo4j_server
from tifa.graph.load import apply_schema, database_counts, graph_counts
from tifa.graph.local_server import free_port
from tifa.graph.neo4j_csv import write_neo4j_import
from tifa.graph.runner import open_runner
from tifa.queries.graphview import View
from tifa.queries.library import load_query
from tifa.queries.offline import answer

from .test_queries_agreement import comparable

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
