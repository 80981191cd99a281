"""Fuzz every parser and reader with generated input: none may raise.

Each runs ≥ 10,000 generated inputs (`FUZZ`), drawn from alphabets that hit the parsers'
own syntax (digits, Chinese numerals, 年月日, brackets, dashes, datelines) as well as any
Unicode, so the interesting branches are reached rather than only the rejecting ones.
A parser may return None; a reader may raise only its own one-line error.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tifa.extract.cite import parse_attribution, parse_citation, parse_publication
from tifa.extract.dates import cn_number, date_problem, parse_date
from tifa.extract.documents import read_documents
from tifa.extract.layout import TextLine, text_lines
from tifa.extract.read import decode_bytes, read_source, split_lines
from tifa.extract.segment import segment
from tifa.queries.graphview import GraphFileError, read_graph_json

from tifa.errors import SourceError
from tifa.records import DateSpan, Line, SourceText

FUZZ = settings(max_examples=10_000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

NUMERALS = "〇零一二三四五六七八九十百千两廿卅0123456789０１２３４５６７８９²³½"
DATE_TEXT = NUMERALS + "年月日号-－—–~至和、，, 上中下旬初春夏秋冬"
CITATION_TEXT = DATE_TEXT + "《》〈〉（）()，,。第卷页版出版社人民日报习近平谈治国理政讲话在会议上的——"
WORDS = st.sampled_from([
    "新华社北京", "新华社", "电", "讯", "记者", "日电", "月", "日", "年", "习近平", "指出",
    "强调", "“", "”", "《", "》", "（", "）", "——", "\n", "。", "网络安全", "2014", "二〇一六",
    "十三", "4", "19", "31", "人民日报", "第199页", "外文出版社2018年版", "http://x.cn",
])


def mixed(alphabet: str, max_size: int = 60) -> st.SearchStrategy[str]:
    """Text from the parser's own alphabet, interleaved with arbitrary characters."""
    return st.text(st.one_of(st.sampled_from(alphabet), st.characters()), max_size=max_size)


@FUZZ
@given(mixed(NUMERALS, 12))
def test_cn_number_never_raises(text: str) -> None:
    value = cn_number(text)
    assert value is None or (isinstance(value, int) and value >= 0)


@FUZZ
@given(mixed(DATE_TEXT), st.one_of(st.none(), st.integers(1900, 2100)))
def test_date_parser_never_raises(text: str, year: int | None) -> None:
    span = parse_date(text, year=year)
    assert span is None or isinstance(span, DateSpan)
    if span is not None:
        assert span.start[:4].isdigit() and (span.end is None or span.end >= span.start)
    problem = date_problem(text, year=year)
    assert problem is None or isinstance(problem, str)


@FUZZ
@given(mixed(CITATION_TEXT, 120))
def test_citation_parsers_never_raise(text: str) -> None:
    for parse in (parse_citation, parse_attribution, parse_publication):
        parse(text)


SCRATCH = Path(tempfile.mkdtemp(prefix="tifa-fuzz-"))


def _lines(text: str) -> list[TextLine]:
    """Return the logical lines of `text` as read from a file (decode, watermarks, layout)."""
    f = SCRATCH / "in.txt"
    f.write_text(text, "utf-8")
    return text_lines(read_source(f))


def _memory_lines(text: str) -> list[TextLine]:
    """Return the logical lines of `text` without a file (for the segmentation fuzz)."""
    lines = tuple(Line(i, ln) for i, ln in enumerate(split_lines(text), start=1))
    return text_lines(SourceText(path="in.txt", sha256="0", encoding="utf-8", lines=lines))


DATELINE = st.builds(
    lambda who, m, d, body: f"{who}{m}月{d}日电 {body}",
    st.sampled_from(["新华社北京", "中新网", "香港中通社", "本报讯", "新华社", ""]),
    st.one_of(st.integers(0, 14), st.sampled_from(["四", "十二", "十三", "〇"])),
    st.one_of(st.integers(0, 40), st.sampled_from(["十九", "三十二", "廿"])),
    st.lists(WORDS, max_size=12).map("".join),
)


@settings(FUZZ, max_examples=10_000)
@given(DATELINE, st.lists(st.lists(WORDS, max_size=10).map("".join), max_size=4))
def test_dateline_segmentation_never_raises(dateline: str, rest: list[str]) -> None:
    text = "\n".join(["标题", dateline, *rest]) + "\n"
    seg = segment("in.txt", _memory_lines(text), genre="news_report")
    assert all(s.line_start <= s.line_end for s in seg.segments)


@FUZZ
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_one_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "in.txt")
    except SourceError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("in.txt: ")
        return
    assert isinstance(text, str) and encoding


@FUZZ
@given(st.lists(st.one_of(WORDS, st.text(max_size=20)), max_size=30).map("".join))
def test_text_reader_and_segmentation_never_raise(text: str) -> None:
    try:
        lines = _lines(text)
    except SourceError:
        return
    segment("in.txt", lines)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
              st.sampled_from(["2014-02-27", "二〇一六年四月十九日", "<p>习近平指出</p>"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["id", "title", "date", "text", "article", "author",
                                         "source", "nodes", "edges", "label", "type",
                                         "target"]), inner, max_size=5)),
    max_leaves=12,
)


@settings(FUZZ, suppress_health_check=list(HealthCheck))
@given(JSON_VALUES, st.sampled_from([".json", ".jsonl", ".csv"]), st.booleans())
def test_record_reader_never_raises(value: object, suffix: str, truncate: bool) -> None:
    body = json.dumps(value, ensure_ascii=False)
    if suffix == ".jsonl" and isinstance(value, list):
        body = "\n".join(json.dumps(v, ensure_ascii=False) for v in value)
    if truncate:
        body = body[: len(body) // 2]
    f = SCRATCH / f"records{suffix}"
    f.write_text(body, "utf-8")
    try:
        for doc in read_documents(f):
            assert doc.lines is not None
    except SourceError as exc:
        assert "\n" not in str(exc)


@settings(FUZZ, suppress_health_check=list(HealthCheck))
@given(JSON_VALUES, st.booleans())
def test_graph_reader_never_raises(value: object, truncate: bool) -> None:
    body = json.dumps(value, ensure_ascii=False)
    f = SCRATCH / "graph.json"
    f.write_text(body[: len(body) // 2] if truncate else body, "utf-8")
    try:
        read_graph_json(f)
    except GraphFileError as exc:
        assert "\n" not in str(exc) and "graph.json" in str(exc)
