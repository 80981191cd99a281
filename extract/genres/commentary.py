"""Commentary articles: every quotation attributed inline to Xi (习近平总书记强调，“…”“…”)."""

from __future__ import annotations

import re

from tifa.extract.dates import parse_date
from tifa.extract.layout import TextLine, strip_markup
from tifa.extract.normalize import fold_width

from tifa.records import Citation, PublicationRecord, Segment, Segmentation

SPEAKER = re.compile(r"习近平(?:总书记|同志|主席)?")
VERB = re.compile(
    r"(?:深刻|明确|多次|反复|进一步|郑重)?(?:强调|指出|提出|作出了?|说|要求|表示|宣布|阐述)"
)
QUOTE = re.compile(r"“([^“”]{6,})”")
MIN_QUOTE = 6
_SOURCE_LINE = re.compile(r"^《\s*(?P<paper>[^》]+?)\s*》\s*[(（]\s*(?P<rest>[^)）]+)[)）]\s*$")
_MAX_GAP = 60


def article_publication(lines: list[TextLine]) -> PublicationRecord | None:
    """Return the newspaper line of an article, 《 人民日报 》( 2024年02月27日 10 版), or None."""
    for line in reversed(lines[-5:]):
        m = _SOURCE_LINE.match(line.text)
        if not m:
            continue
        rest = fold_width(m.group("rest"))
        date = parse_date(rest)
        page = re.search(r"(\d+)\s*版", rest)
        return PublicationRecord(
            title=m.group("paper").strip(), year=date.year if date else None,
            issue_date=date.start if date else None, pages=page.group(1) if page else None,
            kind="newspaper",
        )
    return None


def sentences(text: str) -> list[tuple[int, str]]:
    """Return (offset, sentence) pairs, splitting at 。！？ outside quotation marks only."""
    out: list[tuple[int, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(depth - 1, 0)
        elif ch in "。！？" and depth == 0:
            out.append((start, text[start:i + 1]))
            start = i + 1
    if start < len(text):
        out.append((start, text[start:]))
    return out


def inline_quotes(paragraph: str) -> list[tuple[int, str]]:
    """Return (offset, text) of each quotation that Xi is said to have said in `paragraph`.

    A quotation counts when its sentence names 习近平 followed, within the clause, by a
    speech verb (强调, 指出, 作出了 …) and the quotation comes after that verb.
    """
    found: list[tuple[int, str]] = []
    for start, text in sentences(paragraph):
        for name in SPEAKER.finditer(text):
            after = text[name.end():]
            verb = VERB.search(after)
            if not verb or "“" in after[: verb.start()] or verb.start() > _MAX_GAP:
                continue
            begin = name.end() + verb.end()
            for q in QUOTE.finditer(text, begin):
                found.append((start + q.start(1), q.group(1)))
            break
    return found


def segment_commentary(path: str, lines: list[TextLine]) -> Segmentation:
    """Return each inline Xi quotation of a commentary as a passage tied to the article."""
    title = strip_markup(lines[0].text) if lines else None
    publication = article_publication(lines)
    segments: list[Segment] = []
    seen: set[tuple[int, str]] = set()
    for line in lines:
        for _, quote in inline_quotes(line.text):
            if (line.number, quote) in seen:
                continue
            seen.add((line.number, quote))
            citation = Citation(title=None, date=None, kind=None, occasion=None,
                                publication=publication)
            segments.append(Segment(quote, line.number, line.number, None, citation,
                                    speaker="习近平"))
    return Segmentation(
        "commentary", title, publication.issue_date if publication else None, None,
        tuple(segments),
    )


