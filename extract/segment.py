"""Detect a source's genre and split it into passages with their citations."""

from __future__ import annotations

from collections.abc import Callable

from tifa.extract.genres.commentary import inline_quotes, segment_commentary
from tifa.extract.genres.excerpt_book import is_citation_start, segment_excerpt_book
from tifa.extract.genres.news_compilation import ATTRIBUTION, segment_news_compilation
from tifa.extract.genres.newspaper_page import BYLINE, EDITOR_SIGNATURE, segment_newspaper_page
from tifa.extract.genres.speech_text import (
    DATE_LINE,
    DATELINE,
    segment_news_report,
    segment_speech,
)
from tifa.extract.layout import TextLine, join_paragraphs, split_paragraphs

from tifa.records import ExtractionWarning, Genre, Segment, Segmentation

Segmenter = Callable[[str, list[TextLine]], Segmentation]


def detect_genre(lines: list[TextLine]) -> Genre:
    """Return the genre of a source from its layout: citations, attributions, bylines …"""
    if not lines:
        return "unknown"
    citations = sum(1 for i in range(len(lines)) if is_citation_start(lines, i))
    attributions = sum(1 for ln in lines if ATTRIBUTION.match(ln.text))
    bylines = sum(1 for ln in lines if BYLINE.match(ln.raw or ln.text))
    signed_note = any(EDITOR_SIGNATURE.search(ln.text) for ln in lines)
    if citations >= 3 and citations >= attributions:
        return "excerpt_book"
    if attributions >= 2:
        return "news_compilation"
    if bylines >= 1 and (signed_note or bylines >= 2):
        return "newspaper_page"
    if any(DATELINE.match(ln.text) for ln in lines[:6]):
        return "news_report"
    if any(DATE_LINE.match(ln.text) for ln in lines[:8]):
        return "speech"
    if any(inline_quotes(ln.text) for ln in lines):
        return "commentary"
    if citations or attributions:
        return "excerpt_book" if citations >= attributions else "news_compilation"
    return "unknown"


def segment_unknown(path: str, lines: list[TextLine]) -> Segmentation:
    """Return the paragraphs of a text with no recognisable citations, each unattributed."""
    segments = tuple(
        Segment(join_paragraphs(p), p[0].number, p[-1].number, None, None)
        for p in split_paragraphs(lines)
    )
    warning = ExtractionWarning("no_citation", path, None,
                                "no citations or attributions found; passages are unattributed")
    return Segmentation("unknown", None, None, None, segments, (warning,))


SEGMENTERS: dict[Genre, Segmenter] = {
    "excerpt_book": segment_excerpt_book,
    "news_compilation": segment_news_compilation,
    "newspaper_page": segment_newspaper_page,
    "commentary": segment_commentary,
    "speech": segment_speech,
    "news_report": segment_news_report,
    "unknown": segment_unknown,
}


def segment(path: str, lines: list[TextLine], *, genre: Genre | None = None) -> Segmentation:
    """Return the passages of a source, detecting its genre unless one is given."""
    return SEGMENTERS[genre or detect_genre(lines)](path, lines)
