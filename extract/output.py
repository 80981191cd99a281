"""Write passage records in the extraction output contract: JSON Lines, JSON or CSV.

CSV follows `tifa.spreadsheet`: lists joined with ``|``, formula-like text escaped with a
leading ``'``, a byte-order mark first when asked (``excel=True``) so Excel reads UTF-8.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from tifa.errors import TifaError
from tifa.records import (
    PassageRecord,
    PublicationRecord,
    QuoteLink,
    SpeechAlias,
    SpeechRecord,
    concept_mention,
)
from tifa.spreadsheet import BOM, LIST_SEPARATOR, safe_cell

CSV_COLUMNS = (
    "id", "source", "seq", "topic", "text", "line_start", "line_end",
    "speech.id", "speech.title", "speech.date", "speech.date_end", "speech.date_precision",
    "speech.kind", "speech.occasion", "speech.speaker", "speech.speaker_position",
    "speech.date_inferred", "speech.date_basis", "speech.other_dates",
    "publication.title", "publication.volume", "publication.publisher", "publication.year",
    "publication.pages", "publication.issue_date", "publication.issue", "publication.kind",
    "concepts", "quotes", "canonical_id", "cited_speech_id", "speech_traced",
    "lang", "translation_of",
)


def speech_dict(s: SpeechRecord | None) -> dict[str, Any] | None:
    """Return the contract's `speech` object (or None)."""
    if s is None:
        return None
    return {
        "id": s.id, "title": s.title, "date": s.date, "date_end": s.date_end,
        "date_precision": s.date_precision, "kind": s.kind, "occasion": s.occasion,
        "speaker": s.speaker, "speaker_position": s.speaker_position,
        "date_inferred": s.date_inferred, "date_basis": s.date_basis,
        "other_dates": list(s.other_dates),
        "aliases": [{"title": a.title, "occasion": a.occasion, "source": a.source}
                    for a in s.aliases],
    }


def publication_dict(p: PublicationRecord | None) -> dict[str, Any] | None:
    """Return the contract's `publication` object (or None)."""
    if p is None:
        return None
    return {
        "title": p.title, "volume": p.volume, "publisher": p.publisher, "year": p.year,
        "pages": p.pages, "issue_date": p.issue_date, "issue": p.issue, "kind": p.kind,
    }


def passage_dict(p: PassageRecord) -> dict[str, Any]:
    """Return one passage as the JSON object of the extraction output contract."""
    return {
        "id": p.id, "source": p.source, "seq": p.seq, "topic": p.topic, "text": p.text,
        "line_start": p.line_start, "line_end": p.line_end,
        "speech": speech_dict(p.speech),
        "publication": publication_dict(p.publication),
        "concepts": [{"name": c.name, "count": c.count} for c in p.concepts],
        "quotes": [{"passage_id": q.passage_id, "similarity": q.similarity, "match": q.match}
                   for q in p.quotes],
        "canonical_id": p.canonical_id,
        "cited_speech_id": p.cited_speech_id,
        "speech_traced": p.speech_traced,
        "lang": p.lang,
        "translation_of": p.translation_of,
    }


