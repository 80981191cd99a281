"""Speech resolution: the printed citations of one real speech become one Speech.

A *variant* is a speech as one citation prints it (its id is the pipeline's `speech:` id).
Two variants are the same speech when the same speaker on a compatible date is named with a
similar occasion or title (OCR typos, 中共中央 / 中央, 上的讲话 / 的讲话), when the curated table
`extract/data/speech_aliases.yaml` names both (a published title and the occasion), or when
their passages share text (evidence handed in by the quote matcher). A merge that would join
variants with different speakers, incompatible dates, different kinds (讲话 / 贺信) or
dissimilar occasions is refused, so two speeches on one day stay two.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from tifa.extract.link_text import norm

from tifa.records import (
    Extraction,
    MergeReason,
    SpeechAlias,
    SpeechMerge,
    SpeechRecord,
)

SIMILAR = 0.85  # SequenceMatcher ratio of two squashed titles / occasions
ALIAS_SIMILAR = 0.9
MAX_RANGE_DAYS = 31  # a longer date_end is a second date (2013年6月19日、2014年5月19日)
_NUMERALS = re.compile(r"[0-9〇零一二三四五六七八九十百千两]+")
_PRECISION = {"day": 0, "month": 1, "year": 2}
_ORDER: dict[str, int] = {"alias_table": 0, "similar_occasion": 1, "similar_title": 2,
                          "shared_text": 3}


@dataclass(frozen=True)
class AliasEntry:
    """One speech known under several names: its date, speaker, occasion and titles."""

    date: str
    speaker: str
    occasion: str | None
    kind: str | None
    titles: tuple[str, ...]
    reference: str


@dataclass(frozen=True)
class Variant:
    """A speech as one citation prints it, and how many passages each source cites it for."""

    speech: SpeechRecord
    sources: tuple[tuple[str, int], ...]

    @property
    def count(self) -> int:
        return sum(n for _, n in self.sources)


@dataclass(frozen=True)
class Evidence:
    """A reason to treat two variants (by id) as one speech."""

    left: str
    right: str
    reason: MergeReason
    evidence: str


@dataclass(frozen=True)
class Resolution:
    """Resolved speeches by variant id, the merges made, and pairs worth a reader's look."""

    by_variant: dict[str, SpeechRecord]
    merges: tuple[SpeechMerge, ...]
    suggestions: tuple[str, ...]


def load_speech_aliases(path: Path | str | None = None) -> tuple[AliasEntry, ...]:
    """Return the alias table (default: the packaged extract/data/speech_aliases.yaml)."""
    if path is None:
        return _packaged_aliases()
    return _parse_aliases(Path(path).read_text("utf-8"))


@lru_cache(maxsize=1)
def _packaged_aliases() -> tuple[AliasEntry, ...]:
    text = resources.files("tifa.extract").joinpath("data/speech_aliases.yaml").read_text("utf-8")
    return _parse_aliases(text)


def _parse_aliases(text: str) -> tuple[AliasEntry, ...]:
    entries = []
    for item in yaml.safe_load(text) or []:
        entries.append(AliasEntry(
            date=str(item["date"]), speaker=str(item.get("speaker", "习近平")),
            occasion=item.get("occasion"), kind=item.get("kind"),
            titles=tuple(str(t) for t in item.get("titles", ())),
            reference=str(item.get("reference", "")).strip(),
        ))
    return tuple(entries)


def collect_variants(extractions: Iterable[Extraction]) -> dict[str, Variant]:
    """Return every cited speech variant by id, with its passage count per source."""
    speeches: dict[str, SpeechRecord] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for e in extractions:
        for p in e.passages:
            if p.speech is not None:
                speeches.setdefault(p.speech.id, p.speech)
                counts[p.speech.id][p.source] += 1
    return {sid: Variant(speeches[sid], tuple(sorted(counts[sid].items())))
            for sid in sorted(speeches)}


def similar(a: str | None, b: str | None, threshold: float = SIMILAR) -> float | None:
    """Return the similarity of two names if at least `threshold` and same numerals, else None."""
    if not a or not b:
        return None
    na, nb = norm(a), norm(b)
    if _NUMERALS.findall(na) != _NUMERALS.findall(nb):
        return None
    matcher = SequenceMatcher(None, na, nb, autojunk=False)
    # real_quick_ratio and quick_ratio are upper bounds of ratio: cheap, exact rejections
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else None


def _day(iso: str) -> Date | None:
    try:
        return Date.fromisoformat(iso)
    except ValueError:
        return None


def _span(s: SpeechRecord) -> tuple[Date, Date] | None:
    start = _day(s.date or "")
    end = _day(s.date_end) if s.date_end else start
    if start is None or end is None or (end - start).days > MAX_RANGE_DAYS or end < start:
        return None
    return start, end


