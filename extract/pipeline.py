"""The extraction pipeline: files → decoded text → segments → passage records.

`extract_source` handles one file; `extract_paths` walks files and folders and never lets
one bad file stop the batch (its error becomes an `ExtractionFailure`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tifa.extract.layout import text_lines
from tifa.extract.read import read_source
from tifa.extract.segment import segment

from tifa.errors import SourceError
from tifa.records import (
    ConceptMention,
    Extraction,
    Genre,
    PassageRecord,
    Segment,
    SourceRecord,
    SpeechRecord,
    content_id,
)

ConceptCounter = Callable[[str], tuple[ConceptMention, ...]]
TEXT_SUFFIXES = (".txt", ".text", ".md")


@dataclass(frozen=True)
class ExtractionFailure:
    """A file that could not be extracted at all, with the one-line reason."""

    path: str
    message: str


def speech_record(seg: Segment, default_speaker: str | None) -> SpeechRecord | None:
    """Return the Speech a segment's citation describes, or None if it names nothing."""
    c = seg.citation
    if c is None or (c.title is None and c.date is None and c.occasion is None):
        return None
    speaker = seg.speaker or default_speaker
    date = c.date
    return SpeechRecord(
        id=content_id("speech", speaker, date.start if date else None,
                      date.end if date else None, c.title or c.occasion),
        title=c.title,
        date=date.start if date else None,
        date_end=date.end if date else None,
        date_precision=date.precision if date else None,
        kind=c.kind,
        occasion=c.occasion,
        speaker=speaker,
        speaker_position=seg.speaker_position,
        date_inferred=bool(date and date.inferred),
    )


def extract_source(
    path: Path | str,
    *,
    encoding: str | None = None,
    genre: Genre | None = None,
    concepts: ConceptCounter | None = None,
) -> Extraction:
    """Return the passages of one file; raise SourceError if the file cannot be read."""
    source = read_source(path, encoding=encoding)
    lines = text_lines(source)
    seg = segment(source.path, lines, genre=genre)
    record = SourceRecord(
        id=content_id("source", source.sha256), path=source.path, sha256=source.sha256,
        genre=seg.genre, encoding=source.encoding, title=seg.title, date=seg.date,
    )
    passages = []
    for seq, s in enumerate(seg.segments, start=1):
        passages.append(PassageRecord(
            id=content_id("passage", source.sha256, s.line_start, s.line_end, s.text),
            source=source.path,
            seq=seq,
            topic=s.topic,
            text=s.text,
            line_start=s.line_start,
            line_end=s.line_end,
            speech=speech_record(s, seg.speaker),
            publication=s.citation.publication if s.citation else None,
            concepts=concepts(s.text) if concepts else (),
        ))
    return Extraction(record, tuple(passages), seg.warnings)


def find_sources(paths: Iterable[Path | str]) -> list[Path]:
    """Return the text files named or contained (recursively, sorted) in `paths`."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file()
                                and f.suffix.lower() in TEXT_SUFFIXES))
        else:
            found.append(p)
    return found


def extract_paths(
    paths: Iterable[Path | str],
    *,
    encoding: str | None = None,
    genre: Genre | None = None,
    concepts: ConceptCounter | None = None,
) -> Iterator[Extraction | ExtractionFailure]:
    """Yield an Extraction per readable file and an ExtractionFailure per unreadable one."""
    for path in find_sources(paths):
        try:
            yield extract_source(path, encoding=encoding, genre=genre, concepts=concepts)
        except SourceError as exc:
            yield ExtractionFailure(exc.path, exc.problem)
