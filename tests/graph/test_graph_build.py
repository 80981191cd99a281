"""build_graph: hand-built records for every relationship, and the real sample corpus."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import networkx as nx
import pytest
from tifa.extract.lexicon import Concept, Lexicon
from tifa.extract.link import is_unidentified
from tifa.graph.build import build_graph, unique_passages, unresolved_quotes
from tifa.graph.schema import (
    LABELS,
    NODES,
    PYTHON_TYPES,
    RELATIONSHIPS,
    concept_id,
    person_id,
    property_type,
    topic_id,
    year_id,
)

from tifa.records import (
    ConceptMention,
    Extraction,
    PassageRecord,
    PublicationRecord,
    QuoteLink,
    SourceRecord,
    SpeechRecord,
)

BOOK = PublicationRecord("习近平谈治国理政", volume="第一卷", publisher="外文出版社", year=2018,
                         pages="199", kind="book")
PAPER = PublicationRecord("人民日报", issue_date="2024-02-27", pages="10", kind="newspaper")


def speech(sid: str, date: str | None, *, occasion: str | None = None,
           speaker: str | None = "习近平") -> SpeechRecord:
    return SpeechRecord(id=sid, title="努力把我国建设成为网络强国", date=date, date_end=None,
                        date_precision="day" if date else None, kind=None, occasion=occasion,
                        speaker=speaker)


def passage(pid: str, source: str, seq: int, *, s: SpeechRecord | None = None,
            pub: PublicationRecord | None = None, topic: str | None = None,
            concepts: tuple[tuple[str, int], ...] = (),
            quotes: tuple[QuoteLink, ...] = ()) -> PassageRecord:
    return PassageRecord(id=pid, source=source, seq=seq, topic=topic, text=f"正文{pid}",
                         line_start=seq * 10, line_end=seq * 10 + 1, speech=s, publication=pub,
                         concepts=tuple(ConceptMention(n, c) for n, c in concepts), quotes=quotes)


def source(path: str) -> SourceRecord:
    return SourceRecord(id=f"source:{path}", path=path, sha256=path * 2, genre="excerpt_book",
                        encoding="utf-8", title=f"书{path}")


LEXICON = Lexicon((
    Concept("网络强国", "战略"),
    Concept("网络强国战略", "战略", broader="网络强国"),
    Concept("网络安全", "安全", aliases=("网络和信息安全",)),
    Concept("国家安全", "安全"),
    Concept("总体国家安全观", "安全", broader="国家安全"),
))

S2014 = speech("speech:a", "2014-02-27")
S2014_FULL = speech("speech:a", "2014-02-27", occasion="中央网络安全和信息化领导小组第一次会议")
S2016 = speech("speech:b", "2016-04-19", speaker="习近平")
S_UNDATED = speech("speech:c", None, speaker=None)


def hand_built() -> list[Extraction]:
    a = [
        passage("p:a1", "a.txt", 1, s=S2014, pub=BOOK, topic="一、网络强国",
                concepts=(("网络强国战略", 2), ("网络安全", 1))),
        passage("p:a2", "a.txt", 2, s=S2016, pub=BOOK, topic="一、网络强国",
                concepts=(("网络安全", 3), ("网络强国战略", 1), ("数字中国", 1))),
        passage("p:a3", "a.txt", 3, s=S_UNDATED, concepts=(("网络安全", 1),)),
    ]
    b = [
        passage("p:b1", "b.txt", 1, s=S2014_FULL, pub=PAPER,
                concepts=(("网络安全", 1), ("网络强国战略", 1)),
                quotes=(QuoteLink("p:a1", 0.93), QuoteLink("p:elsewhere", 0.8))),
    ]
    return [Extraction(source("b.txt"), tuple(b)), Extraction(source("a.txt"), tuple(a))]


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(hand_built(), lexicon=LEXICON)


def test_every_label_and_type_is_built(G: nx.MultiDiGraph) -> None:
    labels = Counter(a["label"] for _, a in G.nodes(data=True))
    assert labels == {"Source": 2, "Passage": 4, "Speech": 3, "Person": 1, "Publication": 2,
                      "Concept": 4, "Topic": 1, "Year": 11}
    types = Counter(a["type"] for _, _, a in G.edges(data=True))
    assert types == {"IN_SOURCE": 4, "EXCERPT_OF": 4, "PRINTED_IN": 3, "MENTIONS": 8,
                     "UNDER_TOPIC": 2, "DELIVERED_BY": 2, "IN_YEAR": 2, "NEXT": 10,
                     "BROADER": 1, "CO_OCCURS": 3, "QUOTES": 1}


def test_ids_are_content_derived_and_edges_keyed_by_type(G: nx.MultiDiGraph) -> None:
    assert G.nodes["p:a1"]["id"] == "p:a1" and G.nodes["speech:a"]["label"] == "Speech"
    assert G.nodes[person_id("习近平")]["name"] == "习近平"
    assert G.nodes[topic_id("source:a.txt", "一、网络强国")]["title"] == "一、网络强国"
    assert G.nodes[year_id(2016)] == {"id": "year:2016", "label": "Year", "year": 2016}
    assert G.has_edge("p:a1", concept_id("网络强国战略"), "MENTIONS")
    assert G.edges["p:a1", concept_id("网络强国战略"), "MENTIONS"] == {"type": "MENTIONS",
                                                                     "count": 2}
    assert G.edges["p:b1", "source:b.txt", "IN_SOURCE"]["seq"] == 1


def test_years_fill_gaps_and_chain(G: nx.MultiDiGraph) -> None:
    years = [a["year"] for _, a in G.nodes(data=True) if a["label"] == "Year"]
    # 2015 has no speech: a real zero, kept; the newspaper issue of 2024 is a year too
    assert years == list(range(2014, 2025))
    chain = [(u, v) for u, v, k in G.edges(keys=True) if k == "NEXT"]
    assert chain == [(f"year:{y}", f"year:{y + 1}") for y in range(2014, 2024)]
    assert G.has_edge("speech:b", "year:2016", "IN_YEAR")
    assert not any(k == "IN_YEAR" for _, _, k in G.out_edges("speech:c", keys=True))


def test_speech_cited_twice_is_one_node_first_value_wins(G: nx.MultiDiGraph) -> None:
    # a.txt sorts before b.txt: its record (no occasion) comes first, b.txt fills the gap
    s = G.nodes["speech:a"]
    assert s["occasion"] == "中央网络安全和信息化领导小组第一次会议"
    assert s["date"] == "2014-02-27" and s["year"] == 2014 and s["date_inferred"] is False
    assert {u for u, _, k in G.in_edges("speech:a", keys=True) if k == "EXCERPT_OF"} == \
        {"p:a1", "p:b1"}


def test_publication_and_pages(G: nx.MultiDiGraph) -> None:
    printed = G.edges["p:a1", BOOK.id, "PRINTED_IN"]
    assert printed == {"type": "PRINTED_IN", "pages": "199"}
    assert G.nodes[BOOK.id]["volume"] == "第一卷" and G.nodes[BOOK.id]["year"] == 2018
    assert G.edges["p:b1", PAPER.id, "PRINTED_IN"]["issue_date"] == "2024-02-27"


def test_concepts_with_lexicon_broader_and_statistics(G: nx.MultiDiGraph) -> None:
    security = G.nodes[concept_id("网络安全")]
    assert security == {"id": concept_id("网络安全"), "label": "Concept", "name": "网络安全",
                        "category": "安全", "aliases": ["网络和信息安全"], "origin": "lexicon",
                        "passages": 4, "mentions": 6, "utterances": 3, "first_year": 2014,
                        "last_year": 2016}
    # 网络强国 is never mentioned but is the broader concept of one that is
    strong = G.nodes[concept_id("网络强国")]
    assert strong["passages"] == strong["utterances"] == 0 and "first_year" not in strong
    assert G.has_edge(concept_id("网络强国战略"), concept_id("网络强国"), "BROADER")
    # a concept outside the lexicon is still a node, without category
    assert "category" not in G.nodes[concept_id("数字中国")]
    # concepts of the lexicon that no passage needs are not in the graph
    assert concept_id("总体国家安全观") not in G and concept_id("国家安全") not in G


def test_concept_counts_follow_the_one_counting_rule() -> None:
    """Printed passages and said utterances apart: by hand, 网络安全 is printed in a1 (2014),
    a2 (2016), a3 (no date: quoted, not said) and b1; b1 reprints a1's words, so it is said
    twice (2014, 2016). Only quotations said nowhere known: no utterance, no years."""
    reprint = [Extraction(e.source, tuple(replace(p, canonical_id="p:a1") if p.id == "p:b1"
                                          else p for p in e.passages)) for e in hand_built()]
    rebuilt = build_graph(reprint, lexicon=LEXICON)
    security = rebuilt.nodes[concept_id("网络安全")]
    assert (security["passages"], security["utterances"]) == (4, 2)
    # CO_OCCURS weight by the same rule: 网络安全 and 网络强国战略 are printed together in a1,
    # a2 and b1, but b1 reprints a1: said together twice, printed three times
    a, b = sorted(["网络安全", "网络强国战略"])
    co = rebuilt.edges[concept_id(a), concept_id(b), "CO_OCCURS"]
    assert (co["weight"], co["passages"]) == (2, 3)
    assert (security["first_year"], security["last_year"]) == (2014, 2016)
    quoted = [Extraction(source("q.txt"), (passage("p:q", "q.txt", 1, s=S_UNDATED,
                                                   concepts=(("网络安全", 2), ("数字中国", 1))),))]
    only_quoted = build_graph(quoted)
    alone = only_quoted.nodes[concept_id("网络安全")]
    assert (alone["passages"], alone["mentions"], alone["utterances"]) == (1, 2, 0)
    assert "first_year" not in alone and "last_year" not in alone
    a, b = sorted(["网络安全", "数字中国"])
    assert only_quoted.edges[concept_id(a), concept_id(b), "CO_OCCURS"] == \
        {"type": "CO_OCCURS", "weight": 0, "passages": 1}


def test_cooccurrence_is_stored_once_with_years(G: nx.MultiDiGraph) -> None:
    a, b = sorted(["网络安全", "网络强国战略"])
    co = G.edges[concept_id(a), concept_id(b), "CO_OCCURS"]
    # printed together in a1 (2014), a2 (2016) and b1 (2014, its own words here): three
    # utterances said, three passages
    assert co == {"type": "CO_OCCURS", "weight": 3, "passages": 3, "first_year": 2014,
                  "last_year": 2016}
    assert not G.has_edge(concept_id(b), concept_id(a), "CO_OCCURS")


def test_quotes_within_the_build_and_unresolved_listed(G: nx.MultiDiGraph) -> None:
    assert G.edges["p:b1", "p:a1", "QUOTES"] == {"type": "QUOTES", "similarity": 0.93,
                                                 "match": "same"}
    assert unresolved_quotes(hand_built()) == (("p:b1", "p:elsewhere"),)


def test_build_is_deterministic_whatever_the_input_order() -> None:
    one = build_graph(hand_built(), lexicon=LEXICON)
    two = build_graph(list(reversed(hand_built())), lexicon=LEXICON)
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))
    labels = [a["label"] for _, a in one.nodes(data=True)]
    assert labels == sorted(labels, key=LABELS.index)


def test_without_lexicon_concepts_come_from_mentions_only() -> None:
    G = build_graph(hand_built())
    concepts = sorted(a["name"] for _, a in G.nodes(data=True) if a["label"] == "Concept")
    assert concepts == ["数字中国", "网络安全", "网络强国战略"]
    assert not any(k == "BROADER" for _, _, k in G.edges(keys=True))


def test_empty_input_gives_an_empty_graph() -> None:
    assert build_graph([]).number_of_nodes() == 0


def check_schema_types(G: nx.MultiDiGraph) -> None:
    """Every attribute is in the schema for its label/type, with the schema's Python type."""
    for n, a in G.nodes(data=True):
        allowed = {"label", *NODES[a["label"]].property_names()}
        assert set(a) <= allowed, (n, set(a) - allowed)
        assert a["id"] == n
        for key, value in a.items():
            if key != "label":
                assert isinstance(value, PYTHON_TYPES[property_type(key)]), (n, key, value)
                assert value is not None and value != "" and value != []
    for u, v, k, a in G.edges(keys=True, data=True):
        rel = RELATIONSHIPS[k]
        assert a["type"] == k and set(a) <= {"type", *rel.property_names()}
        assert G.nodes[u]["label"] == rel.start and G.nodes[v]["label"] == rel.end
        for key, value in a.items():
            if key != "type":
                assert isinstance(value, PYTHON_TYPES[property_type(key)]), (u, v, k, key)