def compatible_dates(a: SpeechRecord, b: SpeechRecord) -> bool:
    """Return True if the two dates can name the same speech (same day, day in range, month)."""
    if not a.date or not b.date:
        return False
    if a.date_precision != "day" or b.date_precision != "day":
        n = min(len(a.date), len(b.date), 7)
        return a.date[:n] == b.date[:n]
    if {a.date, a.date_end} & {b.date, b.date_end} - {None}:
        return True
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return False
    return sa[0] <= sb[1] and sb[0] <= sa[1] and (sa[0] == sa[1] or sb[0] == sb[1])


def alias_entry(s: SpeechRecord, entries: Sequence[AliasEntry]) -> int | None:
    """Return the index of the alias-table entry that names this variant, or None."""
    for i, entry in enumerate(entries):
        if s.speaker != entry.speaker or not s.date:
            continue
        target = SpeechRecord(id="", title=None, date=entry.date, date_end=None,
                              date_precision="day", kind=None, occasion=None, speaker=None)
        if not compatible_dates(s, target):
            continue
        names = [*entry.titles, *([entry.occasion] if entry.occasion else [])]
        if any(similar(mine, name, ALIAS_SIMILAR) for mine in (s.title, s.occasion)
               for name in names):
            return i
    return None


def conflict(a: SpeechRecord, b: SpeechRecord, alias_of: dict[str, int | None]) -> str | None:
    """Return why `a` and `b` cannot be one speech (speaker, date, kind, occasion), or None."""
    if a.speaker != b.speaker:
        return "speaker"
    if not compatible_dates(a, b):
        return "date"
    if a.kind and b.kind and a.kind != b.kind:
        return "kind"
    same_entry = alias_of.get(a.id) is not None and alias_of.get(a.id) == alias_of.get(b.id)
    if a.occasion and b.occasion and not same_entry and not similar(a.occasion, b.occasion):
        return "occasion"
    if a.speaker is None and not similar(a.title, b.title):
        return "unknown speaker"
    return None


def citation_evidence(variants: dict[str, Variant],
                      entries: Sequence[AliasEntry]) -> list[Evidence]:
    """Return evidence from the citations themselves: alias table, similar occasion or title."""
    found: list[Evidence] = []
    by_entry: dict[int, list[str]] = defaultdict(list)
    for vid, v in variants.items():
        idx = alias_entry(v.speech, entries)
        if idx is not None:
            by_entry[idx].append(vid)
    for idx, vids in sorted(by_entry.items()):
        for other in vids[1:]:
            found.append(Evidence(vids[0], other, "alias_table", entries[idx].reference))
    for a, b in sorted(date_pairs(variants)):
        sa, sb = variants[a].speech, variants[b].speech
        if conflict(sa, sb, {}):
            continue
        occ = similar(sa.occasion, sb.occasion)
        if occ is not None:
            found.append(Evidence(a, b, "similar_occasion",
                                  f"occasion {sa.occasion} ~ {sb.occasion} ({occ:.2f})"))
        elif not sa.occasion and not sb.occasion:
            ttl = similar(sa.title, sb.title)
            if ttl is not None:
                found.append(Evidence(a, b, "similar_title",
                                      f"title {sa.title} ~ {sb.title} ({ttl:.2f})"))
    return found


def date_pairs(variants: dict[str, Variant]) -> set[tuple[str, str]]:
    """Return the pairs of variant ids (smaller first) by one speaker whose dates may agree.

    Blocking for `compatible_dates`: variants dated to the day meet on each day they cover,
    a month-precision (year-precision) variant meets every variant of its month (year), so
    a busy month costs its pairs of speeches on one day, not all its pairs.
    """
    days: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    months: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    years: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    coarse: list[tuple[str, dict[tuple[str | None, str], list[str]], str]] = []
    for vid, v in variants.items():
        s = v.speech
        if not s.date:
            continue
        who = s.speaker
        years[(who, s.date[:4])].append(vid)
        if s.date_precision != "day":
            coarse.append((vid, months, s.date[:7]) if len(s.date) >= 7
                          else (vid, years, s.date[:4]))
        else:
            for d in _days(s):
                days[(who, d)].append(vid)
        if len(s.date) >= 7:
            months[(who, s.date[:7])].append(vid)
    pairs = {(min(a, b), max(a, b)) for ids in days.values() for a in ids for b in ids if a != b}
    for vid, bucket, key in coarse:
        who = variants[vid].speech.speaker
        pairs.update((min(vid, b), max(vid, b)) for b in bucket[(who, key)] if b != vid)
    return pairs


def _days(s: SpeechRecord) -> list[str]:
    """The ISO days a day-precision variant covers: its range, else its date and date_end."""
    span = _span(s)
    if span is None:
        return [d for d in (s.date, s.date_end) if d]
    start, end = span
    return [Date.fromordinal(n).isoformat() for n in range(start.toordinal(), end.toordinal() + 1)]


