"""News reports, commentaries and web pages: Xi's words found by their attribution cues.

One segmenter for every text whose passages are not marked by citations: a news report
(新华社北京7月15日电 …习近平强调，…), a feature or commentary quoting him (“…”习近平总书记
曾指出), an academic paper, a web copy with site chrome, a bilingual page. It reads the
text paragraph by paragraph (`extract.reported` finds the cues) and keeps, per document:

- the **year basis**: a dateline with a year, the record's own date (JSON `date`), a page
  timestamp, a landmark occasion (`data/landmarks.yaml`) — so 4月20日 becomes 2018-04-20,
  flagged inferred with its basis;
- the **main event** the report is about (出席…会议并发表重要讲话, 致贺信, 作出重要指示 …):
  its kind, occasion and date, given to Xi's words unless the cue speaks of another time
  (曾指出, 多次强调, 去年底 …) or names its own date (2017年10月，他在党的十九大报告中强调);
- the **current day** of a multi-day visit (29日下午…, 30日一大早…);
- who spoke last (他/她), whether Xi's speech runs on into the next paragraph (first-person
  paragraphs with no cue), and headings that attribute what follows (习近平要论).

Every other paragraph is kept as an unattributed passage; site chrome (关闭窗口, 责任编辑,
分享到, breadcrumbs, photo captions, page timestamps) is dropped with a warning naming the
line. English paragraphs are passages with `lang` "en", linked to the Chinese paragraph
next to them that they translate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tifa.extract.cite import kind_and_occasion, parse_publication, parse_reference
from tifa.extract.genres.newspaper_page import landmarks
from tifa.extract.layout import TextLine, strip_markup
from tifa.extract.normalize import parse_view, strip_pinyin, to_simplified
from tifa.extract.reported import (
    PAST,
    XI_REF,
    Utterance,
    continues_speech,
    find_utterances,
    is_whole_quotation,
    opens_with_after_cue,
    sentences,
)

from tifa.records import (
    Citation,
    DateSpan,
    ExtractionWarning,
    PublicationRecord,
    Segment,
    Segmentation,
)

_AGENCY = (r"新华社|新华网|人民网|人民日报|央视网|央视新闻|中新社|中新网|中国新闻社|中央社|中通社|"
           r"香港中通社|光明网|央广网|国际在线|澎湃新闻|新京报|本报|本刊|中评社|路透社|法新社")
DATELINE = re.compile(
    rf"^[（(【]?\s*(?P<agency>{_AGENCY})(?:记者)?(?P<place>[\u4e00-\u9fff]{{2,6}}?)?"
    r"(?P<date>(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日)电"
)
END_DATELINE = re.compile(  # （香港新闻网3月13日电）: any agency's name in the closing form
    rf"[（(]\s*(?P<agency>{_AGENCY}|[\u4e00-\u9fff]{{2,8}}?(?:社|网|报|台))(?P<place>[\u4e00-\u9fff]{{0,6}}?)"
    r"(?P<date>(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日)电\s*[)）]\s*$"
)
_TIMESTAMP = re.compile(
    r"(?P<y>20\d{2}|19\d{2})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|(?=\s*(?:来源|星期|周[一二三四五六日天]|$|\||｜|[\u4e00-\u9fff]{0,6}报)))"
)
_DATE_ONLY_LINE = re.compile(r"^(?:20\d{2}|19\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CHROME = re.compile(
    r"^(?:关闭窗口|打印本页|打印|分享到|分享|责任编辑|编辑[：:]|来源[：:]|字号|关键词[：:]|"
    r"APP下载|打开.{1,8}(?:新闻|客户端)|查看更多图片|扫一扫|点击(?:查看|进入|阅读)|原标题|"
    r"【纠错】|返回顶部|上一篇|下一篇|相关新闻|推荐阅读|您所在的位置|当前位置|发布时间|"
    r"正文开始|傻大方摘要|责编|作者[：:]|图片来源|我来说两句|用户评论)"
)
CAPTION = re.compile(r"^(?:（图）|\(图\)|图[：:]|图片[：:])|(?:记者|新华社|摄影)[^。]{0,20}摄\s*$")
# 先后进行了八次集体学习…都发表了重要讲话: several occasions, none of them the report's event
_SEVERAL = re.compile(
    r"先后|多次|历次|每次|都发表|(?<![第届两二三四五六七八九十\d])[两二三四五六七八九十\d]+次(?!会议|全会)")
# 发表了二〇一七年新年贺词。全文如下： — what follows is the whole text of what he said
_FULL_TEXT = re.compile(r"(?:全文如下|全文|原文如下|讲话如下|内容如下)[：:]\s*$")
# a record titled 习近平在…上的讲话 (not …发表重要讲话, a report of it) holds the speech itself
_RECORD_SPEECH = re.compile(
    r"^(?:[（(【][^）)】]{1,8}[）)】])?习近平(?:同志|总书记|主席)?[：:\s]*(?:(?P<t>在[^。，]{2,80}?(?:上|时)的"
    r"(?:讲话|致辞|演讲|主旨演讲|发言|报告|答问))|《(?P<q>[^》]{4,80})》)$")
# 本期发表了习近平总书记的重要文章《…》: the work his words that follow come from
_ARTICLE = re.compile(r"(?:重要|署名)文章《(?P<title>[^》]{2,80})》")
_PHOTO = re.compile(r"(?:图为|上图|下图|左图|右图|图片为)")  # a caption inside a paragraph
_HEADING_ATTRIBUTION = re.compile(rf"^(?:{XI_REF.pattern})(?:要论|金句|论述|重要论述|语录|妙语|"
                                  r"谈|论|这样说|如是说)")
_EVENT = re.compile(
    r"(?P<verb>主持召开|主持|出席|参加|看望|考察|调研|视察|会见|会晤|会谈|通电话|致贺信|发来贺信|致信|回信|"
    r"作出重要指示|作出重要批示|发表了?(?:重要)?(?:视频)?(?:讲话|致辞|演讲|主旨演讲|署名文章)|"
    r"发表了?[^，。“”]{0,12}?贺词|发表了?[^，。“”]{0,24}?的(?:重要|署名)文章|"
    r"视频致辞|致辞|讲话|作了?(?:题为《[^》]{2,80}》的)?报告)"
)
_EVENT_KIND = (("贺信", "贺信"), ("贺词", "贺词"), ("致信", "信"), ("回信", "回信"),
               ("视频致辞", "视频致辞"), ("视频讲话", "视频讲话"), ("署名文章", "署名文章"),
               ("重要文章", "文章"),
               ("批示", "批示"), ("指示", "指示"), ("报告", "报告"), ("致辞", "致辞"),
               ("演讲", "演讲"),
               ("讲话", "讲话"), ("看望", "考察"), ("考察", "考察"), ("调研", "考察"),
               ("视察", "考察"), ("集体学习", "讲话"))
_OCCASION_NAME = (r"[^，。、“”\s\d]{2,40}?(?:会议|座谈会|大会|峰会|集体学习|论坛|开幕式|典礼|仪式|"
                  r"联组会|会见|博览会)")
_QUOTED_OCCASION = re.compile(rf"“(?P<occ>{_OCCASION_NAME})”")
_OCCASION_PATTERNS = (
    re.compile(rf"(?:出席|参加|主持召开|主持|向)(?P<occ>{_OCCASION_NAME})"),
    re.compile(rf"在(?P<occ>{_OCCASION_NAME})(?:上|时)"),
    re.compile(rf"(?P<occ>{_OCCASION_NAME})(?:\d{{1,2}}日(?:至\d{{1,2}}日)?)?在[^，。]{{2,12}}?"
               r"(?:召开|举行|举办|开幕)"),
    re.compile(r"(?P<occ>中共中央政治局[^，。]{0,30}?集体学习)"),
)
# A month-day (or day) with an optional year and an optional range end.
_MD = re.compile(
    r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日"
    r"(?:(?:至|到|-|—|～|~|和)(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日)?"
)
_YM = re.compile(r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月)?(?!\d{0,2}日)")
_DAY_ADVERB = re.compile(  # used with match(view, pos): no ^, which fails at pos > 0
    r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:至(?P<d2>\d{1,2})日)?"
    r"(?:上午|下午|晚上|晚间|晚|早上|中午|凌晨|一大早|清晨)?[，、]?"
)
_ENGLISH_CUE = re.compile(
    r"\b(?:Xi(?: Jinping)?|[Hh]e)\b[^.]{0,60}?\b(?:said|says|noted|pointed out|stressed|added|"
    r"suggested|vowed|urged|called for|emphasi[sz]ed|told|stated)\b|\b(?:said|noted|added) Xi\b"
)


@dataclass
class _Day:
    """A partial date: month and day known (year maybe), optionally a range end."""

    year: int | None
    month: int | None
    day: int | None
    month_end: int | None = None
    day_end: int | None = None


@dataclass
class _Event:
    kind: str | None
    occasion: str | None
    day: _Day | None
    title: str | None = None  # a work named with the event (发表…的重要文章《…》)


@dataclass
class _Doc:
    """What a document tells about its own time: the year basis, the dateline, the event."""

    year: int | None = None
    year_basis: str | None = None
    month: int | None = None
    day: int | None = None
    dateline: _Day | None = None
    event: _Event | None = None
    current: _Day | None = None
    event_at: int | None = None  # the paragraph that tells of the event
    warnings: list[ExtractionWarning] = field(default_factory=list)


@dataclass(frozen=True)
class _Para:
    lines: tuple[TextLine, ...]
    text: str
    starts: tuple[int, ...]  # offset in `text` where each line begins

    def line_at(self, offset: int) -> int:
        number = self.lines[0].number
        for line, start in zip(self.lines, self.starts, strict=True):
            if start <= offset:
                number = line.number
        return number


def _wrap_width(lines: list[TextLine]) -> int | None:
    """Return the column width of a hard-wrapped text, or None for one line per paragraph."""
    lengths = [len(ln.text) for ln in lines if len(ln.text) >= 20]
    if len(lengths) < 5:
        return None
    common = max(set(lengths), key=lengths.count)
    near = sum(1 for n in lengths if abs(n - common) <= 2)
    return common if near >= len(lengths) * 0.3 else None


def paragraphs(lines: list[TextLine]) -> list[_Para]:
    """Return the paragraphs: a line is its own paragraph unless the text is hard-wrapped."""
    width = _wrap_width(lines)
    out: list[_Para] = []
    run: list[TextLine] = []

    def flush() -> None:
        if run:
            starts, text = [], ""
            for ln in run:
                starts.append(len(text))
                text += ln.text
            out.append(_Para(tuple(run), text, tuple(starts)))
            run.clear()

    for line in lines:
        run.append(line)
        text = line.text
        wrapped = width is not None and len(text) >= width - 2 and not re.search(
            r"[。！？”」]$", text)
        if not wrapped:
            flush()
    flush()
    return out


def _is_english(text: str) -> bool:
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return letters >= 20 and letters > cjk * 3 and cjk < 40  # a Chinese sentence keeps it Chinese


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _first_day(view: str, *, month: int | None = None) -> _Day | None:
    for m in _MD.finditer(view):
        mo = _int(m.group("m")) or month
        if mo is None:
            continue
        return _Day(_int(m.group("y")), mo, int(m.group("d")),
                    _int(m.group("m2")) or (mo if m.group("d2") else None), _int(m.group("d2")))
    return None


def _last_day(view: str, *, month: int | None = None) -> _Day | None:
    found = None
    for m in _MD.finditer(view):
        mo = _int(m.group("m")) or month
        if mo is not None:
            found = _Day(_int(m.group("y")), mo, int(m.group("d")),
                         _int(m.group("m2")) or (mo if m.group("d2") else None),
                         _int(m.group("d2")))
    return found


def _year_for(doc: _Doc, month: int, day: int | None) -> tuple[int | None, str | None]:
    if doc.year is None:
        return None, None
    year = doc.year
    if doc.month is not None and (month, day or 1) > (doc.month, doc.day or 31):
        year -= 1  # 12月29日 in a report dated in January is last year's
    return year, doc.year_basis


def _landmark_year(occasion: str | None, day: _Day) -> int | None:
    if not occasion or day.month is None:
        return None
    occ = to_simplified(occasion)
    years = set()
    for name, iso in landmarks():
        if (name in occ or occ in name) and int(iso[5:7]) == day.month and (
                day.day is None or int(iso[8:10]) == day.day):
            years.add(int(iso[:4]))
    return years.pop() if len(years) == 1 else None


def _span(day: _Day, doc: _Doc, occasion: str | None = None) -> DateSpan | None:
    """Return the ISO span of a partial date, its year from the text, a landmark or the doc."""
    from tifa.extract.dates import _iso, _valid

    if day.month is None:
        return None
    year, basis, inferred = day.year, None, False
    if year is None and occasion:
        named = re.search(r"(\d{4})年", occasion)
        if named:
            year, basis, inferred = int(named.group(1)), "occasion", False
    if year is None:
        year = _landmark_year(occasion, day)
        basis, inferred = ("landmark", True) if year else (None, False)
    if year is None:
        year, basis = _year_for(doc, day.month, day.day)
        inferred = year is not None
    if year is None or not _valid(year, day.month, day.day):
        return None
    start = _iso(year, day.month, day.day)
    end = None
    if day.day_end is not None:
        m2 = day.month_end or day.month
        if _valid(year, m2, day.day_end):
            end = _iso(year, m2, day.day_end)
            end = end if end > start else None
    precision = "day" if day.day is not None else "month"
    return DateSpan(start, end, precision, inferred, basis if inferred else None)  # type: ignore[arg-type]


def _explicit_date(clause: str, doc: _Doc) -> DateSpan | bool | None:
    """Return the date a cue clause names itself (2017年10月，他在…; 27日，他主持… in the
    month the report is in; 昨天下午…), False if none."""
    relative = _relative_day(clause, doc)
    if relative is not None:
        return _span(relative, doc)
    lead = _MD.search(clause)
    base = doc.current or (doc.event.day if doc.event else None) or doc.dateline
    if lead and not (lead.group("m") or lead.group("y")) and base is not None and \
            base.month is not None:
        return _span(_Day(None, base.month, int(lead.group("d")),
                          base.month if lead.group("d2") else None, _int(lead.group("d2"))),
                     doc)
    m = _MD.search(clause)
    if m and (m.group("m") or m.group("y")):
        day = _first_day(clause)
        if day is not None:
            return _span(day, doc)
    ym = _YM.search(clause)
    if ym:
        from tifa.extract.dates import _iso, _valid

        y, mo = int(ym.group("y")), _int(ym.group("m"))
        if _valid(y, mo, None):
            return DateSpan(_iso(y, mo, None), None, "month" if mo else "year")
    return False


_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}
_RELATIVE_WORD = re.compile(r"今天|今日|昨天|昨日|前天|前日(?![（(]\d)")
# 昨(29)日, 前日(25日), 今（30）日: the relative day with its day of the month in brackets
_RELATIVE_NAMED = re.compile(r"(?:今|昨|前)(?:天|日)?\s*[（(]\s*(?P<d>\d{1,2})\s*日?\s*[)）]\s*日?")
_REPORTED_ON = re.compile(r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:报道|报导|电|讯|发布|消息)")


def _relative_day(text: str, doc: _Doc) -> _Day | None:
    """Return the day 今天/昨天/前天 names, counted from the report's own date: a
    `据新华社29日报导` in the text, else the dateline, else the page or record date."""
    named = _RELATIVE_NAMED.search(text)
    word = _RELATIVE_WORD.search(text)
    if not word and not named:
        return None
    import datetime as dt

    on = _REPORTED_ON.search(text)
    base = doc.dateline
    if on:
        month = _int(on.group("m")) or (base.month if base else None) or doc.month
        base = _Day(None, month, int(on.group("d")))
    elif base is None or base.month is None:
        base = _Day(None, doc.month, doc.day) if doc.month else None
    if base is None or base.month is None or base.day is None:
        return None
    if named:  # 昨(29)日 in a paper of 7月2日: the day is printed, the month is the base's or
        day_of = int(named.group("d"))  # the one before it
        month = base.month if day_of <= base.day else (base.month - 2) % 12 + 1
        return _Day(None, month, day_of)
    assert word is not None
    year = doc.year or 2000  # a leap year: only month and day are kept without one
    try:
        day = dt.date(year, base.month, base.day) - dt.timedelta(days=_RELATIVE[word.group(0)])
    except ValueError:
        return None
    return _Day(None, day.month, day.day)


def _kind(text: str) -> str | None:
    return next((kind for key, kind in _EVENT_KIND if key in text), None)


def _occasion(sentence: str, context: str) -> str | None:
    for text in (sentence, context):
        quoted = _QUOTED_OCCASION.search(text)
        if quoted:
            return quoted.group("occ")
        for pattern in _OCCASION_PATTERNS:
            m = pattern.search(text)
            if m:
                occ = m.group("occ").strip()
                occ = re.sub(r"^(?:本次|这次|此次|大会|会议)$", "", occ)
                occ = re.sub(r"(?:\d{1,2}日|昨天|今天|前天|昨日|今日|前日)(?:上午|下午|晚上|晚间)?",
                             "", occ)
                if occ:
                    return occ
    return None


def _scan_document_dates(paras: list[_Para], views: list[str], meta_date: str | None,
                         doc: _Doc) -> None:
    """Fill the year basis and the dateline from the whole text (and a record's date)."""
    if meta_date:
        m = _TIMESTAMP.search(meta_date + " 00:00") or re.match(
            r"(\d{4})-(\d{2})-(\d{2})", meta_date)
        if m:
            doc.year, doc.month, doc.day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            doc.year_basis = "record date"
    for view in views:
        d = DATELINE.match(view.lstrip("（( ")) or END_DATELINE.search(view)
        if d and doc.dateline is None:
            day = _first_day(d.group("date"), month=None)
            if day is None:
                only = re.match(r"(\d{1,2})日", d.group("date"))
                day = _Day(None, None, int(only.group(1))) if only else None
            doc.dateline = day
        elif d and doc.year is None and doc.dateline is not None:
            later = _first_day(d.group("date"))
            if later and later.year:  # （新华社2014年2月27日电） closing a report
                doc.year, doc.month, doc.day = later.year, later.month, later.day
                doc.year_basis = "dateline"
            continue
        if d and doc.dateline is not None:
            day = doc.dateline
            if day and day.year:
                doc.year, doc.month, doc.day = day.year, day.month, day.day
                doc.year_basis = "dateline"
    if doc.year is None:
        stamps = [tuple(int(x) for x in re.findall(r"\d+", t.group(0))[:3])
                  for view in views[:12] + views[-4:]
                  if (t := _TIMESTAMP.search(view) or _DATE_ONLY_LINE.match(view))]
        # a page shows the time it was viewed or reposted beside the time it was published:
        # the one just after the dateline is the report's own
        near = [t for t in stamps if doc.dateline and doc.dateline.month and
                0 <= _days_after(doc.dateline, t[1], t[2]) <= _REPOST_DAYS]
        if stamps:
            doc.year, doc.month, doc.day = (near or stamps)[0]
            doc.year_basis = "page date"
    if doc.dateline and doc.dateline.month and doc.year and doc.year_basis == "page date" and \
            _days_after(doc.dateline, doc.month, doc.day) > _REPOST_DAYS:
        doc.year = doc.month = doc.day = doc.year_basis = None  # a later copy: its date is no basis
    if doc.dateline and doc.dateline.month and doc.year and doc.year_basis != "dateline":
        doc.month, doc.day = doc.dateline.month, doc.dateline.day
        doc.year_basis = f"dateline+{doc.year_basis}"


_REPOST_DAYS = 45  # a page dated this long after its dateline is a later copy of the report


def _days_after(day: _Day, month: int | None, dom: int | None) -> int:
    """Days from a dateline's month-day to a page date's month-day in the same year (a page
    in January after a December dateline counts across the new year)."""
    if day.month is None or month is None:
        return 0
    span = (month - day.month) * 30 + ((dom or 1) - (day.day or 1))
    return span + 365 if span < -300 else span


def _chrome_kind(view: str, raw: str) -> str | None:
    if _CHROME.match(view) or _CHROME.match(raw.strip()):
        return "site chrome"
    if CAPTION.search(view):
        return "photo caption"
    if view.count(">") >= 2 or view.count("|") >= 3 or view.count("｜") >= 3:
        return "navigation"
    if (_TIMESTAMP.search(view) or _DATE_ONLY_LINE.match(view)) and len(view) < 80 and \
            not re.search(r"[。！]", view):
        return "page date"
    return None


def _event_from(sentence: str, context: str, doc: _Doc, month: int | None) -> _Event | None:
    m = _EVENT.search(sentence)
    if not m or not XI_REF.search(sentence) or _PHOTO.match(sentence) or \
            _SEVERAL.search(sentence):
        return None
    vague = re.search(r"近日|日前", sentence)
    own = DATELINE.sub("", sentence.lstrip("（( "), count=1)  # the dateline dates the report
    day = _relative_day(sentence, doc) if not vague else None
    if day is None and not vague:
        day = _first_day(own, month=month)
    if day is None and not vague:
        day = _last_day(context, month=month) or doc.current or doc.dateline
    if day is not None and day.month is None and doc.dateline is not None:
        day = _Day(day.year, doc.dateline.month, day.day, day.month_end, day.day_end)
    work = _ARTICLE.search(sentence)
    return _Event(_kind(sentence[m.start():]), _occasion(sentence, context), day,
                  work.group("title") if work else None)


def _dateline_month(doc: _Doc) -> int | None:
    return doc.dateline.month if doc.dateline else doc.month


def segment_reported(path: str, lines: list[TextLine], *, meta_title: str | None = None,
                     meta_date: str | None = None) -> Segmentation:
    """Return a text's paragraphs, Xi's words among them attributed by their cues."""
    paras = paragraphs(lines)
    views = [parse_view(strip_markup(p.text)) for p in paras]
    doc = _Doc()
    _scan_document_dates(paras, [v for v, _ in views], meta_date, doc)
    context = ""
    for number, (para, (view, _)) in enumerate(zip(paras, views, strict=True)):
        # the event, wherever the lead is
        if not _is_english(para.text) and _chrome_kind(view, para.text) in (None,
                                                                            "photo caption"):
            _update_event(view, context, doc)
            context = view
            if doc.event is not None and doc.event_at is None:
                doc.event_at = number
    references = {m.group(1): ref for view, _ in views
                  if (m := re.match(r"^\[(\d{1,3})\]", view)) and (ref := parse_reference(view))}
    segments: list[Segment] = []
    origin: list[int] = []  # the paragraph each segment comes from
    warnings: list[ExtractionWarning] = []
    speaker = None
    open_speech = False
    heading_mode = False
    # a record's title, else a page's headline (（现场实录）习近平…在…时的讲话), names the speech
    speech_title = record_speech_title(meta_title or (views[0][0] if views else None))
    told_by = _quotations_told_after([v for v, _ in views], doc)
    full_text = speech_title is not None
    in_full_text = False  # a paragraph of the full text has been read
    en_current = False
    for number, (para, (view, offsets)) in enumerate(zip(paras, views, strict=True)):
        origin.extend([number - 1] * (len(segments) - len(origin)))
        first_line = para.lines[0].number
        chrome = _chrome_kind(view, para.text)
        if _is_english(para.text):
            xi_en = bool(_ENGLISH_CUE.search(para.text)) and (
                "Xi" in para.text or en_current)
            en_current = xi_en or (en_current and not re.search(r"\b(?:said|noted)\b",
                                                                 para.text))
            citation = _citation_for(doc, None, False) if xi_en else None
            segments.append(Segment(para.text, first_line, para.lines[-1].number, None,
                                    citation, speaker="习近平" if xi_en else None, lang="en"))
            open_speech = False
            continue
        if DATELINE.match(view.lstrip("（( ")) and len(segments) > 0 and heading_mode:
            heading_mode = False
        if chrome is not None:
            if chrome == "site chrome" and in_full_text:
                full_text = False  # 责任编辑 / 相关新闻 after the text: the speech is over
            _track_days(view, doc)
            warnings.append(ExtractionWarning(
                "chrome", path, first_line, f"{chrome} dropped: {para.text[:30]}"))
            continue
        if _HEADING_ATTRIBUTION.match(view) and len(view) <= 20:
            heading_mode = True
            warnings.append(ExtractionWarning(
                "heading", path, first_line, f"heading attributes what follows: {view}"))
            continue
        _track_days(view, doc)
        utterances, speaker, ends_open = find_utterances(view, speaker)
        reporting = doc.event is not None or doc.dateline is not None
        if not utterances and open_speech and reporting and continues_speech(view):
            utterances = [Utterance(0, len(view), "xi", "indirect", 0, False)]
            ends_open = True
        if not utterances and heading_mode and not XI_REF.search(view):
            utterances = [Utterance(0, len(view), "xi", "colon", 0, True)]
        if full_text and in_full_text and not _in_full_text(view):
            full_text = False  # a closing dateline, or a paragraph telling of him: it is over
        if not utterances and full_text and _in_full_text(view):
            utterances = [Utterance(0, len(view), "xi", "colon", 0, False)]
        cue_date: DateSpan | bool | None = False
        if not utterances and number in told_by:
            start = view.index("“") + 1
            utterances = [Utterance(start, view.rindex("”"), "xi", "after", 0, False)]
            following = views[told_by[number]][0]
            if opens_with_after_cue(following):
                cue_date = _explicit_date(following[:sentences(following)[0][1]], doc)
        if utterances and full_text and utterances[0].style == "colon" and \
                utterances[0].start == 0:
            segments.extend(_full_text_segments(para, view, offsets, doc, speech_title))
            in_full_text = True
            continue
        if _FULL_TEXT.search(view) and (XI_REF.search(view) or doc.event is not None):
            full_text = True
        open_speech = ends_open
        if doc.dateline is None and 0 < number < (doc.event_at or 0) and doc.event and \
                number not in told_by and \
                doc.event.day and doc.event.day.year:
            # a retrospective feature (its occasion printed with its year) quoting him before
            # it tells of that occasion: those words are not the occasion's
            utterances = [replace(u, past=True) for u in utterances]
        found = _segments(para, view, offsets, utterances, doc, references)
        if isinstance(cue_date, DateSpan):
            found = [replace(f, citation=replace(f.citation, date=cue_date)) if f.citation
                     else f for f in found]
        segments.extend(found)
    if not any(s.speaker for s in segments) and not any(w.kind == "no_citation"
                                                        for w in warnings):
        warnings.append(ExtractionWarning(
            "no_citation", path, None, "no attribution cue found; passages are unattributed"))
    origin.extend([len(paras) - 1] * (len(segments) - len(origin)))
    _link_translations(segments, [len(paras[i].text) for i in origin], origin)
    title = meta_title or (strip_markup(lines[0].text) if lines else None)
    genre = "news_report" if (doc.dateline or doc.event) else (
        "commentary" if any(s.speaker for s in segments) else "unknown")
    date = None
    if doc.event and doc.event.day:
        span = _span(doc.event.day, doc, doc.event.occasion)
        date = span.start if span else None
    return Segmentation(genre, title, date, None, tuple(segments),  # type: ignore[arg-type]
                        tuple(warnings + doc.warnings))


_MAX_QUOTE_RUN = 3
_SPEECH_EVENT = ("讲话", "致辞", "演讲", "报告")


def _quotations_told_after(views: list[str], doc: _Doc) -> dict[int, int]:
    """Return {paragraph: the paragraph that tells who said it} for paragraphs that are one
    quotation each, followed (after at most three such) by one that names Xi as the speaker
    (10月23日，习近平…庄严宣示) or that tells of the speech he gave (an editorial opening with
    his words, then …习近平总书记发表重要讲话).
    """
    told: dict[int, int] = {}
    n = 0
    while n < len(views):
        if not is_whole_quotation(views[n]):
            n += 1
            continue
        j = n
        while j < len(views) and is_whole_quotation(views[j]):
            j += 1
        speech_told = doc.event is not None and doc.event_at == j and \
            doc.event.kind in _SPEECH_EVENT
        if j < len(views) and j - n <= _MAX_QUOTE_RUN and (
                opens_with_after_cue(views[j]) or speech_told):
            told.update({k: j for k in range(n, j)})
        n = j
    return told


def record_speech_title(meta_title: str | None) -> str | None:
    """Return the speech a record's title says it holds (习近平在…上的讲话 → 在…上的讲话)."""
    if not meta_title:
        return None
    m = _RECORD_SPEECH.match(to_simplified(meta_title.strip()))
    return (m.group("t") or m.group("q")) if m else None


def _in_full_text(view: str) -> bool:
    """True if a paragraph of a full text is his: not one telling of him, not a dateline."""
    return not (XI_REF.search(view) or DATELINE.match(view.lstrip("（(【 ")) or
                END_DATELINE.search(view))


def _full_text_segments(para: _Para, view: str, offsets: list[int], doc: _Doc,
                        title: str | None) -> list[Segment]:
    """Return a paragraph of a full text as one passage of the speech the document holds."""
    citation = _citation_for(doc, False, False)
    if title:
        kind, occasion = kind_and_occasion(title)
        citation = replace(citation, title=title, kind=kind or citation.kind,
                           occasion=occasion or citation.occasion)
    return [Segment(para.text.strip(), para.lines[0].number, para.lines[-1].number, None,
                    citation, speaker="习近平")]


def _track_days(view: str, doc: _Doc) -> None:
    for s, e in sentences(view):
        m = _DAY_ADVERB.match(view, s, e)
        if m and (m.group("m") or doc.current or doc.dateline or doc.event):
            base = doc.current or (doc.event.day if doc.event else None) or doc.dateline
            month = _int(m.group("m")) or (base.month if base else None)
            if month is not None:
                doc.current = _Day(None, month, int(m.group("d")),
                                   month if m.group("d2") else None, _int(m.group("d2")))


def _update_event(view: str, context: str, doc: _Doc) -> None:
    """Note the report's main event: the first sentence saying what Xi did, and when."""
    if doc.event is not None and doc.event.day is not None:
        return
    for s, e in sentences(view):
        event = _event_from(view[s:e], view[:s] or context, doc, _dateline_month(doc))
        if event is None:
            continue
        if doc.event is None:
            doc.event = event
        elif event.day is not None:  # a headline named the event; the lead dates it
            doc.event = _Event(doc.event.kind or event.kind,
                               doc.event.occasion or event.occasion, event.day,
                               doc.event.title or event.title)
        if doc.event.day is not None:
            return


def _citation_for(doc: _Doc, explicit: DateSpan | bool | None, past: bool) -> Citation:
    if explicit is not False:
        return Citation(None, explicit if isinstance(explicit, DateSpan) else None,
                        None, None, None)
    if past or doc.event is None:
        return Citation(None, None, None, None, None)
    day = doc.current or doc.event.day
    span = _span(day, doc, doc.event.occasion) if day else None
    kind, occasion = doc.event.kind, doc.event.occasion
    if occasion:
        occasion = strip_pinyin(occasion)
    return Citation(doc.event.title, span, kind, occasion, None)


_FOOTNOTE = re.compile(
    r"^[”’」』]?\s*(?:\[(?P<n>\d{1,3})\](?:\s*[(（]\s*P\s*(?P<p>\d+(?:\s*[-—–]\s*\d+)?)\s*[)）])?"
    r"|[(（]\d{1,2}[)）]\s*(?:(?P<author>习近平)\s*[:：]\s*)?"
    r"(?P<inline>《(?P<work>[^》]{2,100})》[^。；]{0,60}?第\s*\d+(?:\s*[-—–]\s*\d+)?\s*页))"
)


def _footnote(after: str) -> re.Match[str] | None:
    return _FOOTNOTE.match(to_simplified(strip_pinyin(after)))


def footnote_publication(after: str, references: dict[str, PublicationRecord]
                         ) -> PublicationRecord | None:
    """Return the work a footnote right after a quotation cites: [2](P52) or (2)《…》…第84页."""
    m = _footnote(after)
    if not m:
        return None
    if m.group("inline"):
        return parse_publication(m.group("inline"))
    ref = references.get(m.group("n") or "")
    if ref is None:
        return None
    page = re.sub(r"\s*[—–]\s*", "-", m.group("p")) if m.group("p") else ref.pages
    return replace(ref, pages=page)


def footnote_title(after: str) -> str | None:
    """Return the speech a footnote names as his own work: (1)习近平：《…的报告》，…第1页."""
    m = _footnote(after)
    return m.group("work") if m and m.group("author") else None


def _segments(para: _Para, view: str, offsets: list[int], utterances: list[Utterance],
              doc: _Doc, references: dict[str, PublicationRecord]) -> list[Segment]:
    """Cut a paragraph into passages: Xi's words, and the text around them unattributed."""
    out: list[Segment] = []
    cursor = 0

    def plain(a: int, b: int) -> None:
        text = para.text[a:b].strip(" \u3000，,、")
        letters = len(re.sub(r"[\W_]+", "", text))
        if utterances and (letters < 20 or not re.search(r"[。！？.!?]", text)):
            return  # the cue around Xi's words (习近平指出，), not a passage of its own
        if letters >= 2:
            out.append(Segment(text, para.line_at(a), para.line_at(max(b - 1, a)), None, None))

    for u in sorted(utterances, key=lambda u: u.start):
        a = offsets[u.start]
        b = offsets[u.end - 1] + 1 if u.end > u.start else a
        if a < cursor:
            continue
        plain(cursor, a)
        clause = view[u.cue_start:u.start]
        explicit = _explicit_date(clause, doc)
        if explicit is False and PAST.search(clause):
            explicit = None
        citation = _citation_for(doc, explicit, u.past)
        pub = footnote_publication(para.text[b:b + 200], references)
        if pub is not None:
            citation = replace(citation, publication=pub)
            work = footnote_title(para.text[b:b + 200])
            if work and citation.title is None:
                kind, occasion = kind_and_occasion(work)
                citation = replace(citation, title=work, kind=citation.kind or kind,
                                   occasion=citation.occasion or occasion)
        text = para.text[a:b].strip()
        out.append(Segment(text, para.line_at(a), para.line_at(b - 1), None, citation,
                           speaker="习近平"))
        cursor = b
    plain(cursor, len(para.text))
    return out


def _link_translations(segments: list[Segment], lengths: list[int], origin: list[int]) -> None:
    """Point each English segment at the Chinese paragraph next to it that it translates.

    `lengths[i]` is the length of the paragraph segment i comes from, `origin[i]` its index;
    an English paragraph runs about three times the characters of its Chinese original.
    """
    for i, seg in enumerate(segments):
        if seg.lang != "en":
            continue
        best, best_gap = None, 0.0
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(segments) and origin[j] == origin[i]:
                j += step
            if not (0 <= j < len(segments)) or segments[j].lang != "zh":
                continue
            first = j if step > 0 else min(k for k in range(len(segments))
                                           if origin[k] == origin[j])
            ratio = lengths[i] / max(lengths[j], 1)
            gap = abs(ratio - 3.2)
            if 1.5 <= ratio <= 6.0 and (best is None or gap < best_gap):
                best, best_gap = first, gap
        if best is not None:
            segments[i] = Segment(seg.text, seg.line_start, seg.line_end, seg.topic,
                                  seg.citation, seg.speaker, seg.speaker_position, "en", best)
