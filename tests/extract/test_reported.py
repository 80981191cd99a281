"""Reported speech on real strings: cues, agents, dates, and the documents around them.

Each fixture is a short excerpt (under 200 characters) of a public web page, named by its
address; the punctuation is as the stored copy printed it (web copies turn ，：（） into
ASCII). Expected values are read off the text by hand.
"""

import json
from pathlib import Path

import pytest
from tifa.extract.normalize import parse_view
from tifa.extract.pipeline import extract_documents, extract_source
from tifa.extract.reported import clause_agent, find_utterances

from tifa.records import SpeechRecord


def said(text: str, current: str | None = None) -> list[tuple[str, str, bool]]:
    view, _ = parse_view(text)
    found, _, _ = find_utterances(view, current)  # type: ignore[arg-type]
    return [(view[u.start:u.end], u.style, u.past) for u in found]


def write(tmp_path: Path, text: str, name: str = "page.txt") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


# c.m.163.com/news/a/GKUMQ5B40538N001.html — Xi's letter quoted, then two other speakers
WIC_LETTER = ("习近平主席为本次大会专门发来贺信,明确指出:“激发数字经济活力,增强数字政府效能。”"
              "刘鹤副总理在视频主旨演讲中,对互联网不断拓展新边疆等重大问题作出了深刻阐述。 "
              "袁家军在致辞中表示:“我们一定认真学习好领会好贯彻好习近平主席的贺信精神。”")


def test_quote_after_a_cue_and_other_speakers_kept_apart() -> None:
    assert said(WIC_LETTER) == [("激发数字经济活力，增强数字政府效能。", "quote", False)]


# xpshebei.com/2024-03/10/content_31535905.htm — the cue comes after the quotation
CUE_AFTER = ("“互聯網核心技術是我們最大的‘命門’,核心技術受制于人是我們最大的隱患。”"
             "習近平總書記曾指出,不掌握核心技術,網絡強國建設就會成為空中樓閣。")


