import pytest
from hypothesis import given
from hypothesis import strategies as st
from tifa.extract.dates import cn_number, date_problem, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2014年2月27日", "2014-02-27", None, "day"),
        ("（2016年4月19日）", "2016-04-19", None, "day"),
        ("2019年8月", "2019-08", None, "month"),
        ("二〇一九年", "2019", None, "year"),
        ("二〇二〇年十一月二十三日", "2020-11-23", None, "day"),
        ("二〇二一年一月", "2021-01", None, "month"),
        ("2013年8月28日-31日", "2013-08-28", "2013-08-31", "day"),
        ("2018年4月20日至21日", "2018-04-20", "2018-04-21", "day"),
        ("2020年3月29日-4月1日", "2020-03-29", "2020-04-01", "day"),
        # a list of occasions is not a range: the first date, the rest in DateSpan.others
        ("2013年6月19日、2014年5月19日", "2013-06-19", None, "day"),
        ("2020年2月5日、2月14日", "2020-02-05", None, "day"),
        ("2015 年 9 月 22 日", "2015-09-22", None, "day"),
        ("2019 年 9 月", "2019-09", None, "month"),
        ("２０１４年２月２７日", "2014-02-27", None, "day"),
        ("《 人民日报 》( 2024年02月27日 10 版)", "2024-02-27", None, "day"),
        ("——2018年4月20日至21日，在全国网络安全和信息化工作会议上的讲话", "2018-04-20",
         "2018-04-21", "day"),
    ],
)
def test_parse_date(text: str, start: str, end: str | None, precision: str) -> None:
    span = parse_date(text)
    assert span is not None
    assert (span.start, span.end, span.precision, span.inferred) == (start, end, precision, False)


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [("4 月 19 日", 2021, "2021-04-19", None), ("4月20日至21日", 2018, "2018-04-20", "2018-04-21")],
)
def test_month_day_takes_the_given_year_and_is_flagged(text, year, start, end) -> None:
    assert parse_date(text) is None
    span = parse_date(text, year=year)
    assert span is not None and (span.start, span.end, span.inferred) == (start, end, True)


@pytest.mark.parametrize("text", ["2016年2月30日", "2019年13月1日", "2018年4月31日"])
def test_impossible_dates_are_none_with_a_reason(text: str) -> None:
    assert parse_date(text) is None
    assert "impossible" in (date_problem(text) or "")


@pytest.mark.parametrize("text", ["十年来", "我国网民有近六亿人", "第199页", "21 世纪"])
def test_text_without_a_date(text: str) -> None:
    assert parse_date(text) is None
    assert date_problem(text) is None


@pytest.mark.parametrize(("text", "n"), [("二〇一九", 2019), ("二十三", 23), ("十", 10),
                                         ("十一", 11), ("２７", 27), ("三十一", 31)])
def test_cn_number(text: str, n: int) -> None:
    assert cn_number(text) == n


@given(st.text(max_size=80))
def test_parse_date_never_raises(text: str) -> None:
    span = parse_date(text, year=2020)
    date_problem(text)
    if span is not None:
        assert len(span.start) in (4, 7, 10)
        assert span.end is None or span.end >= span.start


def test_a_listed_date_is_kept_not_spanned() -> None:
    span = parse_date("2013年6月19日、2014年5月19日")
    assert span is not None and span.others == ("2014-05-19",) and span.end is None


def test_digit_like_marks_are_no_numbers() -> None:
    assert cn_number("²") is None
