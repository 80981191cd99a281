"""Parse citations and attributions: speech title, date, kind, occasion; publication and pages.

Inputs are the text as printed (justify spaces already removed); parsing happens on a
half-width copy of equal length so titles come back exactly as printed. Every function
returns None or null fields for what the text does not state.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tifa.extract.dates import date_problem, parse_date
from tifa.extract.normalize import fold_width

from tifa.records import Citation, PublicationRecord

KINDS = (
    "讲话要点", "书面讲话", "讲话", "贺信", "贺词", "致辞", "指示", "批示", "答问", "演讲",
    "说明", "报告", "回信", "复信", "发言", "谈话", "文章", "序言", "题词", "训词", "信",
)
_KIND_RE = "|".join(KINDS)
_OCCASION_PATTERNS = (
    re.compile(
        rf"^在(?P<occ>.+?)(?:上|时|期间|中)?(?:关于.+?)?的(?:视频|书面)?(?P<kind>{_KIND_RE})$"
    ),
    re.compile(rf"^致(?P<occ>.+?)的(?P<kind>{_KIND_RE})$"),
    re.compile(rf"^对(?P<occ>.+?)(?:作出|做出)?的(?P<kind>{_KIND_RE})$"),
    re.compile(rf"^(?:关于)?(?P<occ>.+?)的(?P<kind>{_KIND_RE})$"),
)
_NEWSPAPERS = (
    "人民日报", "光明日报", "解放军报", "经济日报", "中国青年报", "学习时报", "人民日报海外版",
)
_VOLUME = re.compile(r"第[一二三四五六七八九十\d]+卷|\((?:上|中|下)\)|(?:上|中|下)册")
_PAGES = re.compile(r"第\s*(\d+)\s*(?:[-－—–~至]\s*(\d+)\s*)?页")
_PUBLISHER = re.compile(r"([\u4e00-\u9fff]{2,12}?出版社)")
_EDITION_YEAR = re.compile(r"(\d{4})\s*年\s*版|出版社\s*[,，]\s*(\d{4})\s*年")
# GB/T 7714 references: [1]习近平.论党的宣传思想工作[M].北京:中央文献出版社,2020:183.
_REFERENCE = re.compile(
    r"^\s*(?:\[\d+\]\s*)?(?:(?P<author>[^.．\[\]]{1,20})[.．])?(?P<title>[^\[\]]+?)"
    r"\[(?P<type>M|J|N|Z|EB/OL)\][.．]\s*(?:(?P<place>[^:：,，]{2,8})[:：])?"
    r"(?P<pub>[^,，:：]+?)[,，]\s*(?P<year>\d{4})(?:[^:：]*?[:：]\s*(?P<pages>\d+(?:-\d+)?))?"
)
# Blocks whose parse is kept: a book's genre is detected from the same lines its excerpts
# are then read from, so each candidate block is parsed twice. Longer blocks (never a
# citation: it has at most 260 characters) are not kept, so the cache stays small.
CACHED_BLOCKS = 4096
_CACHED_CHARS = 600
_SENTENCE_END = re.compile(r"[。！？!?;；]")
_DATE_GROUP = re.compile(r"\(([^()]{4,60})\)")
_DATE_CHARS = re.compile(r"[\d〇零一二三四五六七八九十廿卅\s年月日号、,\-－—–~至和]+")
_DOUBLED_OPEN = re.compile(r"([（(])[（(]")
_DOUBLED_CLOSE = re.compile(r"([）)])[）)]")
_LOST_OPEN_TITLE = re.compile(r"^([^《》（(]{2,120})》[（(]")


def kind_and_occasion(title: str | None) -> tuple[str | None, str | None]:
    """Return (kind, occasion) stated by a speech title such as 在…会议上的讲话, else Nones."""
    if not title:
        return None, None
    for pattern in _OCCASION_PATTERNS:
        m = pattern.match(title)
        if m:
            occasion = m.group("occ").strip()
            if pattern is _OCCASION_PATTERNS[-1]:
                # "关于…的说明", "…的讲话": the kind is stated, no occasion is.
                return m.group("kind"), None
            return m.group("kind"), occasion or None
    return None, None


def parse_pages(text: str) -> str | None:
    """Return the page or page range (`183` or `183-184`) of a citation, or None."""
    m = _PAGES.search(text)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)


def parse_publication(text: str) -> PublicationRecord | None:
    """Return the publication part of a citation (after the date), or None if there is none."""
    printed = text.strip().strip(",，").strip()
    text = fold_width(printed)
    if not text:
        return None
    pages = parse_pages(text)
    title_m = re.search(r"《([^》]+)》", text)
    title = printed[title_m.start(1):title_m.end(1)].strip() if title_m else None
    after = text[title_m.end():] if title_m else text
    if title_m:
        issue = re.match(r"\s*(?:杂志)?\s*(\d{4})\s*年\s*第\s*(\d+)\s*期", after)
        if issue or "杂志" in after[:4]:
            year = int(issue.group(1)) if issue else None
            return PublicationRecord(
                title=title, year=year, pages=pages, kind="journal",
                issue=f"{issue.group(1)}年第{issue.group(2)}期" if issue else None,
            )
        issue_date = parse_date(after[:20]) if re.match(r"\s*\d{4}\s*年", after) else None
        if issue_date is not None or title in _NEWSPAPERS:
            return PublicationRecord(
                title=title, year=issue_date.year if issue_date else None, pages=pages,
                issue_date=issue_date.start if issue_date else None, kind="newspaper",
            )
    volume_m = _VOLUME.search(after)
    publisher_m = _PUBLISHER.search(after)
    year_m = _EDITION_YEAR.search(after)
    edition_year = next((g for g in year_m.groups() if g), None) if year_m else None
    volume = volume_m.group(0).strip("()") if volume_m else None
    return PublicationRecord(
        title=title,
        volume=volume,
        publisher=publisher_m.group(1) if publisher_m else None,
        year=int(edition_year) if edition_year else None,
        pages=pages,
        kind="book",
    )


def parse_reference(text: str) -> PublicationRecord | None:
    """Return the work a GB/T 7714 reference names ([1]习近平.题名[M].北京:出版社,2017:41.)."""
    m = _REFERENCE.match(fold_width(text))
    if not m:
        return None
    kind = {"M": "book", "J": "journal", "N": "newspaper"}.get(m.group("type"))
    return PublicationRecord(
        title=m.group("title").strip(), publisher=m.group("pub").strip(),
        year=int(m.group("year")), pages=m.group("pages"), kind=kind,  # type: ignore[arg-type]
    )


def _strip_brackets(title: str) -> tuple[str, bool]:
    title = title.strip().strip(",，").strip()
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1].strip(), True
    if title.startswith("《") and title.endswith("》"):
        inner = title[1:-1]
        if inner.count("《") == inner.count("》"):
            return inner.strip(), True
    return title, False


def _balanced(text: str) -> bool:
    return text.count("《") == text.count("》") and text.count("(") == text.count(")")


def repair_brackets(text: str) -> str:
    """Return a citation with OCR bracket slips mended: （（ doubled, a title's lost 《."""
    text = _DOUBLED_OPEN.sub(r"\1", text)
    text = _DOUBLED_CLOSE.sub(r"\1", text)
    if _LOST_OPEN_TITLE.match(text):
        text = "《" + text
    return text