def test_cue_after_the_quote_and_indirect_speech_both_his_and_undated() -> None:
    assert said(CUE_AFTER) == [
        ("互联网核心技术是我们最大的‘命门’，核心技术受制于人是我们最大的隐患。", "after", True),
        ("不掌握核心技术，网络强国建设就会成为空中楼阁。", "indirect", True),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    # shadafang.com/c/tj091614I3022018.html — 会议强调 is the meeting's, 在会上说 is Xi's
    ("刚刚结束的全国网络安全和信息化工作会议强调,要敏锐抓住信息化发展的历史机遇。"
     "习近平总书记在会上说:没有网络安全就没有国家安全。",
     ["没有网络安全就没有国家安全。"]),
    # mtqpdj.com/2018/wlaq/2592429.html — pinyin annotations and doubled commas
    ("習(xí)近平總書記指出,,我們不斷推進(jìn)理論創新和實踐創新。",
     ["我们不断推进理论创新和实践创新。"]),
    # andr75869.blogspot.com/2016/10 — ad words injected into the name
    ("習近林內熱水器維修平說,要理直氣壯地維護「網路空間主權」。",
     ["要理直气壮地维护“网路空间主权”。"]),
    # gov.mo/zh-hant/news/1057656 — the Chief Executive speaks about Xi: nothing is Xi's
    ("行政長官表示,十年前,習近平主席高瞻遠矚,創造性提出了總體國家安全觀。", []),
    # lwxsd.com/pc/info_view.php?VID=40442 — an expert's quotation mentioning Xi
    ("中央党校(国家行政学院)战略哲学教研室副主任郝栋:“这一次习近平总书记关于网信工作的重要指示,"
     "一方面系统总结了党的十八大以来的历史性成就。”", []),
    # the same page: an instruction is a noun (作出的重要指示), 作出重要指示强调 a cue
    ("近日,习近平总书记对网络安全和信息化工作作出重要指示强调,深入贯彻党中央关于网络强国的重要思想。",
     ["深入贯彻党中央关于网络强国的重要思想。"]),
    ("习近平总书记对网信工作作出的重要指示,鲜明地提出了网信工作的使命任务。", []),
    # brrrq.com/xwzx/PoliticsNews/201610/t20161010_11587304.htm — a summary of requirements
    ("在主持學習時,習近平總書記從黨和國家事業發展全局來謀劃網信事業,就推進網絡信息技術自主創新"
     "等提出了“六個加快”的具體要求,為建設網絡強國指明了方向。",
     ["就推进网络信息技术自主创新等提出了“六个加快”的具体要求"]),
    # news.china.com/domestic/945/20161230/30130268_all.html — 他 is whom the lead is about
    ("中共中央总书记、国家主席、中央军委主席习近平在茶话会上发表重要讲话。他强调,一个时代有一个时代的主题。",
     ["一个时代有一个时代的主题。"]),
    # n.kinliu.hk (2022-10-23 report) — Hong Kong usage: 指 for 指出
    ("習近平指,中國發展離不開世界,世界發展也需要中國。", ["中国发展离不开世界，世界发展也需要中国。"]),
    # the same kind of lead about another leader: his 他强调 is not Xi's
    ("国务院总理李克强在会上传达了习近平总书记的重要指示精神。他强调,要认真贯彻落实。", []),
    # names of doctrines and of the Party centre are not Xi speaking (people.com.cn usage)
    ("以习近平同志为核心的党中央强调,要坚持总体国家安全观。", []),
    ("王沪宁强调,要深入学习贯彻习近平总书记重要讲话精神。", []),
    ("正如习近平总书记所说,“网络安全为人民,网络安全靠人民”。", ["网络安全为人民，网络安全靠人民"]),
    # news.ltn.com.tw/news/world/breakingnews/5262207 — a news agency framing his words
    ("報導提到，習近平於聽取講解後表示，從黨18大以來，網路生態治理被擺在重要位置。",
     ["从党18大以来，网路生态治理被摆在重要位置。"]),
    # big5.china.com.cn/newphoto/news/2014-03/22/content_31868015.htm — 她 is never Xi, and
    # whoever addresses him (米歇尔向习近平转达…) is the one a following 他 means
    ("米歇爾向習近平轉達奧巴馬總統的問候。她表示，我和母親、女兒一起到國外旅行非常難得。", []),
    ("米歇爾向習近平轉達奧巴馬總統的問候。他表示，感谢中方熱情接待。", []),
    # lkk54228.blogspot.com/2019/09/blog-post_3.html — 他 is the subject of its own sentence
    ("中共總書記習近平今天在中共中央黨校發表講話,內容圍繞「鬥爭」主題,他說,接下來中國發展在各方面"
     "面臨的重大鬥爭不會少。", ["接下来中国发展在各方面面临的重大斗争不会少。"]),
    # mingpaocanada.com/TOR/htm/News/20221027/tcaa2_r.htm — 则 before the verb; the words of
    # 要求 start at the modal after the addressee
    ("習近平則要求政治局成員尤其要帶頭維護黨中央權威和集中統一領導,帶頭貫徹黨中央決策部署。",
     ["要带头维护党中央权威和集中统一领导，带头贯彻党中央决策部署。"]),
    # epaper.bjnews.com.cn/html/2015-12/15/content_612946.htm — 第一次提出 a quotation with
    # commas inside; a sentence signed ——习近平
    ("2014年7月,习近平主席在巴西国会演讲时,第一次提出“共同构建和平、安全、开放、合作的网络空间,"
     "建立多边、民主、透明的国际互联网治理体系”,得到国际社会广泛认同。",
     ["“共同构建和平、安全、开放、合作的网络空间，建立多边、民主、透明的国际互联网治理体系”"]),
    ("建设网络强国,要积极开展双边、多边的互联网国际交流合作。 ——习近平",
     ["建设网络强国，要积极开展双边、多边的互联网国际交流合作。"]),
    # zmdnews.cn/2026/0221/841085.shtml — 习近平…：“…” in the middle of a paragraph
    # news.sina.com.cn/c/xl/2019-03-22/doc-ihsxncvh4758169.shtml — 提出 with a colon
    ("直面现实,习近平提出:努力把我国建设成为网络强国。", ["努力把我国建设成为网络强国。"]),
    # cnshxw.com/yule/gaocengdongtai/2018-10-23/41843.html — 提出三个“下功夫”：…
    ("主持学习时,习近平提出三个“下功夫”:在学懂上下功夫、在弄通上下功夫、在做实上下功夫。",
     ["在学懂上下功夫、在弄通上下功夫、在做实上下功夫。"]),
    ("摘要:此次向习近平主席夫妇发来新春贺卡的,就包括师生。习近平主席在复信中言近旨远:“无论形势如何变化,"
     "中美两国人民交流合作的愿望不会改变。”", ["无论形势如何变化，中美两国人民交流合作的愿望不会改变。"]),
])
def test_who_said_it(text: str, expected: list[str]) -> None:
    assert [t for t, _, _ in said(text)] == expected


