"""The extraction pipeline: files → decoded text → segments → passage records.

`extract_source` handles one file; `extract_paths` walks files and folders and never lets
one bad file stop the batch (its error becomes an `ExtractionFailure`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tifa.extract.blocks import BLOCK_CHARS, BlockMap, count_concepts, read_book
from tifa.extract.documents import read_documents
from tifa.extract.genres.excerpt_book import BookState
from tifa.extract.layout import TextLine, text_lines
from tifa.extract.segment import segment
from tifa.extract.sources import TEXT_SUFFIXES, SourceScan, scan_sources, source_name

from tifa.errors import SourceError, TifaError
from tifa.records import (
    ConceptMention,
    Extraction,
    ExtractionFailure,
    ExtractionWarning,
    Genre,
    PassageRecord,
    Segment,
    SourceRecord,
    SourceText,
    SpeechRecord,
    content_id,
)

ConceptCounter = Callable[[str], tuple[ConceptMention, ...]]
__all__ = ["TEXT_SUFFIXES", "ConceptCounter", "ExtractionFailure", "SourceScan",
           "extract_documents", "extract_file", "extract_paths", "extract_source", "find_sources",
           "scan_sources", "speech_record", "tally"]

# Warning kinds that mean a line or paragraph of the input was left out of every passage.
DROPPED_KINDS = ("watermark", "chrome")



def speech_record(seg: Segment, default_speaker: str | None,
                  source_key: str = "") -> SpeechRecord | None:
    """Return the Speech a segment's citation describes, or None if it names nothing.

    Words the text attributes to a speaker without naming the occasion (“…”习近平总书记曾
    指出) get a speech of their own, unidentified: speaker known, title/date/occasion null.
    """
    c = seg.citation
    if c is None or (c.title is None and c.date is None and c.occasion is None):
        if c is None or seg.speaker is None:
            return None
        return SpeechRecord(
            id=content_id("speech", seg.speaker, "unidentified", source_key, seg.line_start,
                          seg.text),
            title=None, date=None, date_end=None, date_precision=None, kind=c.kind,
            occasion=None, speaker=seg.speaker, speaker_position=seg.speaker_position,
        )
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
        date_basis=date.basis if date and date.inferred else None,
        other_dates=date.others if date else (),
    )


def extract_source(
    path: Path | str,
    *,
    encoding: str | None = None,
    genre: Genre | None = None,
    concepts: ConceptCounter | None = None,
) -> Extraction:
    """Return the passages of one file; raise SourceError if the file cannot be read."""
    return next(iter(extract_documents(path, encoding=encoding, genre=genre,
                                       concepts=concepts)))


def extract_documents(
    path: Path | str,
    *,
    encoding: str | None = None,
    genre: Genre | None = None,
    concepts: ConceptCounter | None = None,
    blocks: BlockMap | None = None,
    block_chars: int = BLOCK_CHARS,
) -> Iterator[Extraction]:
    """Yield the Extraction of each document in a file (one for text, one per JSON record).

    With `blocks` (a map, `extract.blocks`) a document's excerpts and concept counts are
    worked out in blocks of about `block_chars` characters on that map: the same output."""
    for source in read_documents(path, encoding=encoding):
        yield _extract_text(source, genre=genre, concepts=concepts, blocks=blocks,
                            block_chars=block_chars)


def _extract_text(source: SourceText, *, genre: Genre | None,
                  concepts: ConceptCounter | None, blocks: BlockMap | None = None,
                  block_chars: int = BLOCK_CHARS) -> Extraction:
    lines = text_lines(source)
    excerpts = None
    if blocks is not None:
        def excerpts(path: str, lines: list[TextLine], state: BookState
                     ) -> tuple[list[Segment], list[ExtractionWarning]]:
            return read_book(path, lines, state, size=block_chars, run=blocks)
    seg = segment(source.path, lines, genre=genre, meta_title=source.meta_title,
                  meta_date=source.meta_date, excerpts=excerpts)
    counted: list[tuple[ConceptMention, ...]] | None = None
    if concepts is not None and blocks is not None:
        counted = count_concepts([s.text for s in seg.segments if s.lang == "zh"],
                                 size=block_chars, run=blocks)
    counts = iter(counted or ())
    record = SourceRecord(
        id=content_id("source", source.sha256), path=source.path, sha256=source.sha256,
        genre=seg.genre, encoding=source.encoding, title=seg.title, date=seg.date,
    )
    passages: list[PassageRecord] = []
    ids: list[str] = []
    for s in seg.segments:
        ids.append(content_id("passage", source.sha256, s.line_start, s.line_end, s.text))
    for seq, s in enumerate(seg.segments, start=1):
        passages.append(PassageRecord(
            id=ids[seq - 1],
            source=source.path,
            seq=seq,
            topic=s.topic,
            text=s.text,
            line_start=s.line_start,
            line_end=s.line_end,
            speech=speech_record(s, seg.speaker, source.sha256),
            publication=s.citation.publication if s.citation else None,
            concepts=(() if not concepts or s.lang != "zh"
                      else next(counts) if counted is not None else concepts(s.text)),
            lang=s.lang,
            translation_of=ids[s.translation_of] if s.translation_of is not None else None,
        ))
    dropped = tuple(
        ExtractionWarning("watermark", source.path, ln.number,
                          f"boilerplate line dropped: {ln.text.strip()[:30]}")
        for ln in source.lines if ln.watermark)
    mended = tuple(
        ExtractionWarning("mended_citation", source.path, s.line_end,
                          "citation read after repairing its brackets")
        for s in seg.segments if s.citation is not None and s.citation.mended)
    return Extraction(record, tuple(passages), seg.warnings + dropped + mended)


def find_sources(paths: Iterable[Path | str]) -> list[Path]:
    """Return the readable text files named or contained (recursively, sorted) in `paths`
    (`scan_sources` also tells which paths failed and what was left out)."""
    return list(scan_sources(paths).files)


def extract_paths(
    paths: Iterable[Path | str],
    *,
    encoding: str | None = None,
    genre: Genre | None = None,
    concepts: ConceptCounter | None = None,
) -> Iterator[Extraction | ExtractionFailure]:
    """Yield an Extraction per readable file and an ExtractionFailure per unreadable one."""
    scan = scan_sources(paths)
    yield from scan.failures
    for path in scan.files:
        yield from extract_file(path, encoding=encoding, genre=genre, concepts=concepts)


def extract_file(
    path: Path | str,
    *,
    encoding: str | None = None,
    genre: Genre | None = None,
    concepts: ConceptCounter | None = None,
    blocks: BlockMap | None = None,
    block_chars: int = BLOCK_CHARS,
) -> list[Extraction] | list[ExtractionFailure]:
    """Return the Extractions of one file, or its one ExtractionFailure: an unreadable file,
    or an unexpected error in extracting it (named, so the rest of a batch goes on).
    `blocks`, `block_chars`: as `extract_documents`."""
    try:
        return list(extract_documents(path, encoding=encoding, genre=genre, concepts=concepts,
                                      blocks=blocks, block_chars=block_chars))
    except SourceError as exc:
        return [ExtractionFailure(exc.path, exc.problem)]
    except TifaError as exc:
        return [ExtractionFailure(source_name(path), str(exc))]
    except Exception as exc:  # a bug must not cost the researcher the rest of the batch
        return [ExtractionFailure(source_name(path), f"internal error: {type(exc).__name__}: "
                                  f"{exc} (please report it)")]


def tally(extractions: Iterable[Extraction], failures: Iterable[ExtractionFailure] = ()
          ) -> dict[str, int]:
    """Return what a run did to the text, for every command's report: lines `dropped`
    (boilerplate, web chrome), citations `mended`, passages with an `inferred` date, files
    `failed`."""
    found = list(extractions)
    kinds = [w.kind for e in found for w in e.warnings]
    return {
        "dropped": sum(k in DROPPED_KINDS for k in kinds),
        "mended": kinds.count("mended_citation"),
        "inferred": sum(1 for e in found for p in e.passages
                        if p.speech is not None and p.speech.date_inferred),
        "failed": len(list(failures)),
    }
