"""Chinese dates → ISO strings with precision (day|month|year), ranges and inferred years.

Handles 2014年2月27日, 二〇一九年, 2019年8月 (month precision), 2013年8月28日-31日,
4月20日至21日 and 2020年3月29日-4月1日 (ranges), 2013年6月19日、2014年5月19日 (a list:
the first date, the others in `DateSpan.others`, never a range), spaces inside dates
(2015 年 9 月 22 日), full-width digits, and a month-day with no year when the caller
supplies the year (then flagged as inferred).
"""

from __future__ import annotations

import calendar
import re

from tifa.records import DateSpan

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9０-９〇零○一二三四五六七八九十]"
_SP = r"[ \u3000]*"
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _part(p: str) -> str:
    year = rf"(?P<{p}y>{_NUM}{{4}}){_SP}年"
    month = rf"(?P<{p}m>{_NUM}{{1,3}}){_SP}月"
    day = rf"(?P<{p}d>{_NUM}{{1,3}}){_SP}[日号]"
    return rf"(?:{year}{_SP})?(?:{month}{_SP})?(?:{day})?"


_DATE_RE = re.compile(
    rf"(?=[0-9０-９〇零○一二三四五六七八九十])(?P<a>{_part('a')})"
    rf"(?:{_SP}(?P<sep>[-－—–~～至到、]|和){_SP}(?P<b>{_part('b')}))?"
)


def cn_number(text: str) -> int | None:
    """Return the integer value of Arabic, full-width or Chinese numerals (二〇一九, 二十三)."""
    text = text.translate(_WIDE_DIGITS).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text) if text.isascii() else None  # ² and other digit-like marks
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head, -1) if head else 1
        ones = _CN_DIGITS.get(tail, -1) if tail else 0
        if tens < 0 or ones < 0 or len(head) > 1 or len(tail) > 1:
            return None
        return tens * 10 + ones
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _valid(y: int, m: int | None, d: int | None) -> bool:
    if not 1900 <= y <= 2100:
        return False
    if m is None:
        return d is None
    if not 1 <= m <= 12:
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


def _iso(y: int, m: int | None, d: int | None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _fields(match: re.Match[str], p: str) -> tuple[int | None, int | None, int | None]:
    def num(key: str) -> int | None:
        raw = match.group(p + key)
        return cn_number(raw) if raw else None

    return num("y"), num("m"), num("d")


def _candidates(text: str) -> list[re.Match[str]]:
    return [m for m in _DATE_RE.finditer(text) if m.group("am") or m.group("ay")]


def _span(match: re.Match[str], year: int | None) -> DateSpan | None:
    ay, am, ad = _fields(match, "a")
    inferred = False
    if ay is None:
        if year is None or am is None:
            return None
        ay, inferred = year, True
    if not _valid(ay, am, ad):
        return None
    precision = "day" if ad is not None else "month" if am is not None else "year"
    start = _iso(ay, am, ad)
    end = None
    if match.group("b") and match.group("sep"):
        by, bm, bd = _fields(match, "b")
        if by is None and bm is None and bd is None:
            return DateSpan(start, None, precision, inferred)  # type: ignore[arg-type]
        by = by if by is not None else ay
        if bm is None and bd is not None:
            bm = am
        if not _valid(by, bm, bd):
            return None
        end = _iso(by, bm, bd if bm is not None else None)
        if end < start:
            return None
        if match.group("sep") in ("、", "和"):
            # 2013年6月19日、2014年5月19日: two occasions, not a year-long range
            return DateSpan(start, None, precision, inferred,  # type: ignore[arg-type]
                            others=(end,))
    return DateSpan(start, end, precision, inferred)  # type: ignore[arg-type]


def parse_date(text: str, *, year: int | None = None) -> DateSpan | None:
    """Return the first valid date (or range) in `text`, or None.

    `year` fills in a missing year (4 月 19 日); the result is then marked inferred.
    An impossible date (2月30日) is None: see `date_problem` for the reason.
    """
    for match in _candidates(text):
        span = _span(match, year)
        if span is not None:
            return span
    return None


def date_problem(text: str, *, year: int | None = None) -> str | None:
    """Return why the first date-shaped string in `text` is not a valid date, or None."""
    for match in _candidates(text):
        ay, am, ad = _fields(match, "a")
        ay = ay if ay is not None else year
        if ay is None:
            continue
        if not _valid(ay, am, ad):
            return f"impossible date {match.group(0).strip()!r}"
        if match.group("b") and match.group("sep") and _span(match, ay) is None:
            return f"impossible date range {match.group(0).strip()!r}"
        return None
    return None

