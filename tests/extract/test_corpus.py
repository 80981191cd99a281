"""The whole sample corpus: counts a careful reader checks, and a golden file of the output."""

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from tifa.extract.concepts import build_nlp, concept_mentions
from tifa.extract.lexicon import load_lexicon
from tifa.extract.link import as_cited, link
from tifa.extract.output import write_jsonl
from tifa.extract.pipeline import extract_paths, extract_source

from tifa.records import Extraction

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "corpus.jsonl"


@pytest.fixture(scope="module")
def extractions(corpus_dir: Path) -> dict[str, Extraction]:
    out = {}
    for e in extract_paths([corpus_dir]):
        assert isinstance(e, Extraction)
        out[Path(e.source.path).name[:3]] = e
    return out


def test_excerpt_book_matches_its_preface(extractions: dict[str, Extraction]) -> None:
    book = extractions["000"]
    assert book.source.genre == "excerpt_book"
    assert book.source.date == "2021-01"
    passages = book.passages
    assert len(passages) == 285  # 二百八十五段论述
    documents = {(p.speech.title, p.speech.date) for p in passages}
    assert len(documents) == 100  # 一百篇重要文献
    assert len({p.topic for p in passages}) == 9  # 九个专题
    dates = sorted(p.speech.date for p in passages)
    assert (dates[0], dates[-1]) == ("2013-03-04", "2020-11-23")
    assert all(p.speech.speaker == "习近平" for p in passages)
    # the only warnings are the promotional lines the PDF conversion left, each dropped
    # and named (欢迎关注微信公众号…)
    assert {w.kind for w in book.warnings} <= {"watermark"}
    assert all("公众号" in w.message or "关注" in w.message for w in book.warnings)
    # excerpts come in source order
    assert [p.line_start for p in passages] == sorted(p.line_start for p in passages)


def test_excerpt_book_citation_details(extractions: dict[str, Extraction]) -> None:
    by_line = {p.line_start: p for p in extractions["000"].passages}
    first = by_line[45]
    assert first.topic == "一、加强党对网信工作的集中统一领导"
    assert first.publication.title == "习近平谈治国理政" and first.publication.pages == "199"
    months = [p for p in extractions["000"].passages if p.speech.date_precision == "month"]
    assert {p.speech.date for p in months} == {"2018-11", "2019-05", "2019-08", "2019-09",
                                               "2019-10"}
    ranges = {(p.speech.date, p.speech.date_end) for p in extractions["000"].passages
              if p.speech.date_end}
    assert ("2013-08-28", "2013-08-31") in ranges and ("2020-03-29", "2020-04-01") in ranges
    titles = {p.publication.title for p in extractions["000"].passages if p.publication}
    assert "论党的宣传思想工作" in titles and "论党的宣传思想工作作" not in titles


def test_second_excerpt_book(extractions: dict[str, Extraction]) -> None:
    book = extractions["002"]
    cited = [p for p in book.passages if p.speech]
    assert len(cited) == 37  # two citations need OCR repair: （（2016年…, 在全国…讲话》
    assert book.passages[3].speech.date == "2013-07-25"
    # the uncited summary at the head of the book is kept, unattributed, and reported
    assert [p.speech for p in book.passages[:3]] == [None, None, None]
    assert Counter(w.kind for w in book.warnings if w.kind != "watermark") == {
        "no_citation": 3, "mended_citation": 2}


def test_news_compilation(extractions: dict[str, Extraction]) -> None:
    comp = extractions["001"]
    assert len(comp.passages) == 18
    assert all(p.speech and p.speech.date for p in comp.passages)
    assert Counter(p.topic for p in comp.passages)["保障网络安全"] == 2


def test_newspaper_page(extractions: dict[str, Extraction]) -> None:
    page = extractions["003"]
    speakers = [p.speech.speaker for p in page.passages]
    assert list(dict.fromkeys(speakers)) == ["朱重烈", "王钦敏", "郑必坚", None, "刘烈宏",
                                             "邬贺铨", "丁伟", "胡树祥"]
    assert {p.speech.date for p in page.passages} == {"2021-04-19"}
    assert all(p.speech.date_inferred for p in page.passages)
    assert [w.kind for w in page.warnings if w.kind != "watermark"] == ["no_byline"]


def test_commentary(extractions: dict[str, Extraction]) -> None:
    art = extractions["004"]
    texts = [p.text for p in art.passages]
    assert len(texts) == 20
    assert "没有网络安全就没有国家安全，没有信息化就没有现代化，网络安全和信息化事关党的长期执政，" \
           "事关国家长治久安，事关经济社会发展和人民群众福祉" in texts
    assert all(p.publication.issue_date == "2024-02-27" for p in art.passages)


def test_golden_output(corpus_dir: Path, update_golden: bool,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = build_nlp(load_lexicon())
    root = corpus_dir.parent.parent
    monkeypatch.chdir(root)
    buf = io.StringIO()
    extractions = [extract_source(f.relative_to(root), concepts=lambda t: concept_mentions(t, nlp))
                   for f in sorted(corpus_dir.glob("*.txt"))]
    for ex in as_cited(extractions, link(extractions)):
        write_jsonl(ex.passages, buf)
    if update_golden:
        GOLDEN.write_text(buf.getvalue(), encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert buf.getvalue() == expected, "output changed: review, then rerun with --update-golden"
    ids = [json.loads(line)["id"] for line in expected.splitlines()]
    assert len(ids) == len(set(ids))


def test_linked_output_keeps_each_citation_as_printed(extractions: dict[str, Extraction]) -> None:
    before = [extractions[k] for k in sorted(extractions)]
    cited = {Path(e.source.path).name[:3]: e for e in as_cited(before, link(before))}
    book = [p for p in cited["000"].passages if p.speech.occasion == "全国网络安全和信息化工作会议"]
    news = [p for p in cited["001"].passages if p.speech and p.speech.occasion
            == "全国网络安全和信息化工作会议"]
    assert book and news
    assert {p.speech.id for p in book} == {p.speech.id for p in news}  # one resolved speech
    assert {(p.speech.date, p.speech.date_end) for p in book} == {("2018-04-20", None)}
    assert {(p.speech.date, p.speech.date_end) for p in news} == {("2018-04-20", "2018-04-21")}
