"""Linking on the sample corpus: speeches resolved against a hand count, quotes traced to
hand-checked origins, reprints sharing one utterance id, the three clocks kept apart.

Every expected value below was checked by reading the five files (docs/linking.md gives the
hand count of distinct speeches and the reasoning).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from tifa.extract.link import clocks, is_unidentified, link, link_summary, quote_origin
from tifa.extract.pipeline import extract_paths

from tifa.records import Extraction, Linked, PassageRecord, SpeechRecord

# Distinct speeches a careful reader finds: 000 cites 100 documents, of which two pairs are
# one speech each (2016-02-19, 2017-10-18); 001 and 002 cite nothing 000 lacks; 003 holds
# eight seminar speeches; 004 is a commentary, no speech of its own.
HAND_COUNT = 98 + 8


@pytest.fixture(scope="module")
def extractions(corpus_dir: Path) -> list[Extraction]:
    return [e for e in extract_paths([corpus_dir]) if isinstance(e, Extraction)]


@pytest.fixture(scope="module")
def linked(extractions: list[Extraction]) -> Linked:
    return link(extractions)


def passages(linked: Linked, file: str) -> list[PassageRecord]:
    return [p for e in linked.extractions if Path(e.source.path).name.startswith(file)
            for p in e.passages]


def at(linked: Linked, file: str, line: int) -> PassageRecord:
    return next(p for p in passages(linked, file) if p.line_start == line)


def speeches_on(linked: Linked, day: str) -> list[SpeechRecord]:
    return [s for s in linked.speeches if s.date == day]


# --- speech resolution ------------------------------------------------------------------

def test_distinct_speeches_equal_the_hand_count(linked: Linked) -> None:
    assert len(linked.speeches) == HAND_COUNT
    assert linked.report.speeches_before == 113
    assert linked.report.speeches_after == HAND_COUNT
    used = {p.speech.id for e in linked.extractions for p in e.passages
            if p.speech and not is_unidentified(p.speech)}
    assert used == {s.id for s in linked.speeches}


@pytest.mark.parametrize(("day", "printed_forms"), [
    # published title in 000/002, occasion in 001; 001 and 002 print the same passage
    ("2014-02-27", {"努力把我国建设成为网络强国", "在中央网络安全和信息化领导小组第一次会议上的讲话"}),
    # published title, its OCR typo (002: 新闻典论), and the occasion
    ("2016-02-19", {"坚持党的新闻舆论工作的正确政治方向", "坚持党的新闻典论工作的正确政治方向",
                    "在党的新闻舆论工作座谈会上的讲话"}),
    # 中共中央 / 中央
    ("2016-10-09", {"在十八届中央政治局第三十六次集体学习时的讲话",
                    "在十八届中共中央政治局第三十六次集体学习时的讲话"}),
    # 2018年4月20日 / 2018年4月20日至21日, 上的讲话 / 的讲话
    ("2018-04-20", {"在全国网络安全和信息化工作会议上的讲话", "在全国网络安全和信息化工作会议的讲话"}),
    # the 19th Congress report and its part VII printed on its own
    ("2017-10-18", {"决胜全面建成小康社会，夺取新时代中国特色社会主义伟大胜利",
                    "坚定文化自信，推动社会主义文化繁荣兴盛"}),
])
def test_printed_variants_become_one_speech(linked: Linked, day: str,
                                            printed_forms: set[str]) -> None:
    found = speeches_on(linked, day)
    assert len(found) == 1
    assert {a.title for a in found[0].aliases} == printed_forms


@pytest.mark.parametrize(("day", "count"), [
    ("2015-12-16", 2),  # 第二届世界互联网大会开幕式 speech; 视察“互联网之光”博览会 remarks
    ("2015-09-22", 2),  # 华尔街日报 written interview; 华盛顿州 banquet speech
    ("2021-04-19", 8),  # eight seminar speakers (one without byline) on one occasion
    ("2019-10", 2),  # two letters, month precision
    ("2013-08-19", 1),
    ("2018-08-21", 1),  # the same 全国宣传思想工作会议 name five years later: another speech
])
def test_distinct_speeches_stay_apart(linked: Linked, day: str, count: int) -> None:
    assert len(speeches_on(linked, day)) == count


def test_anhui_inspection_and_yangtze_delta_seminar_stay_two(linked: Linked) -> None:
    titles = {s.title for s in linked.speeches if s.date in ("2020-08-18", "2020-08-20")}
    assert titles == {"在安徽考察时的讲话", "在扎实推进长三角一体化发展座谈会上的讲话"}


def test_every_merge_has_a_reason_and_evidence(linked: Linked) -> None:
    reasons = Counter(m.reason for m in linked.report.merges)
    assert reasons == {"alias_table": 4, "similar_occasion": 3}
    assert len(linked.report.merges) == linked.report.speeches_before - len(linked.speeches)
    assert all(m.evidence for m in linked.report.merges)


def test_without_the_alias_table_text_and_typos_still_merge(extractions: list[Extraction]) -> None:
    bare = link(extractions, aliases=())
    assert len(bare.speeches) == HAND_COUNT + 2  # 2016-02-19 and 2017-10-18 stay split
    by_reason = {m.reason: m for m in bare.report.merges}
    assert "典论" in by_reason["similar_title"].evidence
    assert by_reason["shared_text"].evidence.startswith("same text: 001_")
    assert len(speeches_on(bare, "2014-02-27")) == 1
    days = [s.split()[0] for s in bare.report.suggestions]
    assert days == ["2016-02-19", "2017-10-18"]


def test_merged_ids_are_the_majority_variants_and_stable(linked: Linked,
                                                         extractions: list[Extraction]) -> None:
    (day,) = speeches_on(linked, "2014-02-27")
    assert day.id == "speech:70d800edf31ba9b9"  # 努力把我国建设成为网络强国, as extracted
    assert day.occasion == "中央网络安全和信息化领导小组第一次会议" and day.kind == "讲话"
    (conf,) = speeches_on(linked, "2018-04-20")
    assert conf.date_end == "2018-04-21"
    assert link(extractions) == linked


def test_aliases_keep_each_printed_form_with_its_source(linked: Linked) -> None:
    (s,) = speeches_on(linked, "2016-02-19")
    typo = [a for a in s.aliases if "典论" in (a.title or "")]
    assert [(Path(a.source).name[:3], a.passages) for a in typo] == [("002", 1)]
    p = at(linked, "002", 41)
    assert p.speech == s and p.cited_speech_id == typo[0].id


# --- quote tracing ----------------------------------------------------------------------

# The commentary's (004) quotations, each checked by reading 000/001/002:
# (quotation begins, speech date it is traced to, origin file, origin line) — None where the
# words are not in 000/001/002 (#1: 000 line 342 says 人类先后经历了…信息革命, other wording;
# #20: said in 2023, after every other source).
COMMENTARY = [
    ("人类经历了农业革命", None, None, None),
    ("互联网是我们这个时代最具发展活力的领域", "2016-11-16", "000", 1508),
    ("当今世界，谁掌握了互联网", "2018-04-20", "000", 417),
    ("信息化为中华民族带来了千载难逢的机遇", "2018-04-20", "000", 423),
    ("信息化为我国抢占新一轮发展制高点", "2018-04-20", "000", 423),
    ("我们必须抓住信息化发展的历史机遇", "2018-04-20", "000", 428),
    ("建设网络强国的战略部署要与", "2014-02-27", "000", 330),
    # the whole sentence is Xi's 2018 summary; its first clause is 2014's (a second link)
    ("没有网络安全就没有国家安全，没有信息化就没有现代化，网络安全", "2018-04-20", "000", 435),
    # 2016-04-19 (000 line 1213) has other wording: 新的生产力、新的发展方向，应该也能够…
    ("网信事业代表着新的生产力和新的发展方向", "2018-04-20", "000", 1264),
    ("以信息化培育新动能", "2016-10-09", "000", 1232),
    ("坚持正确网络安全观", "2018-04-20", "000", 435),
    ("要有丰富全面的信息服务", "2014-02-27", "000", 330),
    ("让亿万人民在共享互联网发展成果上有更多获得感", "2016-04-19", "000", 188),
    ("构建网络空间命运共同体", "2015-12-16", "000", 1455),
    ("过不了互联网这一关", "2016-02-19", "000", 49),
    ("必须旗帜鲜明、毫不动摇坚持党管互联网", "2018-04-20", "000", 117),
    ("各级领导干部特别是高级干部要主动适应信息化要求", "2018-04-20", "000", 129),
    ("要走好网上群众路线", "2018-04-20", "000", 134),
    # elided: 科学认识网络传播规律，[…]提高用网治网水平…
    ("科学认识网络传播规律", "2018-08-21", "000", 144),
    ("新时代新征程，网信事业的重要地位作用日益凸显", None, None, None),
]


def test_commentary_table_covers_every_quotation(linked: Linked) -> None:
    texts = [p.text for p in passages(linked, "004")]
    assert len(texts) == len(COMMENTARY)
    assert all(t.startswith(row[0]) for t, row in zip(texts, COMMENTARY, strict=True))


@pytest.mark.parametrize(("begins", "day", "file", "line"), COMMENTARY)
def test_commentary_quotation_traced_to_its_speech(linked: Linked, begins: str, day: str | None,
                                                   file: str | None, line: int | None) -> None:
    p = next(p for p in passages(linked, "004") if p.text.startswith(begins))
    assert p.cited_speech_id is None
    if day is None:
        # Xi's words (the commentary says so) whose speech no source names: speaker only
        assert p.speech is not None and is_unidentified(p.speech)
        assert p.speech.speaker == "习近平" and p.quotes == () and not p.speech_traced
        return
    assert p.speech_traced and p.speech is not None and p.speech.date == day
    assert file is not None and line is not None
    origin = at(linked, file, line)
    whole = [q for q in p.quotes if q.match in ("same", "part")]
    assert [q.passage_id for q in whole] == [origin.id]
    assert origin.speech == p.speech
    assert p.canonical_id == origin.canonical_id


def test_commentary_trace_rate_meets_the_bar(linked: Linked) -> None:
    in_sources = [row for row in COMMENTARY if row[1] is not None]
    traced = [p for p in passages(linked, "004") if p.speech_traced]
    assert len(traced) >= 0.9 * len(in_sources)


def test_first_clause_of_the_2018_summary_is_also_traced_to_2014(linked: Linked) -> None:
    p = next(p for p in passages(linked, "004") if p.text.startswith("没有网络安全就没有国家安全"))
    first = at(linked, "001", 45)  # ——2014年2月27日，在中央网络安全和信息化领导小组第一次会议上的讲话
    assert (p.quotes[0].passage_id, p.quotes[0].match) == (first.id, "embeds")


def test_quote_origin_answers_where_it_was_first_said(linked: Linked) -> None:
    found = quote_origin(linked, "没有网络安全就没有国家安全")
    assert found is not None
    passage, speech = found
    assert speech.date == "2014-02-27"
    assert speech.occasion == "中央网络安全和信息化领导小组第一次会议"
    assert passage.line_start == 45 and Path(passage.source).name.startswith("001")
    assert quote_origin(linked, "完全不在语料中的句子") is None


# The seminar page's (003) inline quotations of Xi: (passage line, origin file, line, date).
SEMINAR = [
    (900, "000", 679, "2016-04-19"),  # 网络空间是亿万民众共同的精神家园。
    (924, "000", 713, "2018-04-20"),  # 人在哪儿，宣传思想工作的重点就在哪儿。(我说过, 2018)
    (987, "000", 188, "2016-04-19"),  # 网信事业要发展，必须贯彻以人民为中心的发展思想。
]


@pytest.mark.parametrize(("line", "file", "origin_line", "day"), SEMINAR)
def test_seminar_inline_quotation_traced_by_containment(linked: Linked, line: int, file: str,
                                                        origin_line: int, day: str) -> None:
    p = at(linked, "003", line)
    origin = at(linked, file, origin_line)
    assert [(q.passage_id, q.match) for q in p.quotes] == [(origin.id, "inline")]
    assert origin.speech is not None and origin.speech.date == day
    assert p.speech is not None and p.speech.kind == "发言"  # the seminar speech stays its own
    assert p.canonical_id != origin.canonical_id


def test_quotes_point_back_in_time_to_other_sources_without_cycles(linked: Linked) -> None:
    by_id = {p.id: p for e in linked.extractions for p in e.passages}
    edges = defaultdict(list)
    for p in by_id.values():
        for q in p.quotes:
            o = by_id[q.passage_id]
            assert o.source != p.source and o.cited_speech_id and 0 < q.similarity <= 1
            assert o.speech is not None and o.speech.date
            if p.speech and p.speech.date and p.speech.id != o.speech.id:
                assert o.speech.date <= p.speech.date
            edges[p.id].append(o.id)
    seen: set[str] = set()

    def walk(pid: str, path: tuple[str, ...]) -> None:
        assert pid not in path, "QUOTES cycle"
        if pid in seen:
            return
        seen.add(pid)
        for nxt in edges.get(pid, ()):
            walk(nxt, (*path, pid))

    for pid in edges:
        walk(pid, ())


def test_uncited_summary_paragraphs_get_the_speech_they_copy(linked: Linked) -> None:
    heads = passages(linked, "002")[:3]
    assert all(p.speech_traced and p.speech and p.speech.date == "2018-04-20" for p in heads)
    assert {p.canonical_id for p in heads} == {at(linked, "000", 435).canonical_id}


# --- reprints, utterances and clocks ----------------------------------------------------

def test_reprints_are_occurrences_of_one_utterance(linked: Linked) -> None:
    # 网络空间是亿万民众共同的精神家园…: 000 (whole), 002 (same), 001 (two parts of it)
    group = [at(linked, "000", 679), at(linked, "002", 57), at(linked, "001", 59),
             at(linked, "001", 63)]
    assert len({p.canonical_id for p in group}) == 1
    assert len({(p.source, p.line_start) for p in group}) == 4  # each keeps where it was printed
    report = linked.report
    assert report.occurrences == sum(len(e.passages) for e in linked.extractions)
    assert report.utterances == len({p.canonical_id for e in linked.extractions
                                     for p in e.passages})
    assert report.utterances < report.occurrences


def test_same_words_in_two_speeches_are_two_utterances(linked: Linked) -> None:
    # Xi repeats 2014's 没有网络安全就没有国家安全，没有信息化就没有现代化 in 2018's summary
    later, first = at(linked, "000", 435), at(linked, "001", 45)
    assert later.canonical_id != first.canonical_id
    assert [(q.passage_id, q.match) for q in later.quotes] == [(first.id, "embeds")]


def test_three_clocks_kept_apart(linked: Linked) -> None:
    sources = {e.source.path: e.source for e in linked.extractions}
    book = at(linked, "000", 330)  # 《习近平谈治国理政》第一卷，外文出版社2018年版
    c = clocks(book, sources[book.source])
    assert (c.said, c.printed, c.compiled) == ("2014-02-27", "2018", "2021-01")
    commentary = next(p for p in passages(linked, "004") if p.text.startswith("建设网络强国的"))
    c = clocks(commentary, sources[commentary.source])
    assert (c.said, c.printed, c.compiled) == ("2014-02-27", "2024-02-27", "2024-02-27")


def test_summary_numbers_for_the_run_report(linked: Linked) -> None:
    summary = link_summary(linked.report)
    assert summary["speeches_before"] == 113 and summary["speeches"] == HAND_COUNT
    assert summary["speeches_merged"] == 113 - HAND_COUNT
    assert summary["quotes_traced"] == sum(len(p.quotes) for e in linked.extractions
                                           for p in e.passages) > 0
    assert summary["speeches_traced"] == 18 + 3  # 004 quotations + 002's summary paragraphs


def test_linking_changes_only_the_linking_fields(extractions: list[Extraction],
                                                 linked: Linked) -> None:
    linking = {"speech", "quotes", "canonical_id", "cited_speech_id", "speech_traced"}
    for before, after in zip(extractions, linked.extractions, strict=True):
        assert before.source == after.source and before.warnings == after.warnings
        for p, q in zip(before.passages, after.passages, strict=True):
            for f in dataclasses.fields(p):
                if f.name not in linking:
                    assert getattr(p, f.name) == getattr(q, f.name)


def test_replicated_corpus_links_replicas_to_the_first_copy(extractions: list[Extraction],
                                                            linked: Linked) -> None:
    def copy(e: Extraction, k: int) -> Extraction:
        path = f"replica{k}/{Path(e.source.path).name}"
        return dataclasses.replace(
            e, source=dataclasses.replace(e.source, path=path, id=f"{e.source.id}-{k}"),
            passages=tuple(dataclasses.replace(p, source=path, id=f"{p.id}-{k}")
                           for p in e.passages))

    replicas = [copy(e, k) for k in range(3) for e in extractions]
    three = link(replicas)
    assert len(three.speeches) == HAND_COUNT
    assert {p.canonical_id for e in three.extractions for p in e.passages} == {
        p.canonical_id for e in linked.extractions for p in e.passages}
    p = next(p for p in three.extractions[5].passages)  # replica 1 of 000, first passage
    assert [q.passage_id for q in p.quotes] == [f"{extractions[0].passages[0].id}-0"]