def test_a_subject_carries_over_verb_phrases() -> None:
    # abusetelegram/xixi-haha articles/20062027.json (人民网 speech database record)
    text = "调研中，习近平还来到村卫生室，仔细了解药品供应情况，叮嘱当地干部要关心乡亲们身体健康。"
    assert said(text) == [("要关心乡亲们身体健康。", "indirect", False)]
    assert clause_agent("袁家军在致辞中") == "other"
    assert clause_agent("他在党的十九大报告中") == "pronoun"


def test_pronoun_follows_the_last_speaker() -> None:
    # andr75869.blogspot.com/2016/10
    text = "他說,網路的社會動員功能日益增強,「要傳播正能量,提升傳播力和引導力」。"
    assert said(text, "xi")[0][0].startswith("网路的社会动员功能")
    assert said(text, "other") == []


# nearhk.com/information/gd/2872.html — a Hong Kong dateline without a year
HK_REPORT = ("習近平:自主創新推進網絡強國建設\n"
             "  香港中通社4月21日電 全國網絡安全和信息化工作會議20日至21日在北京召開。"
             "中共中央總書記、國家主席習近平出席會議並發表重要講話。他強調,信息化為中華民族帶來了千載難逢的機遇。\n")


def test_landmark_occasion_gives_the_year(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, HK_REPORT))
    p = next(p for p in ex.passages if p.text.startswith("信息化為中華民族"))
    assert p.text == "信息化為中華民族帶來了千載難逢的機遇。"  # printed form kept
    s = p.speech
    assert s is not None
    assert (s.speaker, s.date, s.date_inferred, s.date_basis, s.kind, s.occasion) == (
        "习近平", "2018-04-20", True, "landmark", "讲话", "全国网络安全和信息化工作会议")


# xpshebei.com/2024-03/10/content_31535905.htm — page timestamp, lead date, a past cue
LIANGHUI = ("www.xpshebei.com?2024-03-10 16:12:32? ?來源:央視新聞客戶端\n\n"
            "3月6日下午,北京友誼賓館聚英廳。\n\n"
            "習近平總書記親切看望參加全國政協十四屆二次會議的委員并參加聯組會。\n\n"
            "習近平總書記聽后肯定道:“要實現中國式現代化,互聯網這一關必須要過。”\n\n"
            "“過不了互聯網這一關,就過不了長期執政這一關。”總書記多次強調過好“互聯網這一關”的重要性。\n")


def test_page_date_gives_the_year_and_past_cues_stay_undated(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, LIANGHUI))
    xi = [p for p in ex.passages if p.speech is not None]
    assert [p.text for p in xi] == ["要實現中國式現代化,互聯網這一關必須要過。",
                                    "過不了互聯網這一關,就過不了長期執政這一關。"]
    first, second = (p.speech for p in xi)
    assert first is not None and second is not None
    assert (first.date, first.date_inferred) == ("2024-03-06", True)
    assert first.date_basis is not None and "page date" in first.date_basis
    assert (second.speaker, second.date) == ("习近平", None)  # 多次強調: not the 3月6日 event
    assert any(w.kind == "chrome" and w.line == 1 for w in ex.warnings)


# feifmx.com/zw/news/13000776/20180528/32460304.html — a garbled full-speech header
SPEECH_HEADER = ("新華社北京5月28日電\n"
                 "在中國科學(xué)院第十九次院士大會,、中國工程院第十四次院士大會上的講話\n"
                 "(2018年5月28日)\n"
                 "習(xí)近平\n"
                 "各位院士,,同志們,朋友們:\n"
                 "今天,,中國科學(xué)院第十九次院士大會,、中國工程院第十四次院士大會隆重開幕了。\n")


# cititic.com/news/mm/1379243-20200111.htm — a compilation flattened onto one line
FLAT = ("对于科技创新,习近平一直高度重视 人家把核心技术当定海神针、不二法器,怎么可能提供给你呢 "
        "——2018年5月28日,在中国科学院第十九次院士大会、中国工程院第十四次院士大会上的讲话11. "
        "篱笆墙要加大应用基础研究力度 ——2018年5月28日,在中国科学院第十九次院士大会上的讲话13. "
        "埋在山洞里的宝藏没有一个国家可以成为独立的创新中心 。")


