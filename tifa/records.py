"""Records that pass between tifa's stages: frozen, hashable dataclasses.

Every stage takes and returns these; none of them knows about files, the CLI or a
database. Field names follow the extraction output contract of docs/design.md.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

Precision = Literal["day", "month", "year"]
Genre = Literal[
    "excerpt_book",
    "news_compilation",
    "newspaper_page",
    "commentary",
    "speech",
    "news_report",
    "unknown",
]
QuoteMatch = Literal["same", "part", "embeds", "inline"]
MergeReason = Literal["similar_title", "similar_occasion", "alias_table", "shared_text"]


def content_id(prefix: str, *parts: object) -> str:
    """Return a stable id `prefix:<16 hex>` derived from the given parts."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return f"{prefix}:{digest.hexdigest()[:16]}"


@dataclass(frozen=True)
class Line:
    """One physical line of a source file (1-based number) after decoding and normalising."""

    number: int
    text: str
    watermark: bool = False


@dataclass(frozen=True)
class SourceText:
    """A decoded input file: its lines, how it was decoded and what was dropped."""

    path: str
    sha256: str
    encoding: str
    lines: tuple[Line, ...]
    watermarks: tuple[str, ...] = ()
    meta_title: str | None = None  # a structured record's own title, date and source
    meta_date: str | None = None
    meta_source: str | None = None


@dataclass(frozen=True)
class DateSpan:
    """A parsed Chinese date: ISO start/end, precision, and whether the year was inferred."""

    start: str
    end: str | None = None
    precision: Precision = "day"
    inferred: bool = False
    basis: str | None = None  # where an inferred year came from: "dateline", "landmark", …
    others: tuple[str, ...] = ()  # further dates of a list (2013年6月19日、2014年5月19日)

    @property
    def year(self) -> int:
        return int(self.start[:4])


@dataclass(frozen=True)
class ExtractionWarning:
    """A problem in the data that left a field null or a block unused; never fatal."""

    kind: str
    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class ExtractionFailure:
    """A file (or a path named) that could not be extracted at all, with the one-line reason."""

    path: str
    message: str


@dataclass(frozen=True)
class SpeechAlias:
    """One printed form of a speech's citation (as its own citation gives it) and its source."""

    id: str
    source: str
    title: str | None
    occasion: str | None
    date: str | None
    date_end: str | None
    kind: str | None
    passages: int = 0


@dataclass(frozen=True)
class SpeechRecord:
    """What was said: a speech, letter, instruction … as one citation describes it."""

    id: str
    title: str | None
    date: str | None
    date_end: str | None
    date_precision: Precision | None
    kind: str | None
    occasion: str | None
    speaker: str | None
    speaker_position: str | None = None
    date_inferred: bool = False
    aliases: tuple[SpeechAlias, ...] = ()  # every printed variant, once linked (extract.link)
    date_basis: str | None = None  # why an inferred date is what it is (DateSpan.basis)
    other_dates: tuple[str, ...] = ()  # the rest of a cited list of dates (DateSpan.others)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class PublicationRecord:
    """Where a passage was printed: book (title, volume, publisher, year, pages) or periodical."""

    title: str | None
    volume: str | None = None
    publisher: str | None = None
    year: int | None = None
    pages: str | None = None
    issue_date: str | None = None
    issue: str | None = None
    kind: Literal["book", "newspaper", "journal"] | None = None

    @property
    def id(self) -> str:
        return content_id("pub", self.title, self.volume, self.publisher, self.year, self.kind)


@dataclass(frozen=True)
class ConceptMention:
    """A concept and how often a passage mentions it."""

    name: str
    count: int


@functools.lru_cache(maxsize=1 << 16)
def concept_mention(name: str, count: int) -> ConceptMention:
    """Return the ConceptMention of `name` mentioned `count` times: one shared object per
    pair (most passages mention a concept once or twice, so a corpus repeats the same few
    thousand pairs; shared, they are held once and pickled once per batch of results)."""
    return ConceptMention(name, count)


