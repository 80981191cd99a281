"""Extraction rules found failing on documents the development set never showed.

Each fixture is a short excerpt (under 200 characters) of a public web page or a 人民网
database record (abusetelegram/xixi-haha), named by its address; punctuation as the stored
copy printed it. Expected values are read off the text by hand.
"""

from pathlib import Path

import pytest
from tifa.extract.normalize import parse_view
from tifa.extract.pipeline import extract_source
from tifa.extract.reported import find_utterances


def said(text: str, current: str | None = None) -> list[str]:
    view, _ = parse_view(text)
    found, _, _ = find_utterances(view, current)  # type: ignore[arg-type]
    return [view[u.start:u.end] for u in found]


@pytest.mark.parametrize(("text", "expected"), [
    # n.kinliu.hk (二十屆一中全會) — 發言, as a verb of saying
    ("習近平在中外記者見面會上發言,衷心感謝全黨的信任,一定牢記黨的性質和宗旨。",
     ["衷心感谢全党的信任，一定牢记党的性质和宗旨。"]),
    # bored.srbaidu88.com/20220310/590428.html — 宣示 + its object, then the quotation
    ("面向全球目光,习近平代表百年大党再次宣示新征程上的使命任务:“现在,我们正意气风发迈上全面建设社会主义现代化国家新征程。”",
     ["现在，我们正意气风发迈上全面建设社会主义现代化国家新征程。"]),
    # 881903.com/news/amp/international/2009279 — 會見…, 表示: the subject is in the first clause
    ("國家主席習近平在人民大會堂,會見美國前國務卿基辛格,表示期待今年內對美國進行國事訪問。",
     ["期待今年内对美国进行国事访问。"]),
    # xixi-haha articles/20175588.json — 要求 + a directive (no addressee to skip)
    ("习近平要求全力组织搜救，尽最大努力减少人员伤亡；搞好灾民安置和村民避险。",
     ["全力组织搜救，尽最大努力减少人员伤亡；搞好灾民安置和村民避险。"]),
    # xixi-haha articles/20294783.json — 提出， as a verb of saying
    ("为严明政治纪律，习近平在讲话中提出，党的各级纪律检查机关要把维护党的政治纪律放在首位。",
     ["党的各级纪律检查机关要把维护党的政治纪律放在首位。"]),
])
def test_verbs_of_saying_found_on_unseen_pages(text: str, expected: list[str]) -> None:
    assert said(text) == expected


def test_he_after_a_named_expert_is_the_expert() -> None:
    # xixi-haha articles/20294783.json — Xi spoke last, but 他 is the researcher just named
    text = "黄苇町表达了同样的观点。他说，当前有少数党员干部政治纪律意识淡漠。"
    assert said(text, "xi") == []


def test_a_cue_inside_his_article_does_not_change_who_speaks() -> None:
    # qstheory.cn/dukan/qs/2023-06/01/c_1129655751.htm — the article quotes the report it
    # cites; the next 文章指出 is still the article's author speaking
    text = ("本期发表了习近平总书记的重要文章。文章强调,党的二十大报告明确指出:“中国式现代化,"
            "是中国共产党领导的社会主义现代化。”这是对中国式现代化定性的话。"
            "文章指出,党的领导决定中国式现代化的根本性质。")
    assert said(text)[-1] == "党的领导决定中国式现代化的根本性质。"


def write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "page.txt"
    f.write_text(text, encoding="utf-8")
    return f


# xztzb.cn/news/1668566464271.shtml — a 求是 speech text behind page chrome (T+ / T- lines)
QIUSHI = ("您的位置: 西藏统一战线 > 统战要闻 > 正文\n\n习近平:在二十届中央政治局常委同中外记者见面时的讲话\n\n"
          "作者: 习近平发布时间: 2022-11-16 10:40:16来源: 《求是》\n打印\nT+\nT-\n\n"
          "  在二十届中央政治局常委同中外记者见面时的讲话\n\n  (2022年10月23日)\n\n  习近平\n\n"
          "  大家好!\n\n  很高兴在这里同各位记者朋友见面。\n")


def test_speech_header_behind_page_chrome_is_one_speech(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, QIUSHI))
    assert ex.source.genre == "speech"
    rows = [(p.text, p.speech.title, p.speech.date) for p in ex.passages if p.speech]
    assert rows == [
        ("大家好!", "在二十届中央政治局常委同中外记者见面时的讲话", "2022-10-23"),
        ("很高兴在这里同各位记者朋友见面。", "在二十届中央政治局常委同中外记者见面时的讲话",
         "2022-10-23"),
    ]