def test_flattened_compilation_splits_at_its_attributions(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, FLAT + "\n"))
    assert ex.source.genre == "news_compilation"
    rows = [(p.text, p.speech.date if p.speech else None) for p in ex.passages]
    assert rows == [
        ("对于科技创新,习近平一直高度重视", None),  # the lead, not part of the excerpt
        ("人家把核心技术当定海神针、不二法器,怎么可能提供给你呢", "2018-05-28"),
        ("篱笆墙要加大应用基础研究力度", "2018-05-28"),
        ("埋在山洞里的宝藏没有一个国家可以成为独立的创新中心 。", None),
    ]
    last = ex.passages[-1].speech
    assert last is not None and last.speaker == "习近平"  # an item of his, source unknown


# en.bbook.top/news/politics/22277 — a bilingual page
BILINGUAL = ("习近平呼吁加强中美网络安全合作\n"
             "Chinese President Xi Jinping addressed Amazon.com founder Jeff Bezos and other "
             "business leaders Wednesday, vowing that his country would work to remove barriers "
             "to foreign investment.\n"
             "中国国家主席习近平周三向亚马逊创始人杰夫·贝索斯以及其他中美顶级商业领袖做了致辞,"
             "承诺中国将致力于清除外商投资障碍。\n")


def test_english_paragraphs_are_english_and_linked_to_their_chinese(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, BILINGUAL))
    by_lang = {p.lang: p for p in ex.passages if p.lang == "en"}
    en = by_lang["en"]
    zh = next(p for p in ex.passages if p.text.startswith("中国将致力于"))
    assert en.translation_of == zh.id
    assert "Xi Jinping" not in "".join(p.text for p in ex.passages if p.lang == "zh")
    assert [p.text for p in ex.passages if p.speech and p.lang == "zh"] == [
        "加强中美网络安全合作", "中国将致力于清除外商投资障碍。"]


def test_json_record_metadata_gives_the_year(tmp_path: Path) -> None:
    # abusetelegram/xixi-haha articles/20062027.json, three of its paragraphs
    record = {
        "id": "20062027", "title": "习近平：把群众安危冷暖放在心上",
        "date": "2012-12-31 08:43:54", "author": "人民网－人民日报",
        "article": "<p>不该读这份：HTML 与 text 重复</p>",
        "text": ["１２月２９日至３０日，中共中央总书记、中央军委主席习近平在河北省阜平县看望慰问困难群众。",
                 "抵达阜平县后，习近平连夜听取了汇报。他表示，革命老区和老区人民为中国革命胜利作出了重要贡献。",
                 "３０日一大早，习近平来到骆驼湾村。习近平强调，只要有信心，黄土变成金。"],
    }
    f = tmp_path / "record.json"
    f.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    (ex,) = extract_documents(f)
    xi = [p for p in ex.passages if p.speech is not None]
    assert [(p.text[:6], p.speech.date) for p in xi if p.speech] == [
        ("把群众安危冷", "2012-12-29"),  # the headline: 习近平：… (the visit began on the 29th)
        ("革命老区和老", "2012-12-29"), ("只要有信心，", "2012-12-30")]
    assert all(p.speech and p.speech.date_inferred for p in xi)
    lines = f.read_text(encoding="utf-8").splitlines()
    assert "只要有信心" in lines[xi[-1].line_start - 1]  # cites the text[] line, not the HTML
    assert ex.source.title == "习近平：把群众安危冷暖放在心上"


def test_jsonl_records_are_one_document_each(tmp_path: Path) -> None:
    rows = [{"id": "a", "title": "一", "date": "2016-04-19", "text": "习近平指出，网络安全为人民。"},
            {"id": "b", "title": "二", "date": "2018-04-20", "text": "他强调，网络安全靠人民。"}]
    f = tmp_path / "records.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    docs = list(extract_documents(f))
    assert [d.source.path.rsplit("#", 1)[-1] for d in docs] == ["a", "b"]
    assert [p.line_start for d in docs for p in d.passages if p.speech] == [1]