def resolve(variants: dict[str, Variant], evidence: Iterable[Evidence],
            entries: Sequence[AliasEntry] = ()) -> Resolution:
    """Return one SpeechRecord per real speech for every variant, and each merge with its reason.

    Evidence is applied in a fixed order (alias table, occasion, title, shared text; then by
    ids); a merge that would put two conflicting variants in one speech is skipped.
    """
    alias_of = {vid: alias_entry(v.speech, entries) for vid, v in variants.items()}
    parent = {vid: vid for vid in variants}
    members = {vid: [vid] for vid in variants}
    # Variants that `conflict` cannot tell apart are checked once per group, so a speech
    # printed in many variants costs its distinct forms, not every pair of its variants.
    kinds = {vid: {_conflict_key(v.speech, alias_of): vid} for vid, v in variants.items()}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges: list[Evidence] = []
    for ev in sorted(evidence, key=lambda e: (_ORDER[e.reason], e.left, e.right)):
        if ev.left not in parent or ev.right not in parent:
            continue
        ra, rb = root(ev.left), root(ev.right)
        if ra == rb or any(conflict(variants[x].speech, variants[y].speech, alias_of)
                           for x in kinds[ra].values() for y in kinds[rb].values()):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        members[keep].extend(members.pop(gone))
        for key, vid in kinds.pop(gone).items():
            kinds[keep].setdefault(key, vid)
        edges.append(ev)
    by_variant: dict[str, SpeechRecord] = {}
    for group in members.values():
        record = merged_record([variants[v] for v in sorted(group)], entries, alias_of)
        for v in group:
            by_variant[v] = record
    merges = tuple(SpeechMerge(by_variant[e.left].id, e.left, e.right, e.reason, e.evidence)
                   for e in edges)
    return Resolution(by_variant, merges, suggestions(by_variant.values()))


def _conflict_key(s: SpeechRecord, alias_of: dict[str, int | None]) -> tuple[object, ...]:
    """Everything `conflict` reads of a variant: equal keys conflict with the same variants."""
    return (s.speaker, s.date, s.date_end, s.date_precision, s.kind, s.occasion,
            alias_of.get(s.id), s.title if s.speaker is None else None)


def _most_common(values: Iterable[tuple[str | None, int]]) -> str | None:
    counts: Counter[str] = Counter()
    for value, n in values:
        if value:
            counts[value] += n
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def merged_record(group: Sequence[Variant], entries: Sequence[AliasEntry] = (),
                  alias_of: dict[str, int | None] | None = None) -> SpeechRecord:
    """Return the one SpeechRecord for a group of variants, with every variant as an alias.

    The id, title and speaker are those of the variant printed most often (then the smallest
    id), so the id is stable across runs and equals the pipeline's id when nothing merges;
    missing fields (occasion, kind, a finer date, a range end) are filled from the others.
    """
    canon = min(group, key=lambda v: (-v.count, v.speech.id))
    s = canon.speech
    counted = [(v.speech, v.count) for v in group]
    entry = next((entries[i] for v in group
                  if (i := (alias_of or {}).get(v.speech.id)) is not None), None)
    finest = min(group, key=lambda v: (_PRECISION.get(v.speech.date_precision or "year", 3),
                                       v.speech.date != s.date, -v.count, v.speech.id)).speech
    date, precision = (s.date, s.date_precision)
    if _PRECISION.get(finest.date_precision or "year", 3) < _PRECISION.get(precision or "year", 3):
        date, precision = finest.date, finest.date_precision
    ends = [x.date_end for x, _ in counted if x.date == date and x.date_end and _span(x)]
    date_end = s.date_end if s.date == date and s.date_end else max(ends, default=None)
    aliases = tuple(sorted(
        (SpeechAlias(v.speech.id, src, v.speech.title, v.speech.occasion, v.speech.date,
                     v.speech.date_end, v.speech.kind, n)
         for v in group for src, n in v.sources),
        key=lambda a: (a.source, a.id)))
    return replace(
        s,
        date=date,
        date_end=date_end,
        date_precision=precision,
        occasion=s.occasion or _most_common((x.occasion, n) for x, n in counted)
        or (entry.occasion if entry else None),
        kind=s.kind or _most_common((x.kind, n) for x, n in counted)
        or (entry.kind if entry else None),
        speaker_position=s.speaker_position
        or _most_common((x.speaker_position, n) for x, n in counted),
        date_inferred=all(x.date_inferred for x, _ in counted if x.date == date),
        aliases=aliases,
    )


def suggestions(resolved: Iterable[SpeechRecord]) -> tuple[str, ...]:
    """Return a note for each day with a speech known only by a published title and others.

    Such a title may name one of the other speeches that day (an alias-table entry merges
    them); linking does not guess.
    """
    by_day: dict[tuple[str | None, str], dict[str, SpeechRecord]] = defaultdict(dict)
    for s in resolved:
        if s.date and s.date_precision == "day":
            by_day[(s.speaker, s.date)][s.id] = s
    notes = []
    for (speaker, day), group in sorted(by_day.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
        if len(group) > 1 and any(s.occasion is None for s in group.values()):
            names = "; ".join(s.title or s.occasion or s.id for _, s in sorted(group.items()))
            notes.append(f"{day} {speaker or '?'}: {names} — one speech or {len(group)}? "
                         "If one, add it to speech_aliases.yaml")
    return tuple(notes)