# cnganbu.cn/show/view?id=21495 — the page shows when it was viewed (2024) and published (2017)
HAIHU = ("2024-11-23 07:18:40\n习近平同特朗普开始举行中美元首会晤\n发布时间:2017-04-07 22:40\n"
         "  新华社美国海湖庄园4月6日电(记者周效政 陈贽 朱东阳)当地时间6日,国家主席习近平在美国佛罗里达州"
         "海湖庄园同美国总统特朗普举行中美元首会晤。\n"
         "  会晤中,习近平指出,一段时间以来,我同总统先生保持了密切联系。\n")


def test_the_page_date_just_after_the_dateline_gives_the_year(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, HAIHU))
    xi = [p for p in ex.passages if p.speech]
    assert [(p.text, p.speech.date, p.speech.date_inferred) for p in xi] == [
        ("一段时间以来,我同总统先生保持了密切联系。", "2017-04-06", True)]


def test_a_quotation_then_the_occasion_and_his_name() -> None:
    # dangjian.people.com.cn/BIG5/n1/2022/0803/c117092-32492962.html — 光明日报 本报评论员
    text = ("“前進道路上,全黨要堅持全心全意為人民服務的根本宗旨。”在省部級主要領導干部“學習習近平"
            "總書記重要講話精神,迎接黨的二十大”專題研討班上,習近平總書記發表了十分重要的講話。")
    assert said(text) == ["前进道路上，全党要坚持全心全意为人民服务的根本宗旨。"]


# pocyrvb.cn/html/2022/10/341153.shtml — 大众日报: the quotation is a paragraph of its own,
# the next one says who said it and when
DAZHONG = ("2022-10-25大眾日報 02版\n"
           "“經過全黨全國各族人民共同努力,我們如期全面建成小康社會、實現了第一個百年奮斗目標。”\n"
           "10月23日,習近平總書記在新一屆中共中央政治局常委同中外記者見面時莊嚴宣示。新目標激蕩人心。\n")


def test_a_quotation_paragraph_told_by_the_next_one(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, DAZHONG))
    assert [(p.text, p.speech.date) for p in ex.passages if p.speech] == [
        ("經過全黨全國各族人民共同努力,我們如期全面建成小康社會、實現了第一個百年奮斗目標。",
         "2022-10-23")]


# a 求是 编辑部 article: two paragraphs of his words, then the paragraph telling of the speech
QIUSHI_EDITORIAL = ("新征程是充满光荣和梦想的远征\n《求是》杂志编辑部\n"
                    "“现在,我们正意气风发迈上全面建设社会主义现代化国家新征程。”\n"
                    "“新征程是充满光荣和梦想的远征。蓝图已经绘就,号角已经吹响。”\n"
                    "2022年10月23日12时许,习近平和中共中央政治局常委同采访二十大的中外记者亲切见面。"
                    "面对中外记者镜头,习近平总书记发表重要讲话,深刻阐明新征程上中国共产党的使命任务。\n")


def test_an_editorial_opening_with_his_words_before_telling_of_the_speech(
        tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, QIUSHI_EDITORIAL))
    assert [(p.text[:8], p.speech.date, p.speech.kind) for p in ex.passages if p.speech] == [
        ("现在,我们正意气", "2022-10-23", "讲话"), ("新征程是充满光荣", "2022-10-23", "讲话")]


# hkcna.hk/docDetail.jsp?channel=5854&id=100305482, then the closing dateline and a page
# of other news (money.udn.com/money/story/5603/7776448) after it
FULL_THEN_OTHER = (
    "香港新聞網3月13日電 3月13日上午9時,十四屆全國人大一次會議舉行閉幕會,國家主席習近平出席並發表"
    "重要講話。以下為講話全文:\n"
    "這次大會選舉我繼續擔任中華人民共和國主席,我對各位代表和全國各族人民的信任,表示衷心感謝!\n"
    "(香港新聞網3月13日電)\n"
    "一年之計在於春。春節假期已過,國務院各部門要按照中央經濟工作會議的部署,迅速進入工作狀態。\n")


