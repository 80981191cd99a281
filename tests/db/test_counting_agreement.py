"""One counting rule everywhere: the year table of the top 20 concepts is the same through the
API, the report's data, `tifa ask concept_timeline`, and the Cypher on FalkorDB and Neo4j;
the year × concept matrix and the roll-up agree the same way.

The counts themselves are checked against the text elsewhere (tests/api: a reprinted
utterance counts once); here the point is that no two places count differently. The sample
corpus always; with TIFA_AGREEMENT_PATHS (paths joined by os.pathsep) a second build too,
e.g. the development documents.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tifa.graph.load import wipe
from tifa.graph.runner import Runner, open_runner
from tifa.graph.stats import timeline as report_timeline
from tifa.graph.stats import top_concepts
from tifa.queries.library import load_query

import tifa
from tifa.cli_query import ask
from tifa.pipeline import Build

from .conftest import BACKENDS, Neo4jServer

GRAPH = "tifa_counting"  # FalkorDB graph of this module only
Table = dict[str, dict[int, int]]


CORPORA = ["sample", *(["extra"] if os.environ.get("TIFA_AGREEMENT_PATHS") else [])]


@pytest.fixture(scope="module", params=CORPORA)
def built(request: pytest.FixtureRequest, corpus_dir: Path,
          tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    paths = [str(corpus_dir)] if request.param == "sample" else \
        os.environ["TIFA_AGREEMENT_PATHS"].split(os.pathsep)
    b = tifa.build(paths)
    out = tmp_path_factory.mktemp("counting")
    b.write(out, top=20)
    return b, out


@pytest.fixture(scope="module")
def top20(built: tuple[Build, Path]) -> list[str]:
    G = built[0].graph
    names = [G.nodes[c]["name"] for c in top_concepts(G, 20)]
    assert 0 < len(names) <= 20
    return names


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, built: tuple[Build, Path]) -> Iterator[Runner]:
    if request.param == "neo4j":
        server: Neo4jServer = request.getfixturevalue("neo4j")
        r = server.runner()
    else:
        r = open_runner(request.getfixturevalue("falkor_server").uri, database=GRAPH)
    report = tifa.load(built[0], runner=r, wipe=True)  # the API's load, on an open runner
    assert report.wiped is not None and report.nodes["Passage"] == len(built[0].passages)
    yield r
    wipe(r)
    r.close()


def _table(rows: list[dict[str, Any]], names: list[str], column: str = "utterances") -> Table:
    out: Table = {n: {} for n in names}
    for row in rows:
        if row["concept"] in out:
            out[row["concept"]][row["year"]] = row[column]
    return out


def api_table(b: Build, names: list[str]) -> Table:
    return {n: b.timeline(n).counts() for n in names}


def test_api_report_and_ask_agree(built: tuple[Build, Path], top20: list[str]) -> None:
    b, out = built
    api = api_table(b, top20)
    G = b.graph
    ids = {G.nodes[c]["name"]: c for c in top_concepts(G, 20)}
    report = {n: {p.year: p.utterances for p in report_timeline(G, ids[n])} for n in top20}
    assert report == api
    asked: list[dict[str, Any]] = []
    for name in top20:
        res = CliRunner().invoke(ask, ["concept_timeline", "--graph", str(out), "-p",
                                       f"concept={name}", "--format", "json"])
        assert res.exit_code == 0, res.output
        asked += json.loads(res.stdout)
    assert _table(asked, top20) == api
    matrix = b.year_matrix()
    assert {n: matrix.get(n) for n in top20} == api
    # a reprinted year is smaller than its printed occurrences: the rule is not passages
    assert any(sum(r["passages"] for r in b.timeline(n).rows()) > sum(api[n].values())
               for n in top20)


def test_the_database_agrees(database: Runner, built: tuple[Build, Path],
                             top20: list[str]) -> None:
    api = api_table(built[0], top20)
    rows = [r for n in top20
            for r in tifa.query("concept_timeline", {"concept": n}, runner=database)]
    assert _table(rows, top20) == api
    matrix = database.run(load_query("concept_year_matrix").text, {}, access="read").rows
    assert _table(matrix, top20) == api
    mentioned = {c["name"] for c in built[0].concepts if c.get("passages")}
    assert {r["concept"] for r in matrix} == mentioned
    rollup = load_query("concept_timeline_rollup").text
    for name in top20[:5]:
        rows = database.run(rollup, {"concept": name}, access="read").rows
        mine = built[0].timeline(name, rollup=True).rows()
        assert [(r["year"], r["utterances"], r["narrower"], r["with_narrower"]) for r in rows] \
            == [(r["year"], r["utterances"], r["narrower"], r["with_narrower"]) for r in mine]
