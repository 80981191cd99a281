"""Each genre on short excerpts of real texts (from the sample corpus and public reports)."""

from pathlib import Path

from tifa.extract.pipeline import extract_source


def _extract(tmp_path: Path, text: str, name: str = "in.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return extract_source(f)


EXCERPT_BOOK = """习 近 平

关于网络强国论述摘编

一、加强党对网信工作的 集中统一领导

管好用好互联网，是新形势下掌控新闻舆论阵地的关键，重点要解决好谁来管、怎么管的问题。所有新闻信息服务和相关业务从业人员

都要实行准入管理。有关部门要认真研究，拿出管用的办法。

《坚持党的新闻舆论工作的正确政治方向》（2016年2月19日），习近平《论党的宣传思想工作》，中央文献出版社2020年版，第183-184页

我们的脑子要转过弯来，既要重视资本，更要重视人才。

《在网络安全和信息化工作座谈会上的讲话》
(2016年4月19日)，习近平《论党的宣传思想工作》，中央文献出版社2020年版，第209页

二、网信事业发展必须贯彻 以人民为中心的发展思想

医疗卫生服务加上信息化，如虎添翼啊！要用医疗卫生服务信息化更好为群众服务。

在辽宁考察时的讲话（2013年8月28日-31日），
《人民日报》2013年9月2日

一、要有自己的技术。

致世界互联网大会·互联网发展论坛的贺信
(2020年11月23日)，《人民日报》2020年11月
24日
"""


def test_excerpt_book(tmp_path: Path) -> None:
    ex = _extract(tmp_path, EXCERPT_BOOK)
    assert ex.source.genre == "excerpt_book"
    assert ex.source.title == "习近平关于网络强国论述摘编"
    got = [(p.topic, p.speech.title, p.speech.date, p.speech.date_end, p.publication.pages
            if p.publication else None) for p in ex.passages]
    assert got == [
        ("一、加强党对网信工作的集中统一领导", "坚持党的新闻舆论工作的正确政治方向", "2016-02-19",
         None, "183-184"),
        ("一、加强党对网信工作的集中统一领导", "在网络安全和信息化工作座谈会上的讲话",
         "2016-04-19", None, "209"),
        ("二、网信事业发展必须贯彻以人民为中心的发展思想", "在辽宁考察时的讲话", "2013-08-28",
         "2013-08-31", None),
        ("二、网信事业发展必须贯彻以人民为中心的发展思想", "致世界互联网大会·互联网发展论坛的贺信",
         "2020-11-23", None, None),
    ]
    # a paragraph broken by a blank line mid-sentence is rejoined
    assert "相关业务从业人员都要实行准入管理" in ex.passages[0].text
    assert ex.passages[0].line_start < ex.passages[0].line_end
    assert ex.passages[2].publication.issue_date == "2013-09-02"
    assert ex.passages[3].publication.issue_date == "2020-11-24"
    assert all(p.speech.speaker == "习近平" for p in ex.passages)
    # a numbered sentence inside an excerpt is no topic heading
    assert ex.passages[3].text == "一、要有自己的技术。"


NEWS_COMPILATION = """# 习近平关于建设网络强国的讲话

> **【编前语】**党的十八大以来，习近平总书记鲜明提出网络强国思想。

**保障网络安全**

没有网络安全就没有国家安全，没有信息化就没有现代化。

——2014年2月27日，在中央网络安全和信息化领导小组第一次会议上的讲话

网信事业发展必须贯彻以人民为中心的发展思想。

——2018年4月20日至21日，在全国网络安全和信息化工作会议上的讲话
"""


def test_news_compilation(tmp_path: Path) -> None:
    ex = _extract(tmp_path, NEWS_COMPILATION)
    assert ex.source.genre == "news_compilation"
    a, b = ex.passages
    assert a.topic == "保障网络安全" and a.text.startswith("没有网络安全")
    assert (a.speech.date, a.speech.occasion, a.speech.kind) == (
        "2014-02-27", "中央网络安全和信息化领导小组第一次会议", "讲话")
    assert (b.speech.date, b.speech.date_end) == ("2018-04-20", "2018-04-21")


NEWSPAPER = """强化思想理论武装 推进网络强国建设
——学习宣传贯彻习近平总书记关于网络强国的重要思想理论研讨会发言摘编
4 月 19 日，在习近平总书记网络安全和信息化工作座谈会重要讲话发表 5 周年、全国网络
安全和信息化工作会议重要讲话发表 3 周年之际，中央网络安全和信息化委员会办公室召开学
习宣传贯彻习近平总书记关于网络强国的重要思想理论研讨会。现将研讨会发言内容摘编刊发。 ——编 者
《习近平关于网络强国论述摘编》这
部权威读本，贯穿着以人民为中心的发
展思想。
服务群众，进行内容供给侧结构性
改革。
以人民为中心构建良好网络舆论生态
人民日报社新媒体中心主任 丁 伟
"""


def test_newspaper_page(tmp_path: Path) -> None:
    ex = _extract(tmp_path, NEWSPAPER)
    assert ex.source.genre == "newspaper_page"
    assert len(ex.passages) == 2
    s = ex.passages[0].speech
    assert (s.speaker, s.speaker_position, s.title) == (
        "丁伟", "人民日报社新媒体中心主任", "以人民为中心构建良好网络舆论生态")
    assert (s.date, s.date_precision, s.date_inferred) == ("2021-04-19", "day", True)
    assert s.occasion == "学习宣传贯彻习近平总书记关于网络强国的重要思想理论研讨会"
    assert ex.passages[0].text == "《习近平关于网络强国论述摘编》这部权威读本，贯穿着以人民为中心的发展思想。"


COMMENTARY = """# 中央网信办：阔步迈向网络强国

建设网络强国是重大举措。习近平总书记强调，“建设网络强国的战略部署要与‘两个一百年’奋斗目标同步推进”“没有网络安全就没有国家安全，没有信息化就没有现代化”“构建网络空间命运共同体”，等等。全国“一张网”“一盘棋”工作格局基本形成。

《 人民日报 》( 2024年02月27日 10 版)
"""


def test_commentary_inline_quotes(tmp_path: Path) -> None:
    ex = _extract(tmp_path, COMMENTARY)
    assert ex.source.genre == "commentary"
    assert [p.text for p in ex.passages] == [
        "建设网络强国的战略部署要与‘两个一百年’奋斗目标同步推进",
        "没有网络安全就没有国家安全，没有信息化就没有现代化",
        "构建网络空间命运共同体",
    ]
    pub = ex.passages[0].publication
    assert (pub.title, pub.issue_date, pub.pages, pub.kind) == ("人民日报", "2024-02-27", "10",
                                                                "newspaper")


SPEECH = """在网络安全和信息化工作座谈会上的讲话
（2016年4月19日）
习近平
今天，我们召开一个网络安全和信息化工作座谈会。
按照技术要强、内容要强、基础要强、人才要强、国际话语权要强的要求，
向着网络强国目标不断前进。
"""


def test_full_speech_text(tmp_path: Path) -> None:
    ex = _extract(tmp_path, SPEECH)
    assert ex.source.genre == "speech"
    assert len(ex.passages) == 2
    s = ex.passages[1].speech
    assert (s.title, s.date, s.kind, s.occasion, s.speaker) == (
        "在网络安全和信息化工作座谈会上的讲话", "2016-04-19", "讲话", "网络安全和信息化工作座谈会",
        "习近平")
    assert ex.passages[1].text.endswith("国际话语权要强的要求，向着网络强国目标不断前进。")


NEWS_REPORT = """习近平主持召开中央网络安全和信息化领导小组第一次会议
新华社北京2月27日电 中共中央总书记、国家主席、中央军委主席、中央网络安全和信息化领导小组组长习近平2月27日下午主持召开中央网络安全和信息化领导小组第一次会议并发表重要讲话。
习近平指出，网络安全和信息化是事关国家安全和国家发展的重大战略问题。
（新华社2014年2月27日电）
"""


def test_news_report(tmp_path: Path) -> None:
    ex = _extract(tmp_path, NEWS_REPORT)
    assert ex.source.genre == "news_report"
    said = [p for p in ex.passages if p.speech is not None]
    assert [p.text for p in said] == ["网络安全和信息化是事关国家安全和国家发展的重大战略问题。"]
    s = said[0].speech
    assert (s.date, s.date_inferred, s.occasion) == (
        "2014-02-27", True, "中央网络安全和信息化领导小组第一次会议")


def test_traditional_text_is_stored_as_written(tmp_path: Path) -> None:
    ex = _extract(tmp_path, NEWS_COMPILATION.replace("网络安全", "網絡安全"))
    assert ex.passages[0].text.startswith("沒有網絡安全") or "網絡安全" in ex.passages[0].text


def test_text_without_citations_warns(tmp_path: Path) -> None:
    ex = _extract(tmp_path, "这是一段没有任何引文的文字。\n第二段文字。\n")
    assert ex.source.genre == "unknown"
    assert [w.kind for w in ex.warnings] == ["no_citation"]
    assert all(p.speech is None for p in ex.passages)


def test_impossible_date_in_citation_warns(tmp_path: Path) -> None:
    text = "网络安全为人民。\n\n《在全国网络安全和信息化工作会议上的讲话》（2016年2月30日）\n\n" * 3
    ex = _extract(tmp_path, text)
    kinds = [(w.kind, w.line) for w in ex.warnings]
    assert ("bad_date", 3) in kinds
    assert all(p.speech.date is None for p in ex.passages)


# The layout of 《习近平关于科技创新论述摘编》 (中央文献出版社2016年版) and its web copies:
# numbered chapter headings, each excerpt followed by ——《title》(date), ASCII brackets too.
SUMMARY_BOOK = """习近平关于科技创新论述摘编

一、科技创新是提高社会生产力和综合国力的战略支撑

科技是国家强盛之基，创新是民族进步之魂。
——《在中国科学院考察工作时的讲话》(2013年7月17日)

我们比历史上任何时期都更接近中华民族伟大复兴的目标。
——《在欧美同学会成立一百周年庆祝大会上的讲话》（2013年10月21日）
"""


def test_dash_title_date_attributions(tmp_path: Path) -> None:
    ex = _extract(tmp_path, SUMMARY_BOOK)
    rows = [(p.text, p.topic, p.speech.title, p.speech.date, p.speech.speaker)
            for p in ex.passages if p.speech]
    assert rows == [
        ("科技是国家强盛之基，创新是民族进步之魂。", "一、科技创新是提高社会生产力和综合国力的战略支撑",
         "在中国科学院考察工作时的讲话", "2013-07-17", "习近平"),
        ("我们比历史上任何时期都更接近中华民族伟大复兴的目标。",
         "一、科技创新是提高社会生产力和综合国力的战略支撑",
         "在欧美同学会成立一百周年庆祝大会上的讲话", "2013-10-21", "习近平"),
    ]
    assert len(ex.passages) == 2  # the book's title and the heading are no passages
