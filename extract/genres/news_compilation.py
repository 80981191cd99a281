"""News compilations (学习进行时 …): passages each followed by a ——date，occasion attribution."""

from __future__ import annotations

import re

from tifa.extract.cite import parse_attribution
from tifa.extract.layout import (
    SPEAKER_NAME,
    TextLine,
    ends_sentence,
    join_paragraphs,
    strip_markup,
)
from tifa.extract.normalize import remove_justify_spaces

from tifa.records import Citation, ExtractionWarning, Segment, Segmentation

ATTRIBUTION = re.compile(
    r"^\s*[—－\-]{1,3}\s*(?:[0-9０-９〇一二三四五六七八九]{4}\s*年|\d{1,2}\s*月"
    r"|《[^》]{2,80}》\s*[(（]\s*[0-9０-９〇一二三四五六七八九]{4}\s*年)"
)
# 论述摘编 chapter headings: 一、科技创新是…的战略支撑 (no sentence end)
_NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\s*[^。！？]{2,40}$")
# An attribution run into the text of a flattened page (no line breaks left):
# "…提供给你呢 ——2018年5月28日,在…上的讲话11. 篱笆墙要加大…".
INLINE_ATTRIBUTION = re.compile(
    r"[—－]{2}\s*(?:[0-9０-９〇一二三四五六七八九]{4}\s*年)[^—－]{0,90}?"
    r"(?:讲话|发言|贺信|贺词|致辞|指示|批示|回信|演讲|报告|谈话|文章|信)(?:\s*[(（]节选[)）])?"
)
_ITEM_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.．、]\s*")
_CHUNK_GAP = re.compile(r"(?<=[^\sA-Za-z0-9])\s+(?=[^\sA-Za-z0-9])")
_SECTION = re.compile(r"^\*\*(?P<t>[^*]{1,30})\*\*$|^#{2,6}\s*(?P<h>.{1,30})$")
_EDITOR_NOTE = re.compile(r"^>|编前语|编者按")


def inline_attributions(text: str) -> list[re.Match[str]]:
    """Return the attributions run into a flattened line (none for an ordinary line)."""
    if len(text) < 120:
        return []
    found = list(INLINE_ATTRIBUTION.finditer(text))
    return found if len(found) >= 2 else []


def _flattened(path: str, line: TextLine, speaker: str | None,
               warnings: list[ExtractionWarning]) -> list[Segment]:
    """Return the passages of one flattened line: the last chunk before each attribution is
    the excerpt; earlier chunks (leads, headings) and unnumbered tails are unattributed."""
    out: list[Segment] = []
    text, cursor, n = line.raw or line.text, 0, line.number

    def loose(piece: str) -> None:
        for chunk in _CHUNK_GAP.split(piece):
            if chunk.strip(" 。"):
                out.append(Segment(remove_justify_spaces(chunk.strip()), n, n, None, None))

    for m in inline_attributions(text):
        piece = text[cursor:m.start()]
        item = _ITEM_NUMBER.match(piece)
        if item:
            piece = piece[item.end():]
        chunks = [c for c in _CHUNK_GAP.split(piece.strip()) if c.strip()]
        if chunks:
            if item:
                quote = " ".join(chunks)
            else:
                loose(" ".join(chunks[:-1]))
                quote = chunks[-1]
            out.append(Segment(remove_justify_spaces(quote.strip()), n, n, None,
                               parse_attribution(m.group(0)),
                               speaker=speaker))
        cursor = m.end()
    tail = text[cursor:]
    item = _ITEM_NUMBER.match(tail)
    if item and tail[item.end():].strip(" 。"):
        out.append(Segment(remove_justify_spaces(tail[item.end():].strip()), n, n, None,
                           Citation(None, None, None, None, None), speaker=speaker))
        warnings.append(ExtractionWarning(
            "no_citation", path, n, "last item of a compilation has no attribution"))
    elif tail.strip(" 。"):
        loose(tail)
    return out


def segment_news_compilation(path: str, lines: list[TextLine]) -> Segmentation:
    """Return the passages of a news compilation with their attributions and sections."""
    warnings: list[ExtractionWarning] = []
    segments: list[Segment] = []
    first = lines[0].text if lines else ""
    title = strip_markup(first) if first.startswith("#") or (
        len(first) <= 40 and not ends_sentence(first) and not ATTRIBUTION.match(first)
        and not _NUMBERED_HEADING.match(first) and len(lines) > 1) else None
    speaker = "习近平" if title and SPEAKER_NAME.search(title) else None
    topic: str | None = None
    pending: list[TextLine] = []
    if not speaker and any(SPEAKER_NAME.search(ln.text) for ln in lines[:5]):
        speaker = "习近平"
    for line in lines[1 if title else 0:]:
        text = line.text
        if inline_attributions(text):
            segments.extend(_flattened(path, line, speaker, warnings))
            continue
        section = _SECTION.match(text) or _NUMBERED_HEADING.match(text)
        if section:
            if pending:
                warnings.append(ExtractionWarning(
                    "no_citation", path, pending[0].number, "text with no attribution after it"))
                segments.append(Segment(join_paragraphs(pending), pending[0].number,
                                        pending[-1].number, topic, None))
                pending = []
            topic = (section.groupdict().get("t") or section.groupdict().get("h")
                     or section.group(0)).strip()
            continue
        if _EDITOR_NOTE.search(text) and not pending and not segments:
            continue
        if ATTRIBUTION.match(text):
            citation = parse_attribution(text)
            if citation is None or citation.problem:
                problem = citation.problem if citation else "unreadable attribution"
                warnings.append(ExtractionWarning("bad_date", path, line.number, problem or ""))
            if not pending:
                warnings.append(ExtractionWarning(
                    "citation_without_text", path, line.number, "attribution follows no text"))
                continue
            segments.append(Segment(join_paragraphs(pending), pending[0].number,
                                    pending[-1].number, topic, citation))
            pending = []
            continue
        pending.append(TextLine(line.number, strip_markup(text)))
    if pending:
        warnings.append(ExtractionWarning(
            "no_citation", path, pending[0].number, "text with no attribution after it"))
        segments.append(Segment(join_paragraphs(pending), pending[0].number,
                                pending[-1].number, topic, None))
    return Segmentation("news_compilation", title, None, speaker, tuple(segments),
                        tuple(warnings))
