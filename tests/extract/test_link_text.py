"""Unit tests for linking's building blocks: text alignment, the n-gram index, date and name
comparison, and speech resolution on small hand-made citations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tifa.extract.link import link
from tifa.extract.link_quotes import match_texts, occurrences, shared_text_evidence
from tifa.extract.link_speeches import (
    Evidence,
    Variant,
    compatible_dates,
    conflict,
    date_pairs,
    resolve,
    similar,
)
from tifa.extract.link_text import (
    CAP,
    GramIndex,
    align,
    grams,
    max_coverage,
    may_contain,
    norm,
    probe_plan,
)

from tifa.records import Extraction, PassageRecord, SourceRecord, SpeechRecord


def speech(sid: str, *, title: str | None = None, date: str | None = "2016-04-19",
           date_end: str | None = None, precision: str = "day", kind: str | None = None,
           occasion: str | None = None, speaker: str | None = "习近平") -> SpeechRecord:
    return SpeechRecord(id=sid, title=title, date=date, date_end=date_end,
                        date_precision=precision, kind=kind, occasion=occasion,  # type: ignore[arg-type]
                        speaker=speaker)


def test_norm_ignores_punctuation_width_and_spaces() -> None:
    assert norm("建设网络强国，要有自己的技术；") == norm("建设网络强国,要有 自己的技术;")
    assert norm("‘两个一百年’") == "两个一百年"


@pytest.mark.parametrize(("fragment", "container", "coverage", "similarity"), [
    # verbatim containment (after squashing)
    ("网络空间是亿万民众共同的精神家园", "网络空间是亿万民众共同的精神家园网络空间天朗气清", 1.0, 1.0),
    # an OCR typo (典 for 舆) inside a longer text
    ("坚持党的新闻典论工作的正确政治方向", "这是坚持党的新闻舆论工作的正确政治方向的讲话", 16 / 17, 32 / 34),
    # the same, one length: substitutions only
    ("坚持党的新闻典论工作的正确政治方向", "坚持党的新闻舆论工作的正确政治方向", 16 / 17, 16 / 17),
])
def test_align_containment_and_ocr_typos(fragment: str, container: str, coverage: float,
                                         similarity: float) -> None:
    al = align(fragment, container)
    assert al is not None
    assert al.coverage == pytest.approx(coverage)
    assert al.similarity == pytest.approx(similarity)


def test_align_elided_quotation_is_two_long_runs() -> None:
    # 004 quotes 002's 2018-08-21 sentence with its middle left out
    quote = norm("科学认识网络传播规律，提高用网治网水平，使互联网这个最大变量变成事业发展的最大增量")
    origin = norm("我们必须科学认识网络传播规律，准确把握网上舆情生成演化机理，不断推进工作理念、"
                  "方法手段、载体渠道、制度机制创新，提高用网治网水平，使互联网这个最大变量变成事业"
                  "发展的最大增量。")
    al = align(quote, origin)
    assert al is not None
    assert al.coverage == 1.0 and al.blocks == 2 and al.shortest == 10
    assert 0.6 < al.similarity < 0.75


def test_align_rejects_unrelated_text() -> None:
    al = align(norm("人类经历了农业革命、工业革命，正在经历信息革命"),
               norm("纵观世界文明史，人类先后经历了农业革命、工业革命、信息革命。"))
    assert al is not None and al.coverage < 0.9


def test_gram_index_finds_containers_by_rare_grams() -> None:
    index = GramIndex()
    a = index.add(norm("没有网络安全就没有国家安全，没有信息化就没有现代化。"))
    b = index.add(norm("网络安全牵一发而动全身。没有网络安全就没有国家安全，就没有经济社会稳定运行。"))
    index.add(norm("互联网是我们这个时代最具发展活力的领域。"))
    assert index.candidates(norm("没有信息化就没有现代化")) == [a]
    assert set(index.candidates(norm("没有网络安全就没有国家安全"))) == {a, b}
    assert index.candidates(norm("完全不同的一句话")) == []


FIRST = norm("网信事业要发展必须贯彻以人民为中心")  # 17 characters each: a 34-gram fragment
SECOND = norm("让互联网更好造福国家和人民不断增强")


def test_candidates_skip_grams_most_texts_hold() -> None:
    # 100 texts hold the common clause; today's 12 rarest grams would include 6 of its grams
    # and return all of them. Under the cap only the fragment's rare grams are probes.
    index = GramIndex()
    common = norm("没有网络安全就没有国家安全")
    for i in range(100):
        index.add(common + f"第{i}次会议")
    whole = index.add(common + "网信事业")
    assert index.candidates(common + "网信事业") == [whole]


def test_candidates_need_both_halves_of_a_long_fragment() -> None:
    index = GramIndex()
    first_only = [index.add(FIRST + f"第{i}条") for i in range(5)]
    for i in range(10):
        index.add(f"第{i}条" + SECOND)
    whole = index.add("他说" + FIRST + SECOND + "。")
    found = index.candidates(FIRST + SECOND)
    assert found == [whole]
    assert not set(first_only) & set(found)


def test_candidates_tolerate_a_misprint_in_each_half() -> None:
    index = GramIndex()
    whole = index.add(FIRST + SECOND)
    misprinted = FIRST[:8] + "甲" + FIRST[9:] + SECOND[:8] + "乙" + SECOND[9:]
    assert index.candidates(misprinted) == [whole]


def test_candidates_fall_back_to_the_rarest_grams_of_common_text() -> None:
    index = GramIndex()
    boilerplate = norm("本文来源：人民网，责任编辑：王某")
    holders = [index.add(boilerplate + f"{i:03d}") for i in range(70)]
    assert index.candidates(boilerplate) == holders  # every gram is above the cap of 64


def test_the_probe_cut_off_does_not_grow_with_the_corpus() -> None:
    # 3 grams 10 texts hold, 9 grams that 150 texts hold (0.2% of a 75,000-text index, which
    # the old proportional cut-off let through): only the rare ones are probes, and a
    # candidate must hold 2 of them, so a lookup never reads the 150-text lists.
    fg = grams("互联网让世界变成了地球村推动")
    assert len(fg) == 12 and CAP < 150
    held = [10 if i in (0, 4, 8) else 150 for i in range(12)]
    assert probe_plan(fg, held) == [([fg[0], fg[4], fg[8]], 2)]
    # one gram under the cut-off: topped up to 3 with the next rarest that do not overlap it
    held[4] = held[8] = 150
    assert probe_plan(fg, held) == [([fg[0], fg[3], fg[6]], 2)]


@pytest.mark.parametrize(("a", "b", "expected"), [
    (speech("a"), speech("b"), True),
    (speech("a", date="2018-04-20"), speech("b", date="2018-04-20", date_end="2018-04-21"), True),
    (speech("a", date="2018-04-21"), speech("b", date="2018-04-20", date_end="2018-04-21"), True),
    (speech("a", date="2018-11", precision="month"), speech("b", date="2018-11-07"), True),
    (speech("a", date="2013-06-20"), speech("b", date="2018-07-02"), False),
    (speech("a", date="2015-12-16"), speech("b", date="2015-12-17"), False),
    (speech("a", date=None), speech("b", date=None), False),
    # a two-date citation (2013年6月19日、2014年5月19日) is not a year-long range
    (speech("a", date="2013-06-19", date_end="2014-05-19"), speech("b", date="2013-10-01"), False),
])
def test_compatible_dates(a: SpeechRecord, b: SpeechRecord, expected: bool) -> None:
    assert compatible_dates(a, b) is expected
    assert compatible_dates(b, a) is expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("坚持党的新闻典论工作的正确政治方向", "坚持党的新闻舆论工作的正确政治方向", True),
    ("十八届中共中央政治局第三十六次集体学习", "十八届中央政治局第三十六次集体学习", True),
    ("全国网络安全和信息化工作会议", "全国网络安全和信息化工作会议", True),
    # same words, other numbers: different events
    ("十八届中央政治局第三十六次集体学习", "十八届中央政治局第二十六次集体学习", False),
    ("第二届世界互联网大会开幕式", "视察“互联网之光”博览会", False),
    (None, "全国宣传思想工作会议", False),
])
def test_similar_names(a: str | None, b: str | None, expected: bool) -> None:
    assert (similar(a, b) is not None) is expected


def test_conflicts_keep_distinct_speeches_apart() -> None:
    opening = speech("a", occasion="第二届世界互联网大会开幕式", kind="讲话", date="2015-12-16")
    visit = speech("b", occasion="视察“互联网之光”博览会", kind="讲话", date="2015-12-16")
    letter = speech("c", occasion="第二届世界互联网大会开幕式", kind="贺信", date="2015-12-16")
    assert conflict(opening, visit, {}) == "occasion"
    assert conflict(opening, letter, {}) == "kind"
    assert conflict(speech("d", speaker="丁伟"), speech("e", speaker="胡树祥"), {}) == "speaker"
    assert conflict(speech("f", speaker=None, occasion="研讨会"),
                    speech("g", speaker=None, occasion="研讨会"), {}) == "unknown speaker"


def test_resolve_refuses_evidence_that_joins_two_occasions() -> None:
    opening = speech("speech:a", occasion="第二届世界互联网大会开幕式", kind="讲话", date="2015-12-16")
    visit = speech("speech:b", occasion="视察“互联网之光”博览会", kind="讲话", date="2015-12-16")
    titled = speech("speech:c", title="某个发表标题", date="2015-12-16")
    variants = {s.id: Variant(s, (("x.txt", 1),)) for s in (opening, visit, titled)}
    evidence = [Evidence("speech:a", "speech:c", "shared_text", "same text"),
                Evidence("speech:b", "speech:c", "shared_text", "same text")]
    res = resolve(variants, evidence)
    assert len({s.id for s in res.by_variant.values()}) == 2
    assert res.by_variant["speech:c"].id == res.by_variant["speech:a"].id
    assert res.by_variant["speech:b"].id == "speech:b"
    assert [(m.left, m.right, m.reason) for m in res.merges] == [
        ("speech:a", "speech:c", "shared_text")]


def test_merged_record_keeps_majority_variant_and_fills_gaps() -> None:
    book = speech("speech:book", title="努力把我国建设成为网络强国", date="2014-02-27")
    news = speech("speech:news", title="在中央网络安全和信息化领导小组第一次会议上的讲话",
                  occasion="中央网络安全和信息化领导小组第一次会议", kind="讲话", date="2014-02-27")
    variants = {"speech:book": Variant(book, (("000.txt", 10), ("002.txt", 1))),
                "speech:news": Variant(news, (("001.txt", 5),))}
    res = resolve(variants, [Evidence("speech:book", "speech:news", "shared_text", "x")])
    merged = res.by_variant["speech:news"]
    assert merged.id == "speech:book" and merged.title == "努力把我国建设成为网络强国"
    assert merged.occasion == "中央网络安全和信息化领导小组第一次会议" and merged.kind == "讲话"
    assert [(a.id, a.source, a.passages) for a in merged.aliases] == [
        ("speech:book", "000.txt", 10), ("speech:news", "001.txt", 5),
        ("speech:book", "002.txt", 1)]


# --- the whole stage on small hand-made extractions ---------------------------------------

def source(path: str, genre: str = "excerpt_book", date: str | None = None) -> SourceRecord:
    return SourceRecord(id=f"source:{path}", path=path, sha256=path, genre=genre,  # type: ignore[arg-type]
                        encoding="utf-8", date=date)


def passage(path: str, seq: int, text: str, s: SpeechRecord | None) -> PassageRecord:
    return PassageRecord(id=f"passage:{path}:{seq}", source=path, seq=seq, topic=None, text=text,
                         line_start=seq, line_end=seq, speech=s, publication=None)


SAID_2014 = "没有网络安全就没有国家安全，没有信息化就没有现代化。"
SAID_2016 = "网络空间是亿万民众共同的精神家园。网络空间天朗气清、生态良好，符合人民利益。"


def test_each_inline_quotation_gets_its_own_origin() -> None:
    s2014 = speech("speech:2014", occasion="中央网络安全和信息化领导小组第一次会议", kind="讲话",
                   date="2014-02-27")
    s2016 = speech("speech:2016", occasion="网络安全和信息化工作座谈会", kind="讲话",
                   date="2016-04-19")
    seminar = speech("speech:seminar", title="发言", occasion="研讨会", kind="发言",
                     date="2021-04-19", speaker="丁伟")
    book = Extraction(source("book.txt"), (passage("book.txt", 1, SAID_2014, s2014),
                                           passage("book.txt", 2, SAID_2016, s2016)))
    text = ("习近平总书记强调：“没有网络安全就没有国家安全，没有信息化就没有现代化。”"
            "习近平总书记指出：“网络空间是亿万民众共同的精神家园。”")
    page = Extraction(source("page.txt", "newspaper_page"),
                      (passage("page.txt", 1, text, seminar),))
    later = Extraction(source("later.txt", "commentary", "2024-02-27"),
                       (passage("later.txt", 1, "网络空间是亿万民众共同的精神家园", None),))
    linked = link([book, page, later])
    (seminar_p,) = linked.extractions[1].passages
    assert [(q.passage_id, q.match) for q in seminar_p.quotes] == [
        ("passage:book.txt:1", "inline"), ("passage:book.txt:2", "inline")]
    assert seminar_p.speech is not None and seminar_p.speech.id == "speech:seminar"
    (quote,) = linked.extractions[2].passages
    # the seminar speaker also printed Xi's words, but only Xi's own passage is their origin
    assert [(q.passage_id, q.match) for q in quote.quotes] == [("passage:book.txt:2", "part")]
    assert quote.speech_traced and quote.speech is not None and quote.speech.id == "speech:2016"
    assert len(linked.speeches) == 3


def test_shared_text_evidence_grows_with_variants_not_their_pairs() -> None:
    # one text printed by 40 sources, each with its own title form of one 2016-04-19 speech,
    # and by two seminar speakers the same day: 39 pieces of evidence (one per extra form),
    # not 40·39/2, and still one speech for the 40 forms and one for each other speaker
    forms = [speech(f"speech:{k:02d}", title=f"网络安全和信息化工作座谈会讲话稿{k}")
             for k in range(40)]
    others = [speech("speech:x", speaker="丁伟"), speech("speech:y", speaker="胡树祥")]
    extractions = [Extraction(source(f"s{k:02d}.txt"), (passage(f"s{k:02d}.txt", 1, SAID_2016, s),))
                   for k, s in enumerate(forms + others)]
    occs = occurrences(extractions)
    evidence = shared_text_evidence(occs, match_texts(occs))
    assert len(evidence) == 39
    assert {(e.left, e.right) for e in evidence} == {("speech:00", f"speech:{k:02d}")
                                                      for k in range(1, 40)}
    linked = link(extractions, aliases=())
    assert len(linked.speeches) == 3


@pytest.mark.parametrize(("a", "b", "paired"), [
    (speech("a", date="2018-04-20", date_end="2018-04-21"), speech("b", date="2018-04-21"), True),
    (speech("a", date="2019-10", precision="month"), speech("b", date="2019-10-24"), True),
    (speech("a", date="2019", precision="year"), speech("b", date="2019-10-24"), True),
    (speech("a", date="2013-06-19", date_end="2014-05-19"), speech("b", date="2014-05-19"), True),
    (speech("a", date="2016-04-19"), speech("b", date="2016-04-25"), False),
    (speech("a", date="2016-04-19"), speech("b", date="2016-04-19", speaker="丁伟"), False),
])
def test_date_pairs_block_on_days_that_can_agree(a: SpeechRecord, b: SpeechRecord,
                                                 paired: bool) -> None:
    variants = {s.id: Variant(s, (("x.txt", 1),)) for s in (a, b)}
    assert (date_pairs(variants) == {("a", "b")}) is paired
    assert compatible_dates(a, b) is paired or a.speaker != b.speaker


def test_may_contain_lets_through_what_align_accepts_and_stops_a_shared_sentence() -> None:
    fragment = norm(SAID_2014 + SAID_2016)
    typo = fragment.replace("信息化", "信息华").replace("精神", "精紳")  # three characters off
    half = norm("有关部门要认真研究。" + SAID_2016)  # shares only the 2016 sentences
    for container in (typo, norm("前言" + typo + "后记")):
        al = align(fragment, container)
        assert al is not None and al.coverage >= 0.9
        assert may_contain(grams(fragment), frozenset(grams(container)))
    assert not may_contain(grams(fragment), frozenset(grams(half)))
    al = align(fragment, half)
    assert al is None or al.coverage < 0.9


def test_max_coverage_is_the_share_of_characters_a_held_gram_covers() -> None:
    shared = norm("没有网络安全就没有国家安全")  # 13 characters
    fragment = shared + norm("网络空间是亿万民众共同的精神家园")  # + 16 the container lacks
    container = norm("我们说过，" + "没有网络安全就没有国家安全" + "，就没有经济社会稳定运行。")
    # only the 13 shared characters are covered (by 11 held grams, 13 / 29 of the fragment)
    assert max_coverage(grams(fragment), frozenset(grams(container))) == pytest.approx(13 / 29)
    assert max_coverage(grams(fragment), frozenset(grams(container)), at_least=0.9) == 0.0
    # a whole fragment (24 characters) with one misprint (信息华): only that character is lost
    typo = norm(SAID_2014).replace("信息化", "信息华")
    assert max_coverage(grams(norm(SAID_2014)), frozenset(grams(typo))) == pytest.approx(23 / 24)


@given(st.text(alphabet="网络安全国家信息化", min_size=3, max_size=40),
       st.text(alphabet="网络安全国家信息化", min_size=3, max_size=80))
@settings(max_examples=300, deadline=None)
def test_max_coverage_never_falls_below_what_align_finds(fragment: str, container: str) -> None:
    al = align(fragment, container)
    bound = max_coverage(grams(fragment), frozenset(grams(container)))
    assert al is None or al.coverage <= bound + 1e-12
    if al is not None:  # the early stop at `at_least` never drops what align would accept
        assert max_coverage(grams(fragment), frozenset(grams(container)),
                            at_least=al.coverage) >= al.coverage - 1e-12


SAID_2014_LONG = ("网络安全和信息化是事关国家安全和国家发展、事关广大人民群众工作生活的重大战略问题。"
                  + SAID_2014)


def test_short_text_inside_several_later_texts_is_traced_to_the_earliest_eligible() -> None:
    # one formula printed inside five cited texts; the commentary quoting it is traced to the
    # earliest *eligible* container: 2014-02-27 (Xi), not the seminar speaker's 2013 text
    # (not Xi), nor its own source's 2012 passage, nor the later 2016 and 2018 printings
    xi = {day: speech(f"speech:{day}", occasion=f"会议{k}", kind="讲话", date=day)
          for k, day in enumerate(("2012-12-01", "2014-02-27", "2016-04-19", "2018-04-20"))}
    seminar = speech("speech:seminar", occasion="研讨会", kind="发言", date="2013-06-01",
                     speaker="丁伟")
    books = [
        Extraction(source("b2018.txt"), (passage("b2018.txt", 1, "回顾过去。" + SAID_2014,
                                                 xi["2018-04-20"]),)),
        Extraction(source("b2016.txt"), (passage("b2016.txt", 1, SAID_2014 + "要统筹协调。",
                                                 xi["2016-04-19"]),)),
        Extraction(source("seminar.txt"), (passage("seminar.txt", 1, "大家知道，" + SAID_2014,
                                                   seminar),)),
        Extraction(source("b2014.txt"), (passage("b2014.txt", 1, SAID_2014_LONG,
                                                 xi["2014-02-27"]),)),
    ]
    commentary = Extraction(source("c.txt", "commentary", "2024-02-27"), (
        passage("c.txt", 1, "早年的话：" + SAID_2014 + "今天仍然适用。", xi["2012-12-01"]),
        passage("c.txt", 2, "没有网络安全就没有国家安全，没有信息化就没有现代化", None)))
    linked = link([*books, commentary], aliases=())
    quote = linked.extractions[-1].passages[1]
    assert [(q.passage_id, q.match) for q in quote.quotes] == [("passage:b2014.txt:1", "part")]
    assert quote.speech_traced and quote.speech is not None
    assert quote.speech.id == "speech:2014-02-27"
