"""Excerpt books (论述摘编): excerpts each followed by a bibliographic citation, under topics.

A citation may be split over up to four lines (《标题》 / (2016年4月19日)，习近平《书》，
出版社 / 2020年版，第183页); the longest run of lines that parses as one complete citation
wins. The text since the previous citation or heading is the excerpt it cites.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tifa.extract.cite import parse_citation
from tifa.extract.dates import parse_date
from tifa.extract.layout import (
    SPEAKER_NAME,
    TextLine,
    ends_sentence,
    join_paragraphs,
    split_paragraphs,
)
from tifa.extract.normalize import fold_width

from tifa.records import Citation, ExtractionWarning, Segment, Segmentation

MAX_CITATION_LINES = 4
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+[章编部分]|[一二三四五六七八九十]{1,3}、)\s*\S"
)
_TOC_ENTRY = re.compile(r"(?:^[-*•]\s)|(?:[(（]\d+[)）]|\.{3,}\s*\d+|\s\d{1,3})\s*$")
_PAGES = r"(?:\s*,\s*第\s*\d+\s*(?:-\s*\d+\s*)?页)?"
_PUBLICATION = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,4})?《[^》]+》\s*(?:第[一二三四五六七八九十\d]+卷|\((?:上|中|下)\))?"
    rf"\s*,\s*[\u4e00-\u9fff]{{2,12}}出版社\s*\d{{4}}\s*年\s*版{_PAGES}$"
    r"|^《[^》]+》\s*\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$"
    r"|^《[^》]+》\s*(?:杂志)?\s*\d{4}\s*年\s*第\s*\d+\s*期$"
    rf"|^[\u4e00-\u9fff]{{2,12}}出版社\s*(?:单行本|\d{{4}}\s*年\s*版)\s*{_PAGES}$"
)
_PREFACE_DATE = re.compile(
    r"^[〇零一二三四五六七八九十\d]{4}\s*年\s*[〇一二三四五六七八九十\d]{1,3}\s*月$"
)


def is_heading(text: str) -> bool:
    """Return True for a topic heading (一、… / 第一章 …) that is not a table-of-contents entry."""
    return bool(_HEADING.match(text)) and len(text) <= 40 and not ends_sentence(text) and not (
        _TOC_ENTRY.search(text)
    )


def _complete(block: str) -> bool:
    """Return True if the part after the date is empty or a whole publication reference."""
    folded = fold_width(block)
    close = folded.find(")", folded.find("("))
    rest = folded[close + 1:].strip() if close >= 0 else ""
    if not rest:
        return True
    if not rest.startswith(","):
        return False
    return bool(_PUBLICATION.match(rest[1:].strip()))


def match_citation(lines: list[TextLine], i: int) -> tuple[Citation, int] | None:
    """Return the citation starting at line i and how many lines it spans, or None."""
    best: tuple[Citation, int] | None = None
    block = ""
    for k in range(MAX_CITATION_LINES):
        if i + k >= len(lines):
            break
        text = lines[i + k].text
        if k and (len(text) > 90 or ends_sentence(text) or is_heading(text)):
            break
        if block and text[:1] == block[-1:] and text[1:2] in "》）),，":
            text = text[1:]  # a character repeated across the line break by the conversion
        block += text
        citation = parse_citation(block)
        if citation is not None and _complete(block):
            best = (citation, k + 1)
    return best


def is_citation_start(lines: list[TextLine], i: int) -> bool:
    """Return True if a citation starts at line i."""
    return match_citation(lines, i) is not None


def _front_matter_end(lines: list[TextLine]) -> int:
    """Return the index of the first body line: the first topic heading, else the first text."""
    for i, line in enumerate(lines):
        if is_heading(line.text):
            return i
        if match_citation(lines, i):
            break
    # No headings before the first citation: skip the title lines (short, no sentence).
    i = 0
    while i < len(lines) and len(lines[i].text) <= 30 and not ends_sentence(lines[i].text):
        if match_citation(lines, i):
            break
        i += 1
    return i


def book_title(lines: list[TextLine]) -> str | None:
    """Return the title on the first lines (习近平 / 关于网络强国论述摘编 → one title)."""
    head = []
    for ln in lines[:6]:
        if is_heading(ln.text) or len(ln.text) > 30 or ends_sentence(ln.text):
            break
        head.append(ln.raw or ln.text)
    if not head:
        return None
    title = ""
    for raw in head[:3]:
        text = raw.replace(" ", "")
        if title and (re.search(r"(\s编|出版社|说明|目录)$", raw) or len(title + text) > 40):
            break
        title += text
    return title


def preface_date(lines: list[TextLine]) -> str | None:
    """Return the compiled date signed under the book's preface (二〇二一年一月), or None."""
    for line in lines:
        if is_heading(line.text):
            break
        if _PREFACE_DATE.match(line.text.replace(" ", "")):
            span = parse_date(line.text)
            if span:
                return span.start
    return None


