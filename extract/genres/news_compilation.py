"""News compilations (学习进行时 …): passages each followed by a ——date，occasion attribution."""

from __future__ import annotations

import re

from tifa.extract.cite import parse_attribution
from tifa.extract.layout import SPEAKER_NAME, TextLine, join_paragraphs, strip_markup

from tifa.records import ExtractionWarning, Segment, Segmentation

ATTRIBUTION = re.compile(
    r"^\s*[—－\-]{1,3}\s*(?:[0-9０-９〇一二三四五六七八九]{4}\s*年|\d{1,2}\s*月)"
)
_SECTION = re.compile(r"^\*\*(?P<t>[^*]{1,30})\*\*$|^#{2,6}\s*(?P<h>.{1,30})$")
_EDITOR_NOTE = re.compile(r"^>|编前语|编者按")


def segment_news_compilation(path: str, lines: list[TextLine]) -> Segmentation:
    """Return the passages of a news compilation with their attributions and sections."""
    warnings: list[ExtractionWarning] = []
    segments: list[Segment] = []
    title = strip_markup(lines[0].text) if lines and lines[0].text.startswith("#") else None
    speaker = "习近平" if title and SPEAKER_NAME.search(title) else None
    topic: str | None = None
    pending: list[TextLine] = []
    for line in lines[1 if title else 0:]:
        text = line.text
        section = _SECTION.match(text)
        if section:
            if pending:
                warnings.append(ExtractionWarning(
                    "no_citation", path, pending[0].number, "text with no attribution after it"))
                segments.append(Segment(join_paragraphs(pending), pending[0].number,
                                        pending[-1].number, topic, None))
                pending = []
            topic = (section.group("t") or section.group("h")).strip()
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
