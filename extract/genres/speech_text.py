"""Full speech texts.

A speech text opens with its title, a bracketed date line ((2016年4月19日)) and often the
speaker's name; every paragraph after that is a passage of that speech. (News reports are
read for attribution cues: `genres.news_report`.)
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
from tifa.extract.normalize import fold_width, parse_view, strip_pinyin, to_simplified

from tifa.records import Citation, ExtractionWarning, Segment, Segmentation

DATE_LINE = re.compile(r"^[(（]\s*[0-9〇零一二三四五六七八九十]{4}\s*年[^()（）]{0,30}[)）]$")
_HEADER_LINES = 8


def _header_view(line: TextLine) -> str:
    """Return a header line as its parsers read it: no pinyin, one width, no doubled marks."""
    return re.sub(r"[,，、]{2,}", "，", fold_width(strip_pinyin(line.text))).strip()


def _is_date_line(line: TextLine) -> bool:
    """True if a header line is the speech's bracketed date line ((2016年4月19日))."""
    # Such a line starts with its bracket: a paragraph is not read through for it.
    return line.text.lstrip()[:1] in "(（" and bool(DATE_LINE.match(_header_view(line)))


def _is_dateline(text: str) -> bool:
    from tifa.extract.genres.news_report import DATELINE, END_DATELINE  # as in segment_speech

    view = parse_view(text)[0]
    return bool(DATELINE.match(view.lstrip("（( ")) or END_DATELINE.search(view))


_FLAT_HEADER = re.compile(
    r"(?P<title>在[^。，“”（）]{2,60}?(?:讲话|致辞|演讲|发言|报告))\s*"
    r"(?P<date>（\s*\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?）)\s*(?P<name>习近平)?")
_TITLE = re.compile(r"^在.{2,80}(?:讲话|致辞|演讲|发言|报告)$")


def split_flat_header(lines: list[TextLine]) -> list[TextLine]:
    """Return the lines with a speech header flattened onto one line split into its parts.

    Web copies print `全文 在…时的讲话 (2022年10月25日) 习近平 学习宣传…` on one line:
    title, date line, speaker and the first paragraph become lines of their own (same line
    number), so the speech header reads as it does when printed line by line.
    """
    for n, line in enumerate(lines[:_HEADER_LINES]):
        if _is_date_line(line):
            return lines
        view, offsets = parse_view(line.text)
        m = _FLAT_HEADER.search(view)
        if m is None or len(view) - m.end() < 10:
            continue

        def at(i: int, text: str = line.text, offs: list[int] = offsets) -> int:
            return offs[i] if i < len(offs) else len(text)

        parts = [line.text[at(m.start(g)):at(m.end(g))] for g in ("title", "date", "name")
                 if m.group(g)]
        parts.append(line.text[at(m.end()):])
        split = [TextLine(line.number, part.strip(), line.indented, line.raw)
                 for part in parts if part.strip()]
        return lines[:n] + split + lines[n + 1:]
    return lines


def has_speech_header(lines: list[TextLine]) -> bool:
    """True if a text opens like a full speech: a title, then a bracketed date line."""
    return any(_is_date_line(ln) for ln in lines[1:_HEADER_LINES])


def segment_speech(path: str, lines: list[TextLine]) -> Segmentation:
    """Return the paragraphs of a full speech text, all attributed to the speech it is.

    The header is a title (one or more lines; a dateline above it is not part of it), a
    bracketed date line, and often the speaker's name; pinyin annotations and doubled
    punctuation of web copies are read through.
    """
    # imported here, not with the module: `segment._segment_view` says why
    from tifa.extract.genres.news_report import CAPTION

    warnings: list[ExtractionWarning] = []
    views = [_header_view(ln) for ln in lines[:_HEADER_LINES]]
    date_at = next((i for i, v in enumerate(views) if DATE_LINE.match(v)), None)
    if date_at is None:
        return Segmentation("speech", None, None, None, (), ())
    title_lines = [strip_pinyin(strip_markup(ln.text)) for ln, v in
                   zip(lines[:date_at], views[:date_at], strict=True)
                   if not _is_dateline(ln.text)]
    if date_at and _TITLE.match(to_simplified(views[date_at - 1])):
        title_lines = [strip_pinyin(strip_markup(lines[date_at - 1].text))]  # a whole title
    body = [ln for ln in lines[date_at + 1:]
            if not (CAPTION.search(parse_view(ln.text)[0]) and len(ln.text) < 200)]
    for ln in lines[date_at + 1:]:
        if ln not in body:
            warnings.append(ExtractionWarning("chrome", path, ln.number,
                                              f"photo caption dropped: {ln.text[:30]}"))
    title = "".join(title_lines).strip("《》 ") or None
    if title:
        title = re.sub(r"([,，、])[,，、]+", r"\1", title)
    date = parse_date(views[date_at])
    body_start = 0
    speaker = None
    if body and SPEAKER_NAME.fullmatch(to_simplified(_header_view(body[0]).replace(" ", ""))):
        speaker = "习近平"
        body_start = 1
    kind, occasion = kind_and_occasion(to_simplified(title) if title else None)
    if occasion and title and to_simplified(title) != title:
        occasion = None  # keep the occasion as printed: re-derive it from the printed title
        kind2, occasion = kind_and_occasion(title.replace("講話", "讲话"))
        kind = kind or kind2
    citation = Citation(title=title, date=date, kind=kind, occasion=occasion, publication=None)
    segments = tuple(
        Segment(join_paragraphs(p), p[0].number, p[-1].number, None, citation, speaker=speaker)
        for p in split_paragraphs(body[body_start:])
    )
    return Segmentation("speech", title, None, speaker, segments, tuple(warnings))