def write_jsonl(passages: Iterable[PassageRecord], out: TextIO) -> int:
    """Write one JSON object per line; return how many were written."""
    n = 0
    for p in passages:
        out.write(json.dumps(passage_dict(p), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_json(passages: Iterable[PassageRecord], out: TextIO) -> int:
    """Write a JSON array of passages; return how many were written."""
    items = [passage_dict(p) for p in passages]
    json.dump(items, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(items)


def _flat(p: PassageRecord) -> dict[str, Any]:
    d = passage_dict(p)
    row: dict[str, Any] = {k: d[k] for k in ("id", "source", "seq", "topic", "text",
                                             "line_start", "line_end")}
    for part in ("speech", "publication"):
        for key, value in (d[part] or {}).items():
            if key != "aliases":
                row[f"{part}.{key}"] = LIST_SEPARATOR.join(value) \
                    if isinstance(value, list) else value
    row["concepts"] = LIST_SEPARATOR.join(f"{c.name}:{c.count}" for c in p.concepts)
    row["quotes"] = LIST_SEPARATOR.join(f"{q.passage_id}:{q.similarity:.3f}" for q in p.quotes)
    for key in ("canonical_id", "cited_speech_id", "speech_traced", "lang", "translation_of"):
        row[key] = d[key]
    return {k: "true" if v is True else "false" if v is False else safe_cell(v)
            for k, v in row.items()}


def write_csv(passages: Iterable[PassageRecord], out: TextIO, *, excel: bool = False) -> int:
    """Write passages as CSV with dotted column names for nested fields; return the count.

    Lists are joined with ``|``; `excel` starts the output with a byte-order mark.
    """
    return passage_writer(out, "csv", excel=excel)(passages)


STREAMED = ("jsonl", "csv")
"""Formats written a record at a time, as passages are extracted (`passage_writer`)."""


def passage_writer(out: TextIO, fmt: str, *,
                   excel: bool = False) -> Callable[[Iterable[PassageRecord]], int]:
    """Return a function that appends passages to `out` in `fmt` (one of `STREAMED`) and
    returns how many it wrote; a CSV's byte-order mark (`excel`) and header are written now.
    Called once per file as files finish, it writes what one call with all would."""
    if fmt == "jsonl":
        return lambda passages: write_jsonl(passages, out)
    if fmt != "csv":
        raise ValueError(f"{fmt} is not written a record at a time; one of {STREAMED}")
    if excel:
        out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()

    def rows(passages: Iterable[PassageRecord]) -> int:
        n = 0
        for p in passages:
            writer.writerow(_flat(p))
            n += 1
        return n

    return rows


Writer = Callable[[Iterable[PassageRecord], TextIO], int]
WRITERS: dict[str, Writer] = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv}


class PassagesFileError(TifaError):
    """A passages file that is not JSON Lines in the extraction output contract."""


def _speech(d: dict[str, Any] | None) -> SpeechRecord | None:
    if d is None:
        return None
    aliases = tuple(SpeechAlias(id="", source=a.get("source") or "", title=a.get("title"),
                                occasion=a.get("occasion"), date=None, date_end=None, kind=None)
                    for a in d.get("aliases") or ())
    return SpeechRecord(
        id=d["id"], title=d.get("title"), date=d.get("date"), date_end=d.get("date_end"),
        date_precision=d.get("date_precision"), kind=d.get("kind"), occasion=d.get("occasion"),
        speaker=d.get("speaker"), speaker_position=d.get("speaker_position"),
        date_inferred=bool(d.get("date_inferred")), aliases=aliases,
        date_basis=d.get("date_basis"), other_dates=tuple(d.get("other_dates") or ()))


def passage_from_dict(d: dict[str, Any]) -> PassageRecord:
    """Return the PassageRecord of one object of the output contract (`passage_dict`'s inverse;
    speech aliases keep title, occasion and source only)."""
    pub = d.get("publication")
    return PassageRecord(
        id=d["id"], source=d["source"], seq=d["seq"], topic=d.get("topic"), text=d["text"],
        line_start=d["line_start"], line_end=d["line_end"], speech=_speech(d.get("speech")),
        publication=PublicationRecord(**pub) if pub else None,
        concepts=tuple(concept_mention(c["name"], c["count"]) for c in d.get("concepts") or ()),
        quotes=tuple(QuoteLink(q["passage_id"], q["similarity"], q.get("match", "same"))
                     for q in d.get("quotes") or ()),
        canonical_id=d.get("canonical_id"), cited_speech_id=d.get("cited_speech_id"),
        speech_traced=bool(d.get("speech_traced")), lang=d.get("lang") or "zh",
        translation_of=d.get("translation_of"))


def read_jsonl(path: Path | str) -> tuple[PassageRecord, ...]:
    """Return the passages of a JSON Lines file written by `write_jsonl`.

    Raises PassagesFileError naming the file and line when a line is not such a record.
    """
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PassagesFileError(f"{path}: cannot read passages ({exc})") from None
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(passage_from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PassagesFileError(f"{path}:{n}: not a passage record of tifa extract "
                                    f"({type(exc).__name__}: {exc})") from None
    return tuple(out)