# m.fx361.cc/news/2024/0409/23399350.html — an academic paper's footnoted quotations
PAPER = ("2022 年10 月,习近平总书记在党的二十大报告中再次强调,“必须坚定不移贯彻总体国家安全观,"
         "确保国家安全和社会稳定。”[2](P52)习近平总书记关于总体国家安全观的重要论述作出了原创性贡献。\n\n"
         "[2]习近平.高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗[M].北京:人民出版社,2022.\n")


def test_footnoted_quotation_gets_its_reference_and_page(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, PAPER))
    p = next(p for p in ex.passages if p.speech is not None)
    assert p.text.startswith("必须坚定不移贯彻总体国家安全观")
    assert (p.speech.date, p.speech.date_inferred) == ("2022-10", False)
    pub = p.publication
    assert pub is not None
    assert (pub.title, pub.publisher, pub.year, pub.pages) == (
        "高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗", "人民出版社", 2022, "52")


def test_inline_footnote_names_book_publisher_year_page() -> None:
    # the footnote form named in the brief for 论述摘编 quotations in papers
    from tifa.extract.genres.news_report import footnote_publication
    pub = footnote_publication("”(2)《习近平关于全面从严治党论述摘编》,北京:中央文献出版社,2016年,第84页。", {})
    assert pub is not None
    assert (pub.title, pub.publisher, pub.year, pub.pages) == (
        "习近平关于全面从严治党论述摘编", "中央文献出版社", 2016, "84")


# news.hebei.com.cn/system/2017/11/02/018533659.shtml — a day-only cue clause (27日，他…)
# takes the month of the report; page date 2017-11-02 gives the year
XUEXI = ("来源: 新华网  王子晖\n2017-11-02 09:37:21\n"
         "10月25日,习近平总书记同中外记者见面时表示,“新时代要有新气象,更要有新作为”。"
         "27日,他主持本届中央政治局第一次集体学习,明确指出“学习宣传贯彻党的十九大精神是首要政治任务”。\n")


def dated(tmp_path: Path, text: str) -> list[tuple[str, str | None]]:
    """Return (first four characters, date) of each passage of `text` given to a speech."""
    ex = extract_source(write(tmp_path, text))
    return [(p.text[:4], p.speech.date) for p in ex.passages if p.speech]


def test_a_day_named_in_the_cue_clause_dates_its_words(tmp_path: Path) -> None:
    assert dated(tmp_path, XUEXI) == [("新时代要", "2017-10-25"), ("学习宣传", "2017-10-27")]


# wlaqxc.xaut.edu.cn (a 2016 copy of the 2014 Xinhua report): the page date is months after
# the dateline, so it is no year basis; the event's own day (2月27日) is not the dateline's
REPOST = ("习近平:没有网络安全就没有国家安全\n2016-09-20 09:31\n"
          "新华网北京2月28日电 中共中央总书记习近平2月27日下午主持召开中央网络安全和信息化领导小组第一次会议"
          "并发表重要讲话。他强调,网络安全和信息化是事关国家安全和国家发展的重大战略问题。\n")


def speech_at(tmp_path: Path, text: str, start: str) -> SpeechRecord:
    """Return the speech of the passage of `text` that starts with `start`."""
    ex = extract_source(write(tmp_path, text))
    s = next(p.speech for p in ex.passages if p.text.startswith(start))
    assert s is not None
    return s


def test_a_later_copy_gives_no_year_and_the_dateline_no_day(tmp_path: Path) -> None:
    s = speech_at(tmp_path, REPOST, "网络安全和信息化")
    assert (s.date, s.date_basis) == ("2014-02-27", "landmark")  # not 2016-02-28


# news.ltn.com.tw/news/world/breakingnews/5262207 — 昨天 counted from 據新華社29日報導; a
# photo caption (圖為…25日…出席會議) is no event
LTN = ("2025/11/29 15:18 中央社\n"
       "中共總書記習近平在談及網路生態治理時強調，這在國家治理占據重要地位。圖為習近平25日在北京人民大會堂出席會議並發表演說。（路透）\n"
       "據新華社29日報導，中共中央政治局昨天下午對於「加強網路生態治理」進行第23次集體學習，由習近平主持。\n")


def test_yesterday_counts_from_the_report_date(tmp_path: Path) -> None:
    s = speech_at(tmp_path, LTN, "這在國家治理")
    assert (s.date, s.date_inferred) == ("2025-11-28", True)