@dataclass(frozen=True)
class BookState:
    """Where the excerpt reader stands before line `at`: the topic (last heading read),
    whether no excerpt has been cut yet (`first_run`), and the lines read since the last
    citation or heading (`pending`). It is all a block of the book carries in."""

    at: int
    topic: str | None = None
    first_run: bool = True
    pending: tuple[TextLine, ...] = ()


def read_excerpts(path: str, lines: list[TextLine], state: BookState, stop: int | None = None,
                  *, final: bool = True) -> tuple[list[Segment], list[ExtractionWarning],
                                                  BookState]:
    """Read the excerpts of `lines` from `state` until line index `stop` (the end: None);
    return the segments cut, the warnings and the state after them (`final`: the text still
    pending at the end is cut too). A citation that starts before `stop` may run past it."""
    warnings: list[ExtractionWarning] = []
    segments: list[Segment] = []
    topic, first_run = state.topic, state.first_run
    pending: list[TextLine] = list(state.pending)
    end = len(lines) if stop is None else stop
    i = state.at

    def flush(citation: Citation | None, cite_line: int | None) -> None:
        nonlocal pending, first_run
        if not pending:
            if citation is not None:
                warnings.append(ExtractionWarning(
                    "citation_without_text", path, cite_line, "citation follows no excerpt"))
            return
        runs = [pending]
        if first_run and topic is None and citation is not None:
            # A lead before the first citation of an untitled book: its last paragraph is
            # the cited excerpt, the paragraphs above it are an uncited summary.
            paragraphs = split_paragraphs(pending)
            runs = paragraphs if len(paragraphs) > 1 else [pending]
        for n, run in enumerate(runs):
            cited = citation if n == len(runs) - 1 else None
            if cited is None:
                warnings.append(ExtractionWarning(
                    "no_citation", path, run[0].number, "text with no citation after it"))
            segments.append(Segment(
                text=join_paragraphs(run), line_start=run[0].number,
                line_end=run[-1].number, topic=topic, citation=cited,
            ))
        pending = []
        first_run = False

    while i < end:
        line = lines[i]
        if is_heading(line.text):
            flush(None, None)
            topic = heading_topic(line.text)
            i += 1
            continue
        found = match_citation(lines, i)
        if found:
            citation, span = found
            if citation.problem:
                warnings.append(ExtractionWarning(
                    "bad_date", path, line.number, f"{citation.problem} in citation"))
            flush(citation, line.number)
            i += span
            continue
        pending.append(line)
        i += 1
    if final:
        flush(None, None)
    return segments, warnings, BookState(i, topic, first_run, tuple(pending))


def heading_topic(text: str) -> str:
    """Return the topic a heading line names (its text without spaces)."""
    return re.sub(r"\s+", "", text)


def book_head(lines: list[TextLine]) -> tuple[str | None, str | None, int]:
    """Return what an excerpt book's first lines decide for the whole book: its title, its
    speaker (习近平 when the title names him) and the index of its first body line."""
    title = book_title(lines)
    speaker = "习近平" if title and SPEAKER_NAME.search(title) else None
    return title, speaker, _front_matter_end(lines)


# Reads the excerpts from a state to the end: `read_excerpts`, or the same in blocks.
ExcerptReader = Callable[[str, list[TextLine], BookState],
                         tuple[list[Segment], list[ExtractionWarning]]]


def _read_all(path: str, lines: list[TextLine], state: BookState
              ) -> tuple[list[Segment], list[ExtractionWarning]]:
    segments, warnings, _ = read_excerpts(path, lines, state)
    return segments, warnings


def segment_excerpt_book(path: str, lines: list[TextLine], *,
                         read: ExcerptReader = _read_all) -> Segmentation:
    """Return the excerpts of an excerpt book, each with its citation and topic (`read`
    reads them after the front matter: at once, or in blocks, `extract.blocks`)."""
    title, speaker, start = book_head(lines)
    segments, warnings = read(path, lines, BookState(start))
    return Segmentation(
        genre="excerpt_book", title=title, date=preface_date(lines[:start]), speaker=speaker,
        segments=tuple(segments), warnings=tuple(warnings),
    )
