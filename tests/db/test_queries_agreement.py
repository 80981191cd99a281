"""Every query of the library gives the same rows from the database as offline from networkx.

The sample corpus (concepts marked, linked, as `tifa build` makes it) is loaded once per
backend with `load_graph`: into the session's FalkorDB (a graph of its own, so the other
database tests' wipes do not touch it) and into the session's Neo4j. Neo4j-only
queries are cases of the Neo4j backend only: nothing is skipped, they are not generated for
FalkorDB.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tifa.extract.concepts import concept_counter
from tifa.extract.lexicon import load_lexicon
from tifa.extract.link import link
from tifa.extract.pipeline import extract_paths
from tifa.graph.build import build_graph
from tifa.graph.export import write_node_link_json
from tifa.graph.load import load_graph, wipe
from tifa.graph.runner import Runner, open_runner
from tifa.queries.graphview import View, read_graph_json
from tifa.queries.library import (
    VARIANTS,
    all_queries,
    load_query,
    parameter_names,
    return_columns,
    server_text,
    strip_comments_and_strings,
)
from tifa.queries.offline import answer

from tifa.cli_query import query

from .conftest import BACKENDS, Neo4jServer

GRAPH = "tifa_queries"  # FalkorDB graph used by this module only

MORE: dict[str, list[dict[str, Any]]] = {
    "concept_timeline": [{"concept": "网络强国"}, {"concept": "网络空间命运共同体"},
                         {"concept": "网络和信息安全"}, {"concept": "没有这个提法"}],
    "concept_first_mentions": [{"concept": ""}, {"concept": "网络空间"}],
    "concept_neighbours_by_period": [{"concept": "网络安全", "period": 1},
                                     {"concept": "网络空间命运共同体", "period": 3}],
    "concept_context": [{"concept": "清朗网络空间"}, {"concept": "网络安全"},
                        {"concept": "新兴媒体"}],
    "concepts_new_in_year": [{"year": y} for y in (2013, 2014, 2018, 2021, 2024)],
    "speech_profile": [{"speech": "2015-12-16"}, {"speech": "在全国网络安全和信息化工作会议上的讲话"},
                       {"speech": "2021-04-19"}],
    "quote_origin": [{"text": "网络空间是亿万民众共同的精神家园"}, {"text": "互联网"},
                     {"text": "网信事业代表着新的生产力和新的发展方向"},
                     # Neo4j: through the full-text index (two Chinese characters at each end)
                     {"text": "没有网络安全就没有国家安全，没有信息化"}, {"text": "络安"},
                     {"text": '网络"安全'}, {"text": "网络\\安全"}, {"text": "3D打印"},
                     {"text": "年版"},
                     # Neo4j: by a scan (the index's character pairs cannot hold these)
                     {"text": "网"}, {"text": "G技术"}, {"text": "D打印"}, {"text": ""}],
    "path_between_concepts": [{"concept": "网络安全", "other": "时度效"},
                              {"concept": "网络安全", "other": "网络空间命运共同体"}],
    "path_between_concepts_via_speeches": [{"concept": "网络安全", "other": "信息化"}],
    "publication_coverage": [{"publication": ""}, {"publication": "人民日报"}],
    "topic_concepts": [{"topic": "", "top": 5}, {"topic": "网络", "top": 0}],
    "passage_search": [{"text": "网信"}, {"text": "安全"}, {"text": "网络空间命运共同体"},
                       {"text": "没有网络安全就没有国家安全"}, {"text": "没有这几个字"},
                       # the index's query syntax: `\` and `"` end or escape a phrase
                       {"text": "网络安全\\"}, {"text": "\\网络安全"}, {"text": "网络\\安全"},
                       {"text": '网络"安全'}, {"text": '"网信"'}, {"text": '\\"'},
                       # Lucene's operators, plain text inside a phrase
                       *({"text": f"网络{op}安全"} for op in
                         ("+", "-", "!", "(", ")", "[", "]", "{", "}", "^", "~", "*", "?", ":",
                          "/", "&&", "||", " AND ", " OR ", " NOT ")),
                       {"text": "安全~2"}, {"text": "网信*"}, {"text": "网络，安全"},
                       {"text": "，"}, {"text": "网"}, {"text": "3D打印"}, {"text": "G技术"}],
}


def _cases() -> list[Any]:
    cases = []
    for backend in BACKENDS:
        for q in all_queries():
            if q.neo4j_only and backend != "neo4j":
                continue  # not a case on FalkorDB (it filters shortest paths afterwards)
            for i, params in enumerate([q.examples(), *MORE.get(q.name, [])]):
                cases.append(pytest.param(backend, q.name, params, id=f"{backend}-{q.name}-{i}"))
    return cases


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Path, View]:
    """The sample corpus graph, written as graph.json and read back as `tifa ask` reads it."""
    lexicon = load_lexicon()
    extractions = list(extract_paths([corpus_dir], concepts=concept_counter(lexicon)))
    G = build_graph(link(extractions).extractions, lexicon=lexicon)  # type: ignore[arg-type]
    folder = tmp_path_factory.mktemp("queries")
    write_node_link_json(G, folder / "graph.json")
    return folder, View(read_graph_json(folder))


@pytest.fixture(scope="module")
def loaded(falkor_server: Any, neo4j: Neo4jServer,
           built: tuple[Path, View]) -> Iterator[dict[str, Runner]]:
    """One runner per backend, each holding the loaded corpus (loaded on first use)."""
    runners: dict[str, Runner] = {}

    class Lazy(dict[str, Runner]):
        def __missing__(self, backend: str) -> Runner:
            r = neo4j.runner() if backend == "neo4j" else open_runner(falkor_server.uri,
                                                                       database=GRAPH)
            wipe(r)
            load_graph(built[1].G, r)
            runners[backend] = r
            return r

    yield Lazy()
    for r in runners.values():
        wipe(r)
        r.close()


def comparable(rows: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """Rows with floats to 9 places (FalkorDB prints 15 significant digits)."""
    def norm(x: Any) -> Any:
        if isinstance(x, float):
            return round(x, 9)
        if isinstance(x, list):
            return [norm(i) for i in x]
        return x
    return [{k: norm(v) for k, v in r.items()} for r in rows]


@pytest.mark.parametrize(("backend", "name", "params"), _cases())
def test_cypher_equals_offline(backend: str, name: str, params: dict[str, Any],
                               loaded: dict[str, Runner], built: tuple[Path, View]) -> None:
    q = load_query(name)
    db = comparable(loaded[backend].run(server_text(q, backend), params, access="read").rows)
    offline = comparable(answer(name, built[1], params))
    assert sorted(db, key=json.dumps) == sorted(offline, key=json.dumps)
    assert db == offline  # and in the same order: every ORDER BY is total
    assert all(list(r) == list(q.columns) for r in db)


def test_the_acceptance_facts_from_the_database(loaded: dict[str, Runner]) -> None:
    r = loaded["falkordb"]
    timeline = r.run(load_query("concept_timeline").text, {"concept": "网络安全"},
                     access="read").rows
    assert [row["year"] for row in timeline] == [*range(2013, 2022), 2024]
    origin = r.run(load_query("quote_origin").text, {"text": "没有网络安全就没有国家安全"},
                   access="read").rows
    assert origin[0]["date"] == "2014-02-27"


def test_tifa_query_against_falkordb(loaded: dict[str, Runner], falkor_server: Any,
                                     built: tuple[Path, View]) -> None:
    loaded["falkordb"]  # the corpus is in the module's graph
    res = CliRunner().invoke(query, ["concept_timeline", "--param", "concept=网络安全",
                                     "--uri", falkor_server.uri, "--database", GRAPH,
                                     "--format", "json"])
    assert res.exit_code == 0, res.stderr
    assert comparable(json.loads(res.stdout)) == comparable(
        answer("concept_timeline", built[1], {"concept": "网络安全"}))
    res = CliRunner().invoke(query, ["quote_origin", "-p", "text=没有网络安全就没有国家安全",
                                     "--uri", falkor_server.uri, "--database", GRAPH])
    assert res.exit_code == 0 and res.stdout.splitlines()[2].startswith("2014-02-27")


def test_the_cjk_fulltext_index_finds_two_and_four_character_words(
        loaded: dict[str, Runner], built: tuple[Path, View]) -> None:
    r = loaded["neo4j"]
    index = r.run("SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options "
                  "WHERE name = 'passage_text' RETURN labelsOrTypes, properties, options",
                  access="read").rows
    assert index and index[0]["labelsOrTypes"] == ["Passage"]
    assert index[0]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    G = built[1].G
    for words in ("网信", "网络安全"):
        rows = r.run(load_query("passage_search").text, {"text": words}, access="read").rows
        want = {n for n, a in G.nodes(data=True)
                if a["label"] == "Passage" and words in a["text"]}
        assert {row["passage"] for row in rows} == want and len(want) > 5
    # 安全 and 网络 apart, but never 网络安全 in a row: the phrase does not match
    apart = r.run(load_query("passage_search").text, {"text": "网络安全"}, access="read").rows
    assert all("网络安全" in row["text"] for row in apart)


def test_quote_origin_finds_a_passage_by_its_id_on_both(loaded: dict[str, Runner],
                                                         built: tuple[Path, View]) -> None:
    G = built[1].G
    quoting = next(u for u, _, a in G.edges(data=True) if a["type"] == "QUOTES")
    q = load_query("quote_origin")
    for backend in BACKENDS:
        rows = loaded[backend].run(server_text(q, backend), {"text": quoting},
                                   access="read").rows
        assert comparable(rows) == comparable(answer(q.name, built[1], {"text": quoting}))
        assert quoting in {r["passage"] for r in rows} and len(rows) >= 2  # it and its origin


def test_the_cypher_tifa_query_prints_runs_on_its_engine(
        loaded: dict[str, Runner], built: tuple[Path, View], falkor_server: Any,
        neo4j: Neo4jServer) -> None:
    """`tifa query --cypher`, pasted into each engine, gives the rows `tifa ask` gives."""
    params = {"text": "没有网络安全就没有国家安全"}
    for backend, uri in (("neo4j", neo4j.uri), ("falkordb", falkor_server.uri)):
        printed = CliRunner().invoke(query, ["quote_origin", "--cypher", "--uri", uri]).stdout
        assert ("db.index.fulltext" in printed) == (backend == "neo4j")
        rows = loaded[backend].run(printed, params, access="read").rows
        assert comparable(rows) == comparable(answer("quote_origin", built[1], params))


def test_neo4j_variants_ask_and_answer_what_their_query_does() -> None:
    folder = resources.files("tifa.queries").joinpath(VARIANTS)
    variants = sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".cypher"))
    assert [v.stem for v in variants] == ["quote_origin"]
    for v in variants:
        q, text = load_query(v.stem), v.read_text("utf-8")
        assert server_text(q, "neo4j") == text and server_text(q, "falkordb") == q.text
        assert set(parameter_names(text)) == {p.name for p in q.params}
        assert return_columns(text) == q.columns
    assert "db.index.fulltext.queryNodes('passage_text'" in server_text(
        load_query("quote_origin"), "neo4j")


INDEXED = re.compile(r"\b\w+\.(id|name|date|year)\s+(CONTAINS|STARTS WITH|ENDS WITH)\b",
                     re.IGNORECASE)


def test_no_string_search_seeks_an_indexed_property() -> None:
    """Neo4j 5.26 may plan `n.prop CONTAINS $x` on the RANGE index of prop and then reject it
    ("A STRING_CONTAINS predicate is not allowed for a RANGE index"): the properties with a
    RANGE index (every id by its constraint, date, year, Concept.name: schema_neo4j) are
    searched through toString(n.prop). Passage.text has a full-text index only, which the
    planner never uses for CONTAINS."""
    root = Path(str(resources.files("tifa.queries")))
    offenders = [f"{f.name}: {m.group(0)}" for f in sorted(root.rglob("*.cypher"))
                 for m in INDEXED.finditer(strip_comments_and_strings(f.read_text("utf-8")))]
    assert offenders == []
