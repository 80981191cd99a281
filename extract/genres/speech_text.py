"""Full speech texts and news reports.

A speech text opens with its title, a bracketed date line ((2016年4月19日)) and often the
speaker's name; every paragraph after that is a passage of that speech. A news report opens
with a dateline (新华社北京2月28日电); its paragraphs are passages of the event it reports,
dated by the dateline (year from the text, else inferred from a full date in it, else null).
"""

from __future__ import annotations

import re

from tifa.extract.cite import kind_and_occasion
from tifa.extract.dates import parse_date
from tifa.extract.layout import (
    SPEAKER_NAME,
    TextLine,
    join_paragraphs,
    split_paragraphs,
    strip_markup,
)

from tifa.records import Citation, DateSpan, ExtractionWarning, Segment, Segmentation

DATELINE = re.compile(
    r"^(?P<agency>新华社|新华网|人民网|央视网|中新社)(?P<place>[\u4e00-\u9fff]{2,4}?)"
    r"(?P<date>(?:\d{4}年)?\d{1,2}月\d{1,2}日)电"
)
DATE_LINE = re.compile(r"^[(（]\s*[0-9〇零一二三四五六七八九十]{4}\s*年[^()（）]{0,30}[)）]$")
REPORTED_EVENT = re.compile(
    r"(?:主持召开|出席|在)(?P<occ>[^，。]{4,50}?(?:会议|座谈会|大会|峰会|集体学习|论坛|开幕式))"
    r"(?:并发表重要讲话|上发表重要讲话|时发表重要讲话|并讲话)"
)


def segment_speech(path: str, lines: list[TextLine]) -> Segmentation:
    """Return the paragraphs of a full speech text, all attributed to the speech it is."""
    warnings: list[ExtractionWarning] = []
    date_at = next((i for i, ln in enumerate(lines[:8]) if DATE_LINE.match(ln.text)), None)
    if date_at is None:
        return Segmentation("speech", None, None, None, (), ())
    title = "".join(strip_markup(ln.text) for ln in lines[:date_at]).strip("《》 ") or None
    date = parse_date(lines[date_at].text)
    body_start = date_at + 1
    speaker = None
    if body_start < len(lines) and SPEAKER_NAME.fullmatch(lines[body_start].text.replace(" ", "")):
        speaker = "习近平"
        body_start += 1
    kind, occasion = kind_and_occasion(title)
    citation = Citation(title=title, date=date, kind=kind, occasion=occasion, publication=None)
    segments = tuple(
        Segment(join_paragraphs(p), p[0].number, p[-1].number, None, citation, speaker=speaker)
        for p in split_paragraphs(lines[body_start:])
    )
    return Segmentation("speech", title, None, speaker, segments, tuple(warnings))


def segment_news_report(path: str, lines: list[TextLine]) -> Segmentation:
    """Return the paragraphs of a news report, attributed to the event its dateline dates."""
    warnings: list[ExtractionWarning] = []
    start = next((i for i, ln in enumerate(lines) if DATELINE.match(ln.text)), 0)
    title = strip_markup(lines[0].text) if start > 0 else None
    m = DATELINE.match(lines[start].text)
    full_text = "".join(ln.text for ln in lines)
    date: DateSpan | None = None
    if m:
        date = parse_date(m.group("date"))
        if date is None:
            year_m = re.search(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", full_text)
            date = parse_date(m.group("date"), year=int(year_m.group(1))) if year_m else None
            if date is None:
                warnings.append(ExtractionWarning(
                    "date_without_year", path, lines[start].number,
                    "dateline has no year and the text gives none"))
    event = REPORTED_EVENT.search(full_text)
    speaker = "习近平" if SPEAKER_NAME.search(full_text[:300]) else None
    citation = Citation(
        title=None, date=date, kind="讲话" if event else None,
        occasion=event.group("occ") if event else None, publication=None,
    )
    segments = tuple(
        Segment(join_paragraphs(p), p[0].number, p[-1].number, None, citation, speaker=speaker)
        for p in split_paragraphs(lines[start:])
    )
    return Segmentation("news_report", title, date.start if date else None, speaker,
                        segments, tuple(warnings))