def test_hand_built_graph_follows_the_schema(G: nx.MultiDiGraph) -> None:
    check_schema_types(G)


def test_corpus_graph_follows_the_schema(corpus_graph: nx.MultiDiGraph) -> None:
    check_schema_types(corpus_graph)


def test_corpus_graph_matches_the_records(corpus_graph: nx.MultiDiGraph,
                                          corpus_extractions: list[Extraction]) -> None:
    G = corpus_graph
    passages = unique_passages(corpus_extractions)
    labels = Counter(a["label"] for _, a in G.nodes(data=True))
    assert labels["Source"] == 5
    assert labels["Passage"] == len(passages) >= 395
    identified = [p for p in passages if p.speech and not is_unidentified(p.speech)]
    assert labels["Speech"] == len({p.speech.id for p in identified if p.speech})
    types = Counter(k for _, _, k in G.edges(keys=True))
    assert types["IN_SOURCE"] == len(passages)
    assert types["EXCERPT_OF"] == len(identified)
    # Xi's words whose speech no source names keep their speaker on the Passage
    unnamed = [p for p in passages if p.speech and is_unidentified(p.speech)]
    assert unnamed and all(G.nodes[p.id]["speaker"] == "习近平" for p in unnamed)
    assert types["PRINTED_IN"] == sum(p.publication is not None for p in passages)
    assert types["MENTIONS"] == sum(len(p.concepts) for p in passages) > 1000
    # the nine chapters of 000 are nine Topic nodes
    topics_000 = {a["title"] for _, a in G.nodes(data=True)
                  if a["label"] == "Topic" and "000_" in a["source"]}
    assert len(topics_000) == 9
    # speeches date from 2013-03-04 (000's preface) to the 2021 seminar of 003
    years = [a["year"] for _, a in G.nodes(data=True) if a["label"] == "Year"]
    assert years == list(range(2013, 2025))  # to the commentary's 2024 issue
    dates = sorted(a["date"] for _, a in G.nodes(data=True)
                   if a["label"] == "Speech" and "date" in a)
    assert dates[0] == "2013-03-04"
    # seven bylined speakers of the seminar page, and 习近平
    people = {a["name"] for _, a in G.nodes(data=True) if a["label"] == "Person"}
    assert {"习近平", "朱重烈", "王钦敏", "郑必坚", "刘烈宏", "邬贺铨", "丁伟", "胡树祥"} <= people
    mentioned = G.nodes[concept_id("网络强国")]
    assert mentioned["category"] == "战略" and mentioned["passages"] >= 30


def test_corpus_graph_carries_the_linking(corpus_graph: nx.MultiDiGraph) -> None:
    G = corpus_graph
    quotes = [(u, v, a) for u, v, a in G.edges(data=True) if a["type"] == "QUOTES"]
    assert len(quotes) > 50
    for _, v, a in quotes:
        assert G.nodes[v]["label"] == "Passage" and 0 < a["similarity"] <= 1
        assert a["match"] in ("same", "part", "embeds", "inline")
    traced = [u for u, _, a in G.edges(data=True) if a.get("traced")]
    assert traced and any("004_" in G.nodes[u]["source"] for u in traced)  # commentary quotes
    renamed = [a for _, a in G.nodes(data=True) if a["label"] == "Speech" and "aliases" in a]
    assert any("坚持党的新闻典论工作的正确政治方向" in a["aliases"] for a in renamed)  # OCR typo
