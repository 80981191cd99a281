"""Newspaper pages of seminar speeches: headline + byline per speech, column-wrapped bodies.

The page (e.g. 理论研讨会发言摘编) opens with an editor's note that states the meeting and
its date, usually without a year (4 月 19 日); the year is inferred from anniversaries the
note names (讲话发表 5 周年) against a table of landmark speeches, and flagged as inferred.
Each article runs from its first line to its byline (position + name); the headline is the
line just above the byline. An article whose byline is missing keeps speaker and title null.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from tifa.extract.dates import parse_date
from tifa.extract.layout import TextLine, ends_sentence, join_paragraphs

from tifa.records import Citation, DateSpan, ExtractionWarning, Segment, Segmentation

_POSITION_WORDS = (
    "主任|副主任|部长|副部长|主席|副主席|校长|副校长|院士|顾问|教授|研究员|书记|副书记|社长|"
    "总编辑|局长|副局长|所长|院长|副院长|委员|成员|理事长|会长|董事长|总经理|主编"
)
BYLINE = re.compile(
    rf"^(?P<position>[\u4e00-\u9fff，、,（）()]{{4,40}}?(?:{_POSITION_WORDS}))\s+"
    r"(?P<name>[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3})$"
)
EDITOR_SIGNATURE = re.compile(r"[—－]{1,2}\s*编\s*者\s*$")
MEETING = re.compile(
    r"(?:召开|举行|举办)(?P<occ>[^，。；]{4,60}?(?:研讨会|座谈会|会议|论坛|报告会))"
)
ANNIVERSARY = re.compile(r"(?P<event>[^，。、]{4,40}?)(?:重要讲话)?发表\s*(?P<n>\d{1,2})\s*周年")
SPEECH_KIND = "发言"


@lru_cache(maxsize=1)
def landmarks() -> tuple[tuple[str, str], ...]:
    """Return (occasion, ISO date) of landmark speeches used to date anniversaries."""
    text = resources.files("tifa.extract").joinpath("data/landmarks.yaml").read_text("utf-8")
    return tuple((item["occasion"], str(item["date"])) for item in yaml.safe_load(text))


def infer_year(text: str) -> int | None:
    """Return the year implied by "X…发表 N 周年" mentions of landmark speeches, or None.

    When several anniversaries are named they must agree; otherwise the year is unknown.
    """
    years = set()
    for m in ANNIVERSARY.finditer(text):
        event = m.group("event")
        for occasion, date in landmarks():
            if occasion in event:
                years.add(int(date[:4]) + int(m.group("n")))
                break
    return years.pop() if len(years) == 1 else None


def _editor_note(lines: list[TextLine]) -> tuple[int, int] | None:
    """Return the (first, last) index of the editor's note signed ——编者, or None."""
    for end, line in enumerate(lines):
        if EDITOR_SIGNATURE.search(line.text):
            start = end
            while start > 0 and not ends_sentence(lines[start - 1].text) and not (
                lines[start - 1].text.startswith(("——", "—"))
            ):
                start -= 1
            return start, end
    return None


def _meeting(note: str, path: str, line: int) -> tuple[str | None, DateSpan | None,
                                                        list[ExtractionWarning]]:
    warnings: list[ExtractionWarning] = []
    occasion = MEETING.search(note)
    date = parse_date(note)
    if date is None:
        year = infer_year(note)
        date = parse_date(note, year=year) if year else None
        if date is None and parse_date(note, year=2000) is not None:
            warnings.append(ExtractionWarning(
                "date_without_year", path, line, "meeting date has no year and none could be "
                "inferred"))
    return (occasion.group("occ") if occasion else None), date, warnings


def segment_newspaper_page(path: str, lines: list[TextLine]) -> Segmentation:
    """Return each seminar speech's paragraphs with its headline, speaker and meeting date."""
    warnings: list[ExtractionWarning] = []
    note = _editor_note(lines)
    occasion: str | None = None
    date: DateSpan | None = None
    problems: list[ExtractionWarning] = []
    page_title = None
    skip: set[int] = set()
    if note:
        first, note_end = note
        note_text = "".join(ln.text for ln in lines[first:note_end + 1])
        occasion, date, problems = _meeting(note_text, path, lines[first].number)
        skip.update(range(first, note_end + 1))
        # The page headline and its ——subtitle stand just above the note.
        head = first - 1
        while head >= 0 and head >= first - 2 and not ends_sentence(lines[head].text):
            skip.add(head)
            head -= 1
        titles = [lines[i].text for i in sorted(skip) if i < first]
        page_title = "".join(titles).strip() or None
    warnings.extend(problems)

    articles: list[list[TextLine]] = [[]]
    bylines: list[tuple[str, str, str | None] | None] = []
    for i, line in enumerate(lines):
        if i in skip:
            if articles[-1]:
                bylines.append(None)
                articles.append([])
            continue
        m = BYLINE.match(line.raw or line.text)
        if m and articles[-1]:
            last = articles[-1][-1].text
            is_headline = len(last) <= 32 and not re.search(r"[。！？]$", last)
            headline_line = articles[-1].pop() if is_headline else None
            name = re.sub(r"\s+", "", m.group("name"))
            bylines.append((name, m.group("position").strip(),
                            headline_line.text if headline_line else None))
            articles.append([])
            continue
        if line.indented and articles[-1]:
            bylines.append(None)
            articles.append([])
        articles[-1].append(line)
    bylines.append(None)

    segments: list[Segment] = []
    for body, byline in zip(articles, bylines, strict=True):
        if not body:
            continue
        speaker, position, headline = byline if byline else (None, None, None)
        if byline is None:
            warnings.append(ExtractionWarning(
                "no_byline", path, body[0].number, "speech with no headline or byline"))
        citation = Citation(title=headline, date=date, kind=SPEECH_KIND, occasion=occasion,
                            publication=None)
        for paragraph in _paragraphs(body):
            segments.append(Segment(
                text=join_paragraphs(paragraph), line_start=paragraph[0].number,
                line_end=paragraph[-1].number, topic=page_title, citation=citation,
                speaker=speaker, speaker_position=position,
            ))
    return Segmentation(
        "newspaper_page", page_title, None, None, tuple(segments), tuple(warnings)
    )


def _paragraphs(body: list[TextLine]) -> list[list[TextLine]]:
    """Split column text into paragraphs: a sentence end on a line shorter than the column."""
    widths = sorted(len(line.text) for line in body)
    column = widths[len(widths) // 2] if widths else 0
    out: list[list[TextLine]] = [[]]
    for line in body:
        out[-1].append(line)
        if re.search(r"[。！？][”」]?$", line.text) and len(line.text) < column * 0.9:
            out.append([])
    return [p for p in out if p]