def test_a_full_text_ends_at_its_closing_dateline(tmp_path: Path) -> None:
    ex = extract_source(write(tmp_path, FULL_THEN_OTHER))
    assert [p.text[:6] for p in ex.passages if p.speech] == ["這次大會選舉"]


def test_a_quotation_then_接着_and_his_promise() -> None:
    # bored.srbaidu88.com/20220310/590428.html — 中新社: the first quotation is his too
    text = ("“衷心感谢全党同志的信任。”接着,习近平代表新一届中共中央领导成员庄严承诺:"
            "“我们一定牢记党的性质和宗旨。”")
    assert said(text) == ["衷心感谢全党同志的信任。", "我们一定牢记党的性质和宗旨。"]


def test_a_pinyin_garbled_footnote_names_the_speech(tmp_path: Path) -> None:
    # nku514-style content farm copy of an academic paper: (1)習(xí)近平:《…》 after the quotation
    text = ("習(xí)近平總書記在黨的十九大報(bào)告中指出:“中國(guó)共產(chǎn)黨人的初心和使命,"
            "就是為中國(guó)人民謀幸福”(1)習(xí)近平:《決勝全面建成小康社會(huì)——在中國(guó)共產(chǎn)黨"
            "第十九次全國(guó)代表大會(huì)上的報(bào)告》,北京:人民出版社,2017年版,第1頁(yè)。\n")
    ex = extract_source(write(tmp_path, text))
    xi = [p for p in ex.passages if p.speech]
    assert len(xi) == 1
    assert xi[0].speech.title in (
        "決勝全面建成小康社會——在中國共產黨第十九次全國代表大會上的報告",
        "决胜全面建成小康社会——在中国共产党第十九次全国代表大会上的报告")
    assert (xi[0].publication.publisher, xi[0].publication.pages) == ("人民出版社", "1")


def test_his_article_named_in_the_lead_titles_what_it_says(tmp_path: Path) -> None:
    # qstheory.cn/dukan/qs/2023-06/01/c_1129655751.htm — 求是 本期导读
    text = ("  本期发表了习近平总书记的重要文章《中国式现代化是中国共产党领导的社会主义现代化》。"
            "文章指出,党的领导决定中国式现代化的根本性质。\n")
    ex = extract_source(write(tmp_path, text))
    assert [(p.text, p.speech.title, p.speech.date) for p in ex.passages if p.speech] == [
        ("党的领导决定中国式现代化的根本性质。", "中国式现代化是中国共产党领导的社会主义现代化",
         None)]


def test_a_page_headline_that_names_his_speech_holds_it(tmp_path: Path) -> None:
    # news.dahe.cn/2022/10-23/1120368.html — (现场实录) transcript; the page date is no speech date
    text = ("(现场实录)习近平总书记在二十届中共中央政治局常委同中外记者见面时的讲话\n\n"
            "2022年10月23日12:55\n\n来源:新华社\n\n  大家好!\n\n  很高兴在这里同各位记者朋友见面。\n")
    ex = extract_source(write(tmp_path, text))
    assert [(p.text, p.speech.title) for p in ex.passages if p.speech] == [
        ("大家好!", "在二十届中共中央政治局常委同中外记者见面时的讲话"),
        ("很高兴在这里同各位记者朋友见面。", "在二十届中共中央政治局常委同中外记者见面时的讲话")]


def test_whom_a_paragraph_was_about_carries_to_the_next() -> None:
    # concretepaversguide.com (求是 announcement) — a 浏览量: counter, then the lead, then 文章强调
    from tifa.extract.normalize import parse_view as view_of
    lead, _ = view_of("9月16日出版的第18期《求是》杂志将发表中共中央总书记、国家主席、中央军委主席"
                      "习近平的重要文章《毫不动摇坚持和加强党的全面领导》。")
    _, after_lead, _ = find_utterances(lead, "other")
    assert said("文章强调,中国最大的国情就是中国共产党的领导。", after_lead) == [
        "中国最大的国情就是中国共产党的领导。"]


def test_代表_carries_the_subject_on() -> None:
    # xixi-haha articles/19596022.json — 代表…感谢…，并表示: still him
    text = ("习近平逐一介绍了新当选的其他６位中央政治局常委，代表新一届中央领导机构成员感谢全党同志的信任，"
            "并表示定当不负重托，不辱使命。")
    assert said(text) == ["定当不负重托，不辱使命。"]
