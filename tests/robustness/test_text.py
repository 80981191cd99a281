"""Bad data inside a readable file: kept or counted, never silently lost, never glued into a
passage. (The texts are written for these tests.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tifa.extract.dates import cn_number
from tifa.extract.pipeline import extract_source, tally

CITED = (
    "要树立正确的网络安全观，加快构建关键信息基础设施安全保障体系。\n"
    "《在网络安全和信息化工作座谈会上的讲话》（二〇一六年四月十九日），"
    "《论述摘编》，中央文献出版社2021年版，第96页\n"
    "网络安全为人民，网络安全靠人民，维护网络安全是全社会共同责任。\n"
    "《在某次会议上的讲话》（二〇二五年十三月），《论述摘编》，中央文献出版社2021年版，第97页\n"
    "没有网络安全就没有国家安全。\n"
    "《努力把我国建设成为网络强国》（2014年2月27日），《论述摘编》，中央文献出版社2021年版，"
    "第199页\n"
)


def test_chinese_numeral_dates_in_citations(tmp_path: Path) -> None:
    f = tmp_path / "cited.txt"
    f.write_text(CITED, "utf-8")
    e = extract_source(f)
    assert [p.text[:6] for p in e.passages] == ["要树立正确的", "网络安全为人", "没有网络安全"]
    first, impossible, last = (p.speech for p in e.passages)
    assert first is not None and (first.title, first.date) == ("在网络安全和信息化工作座谈会上的讲话",
                                                               "2016-04-19")
    assert impossible is not None and impossible.date is None  # left null, and said so:
    assert [(w.kind, w.line) for w in e.warnings] == [("bad_date", 4)]
    assert last is not None and last.date == "2014-02-27"
    assert [p.publication.pages for p in e.passages if p.publication] == ["96", "97", "199"]


def test_superscripts_and_fractions_are_no_numbers() -> None:
    assert [cn_number(t) for t in ("²", "³", "½", "二〇一六", "十九")] == [None, None, None,
                                                                          2016, 19]


def test_a_line_that_mentions_boilerplate_is_text_and_promotion_is_counted(
        cli: Any, tmp_path: Path) -> None:
    long_line = "网络安全为人民，网络安全靠人民。" * 2000 + "欢迎关注本报微信公众号。"
    url_para = "据介绍，相关报告全文可在https://www.cac.gov.cn查阅，报告显示网络安全产业持续增长。"
    f = tmp_path / "web.txt"
    f.write_text(f"{long_line}\n\n{url_para}\n\n扫码关注公众号，获取更多资源\n", "utf-8")
    e = extract_source(f)
    assert any(p.text.startswith("网络安全为人民") and len(p.text) > 30000 for p in e.passages)
    assert any("https://www.cac.gov.cn" in p.text for p in e.passages)
    assert tally([e])["dropped"] == 1
    res = cli.tifa("extract", "web.txt", "--no-concepts", "-q", "-v", cwd=tmp_path)
    assert "warning: web.txt:5: watermark: boilerplate line dropped: 扫码关注公众号" in res.stderr
    assert "dropped 1 lines" in res.stderr