# zydzsp.com/shownews-594.html — a 求是 copy with pinyin, its speech header on one line
FLAT_SPEECH = ("《求是》雜志發表習近平總書記重要文章(zhāng)《在二十屆中央政治局第一(yī)次集體學(xué)習時的(de)講話》\n"
               "全文 在二十屆中央政治局第一(yī)次 集體學(xué)習時的(de)講話 (2022年(nián)10月25日) 習近平 "
               "學(xué)習宣傳貫徹黨的(de)二十大精神是當前和(hé)今後一(yī)個時期全黨全國的(de)首要政治任務。\n")


@pytest.mark.parametrize(("text", "expected"), [
    (SPEECH_HEADER, ("在中國科學院第十九次院士大會,中國工程院第十四次院士大會上的講話", "2018-05-28")),
    (FLAT_SPEECH, ("在二十屆中央政治局第一次集體學習時的講話", "2022-10-25")),
])
def test_speech_headers_printed_flat_or_through_pinyin(tmp_path: Path, text: str,
                                                       expected: tuple[str, str]) -> None:
    ex = extract_source(write(tmp_path, text))
    assert ex.source.genre == "speech"
    s = ex.passages[-1].speech
    assert s is not None
    assert (s.title, s.date, s.speaker) == (*expected, "习近平")
    assert ex.passages[0].text[:2] in ("各位", "學(")  # the body, as printed


# m.6foodeliminationdiet.com/news_info/61390.html — a photo caption inside a speech text
CAPTIONED = ("在二十屆中央政治局第一次集體學習時的講話\n(2022年10月25日)\n習近平\n"
             "學習宣傳貫徹黨的二十大精神是當前和今后一個時期全黨全國的首要政治任務。\n"
             "2022年10月16日,中國共產黨第二十次全國代表大會在北京人民大會堂開幕。新華社記者 鞠鵬/攝\n"
             "學習不能僅停留在記住一些概念和提法。\n")


def test_a_photo_caption_in_a_speech_is_no_part_of_it(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, CAPTIONED))
    assert [p.text[:4] for p in ex.passages] == ["學習宣傳", "學習不能"]
    assert any(w.kind == "chrome" and w.line == 5 for w in ex.warnings)


# wpa.jubaoka.com/2019/0916/c29a215/page.htm — English run into a Chinese report paragraph
MIXED = ("新华社天津9月16日电  近日,中共中央总书记习近平对国家网络安全宣传周作出重要指示强调,"
         "举办网络安全宣传周、提升全民网络安全意识和技能,是国家网络安全工作的重要内容。National cyber "
         "security work should adhere to the principle that cyber security is for the people and by "
         "the people, ensure the security of personal information.\n")


def test_a_chinese_paragraph_with_english_in_it_stays_chinese(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, MIXED))
    xi = [p for p in ex.passages if p.speech is not None]
    assert [p.lang for p in xi] == ["zh"]
    assert xi[0].text.startswith("举办网络安全宣传周")


# cnshxw.com/yule/gaocengdongtai/2018-10-23/41843.html — a feature: 八次…集体学习 is several
# occasions, and words quoted before the article reaches its occasion are not dated by it
HUIWANG = ("八次中央政治局集体学习,这条主线贯穿始终\n"
           "十九大后一年来,中央政治局先后进行了八次集体学习,习近平总书记主持学习时,都发表了重要讲话。\n"
           "习近平总书记指出:“党政军民学,东西南北中,党是领导一切的。”\n"
           "2017年10月27日,十九届中央政治局进行了第一次集体学习。\n"
           "主持学习时,习近平提出三个“下功夫”:在学懂上下功夫、在弄通上下功夫。\n")


def test_a_feature_dates_only_what_follows_its_occasion(tmp_path: Path) -> None:
    assert dated(tmp_path, HUIWANG) == [("党政军民", None), ("在学懂上", "2017-10-27")]


# mingpaocanada.com/VAN/htm/News/20170629/vab1h.htm — a Hong Kong paper shortens him to 習
SURNAME = ("習又說,梁振英過兩天就要在新崗位即全國政協副主席上履職,同樣可以繼續為服務香港和國家、"
           "發揮才幹、作出新貢獻。")


def test_surname_alone_is_him_once_named_but_not_inside_a_word() -> None:
    assert said(SURNAME) == [(parse_view(SURNAME)[0][4:], "indirect", False)]
    assert said("學習強調,要不斷提高本領。") == []


