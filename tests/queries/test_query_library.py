"""The query library's files: headers, parameters read from the text, typing, docs, style."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest
from tifa.graph.schema import LABELS, REL_TYPES
from tifa.queries.grass import grass_json, parse_grass, post_connect_line
from tifa.queries.library import (
    CLOCKS,
    ParameterError,
    QueryFileError,
    UnknownQuery,
    all_queries,
    bind,
    load_query,
    parameter_names,
    parse_assignments,
    parse_query,
    query_names,
    return_columns,
)
from tifa.queries.offline import ANSWERS, unanswered
from tifa.queries.render import markdown_table, render, table

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"concept_timeline", "concept_first_mentions", "concept_neighbours_by_period",
            "concept_context", "concepts_new_in_year", "speech_profile", "quote_origin",
            "path_between_concepts", "publication_coverage", "topic_concepts"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_library_has_every_question_of_the_issue() -> None:
    assert set(query_names()) >= REQUIRED
    files = {p.stem for p in (ROOT / "queries").glob("*.cypher")}
    assert files == set(query_names())  # what ships is what is in the folder


@pytest.mark.parametrize("name", query_names())
def test_header(name: str) -> None:
    q = load_query(name)
    assert q.title and q.clock in CLOCKS and q.clock_note
    assert any(CJK.search(s) for s in q.questions), "a question in Chinese"
    assert any(not CJK.search(s) and len(s.split()) > 4 for s in q.questions), "and in English"
    assert q.columns and len(set(q.columns)) == len(q.columns)
    assert all(re.fullmatch(r"[a-z_]+", c) for c in q.columns), q.columns
    for p in q.params:  # every parameter has an example, typed by its form
        assert p.example and p.description
        assert isinstance(p.example_value(), p.kind)


@pytest.mark.parametrize("name", query_names())
def test_every_query_has_an_offline_answer_with_the_same_parameters(name: str) -> None:
    q = load_query(name)
    assert name in ANSWERS
    signature = inspect.signature(ANSWERS[name])
    keyword = [n for n, p in signature.parameters.items() if p.kind is p.KEYWORD_ONLY]
    assert sorted(keyword) == sorted(p.name for p in q.params)
    assert unanswered() == []


def test_unknown_query_is_loud() -> None:
    with pytest.raises(UnknownQuery, match=r"no query named 'concept_timelin'.*concept_timeline"):
        load_query("concept_timelin")
    with pytest.raises(UnknownQuery):
        load_query("../graph/cypher/wipe")


def test_parameters_are_read_from_the_text_not_from_comments_or_strings() -> None:
    text = ("// param: a = 1\nMATCH (n {x: '$notme'}) WHERE n.y = $b AND n.z = $a // $c\n"
            'RETURN "$d" AS s, $b AS b')
    assert parameter_names(text) == ("b", "a")


def test_columns_are_the_last_return_aliases_or_names() -> None:
    text = "MATCH (n) WITH n AS m RETURN DISTINCT m.x AS x, [i IN range(0, 2) | i] AS l, y\n" \
           "ORDER BY x"
    assert return_columns(text) == ("x", "l", "y")


def test_a_header_must_give_one_example_per_parameter() -> None:
    good = ("// title: T\n// question: 问\n// question: A question in English here\n"
            "// param: year = 2016 — the year\n// clock: said — by speech date\n"
            "MATCH (s:Speech) WHERE s.year = $year RETURN s.title AS title\n")
    q = parse_query("t", good)
    assert q.params[0].kind is int and q.columns == ("title",)
    with pytest.raises(QueryFileError, match=r"uses \['year'\]"):
        parse_query("t", good.replace("// param: year = 2016 — the year\n", ""))
    with pytest.raises(QueryFileError, match="clock"):
        parse_query("t", good.replace("clock: said", "clock: spoken"))


def test_bind_types_values_and_names_the_problem() -> None:
    q = load_query("concept_neighbours_by_period")
    assert bind(q, {"concept": "网络安全", "period": "5"}) == {"concept": "网络安全", "period": 5}
    with pytest.raises(ParameterError, match=r"needs period \(e\.g\. --param period=5\)"):
        bind(q, {"concept": "网络安全"})
    with pytest.raises(ParameterError, match="has no parameter 'year'; it takes: concept, period"):
        bind(q, {"concept": "x", "period": "1", "year": "2016"})
    with pytest.raises(ParameterError, match="must be a whole number"):
        bind(q, {"concept": "x", "period": "five"})
    assert bind(load_query("concept_first_mentions"), {"concept": ""}) == {"concept": ""}
    assert parse_assignments(["text=a=b", "concept="]) == {"text": "a=b", "concept": ""}
    with pytest.raises(ParameterError, match="name=value"):
        parse_assignments(["网络安全"])


def test_neo4j_only_variant_is_marked_and_still_linted() -> None:
    only = [q for q in all_queries() if q.neo4j_only]
    assert [q.name for q in only] == ["passage_search", "path_between_concepts_via_speeches"]
    text = only[1].text
    assert text.startswith("// neo4j-only\n")
    # the lint test reads every .cypher under queries/ and drops only comment lines
    body = "\n".join(ln for ln in text.splitlines() if not ln.strip().startswith("//"))
    assert "allShortestPaths" in body and "none(n IN nodes(p)" in body
    portable = load_query("path_between_concepts")
    assert not portable.neo4j_only and portable.columns == only[1].columns
    assert "db.index.fulltext.queryNodes('passage_text'" in only[0].text


@pytest.mark.parametrize("name", query_names())
def test_portable_queries_stay_in_falkordbs_subset(name: str) -> None:
    q = load_query(name)
    code = re.sub(r"//[^\n]*", "", q.text)
    for construct in (r"EXISTS\s*\{", r"COUNT\s*\{", r"COLLECT\s*\{", r"\bdate\(",
                      r"\bdatetime\(", r"CALL\s*\{", r"\bapoc\.", r"round\([^()]*,"):
        assert not re.search(construct, code, flags=re.IGNORECASE) or q.neo4j_only, construct
    assert ";" not in code  # one statement per file


def test_docs_table_is_the_library() -> None:
    docs = (ROOT / "docs" / "queries.md").read_text("utf-8")
    assert markdown_table(all_queries()) in docs
    for name in query_names():
        assert f"| `{name}`" in docs


def test_readme_query_table_lists_every_query() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [n for n in query_names() if f"| `{n}`" not in readme]
    assert not missing, f"README's query table lacks {missing} (copy docs/queries.md's table)"


def test_render_aligns_chinese_and_keeps_csv_json_whole() -> None:
    rows = [{"concept": "网络安全", "year": 2014, "share": 0.25, "pages": ["198", "199"]},
            {"concept": "5G", "year": 2020, "share": 0.043, "pages": []}]
    text = table(rows, ["concept", "year", "share", "pages"]).splitlines()
    assert text[2].startswith("网络安全  2014  0.250  198, 199")
    assert text[3].startswith("5G        2020  0.043")
    csv_text = render(rows, ["concept", "year", "share", "pages"], "csv")
    assert csv_text.splitlines()[1] == "网络安全,2014,0.25,198|199"
    assert json.loads(render(rows, ["concept"], "json")) == rows
    assert render([], ["a", "b"], "csv") == "a,b\n"


def test_grass_styles_every_label_and_type_for_the_browser() -> None:
    text = (ROOT / "browser" / "tifa.grass").read_text("utf-8")
    style = parse_grass(text)
    colours = set()
    for label in LABELS:
        rule = style[f"node.{label}"]
        assert rule["caption"].startswith("{") and rule["color"].startswith("#")
        colours.add(rule["color"])
    assert len(colours) == len(LABELS)  # one colour per label
    assert style["node.Speech"]["caption"] == "{title} {date}"
    assert style["node.Passage"]["caption"] == "{text}"
    assert style["relationship"]["caption"] == "<type>"  # every type is captioned
    assert {k.split(".", 1)[1] for k in style if k.startswith("relationship.")} <= set(REL_TYPES)
    assert all(len(v.split(":")) == 1 for rule in style.values() for v in rule.values())
    assert ";" not in grass_json(text) and json.loads(grass_json(text)) == style
    docs = (ROOT / "docs" / "queries.md").read_text("utf-8")
    assert post_connect_line(text) in docs
    compose = (ROOT / "docker-compose.yml").read_text("utf-8")
    assert post_connect_line(text) in compose
