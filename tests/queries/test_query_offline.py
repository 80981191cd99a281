"""The questions answered offline on the sample corpus: the facts a researcher checks by hand."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from tifa.graph.schema import concept_id
from tifa.queries.graphview import View
from tifa.queries.library import load_query, query_names
from tifa.queries.offline import answer

from tifa.records import Extraction


def test_timeline_of_network_security_counts_utterances_in_the_year_said(view: View) -> None:
    rows = answer("concept_timeline", view, {"concept": "网络安全"})
    by_year = {r["year"]: r for r in rows}
    # every year with a dated passage: the book's 2013–2020, the 2021 seminar page, and 2024,
    # when the commentary was printed (its quotations of unknown origin are dated so)
    assert sorted(by_year) == [*range(2013, 2022), 2024]
    mentioning = {p for p, _, k in view.G.in_edges(concept_id("网络安全"), keys=True)
                  if k == "MENTIONS"}
    assert 0 < sum(r["passages"] + r["quoted"] for r in rows) <= len(mentioning)
    # reprints count once per utterance: 2014-02-27 is printed in 000, 001 and 002
    assert by_year[2014]["utterances"] < by_year[2014]["passages"]
    assert all(r["utterances"] <= r["passages"] and r["utterances"] <= r["year_utterances"]
               for r in rows)
    assert all(r["share"] == round(r["utterances"] / r["year_utterances"], 3) for r in rows
               if r["year_utterances"])
    # 004's quotations traced to a speech count in that speech's year, not in 2024 (printing)
    commentary = [p for p in mentioning
                  if view.get(p, "source").endswith("004_6555140d0db160fb.txt")]
    traced = [p for p in commentary if view.speech(p) is not None and not view.cited(p)]
    assert traced and all(view.get(p, "year") != 2024 for p in traced)
    assert by_year[2024]["utterances"] == 0


def test_quote_origin_finds_the_2014_speech(view: View) -> None:
    rows = answer("quote_origin", view, {"text": "没有网络安全就没有国家安全"})
    first = rows[0]
    assert first["date"] == "2014-02-27" and first["speech"] == "努力把我国建设成为网络强国"
    assert first["source"].endswith("001_588c3d53033f6238.txt") and first["line_start"] == 45
    assert not first["traced"]
    assert {r["date"] for r in rows} >= {"2018-04-20", "2021-04-19"}  # later repetitions


def test_a_traced_quotation_keeps_its_speech_date_for_origins(view: View) -> None:
    rows = answer("quote_origin", view, {"text": "网信事业代表着新的生产力和新的发展方向"})
    assert rows[0]["date"] == "2018-04-20" and not rows[0]["traced"]
    commentary = [r for r in rows if Path(r["source"]).name.startswith("004_")]
    assert commentary and all(r["traced"] and r["issue_date"] == "2024-02-27"
                              for r in commentary)


def test_utterances_from_the_graph_equal_linkings_canonical_ids(
        view: View, linked_extractions: list[Extraction]) -> None:
    canonical = {p.id: p.canonical_id for e in linked_extractions for p in e.passages}
    ours: dict[str, set[str]] = defaultdict(set)
    theirs: dict[str, set[str]] = defaultdict(set)
    for passage, cid in canonical.items():
        ours[view.utterance(passage)].add(passage)
        theirs[str(cid)].add(passage)
    assert len(theirs) == 322
    assert {frozenset(g) for g in ours.values()} == {frozenset(g) for g in theirs.values()}


@pytest.mark.parametrize("name", query_names())
def test_every_example_has_an_answer(view: View, name: str) -> None:
    q = load_query(name)
    rows = answer(name, view, q.examples())
    assert rows, f"{name}'s header example finds nothing on the sample corpus"
    assert all(list(r) == list(q.columns) for r in rows)


def test_first_mentions_and_new_concepts_agree(view: View) -> None:
    firsts = {r["concept"]: r for r in answer("concept_first_mentions", view, {"concept": ""})}
    dated = [view.get(s, "date") for p, _, k in view.G.in_edges(concept_id("网络安全"), keys=True)
             if k == "MENTIONS" for _, s, k2 in view.G.out_edges(p, keys=True)
             if k2 == "EXCERPT_OF" and view.get(s, "date")]
    assert firsts["网络安全"]["date"] == min(dated)
    assert firsts["网络空间命运共同体"]["date"] == "2015-12-16"
    new_2021 = answer("concepts_new_in_year", view, {"year": 2021})
    assert new_2021 and all(r["date"].startswith("2021") for r in new_2021)
    assert all(firsts[r["concept"]]["date"] == r["date"] for r in new_2021)


def test_the_queries_date_a_passage_as_the_counting_rule_does(view: View) -> None:
    """One clock: the date concept_first_mentions, concepts_new_in_year and concept_context
    give a passage is in the year the counting rule counts it (said, else printed/compiled)."""
    from tifa.graph.counting import passage_year
    from tifa.queries.graphview import year_of

    passages = list(view.nodes("Passage"))
    assert passages and all(year_of(view.dated(p)[0]) == passage_year(view.G, p)[0]
                            for p in passages)
    # 004 (人民日报 2024-02-27) l.15 quotes words of 000 l.437, printed under 《在全国网络安全和
    # 信息化工作会议上的讲话》(2018年4月20日) (000 l.433-434): dated when said
    rows = answer("concept_context", view, {"concept": "网络安全"})
    quoted = [r for r in rows if r["source"].endswith("004_6555140d0db160fb.txt")]
    assert quoted and all(r["issue_date"] == "2024-02-27" for r in quoted)
    assert {(r["date"], r["clock"]) for r in quoted} <= {("2018-04-20", "said"),
                                                          ("2024-02-27", "printed")}
    assert ("2018-04-20", "said") in {(r["date"], r["clock"]) for r in quoted}


def test_neighbours_mark_what_is_new_per_period(view: View) -> None:
    rows = answer("concept_neighbours_by_period", view, {"concept": "网络安全", "period": 5})
    first_period: dict[str, int] = {}
    for r in rows:
        first_period.setdefault(r["neighbour"], r["period"])
        assert r["new"] == (r["period"] == first_period[r["neighbour"]])
        assert r["period_end"] == r["period"] + 4 and r["period"] % 5 == 0
    assert {r["period"] for r in rows} == {2010, 2015, 2020}


def test_context_lines_hold_the_keyword_and_their_citation(view: View) -> None:
    rows = answer("concept_context", view, {"concept": "清朗网络空间"})
    node = view.G.nodes[concept_id("清朗网络空间")]
    names = {node["name"], *(node.get("aliases") or [])}
    assert rows and all(r["keyword"] in names or r["keyword"] == "清朗" for r in rows)
    assert all(len(r["left"]) <= 24 and len(r["right"]) <= 24 for r in rows)
    assert all(r["source"] and r["line_start"] for r in rows)


def test_speech_profile_by_title_alias_and_date(view: View) -> None:
    by_title = answer("speech_profile", view, {"speech": "努力把我国建设成为网络强国"})
    by_date = answer("speech_profile", view, {"speech": "2014-02-27"})
    assert by_title == by_date and len(by_title) == 17
    assert {Path(r["source"]).name[:3] for r in by_title} == {"000", "001", "002", "004"}
    assert any(r["traced"] for r in by_title)  # the commentary's quotations


def test_paths_between_concepts(view: View) -> None:
    direct = answer("path_between_concepts", view, {"concept": "网络安全", "other": "信息化"})
    assert direct and {r["hops"] for r in direct} == {2}
    far = answer("path_between_concepts", view, {"concept": "网络安全", "other": "时度效"})
    only = answer("path_between_concepts_via_speeches", view,
                  {"concept": "网络安全", "other": "时度效"})
    assert {r["hops"] for r in far} == {4} and 0 < len(only) < len(far)
    for r in only:
        assert all(view.label(n) != "Concept" for n in r["ids"][1:-1])


def test_publication_coverage_and_topics(view: View) -> None:
    rows = answer("publication_coverage", view, {"publication": "人民日报"})
    assert rows and all(r["publication"] == "人民日报" and r["issues"] for r in rows)
    book = answer("publication_coverage", view, {"publication": "习近平谈治国理政"})
    speech = {r["date"]: r for r in book}["2014-02-27"]
    assert (speech["volume"], speech["edition"], speech["passages"]) == ("第一卷", 2018, 10)
    assert speech["pages"] == ["197", "197-198", "198", "198-199", "199"]
    topics = answer("topic_concepts", view, {"topic": "", "top": 3})
    assert all(1 <= r["rank"] <= 3 for r in topics)
    chapters = [r["topic"] for r in topics if r["source"].endswith("000_a1c1846805ebde20.txt")]
    assert chapters[0].startswith("一、") and chapters[-1].startswith("九、")


def test_cited_numbers_follow_the_counting_rule_by_hand(view: View) -> None:
    """Counted from the text: 时度效 is printed four times — 000 l.600 (《努力把我国建设成为网络
    强国》, 2014-02-27; written 时、度、效), 000 l.732 and 002 l.116 (one paragraph of the speech
    of 2018-04-20, printed twice) and 003 l.896 (a seminar speech of 2021): three utterances.
    线上线下 shares only the 2018 paragraph with it: said together once, printed twice."""
    first = next(r for r in answer("concept_first_mentions", view, {"concept": "时度效"})
                 if r["concept"] == "时度效")
    assert (first["date"], first["utterances"], first["passages"]) == ("2014-02-27", 3, 4)
    new = next(r for r in answer("concepts_new_in_year", view, {"year": 2014})
               if r["concept"] == "时度效")
    assert (new["utterances_in_year"], new["passages_in_year"]) == (1, 1)
    assert (new["utterances"], new["passages"]) == (3, 4)
    a, b = sorted(["时度效", "线上线下"])
    co = view.G.edges[concept_id(a), concept_id(b), "CO_OCCURS"]
    assert (co["weight"], co["passages"], co["first_year"], co["last_year"]) == \
        (1, 2, 2018, 2018)
