"""Detect a source's genre and split it into passages with their citations."""

from __future__ import annotations

from collections.abc import Callable

from tifa.extract.genres.commentary import (
    article_publication,
    inline_quotes,
    segment_commentary,
)
from tifa.extract.genres.excerpt_book import (
    ExcerptReader,
    match_citation,
    segment_excerpt_book,
)
from tifa.extract.genres.news_compilation import (
    ATTRIBUTION,
    inline_attributions,
    segment_news_compilation,
)
from tifa.extract.genres.newspaper_page import BYLINE, EDITOR_SIGNATURE, segment_newspaper_page
from tifa.extract.genres.speech_text import has_speech_header, segment_speech, split_flat_header
from tifa.extract.layout import TextLine, join_paragraphs, split_paragraphs
from tifa.extract.printed import restore_segmentation, view_lines

from tifa.records import ExtractionWarning, Genre, Segment, Segmentation

Segmenter = Callable[[str, list[TextLine]], Segmentation]


def detect_genre(lines: list[TextLine]) -> Genre:
    """Return the genre of a source from its layout: citations, attributions, bylines …"""
    if not lines:
        return "unknown"
    # one citation per line it ends on: a header (title lines, then a date line) read from
    # each of its lines is still one citation
    citations = len({i + found[1] for i in range(len(lines))
                     if (found := match_citation(lines, i)) is not None})
    attributions = sum(1 for ln in lines if ATTRIBUTION.match(ln.text)) + sum(
        len(inline_attributions(ln.text)) for ln in lines)
    bylines = sum(1 for ln in lines if BYLINE.match(ln.raw or ln.text))
    signed_note = any(EDITOR_SIGNATURE.search(ln.text) for ln in lines)
    if citations >= 3 and citations >= attributions:
        return "excerpt_book"
    if attributions >= 2:
        return "news_compilation"
    if bylines >= 1 and (signed_note or bylines >= 2):
        return "newspaper_page"
    if has_speech_header(lines):
        return "speech"
    if any(inline_quotes(ln.text) for ln in lines) and article_publication(lines):
        return "commentary"
    if citations or attributions:
        return "excerpt_book" if citations >= attributions else "news_compilation"
    return "news_report"


def segment_plain(path: str, lines: list[TextLine]) -> Segmentation:
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
}


def segment(path: str, lines: list[TextLine], *, genre: Genre | None = None,
            meta_title: str | None = None, meta_date: str | None = None,
            excerpts: ExcerptReader | None = None) -> Segmentation:
    """Return the passages of a source, detecting its genre unless one is given.

    Texts with citations, attribution lines, bylines or a speech header have a segmenter of
    their own; every other text (news reports, features, commentaries, web pages) is read for
    attribution cues (`genres.news_report`), and one with no cue at all is kept as
    unattributed paragraphs. A record's title and date (`meta_*`) inform the year.
    Everything is read in the lines' script view (Traditional text as simplified,
    `printed.view_lines`) and handed back as printed. `excerpts` reads an excerpt book's
    excerpts after its front matter (`extract.blocks.read_book`: in blocks).
    """
    lines = split_flat_header(lines)
    view = view_lines(lines)
    found = _segment_view(path, view, genre=genre, meta_title=meta_title, meta_date=meta_date,
                          excerpts=excerpts)
    return restore_segmentation(found, lines, view)


def _segment_view(path: str, lines: list[TextLine], *, genre: Genre | None,
                  meta_title: str | None, meta_date: str | None,
                  excerpts: ExcerptReader | None = None) -> Segmentation:
    chosen = genre or detect_genre(lines)
    if chosen == "excerpt_book" and excerpts is not None:
        return segment_excerpt_book(path, lines, read=excerpts)
    if chosen in SEGMENTERS and not (meta_title and chosen == "commentary"):
        return SEGMENTERS[chosen](path, lines)
    if not lines:
        return segment_plain(path, lines)
    # imported when a text needs it: the news report's reader and the reported-speech cues
    # it reads with compile 45 patterns (18 ms), which a corpus of other genres never uses
    from tifa.extract.genres.news_report import segment_reported

    result = segment_reported(path, lines, meta_title=meta_title, meta_date=meta_date)
    if chosen == "unknown" and genre is None:
        return result
    if not any(s.speaker for s in result.segments):
        plain = segment_plain(path, lines)
        return Segmentation(result.genre if genre is None else chosen, plain.title,
                            result.date, None, plain.segments, plain.warnings)
    if genre is not None:
        return Segmentation(chosen, result.title, result.date, result.speaker,
                            result.segments, result.warnings)
    return result