def parse_citation(text: str) -> Citation | None:
    """Return the citation in a block like 《标题》(2014年2月27日),《书》第一卷,…,第199页.

    The block must be a whole citation: a title (with or without 《》; without them it
    must name its kind, 在…的讲话), a bracketed date, and optionally a publication. Text
    that is not such a block (a sentence, an unbalanced fragment) gives None.
    """
    # No bracket, or a sentence end: no citation (mending brackets adds neither).
    if ("(" not in text and "（" not in text) or _SENTENCE_END.search(text):
        return None
    return _parse_block(text) if len(text) <= _CACHED_CHARS else _parse_block.__wrapped__(text)


@lru_cache(maxsize=CACHED_BLOCKS)
def _parse_block(text: str) -> Citation | None:
    text_in = text
    printed = repair_brackets(text.strip())
    text = fold_width(printed)
    if not text or len(text) > 260 or _SENTENCE_END.search(text) or not _balanced(text):
        return None
    for m in _DATE_GROUP.finditer(text):
        inside = m.group(1)
        span = parse_date(inside)
        problem = None if span else date_problem(inside)
        if span is None and problem is None:
            continue
        if not _DATE_CHARS.fullmatch(inside):
            continue
        raw_title = printed[: m.start()]
        rest = printed[m.end():].strip()
        if rest and not rest.startswith((",", "，")):
            return None
        title, bracketed = _strip_brackets(raw_title) if raw_title.strip() else (None, False)
        if title is not None and not _balanced(title):
            return None
        kind, occasion = kind_and_occasion(title)
        if title and not bracketed and kind is None:
            return None
        if title and len(title) > 120:
            return None
        return Citation(
            title=title or None,
            date=span,
            kind=kind,
            occasion=occasion,
            publication=parse_publication(rest) if rest else None,
            problem=problem,
            mended=printed != text_in.strip(),
        )
    return None


def parse_attribution(text: str) -> Citation | None:
    """Return the citation in a news-compilation attribution: ——2014年2月27日，在…的讲话."""
    printed = text.strip()
    text = fold_width(printed)
    m = re.match(r"^[—\-－–]{1,3}\s*(?P<body>.+)$", text)
    if not m:
        return None
    body = printed[m.start("body"):].strip()
    if body.startswith("《"):  # ——《在中国科学院考察工作时的讲话》(2013年7月17日)
        return parse_citation(body)
    span = parse_date(body)
    problem = None if span else date_problem(body)
    date_m = re.match(
        r"^[\d\s年月日号、\-－—–~至和]+[,，]?\s*", body
    )
    if span is None and problem is None:
        return None
    title: str | None = (body[date_m.end():] if date_m else body).strip().strip(",，。 ") or None
    kind, occasion = kind_and_occasion(title)
    pub = None
    if title and re.search(r"《[^》]+》\s*\d{4}", title):
        pub = parse_publication(title[title.index("《"):])
        title = title[: title.index("《")].strip(",， ") or None
    return Citation(title=title, date=span, kind=kind, occasion=occasion, publication=pub,
                    problem=problem)