# chinatimes.com/realtimenews/20220609005513-260409 — a sentence with no subject of its own
SUBJECTLESS = ("習近平肯定堅持糧食種植、助力保障糧食安全做法。強調要嚴守耕地紅線,"
               "保護好這片產糧寶地,打造更高水準的「天府糧倉」。")


def test_a_subjectless_sentence_goes_on_with_the_last_subject() -> None:
    assert said(SUBJECTLESS) == [
        ("要严守耕地红线，保护好这片产粮宝地，打造更高水准的“天府粮仓”。", "indirect", False)]
    assert said("會議肯定了這一做法。強調要嚴守耕地紅線。") == []


def test_a_record_titled_as_the_speech_holds_the_speech(tmp_path: Path) -> None:
    # abusetelegram/xixi-haha articles/19793598.json (人民网 database), cut to three paragraphs
    record = {"id": "19793598", "title": "习近平在首都各界纪念现行宪法公布施行30周年大会上的讲话",
              "date": "2012-12-05 07:12:29",
              "text": ["12月4日，首都各界在北京人民大会堂集会，隆重纪念现行宪法公布施行30周年。"
                       "中共中央总书记、中央军委主席习近平在大会上发表重要讲话。",
                       "历史总能给人以深刻启示。",
                       "宪法的生命在于实施，宪法的权威也在于实施。",
                       "（新华社北京１２月４日电）"]}
    f = tmp_path / "record.json"
    f.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (ex,) = extract_documents(f)
    xi = [p for p in ex.passages if p.speech is not None and p.speech.speaker]
    assert [p.text[:6] for p in xi] == ["历史总能给人", "宪法的生命在"]
    s = xi[0].speech
    assert s is not None
    assert (s.title, s.kind, s.date, s.date_inferred) == (
        "在首都各界纪念现行宪法公布施行30周年大会上的讲话", "讲话", "2012-12-04", True)


# waou.com.mo/2017/01/01/… — a report that prints the whole text after 全文如下
FULL_TEXT = ("【新華社北京12月31日電】新年前夕,國家主席習近平通過中央電視臺和網際網路,"
             "發表了二○一七年新年賀詞。全文如下:\n\n"
             "2016年即將過去,新年的鐘聲即將敲響。\n\n"
             "2016年,對中國人民來說,是非凡的一年,也是難忘的一年。\n")


def test_the_full_text_after_quanwen_ruxia_is_his(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, FULL_TEXT))
    xi = [p for p in ex.passages if p.speech is not None and p.speech.speaker]
    assert [p.text[:9] for p in xi] == ["2016年即將過去", "2016年,對中國"]
    assert all(p.speech and p.speech.kind == "贺词" and p.speech.date is None for p in xi)


# classic-blog.udn.com/paulhsu333/105620858 — 昨(29)日 in a page of 7月2日 is 6月29日
YESTERDAY_NAMED = ("2017/07/02 08:28:45瀏覽251|回應0|推薦1 | |\n"
                   "中国大陆国家主席习近平昨(29)日抵达香港访问,将出席7月1日举行的庆祝香港回归祖国20周年大会。"
                   "习近平表示,大陆将一如既往支持香港发展,改善民生。\n")


def test_a_relative_day_with_its_day_printed_counts_back_from_the_page_date(
        tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, YESTERDAY_NAMED))
    (p,) = [p for p in ex.passages if p.speech is not None and p.speech.speaker]
    assert p.text == "大陆将一如既往支持香港发展,改善民生。"
    assert p.speech is not None
    assert (p.speech.date, p.speech.date_inferred) == ("2017-06-29", True)


# scholarmate.com/S/jgzSIt — 文章强调: the article just named speaks for its author
ARTICLE = ("今年第4期《求是》杂志发表中共中央总书记、国家主席、中央军委主席习近平的重要文章《在中央政治局常委会会议"
           "研究应对新型冠状病毒肺炎疫情工作时的讲话》。文章强调,做好疫情防控工作,直接关系人民生命安全和身体健康。")


def test_the_article_named_speaks_for_its_author() -> None:
    assert said(ARTICLE) == [("做好疫情防控工作，直接关系人民生命安全和身体健康。", "indirect", False)]
    assert said("会议审议了专家的文章。文章强调,要加强研究。") == []