@dataclass(frozen=True)
class QuoteLink:
    """A link from a passage to the earlier passage it quotes.

    `match`: "same" (nearly the same text), "part" (this passage is a part of the origin),
    "embeds" (this passage contains the origin's whole text), "inline" (a quotation inside this
    passage is a part of the origin).
    """

    passage_id: str
    similarity: float
    match: QuoteMatch = "same"


@dataclass(frozen=True)
class PassageRecord:
    """One passage of source text with its attribution: the unit of the output contract."""

    id: str
    source: str
    seq: int
    topic: str | None
    text: str
    line_start: int
    line_end: int
    speech: SpeechRecord | None
    publication: PublicationRecord | None
    concepts: tuple[ConceptMention, ...] = ()
    quotes: tuple[QuoteLink, ...] = ()
    canonical_id: str | None = None  # the utterance this occurrence prints (extract.link)
    cited_speech_id: str | None = None  # the speech id its own citation gave, before linking
    speech_traced: bool = False  # speech taken from the quote's origin, not from a citation
    lang: str = "zh"  # "en" for an English paragraph of a bilingual page
    translation_of: str | None = None  # the passage an English paragraph translates


@dataclass(frozen=True)
class SourceRecord:
    """An input file as a whole: path, content hash, genre, title and compiled date if stated."""

    id: str
    path: str
    sha256: str
    genre: Genre
    encoding: str
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one source file."""

    source: SourceRecord
    passages: tuple[PassageRecord, ...]
    warnings: tuple[ExtractionWarning, ...] = field(default=())


@dataclass(frozen=True)
class SpeechMerge:
    """Why two printed citations (speech ids `left`, `right`) were resolved to one speech."""

    speech_id: str
    left: str
    right: str
    reason: MergeReason
    evidence: str


@dataclass(frozen=True)
class LinkReport:
    """What linking did: speeches before/after resolution, each merge, quotes traced."""

    speeches_before: int
    speeches_after: int
    merges: tuple[SpeechMerge, ...]
    quotes_traced: int
    quotes_by_match: tuple[tuple[str, int], ...]
    speeches_traced: int
    occurrences: int
    utterances: int
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Linked:
    """Extractions after linking, the resolved speeches (with aliases) and the report."""

    extractions: tuple[Extraction, ...]
    speeches: tuple[SpeechRecord, ...]
    report: LinkReport


@dataclass(frozen=True)
class Citation:
    """A parsed bibliographic citation or attribution line, before it becomes a Speech."""

    title: str | None
    date: DateSpan | None
    kind: str | None
    occasion: str | None
    publication: PublicationRecord | None
    problem: str | None = None
    mended: bool = False  # OCR bracket slips were repaired to read it


@dataclass(frozen=True)
class Segment:
    """A passage as segmentation finds it: text, lines, topic and its citation, if any."""

    text: str
    line_start: int
    line_end: int
    topic: str | None
    citation: Citation | None
    speaker: str | None = None
    speaker_position: str | None = None
    lang: str = "zh"
    translation_of: int | None = None  # index of the segment this one translates


@dataclass(frozen=True)
class Segmentation:
    """What segmentation found in one source: genre, title, compiled date, passages, warnings."""

    genre: Genre
    title: str | None
    date: str | None
    speaker: str | None
    segments: tuple[Segment, ...]
    warnings: tuple[ExtractionWarning, ...] = ()


T = TypeVar("T")
R = TypeVar("R")


class Applies(Protocol):
    """What a stage needs of an executor (`tifa.executors`): `apply(func, items, shared)`
    returns `func(item, shared)` of each item in input order, wherever it ran."""

    def apply(self, func: Callable[[T, Any], R], items: Sequence[T],
              shared: Any = None) -> list[R]: ...
