import pytest
from hypothesis import given
from hypothesis import strategies as st
from tifa.extract.cite import kind_and_occasion, parse_attribution, parse_citation, parse_pages

BOOK = "习近平谈治国理政"


@pytest.mark.parametrize(
    ("text", "title", "date", "kind", "occasion"),
    [
        ("《努力把我国建设成为网络强国》（2014年2月27日），《习近平谈治国理政》第一卷，"
         "外文出版社2018年版，第199页", "努力把我国建设成为网络强国", "2014-02-27", None, None),
        ("《在网络安全和信息化工作座谈会上的讲话》(2016年4月19日)，习近平《论党的宣传思想工作》，"
         "中央文献出版社2020年版，第206页", "在网络安全和信息化工作座谈会上的讲话", "2016-04-19",
         "讲话", "网络安全和信息化工作座谈会"),
        ("在十八届中央政治局第三十六次集体学习时的讲话(2016年10月9日)，《人民日报》2016年10月10日",
         "在十八届中央政治局第三十六次集体学习时的讲话", "2016-10-09", "讲话",
         "十八届中央政治局第三十六次集体学习"),
        ("致首届世界互联网大会的贺词（2014年11月19日），《人民日报》2014年11月20日",
         "致首届世界互联网大会的贺词", "2014-11-19", "贺词", "首届世界互联网大会"),
        ("对国家网络安全宣传周作出的指示（2019 年 9 月），《人民日报》2019 年 9 月 17 日",
         "对国家网络安全宣传周作出的指示", "2019-09", "指示", "国家网络安全宣传周"),
        ("《在中国工程院一份建议上的批示》（2013年12月20日）", "在中国工程院一份建议上的批示",
         "2013-12-20", "批示", "中国工程院一份建议"),
        ("在接受美国《华尔街日报》书面采访时的答问（2015年9月22日），《人民日报》2015年9月23日",
         "在接受美国《华尔街日报》书面采访时的答问", "2015-09-22", "答问",
         "接受美国《华尔街日报》书面采访"),
        ("《中国发展新起点，全球增长新蓝图》（2016年9月3日），《习近平谈“一带一路”》，"
         "中央文献出版社2018年版，第125-126页", "中国发展新起点，全球增长新蓝图", "2016-09-03",
         None, None),
        ("《在第三届世界互联网大会开幕式上的视频讲话》(2016年11月16日)",
         "在第三届世界互联网大会开幕式上的视频讲话", "2016-11-16", "讲话",
         "第三届世界互联网大会开幕式"),
        ("《关于深化党和国家机构改革决定稿和方案稿的说明》（2018年2月26日）",
         "关于深化党和国家机构改革决定稿和方案稿的说明", "2018-02-26", "说明", None),
    ],
)
def test_parse_citation_speech(text, title, date, kind, occasion) -> None:
    c = parse_citation(text)
    assert c is not None and c.date is not None
    assert (c.title, c.date.start, c.kind, c.occasion) == (title, date, kind, occasion)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《努力把我国建设成为网络强国》（2014年2月27日），《习近平谈治国理政》第一卷，外文出版社2018年版，第199页",
         (BOOK, "第一卷", "外文出版社", 2018, "199", None, "book")),
        ("《关于深化党和国家机构改革决定稿和方案稿的说明》（2018年2月26日），《十九大以来重要文献选编》(上),"
         "中央文献出版社2019年版,第243-244页",
         ("十九大以来重要文献选编", "上", "中央文献出版社", 2019, "243-244", None, "book")),
        ("在辽宁考察时的讲话（2013年8月28日-31日），《人民日报》2013年9月2日",
         ("人民日报", None, None, 2013, None, "2013-09-02", "newspaper")),
        ("《国家中长期经济社会发展战略若干重大问题》(2020年4月10日),《求是》杂志2020年第21期",
         ("求是", None, None, 2020, None, None, "journal")),
        ("《在教育文化卫生体育领域专家代表座谈会上的讲话》(2020年9月22日),人民出版社单行本,第10页",
         (None, None, "人民出版社", None, "10", None, "book")),
    ],
)
def test_parse_citation_publication(text, expected) -> None:
    c = parse_citation(text)
    assert c is not None and c.publication is not None
    p = c.publication
    assert (p.title, p.volume, p.publisher, p.year, p.pages, p.issue_date, p.kind) == expected


def test_ranges_and_month_precision() -> None:
    c = parse_citation("在辽宁考察时的讲话（2013年8月28日-31日），《人民日报》2013年9月2日")
    assert c is not None and c.date is not None
    assert (c.date.start, c.date.end) == ("2013-08-28", "2013-08-31")
    c = parse_citation("致第五届世界互联网大会的贺信（2018年11月），《人民日报》2018年11月8日")
    assert c is not None and c.date is not None
    assert (c.date.start, c.date.precision) == ("2018-11", "month")


@pytest.mark.parametrize(
    "text",
    ["《在网络安全和信息化工作座谈会上的讲话》（（2016年4月19日），习近平《论党的宣传思想工作》，中央文献出版社2020年版，第196页",
     "在全国网络安全和信息化工作会议上的讲话》（2018年4月20日）"],
)
def test_ocr_bracket_slips_are_mended(text: str) -> None:
    c = parse_citation(text)
    assert c is not None and c.date is not None and c.date.start in ("2016-04-19", "2018-04-20")
    assert c.title is not None and not c.title.startswith("《") and not c.title.endswith("》")


def test_impossible_date_is_reported_not_guessed() -> None:
    c = parse_citation("《在全国网络安全和信息化工作会议上的讲话》（2016年2月30日）")
    assert c is not None
    assert c.date is None and c.problem and "2016年2月30日" in c.problem


@pytest.mark.parametrize(
    "text",
    [
        "我多次讲，过不了互联网这一关，就过不了长期执政这一关。",
        "增强改革创新本领，保持锐意进取的精神风貌，",
        "《在全国网络安全和信息化工作会议上的讲话》",
        "《十九大以来重要文献",
    ],
)
def test_not_a_citation(text: str) -> None:
    assert parse_citation(text) is None


def test_attribution() -> None:
    c = parse_attribution("——2018年4月20日至21日，在全国网络安全和信息化工作会议上的讲话")
    assert c is not None and c.date is not None
    assert (c.date.start, c.date.end) == ("2018-04-20", "2018-04-21")
    assert (c.title, c.kind, c.occasion) == (
        "在全国网络安全和信息化工作会议上的讲话", "讲话", "全国网络安全和信息化工作会议")
    c = parse_attribution("——2017年12月3日，致第四届世界互联网大会的贺信")
    assert c is not None and (c.kind, c.occasion) == ("贺信", "第四届世界互联网大会")


@pytest.mark.parametrize(("text", "pages"), [("第199页", "199"), ("第 183-184 页", "183-184"),
                                             ("第10页", "10"), ("无页码", None)])
def test_pages(text: str, pages: str | None) -> None:
    assert parse_pages(text) == pages


def test_kind_of_published_title_is_unknown() -> None:
    assert kind_and_occasion("努力把我国建设成为网络强国") == (None, None)


@given(st.text(max_size=120))
def test_parsers_never_raise(text: str) -> None:
    parse_citation(text)
    parse_attribution(text)
    parse_pages(text)
