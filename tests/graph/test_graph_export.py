"""Exports: the flattening rule, and every file read back (networkx readers, csv) unchanged."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from tifa.extract.lexicon import Concept, Lexicon
from tifa.graph.build import build_graph
from tifa.graph.export import (
    GEPHI_GRAPHML_KEYS,
    YEAR_WEIGHT,
    edge_id,
    for_gexf,
    graphml_edge,
    graphml_node,
    read_gexf,
    write_concept_gexf,
    write_gexf,
    write_graphml,
    write_neo4j_import,
    write_node_link_json,
)
from tifa.graph.flatten import ExportError, flat_attrs, flat_value, time_span
from tifa.graph.neo4j_csv import IMPORT_COMMAND, node_file, rel_file
from tifa.graph.schema import NODES, RELATIONSHIPS, concept_id

from tifa.records import (
    ConceptMention,
    Extraction,
    PassageRecord,
    QuoteLink,
    SourceRecord,
    SpeechAlias,
    SpeechRecord,
)

GEXF_RESERVED = {"id", "label", "pid", "start", "end", "spells"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GEXF_SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).resolve().parents[1] / "data"
                                              / "gexf-1.3" / "gexf.xsd")))


@pytest.mark.parametrize(("value", "flat"), [
    (None, None), ("", None), ([], None), ((), None),
    ("网络强国", "网络强国"), (3, 3), (0, 0), (0.5, 0.5), (True, True), (False, False),
    (["网信", "网络信息"], "网信|网络信息"), (("网络和信息安全",), "网络和信息安全"),
])
def test_flattening_rule(value: object, flat: object) -> None:
    assert flat_value(value) == flat
    assert type(flat_value(value)) is type(flat)


@pytest.mark.parametrize("value", [["a|b"], {"k": 1}, {1, 2}, b"bytes"])
def test_flattening_refuses_what_it_cannot_keep(value: object) -> None:
    with pytest.raises(ExportError, match="aliases"):
        flat_value(value, "aliases")


def test_flat_attrs_drops_unknown_and_keeps_order() -> None:
    assert list(flat_attrs({"b": 1, "a": None, "c": ["x", "y"], "d": False})) == ["b", "c", "d"]


@pytest.mark.parametrize(("date", "end", "span"), [
    ("2014-02-27", None, ("2014-02-27", "2014-02-27")),
    ("2013-08-28", "2013-08-31", ("2013-08-28", "2013-08-31")),
    ("2019-08", None, ("2019-08-01", "2019-08-31")),
    ("2020-02", None, ("2020-02-01", "2020-02-29")),
    ("2019", None, ("2019-01-01", "2019-12-31")),
    ("2020-03-29", "2020-04-01", ("2020-03-29", "2020-04-01")),
    (None, None, None), ("二〇一九年", None, None), ("2020-04-01", "2020-03-29", None),
])
def test_time_span(date: str | None, end: str | None, span: tuple[str, str] | None) -> None:
    assert time_span(date, end) == span


def quoting_graph() -> nx.MultiDiGraph:
    """A small graph with what the corpus lacks today: QUOTES and speech aliases."""
    src = SourceRecord("source:x", "x.txt", "ab" * 32, "commentary", "utf-8")
    alias = SpeechAlias("speech:v", "x.txt", "在网络安全和信息化工作座谈会上的讲话", None,
                        "2016-04-19", None, "讲话")
    s = SpeechRecord("speech:s", "在网信工作座谈会上的讲话", "2016-04-19", None, "day", "讲话",
                     None, "习近平", aliases=(alias,))
    first = PassageRecord("p:1", "x.txt", 1, None, "没有网络安全就没有关键信息基础设施安全", 1, 1,
                          s, None, (ConceptMention("网络安全", 1),
                                    ConceptMention("关键信息基础设施安全", 1)))
    second = PassageRecord("p:2", "x.txt", 2, None, "“没有网络安全就没有国家安全”\n第二行", 2, 3,
                           None, None, (ConceptMention("网络安全", 1),),
                           (QuoteLink("p:1", 0.97, "embeds"),))
    lexicon = Lexicon((Concept("关键信息基础设施安全", "安全", broader="网络安全"),
                       Concept("网络安全", "安全", ("网络和信息安全", "网络与信息安全"))))
    return build_graph([Extraction(src, (first, second))], lexicon=lexicon)


@pytest.fixture(scope="module", params=["corpus", "quoting"])
def graph(request: pytest.FixtureRequest, corpus_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return corpus_graph if request.param == "corpus" else quoting_graph()


def test_quoting_graph_has_what_the_corpus_lacks() -> None:
    G = quoting_graph()
    assert G.edges["p:2", "p:1", "QUOTES"]["match"] == "embeds"
    assert G.nodes["speech:s"]["aliases"] == ["在网络安全和信息化工作座谈会上的讲话"]
    # a concept pair that is both BROADER and CO_OCCURS: parallel edges
    child, parent = concept_id("关键信息基础设施安全"), concept_id("网络安全")
    assert set(G[child][parent]) == {"BROADER", "CO_OCCURS"}
    assert G.nodes[parent]["aliases"] == ["网络和信息安全", "网络与信息安全"]


def test_graphml_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_graphml(graph, tmp_path / "g.graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    assert list(H.nodes) == list(graph.nodes)
    for n, a in graph.nodes(data=True):
        assert H.nodes[n] == graphml_node(a)
        got = H.nodes[n]
        assert got["labels"] == a["label"] and "id" not in got
        rest = {k: v for k, v in got.items() if k not in ("label", "labels")}
        assert rest == {k: v for k, v in flat_attrs(a).items() if k not in ("id", "label")}
    want = {(u, v, edge_id(u, v, k)): graphml_edge(a)
            for u, v, k, a in graph.edges(keys=True, data=True)}
    got_edges = {(u, v, k): a for u, v, k, a in H.edges(keys=True, data=True)}
    assert got_edges == want
    assert len(want) == graph.number_of_edges()  # edge ids are unique in the file
    for (u, v, _), a in got_edges.items():
        assert a["label"] in RELATIONSHIPS and "type" not in a
        assert graph.has_edge(u, v, a["label"])


def test_graphml_labels_are_display_names(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml"), force_multigraph=True)
    for n, a in graph.nodes(data=True):
        label = H.nodes[n]["label"]
        if a["label"] == "Concept":
            assert label == a["name"]
        elif a["label"] == "Speech" and a.get("title"):
            assert label == a["title"]  # in full, never cut
        elif a["label"] == "Passage":
            text = " ".join(a["text"].split())
            assert label == text if len(text) <= 40 else \
                (len(label) == 40 and label == text[:39] + "…")
        elif a["label"] == "Year":
            assert label == str(a["year"])


def test_graphml_keys_and_booleans(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_graphml(graph, tmp_path / "g.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    keys = root.findall("g:key", ns)
    declared = [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in keys]
    assert {t for _, _, t in declared} <= {"string", "int", "long", "float", "double", "boolean"}
    names = [(scope, name) for scope, name, _ in declared]
    assert len(names) == len(set(names))  # one type per attribute name and scope
    assert {("node", "label"), ("node", "labels"), ("edge", "label")} <= set(names)
    assert ("edge", "type") not in names and ("node", "id") not in names
    assert not {name for _, name in names} & GEPHI_GRAPHML_KEYS
    booleans = {k.get("id") for k in keys if k.get("attr.type") == "boolean"}
    values = [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")
              if d.get("key") in booleans]
    flags = [a[k] for _, a in graph.nodes(data=True) for k in a if isinstance(a[k], bool)]
    flags += [a[k] for *_, a in graph.edges(data=True) for k in a if isinstance(a[k], bool)]
    assert flags and len(values) == len(flags)
    assert sorted(values) == sorted("true" if f else "false" for f in flags)


def test_gexf_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_gexf(graph, tmp_path / "g.gexf")
    H = read_gexf(path)
    shaped = for_gexf(graph)
    assert list(H.nodes) == list(graph.nodes)
    for n, a in shaped.nodes(data=True):
        assert H.nodes[n] == {k: v for k, v in a.items() if k != "id"}
        assert H.nodes[n]["type"] == graph.nodes[n]["label"]
    want = {}
    for u, v, k, a in shaped.edges(keys=True, data=True):
        want[u, v, k] = {key: float(x) if key == "weight" else x for key, x in a.items()}
        assert a["label"] == graph.edges[u, v, k]["type"]
    assert {(u, v, k): a for u, v, k, a in H.edges(keys=True, data=True)} == want


@pytest.mark.parametrize("write", [write_gexf, write_concept_gexf])
def test_gexf_validates_against_the_gexf_1_3_schema(graph: nx.MultiDiGraph, tmp_path: Path,
                                                    write: object) -> None:
    path = write(graph, tmp_path / "g.gexf")  # type: ignore[operator]
    doc = etree.parse(str(path))
    assert doc.getroot().get("version") == "1.3"
    assert GEXF_SCHEMA.validate(doc), [str(e) for e in GEXF_SCHEMA.error_log][:5]


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gexf"
    bad.write_text('<?xml version="1.0"?><gexf xmlns="http://gexf.net/1.3" version="1.3">'
                   '<graph name="x"><nodes/><edges/></graph></gexf>', encoding="utf-8")
    assert not GEXF_SCHEMA.validate(etree.parse(str(bad)))


def spell_years(spells: list[tuple[str, str]]) -> list[int]:
    years = []
    for start, end in spells:
        assert start[4:] == "-01-01" and end[4:] == "-12-31" and start[:4] == end[:4]
        years.append(int(start[:4]))
    return years


def test_gexf_shows_a_concept_only_in_the_years_it_is_mentioned(
        graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    # the years, counted here from the passages themselves: MENTIONS edges, Passage.year (the
    # year said) and the distinct utterances (canonical_id, else the passage) said that year
    said: dict[str, dict[int, set[str]]] = {}
    for p, c, k in graph.edges(keys=True):
        a = graph.nodes[p]
        if k == "MENTIONS" and a.get("year") is not None:
            said.setdefault(c, {}).setdefault(a["year"], set()).add(a.get("canonical_id") or p)
    mentioned = {c: Counter({y: len(u) for y, u in years.items()}) for c, years in said.items()}
    for path in (write_gexf(graph, tmp_path / "g.gexf"),
                 write_concept_gexf(graph, tmp_path / "c.gexf")):
        H = read_gexf(path)
        concepts = [n for n, a in graph.nodes(data=True) if a["label"] == "Concept"]
        assert concepts
        for c in concepts:
            got = H.nodes[c]
            assert "start" not in got and "end" not in got
            want = mentioned.get(c, Counter())
            if not want:
                assert "spells" not in got
                continue
            assert spell_years(got["spells"]) == sorted(want)
            weights = {int(s[:4]): int(n) for n, s, _ in got[YEAR_WEIGHT]}
            assert weights == dict(want)
    co = [(u, v) for u, v, k in graph.edges(keys=True) if k == "CO_OCCURS"]
    H = read_gexf(tmp_path / "c.gexf")
    for u, v in co:
        both = Counter(graph.nodes[p]["year"] for p in graph.predecessors(u)
                       if graph.nodes[p]["label"] == "Passage" and graph.has_edge(p, v)
                       and graph.nodes[p].get("year") is not None)
        assert spell_years(H.edges[u, v].get("spells", [])) == sorted(both)


def test_gexf_timeline_and_reserved_names(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_gexf(graph, tmp_path / "g.gexf")
    ns = {"x": "http://gexf.net/1.3"}
    root = ET.parse(path).getroot()
    element = root.find("x:graph", ns)
    assert element is not None
    assert element.get("mode") == "dynamic" and element.get("timeformat") == "date"
    titles = {a.get("title") for a in element.iter("{http://gexf.net/1.3}attribute")}
    assert not titles & GEXF_RESERVED
    assert root.find("x:meta", ns).get("lastmodifieddate") is None  # type: ignore[union-attr]
    H = read_gexf(path)
    for n, a in graph.nodes(data=True):
        timed = H.nodes[n]
        if a["label"] == "Speech" and "date" in a:
            assert timed["start"] == a["date"] or a["date_precision"] != "day"
        if a["label"] in ("Person", "Source", "Publication", "Topic"):
            assert "start" not in timed and "spells" not in timed
        if "start" in timed:
            assert ISO_DAY.match(timed["start"]) and ISO_DAY.match(timed["end"])
            assert timed["start"] <= timed["end"]
    for u, _, k in graph.edges(keys=True):
        if k == "EXCERPT_OF" and "start" in H.nodes[u]:
            assert graph.nodes[u]["year"] == int(H.nodes[u]["start"][:4])


def test_concept_gexf_is_the_cooccurrence_network(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = read_gexf(write_concept_gexf(graph, tmp_path / "c.gexf"))
    assert not H.is_directed() and not H.is_multigraph()
    concepts = {n: a for n, a in graph.nodes(data=True) if a["label"] == "Concept"}
    assert set(H.nodes) == set(concepts)
    for n, a in concepts.items():
        assert H.nodes[n]["label"] == a["name"] and H.nodes[n]["passages"] == a["passages"]
    co = {(u, v): a for u, v, k, a in graph.edges(keys=True, data=True) if k == "CO_OCCURS"}
    assert H.number_of_edges() == len(co)
    for (u, v), a in co.items():
        assert H.edges[u, v]["weight"] == float(a["weight"])
        assert H.edges[u, v].get("first_year") == a.get("first_year")


def test_node_link_json_round_trip(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_node_link_json(graph, tmp_path / "g.json")
    H = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")
    assert H.is_directed() and H.is_multigraph()
    assert list(H.nodes) == list(graph.nodes)
    for n, a in graph.nodes(data=True):
        assert {"id": n, **H.nodes[n]} == a  # networkx takes the id as the node key
    assert list(H.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))


HEADER = re.compile(r"^(?P<name>[a-z_0-9]+)(?::(?P<type>int|long|float|double|boolean|string|"
                    r"date|string\[\]|int\[\]))?$")


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_neo4j_admin_files(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    folder = tmp_path / "neo4j"
    written = write_neo4j_import(graph, folder)
    assert {p.name for p in written} == {node_file(label) for label in NODES} | \
        {rel_file(t) for t in RELATIONSHIPS} | {"README.md"}
    ids: dict[str, set[str]] = {}
    for label, spec in NODES.items():
        header, rows = read_csv(folder / node_file(label))
        assert header[0] == f"id:ID({label})" and header[-1] == ":LABEL"
        parsed = [HEADER.match(h) for h in header[1:-1]]
        assert all(parsed), header
        names = [m["name"] for m in parsed if m]
        types = [m["type"] or "string" for m in parsed if m]
        assert names == [p.name for p in spec.properties if p.name != "id"]
        assert types == [p.type for p in spec.properties if p.name != "id"]
        assert all(row[-1] == label for row in rows)
        ids[label] = {row[0] for row in rows}
        nodes = {n: a for n, a in graph.nodes(data=True) if a["label"] == label}
        assert ids[label] == set(nodes) and len(rows) == len(nodes)
        for row in rows:
            a = nodes[row[0]]
            for name, kind, cell in zip(names, types, row[1:-1], strict=True):
                value = a.get(name)
                if value is None:
                    assert cell == ""
                elif kind == "int":
                    assert int(cell) == value
                elif kind == "boolean":
                    assert cell == ("true" if value else "false")
                elif kind == "string[]":
                    assert cell.split("|") == value
                else:
                    assert cell == value
    for rel_type, rel in RELATIONSHIPS.items():
        header, rows = read_csv(folder / rel_file(rel_type))
        assert header[:3] == [f":START_ID({rel.start})", f":END_ID({rel.end})", ":TYPE"]
        assert [HEADER.match(h)["name"] for h in header[3:]] == list(rel.property_names())  # type: ignore[index]
        assert len(rows) == sum(1 for *_, k in graph.edges(keys=True) if k == rel_type)
        for row in rows:
            assert row[0] in ids[rel.start] and row[1] in ids[rel.end] and row[2] == rel_type
    readme = (folder / "README.md").read_text("utf-8")
    assert IMPORT_COMMAND in readme
    assert IMPORT_COMMAND.startswith("bin/neo4j-admin database import full neo4j")
    for p in written[:-1]:
        assert f"import/tifa/{p.name}" in IMPORT_COMMAND


def test_chinese_is_written_as_utf8_characters(corpus_graph: nx.MultiDiGraph,
                                               tmp_path: Path) -> None:
    files = [write_graphml(corpus_graph, tmp_path / "g.graphml"),
             write_gexf(corpus_graph, tmp_path / "g.gexf"),
             write_concept_gexf(corpus_graph, tmp_path / "c.gexf"),
             write_node_link_json(corpus_graph, tmp_path / "g.json"),
             *write_neo4j_import(corpus_graph, tmp_path / "neo4j")]
    for path in files:
        text = path.read_bytes().decode("utf-8")  # strict: fails on anything but UTF-8
        assert not re.search(r"\\u[0-9a-fA-F]{4}", text), path.name  # no JSON escapes
        refs = re.findall(r"&#(x?)([0-9a-fA-F]+);", text)  # XML: only line breaks as &#10;
        assert all(int(n, 16 if x else 10) < 128 for x, n in refs), path.name
        if path.suffix not in (".csv", ".md") or path.stem in ("nodes_Concept", "nodes_Passage"):
            assert "网络强国" in text, path.name


def test_import_csvs_of_a_graph_read_back_from_graph_json_are_the_same(
        tmp_path: Path, corpus_graph: nx.MultiDiGraph) -> None:
    from tifa.graph.export import write_node_link_json
    from tifa.queries.graphview import read_graph_json

    write_node_link_json(corpus_graph, tmp_path / "graph.json")
    again = read_graph_json(tmp_path)
    first = write_neo4j_import(corpus_graph, tmp_path / "built")
    second = write_neo4j_import(again, tmp_path / "read")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    rows = list(csv.reader((tmp_path / "read" / node_file("Passage")).open(encoding="utf-8")))
    assert all(row[0].startswith("passage:") for row in rows[1:])  # no empty id
