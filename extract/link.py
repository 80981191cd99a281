"""Linking across sources: one Speech per real speech, every quote traced to its origin.

`link` is a pure stage over the per-file Extractions of `pipeline.extract_paths`: it returns
new Extractions whose passages carry the resolved speech (with every printed variant as an
alias), QUOTES links from later passages to the earliest-dated origin, a canonical utterance
id shared by reprints, and, for passages without a citation whose words are found in a cited
passage (a commentary's quotations), the origin's speech (`speech_traced`). See
docs/linking.md for the rules and the sample corpus's hand count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tifa.extract.link_quotes import (
    Lookup,
    find_containers,
    match_texts,
    occurrences,
    printed,
    shared_text_evidence,
    trace,
)
from tifa.extract.link_speeches import (
    AliasEntry,
    citation_evidence,
    collect_variants,
    load_speech_aliases,
    resolve,
)
from tifa.extract.link_text import norm

from tifa.records import (
    Extraction,
    Linked,
    LinkReport,
    PassageRecord,
    SourceRecord,
    SpeechRecord,
)


@dataclass(frozen=True)
class Clocks:
    """The three clocks of a passage, kept apart: said, printed, compiled (ISO or None)."""

    said: str | None
    printed: str | None
    compiled: str | None


def clocks(passage: PassageRecord, source: SourceRecord) -> Clocks:
    """Return when a passage was said (speech date), printed (issue / edition) and compiled."""
    return Clocks(passage.speech.date if passage.speech else None, printed(passage), source.date)


def is_unidentified(speech: SpeechRecord) -> bool:
    """True for a speech the text names no title, date or occasion of (speaker only)."""
    return speech.title is None and speech.date is None and speech.occasion is None


def link(extractions: Sequence[Extraction], *,
         aliases: Sequence[AliasEntry] | None = None,
         lookup: Lookup = find_containers) -> Linked:
    """Return the extractions with speeches resolved and quotes traced, plus a LinkReport.

    `aliases` defaults to the packaged extract/data/speech_aliases.yaml; pass () for none.
    `lookup` answers the quote matcher's containment queries (`link_parallel` runs them on
    an executor; the result is the same). Passage order, ids and every other field stay as
    extracted.
    """
    entries = load_speech_aliases() if aliases is None else tuple(aliases)
    held = {p.id: p.speech for e in extractions for p in e.passages
            if p.speech is not None and is_unidentified(p.speech)}
    if held:  # words whose speech the text does not name are linked like uncited quotes
        extractions = [replace(e, passages=tuple(replace(p, speech=None) if p.id in held else p
                                                 for p in e.passages)) for e in extractions]
    variants = collect_variants(extractions)
    occs = occurrences(extractions)
    matches = match_texts(occs, lookup=lookup)
    evidence = citation_evidence(variants, entries) + shared_text_evidence(occs, matches)
    resolution = resolve(variants, evidence, entries)

    def resolved(p: PassageRecord) -> SpeechRecord | None:
        return resolution.by_variant[p.speech.id] if p.speech is not None else None

    traces = trace(occs, matches, resolved)
    out: list[Extraction] = []
    i = 0
    for e in extractions:
        passages = []
        for p in e.passages:
            t = traces[i]
            i += 1
            passages.append(replace(
                p, speech=t.speech or held.get(p.id), quotes=t.quotes,
                canonical_id=t.canonical_id,
                cited_speech_id=p.speech.id if p.speech else None,
                speech_traced=p.speech is None and t.speech is not None,
            ))
        out.append(replace(e, passages=tuple(passages)))
    speeches = tuple(sorted({s.id: s for s in resolution.by_variant.values()}.values(),
                            key=lambda s: (s.date or "", s.id)))
    flat = [p for e in out for p in e.passages]
    by_match = Counter(q.match for p in flat for q in p.quotes)
    report = LinkReport(
        speeches_before=len(variants),
        speeches_after=len(speeches),
        merges=resolution.merges,
        quotes_traced=sum(by_match.values()),
        quotes_by_match=tuple(sorted(by_match.items())),
        speeches_traced=sum(p.speech_traced for p in flat),
        occurrences=len(flat),
        utterances=len({p.canonical_id for p in flat}),
        suggestions=resolution.suggestions,
    )
    return Linked(tuple(out), speeches, report)


def as_cited(before: Sequence[Extraction], linked: Linked) -> tuple[Extraction, ...]:
    """Return the linked extractions with each passage's speech as its own citation gives it.

    The speech keeps the resolved id (every printing of one speech shares it) but its title,
    dates, kind and occasion are those its own source prints, not another source's variant;
    a passage whose speech was only traced (no citation of its own) keeps the traced speech.
    This is the form of the extraction output contract; the graph uses `linked.speeches`.
    """
    out = []
    for b, e in zip(before, linked.extractions, strict=True):
        passages = []
        for cited, p in zip(b.passages, e.passages, strict=True):
            if cited.speech is not None and p.speech is not None and not (
                    is_unidentified(cited.speech) and p.speech_traced):
                p = replace(p, speech=replace(cited.speech, id=p.speech.id))
            passages.append(p)
        out.append(replace(e, passages=tuple(passages)))
    return tuple(out)


def link_summary(report: LinkReport) -> dict[str, int]:
    """Return the run-report numbers: speeches before/after/merged, quotes traced, utterances."""
    return {
        "speeches_before": report.speeches_before,
        "speeches": report.speeches_after,
        "speeches_merged": report.speeches_before - report.speeches_after,
        "quotes_traced": report.quotes_traced,
        "speeches_traced": report.speeches_traced,
        "occurrences": report.occurrences,
        "utterances": report.utterances,
    }


def quote_origin(linked: Linked, text: str) -> tuple[PassageRecord, SpeechRecord] | None:
    """Return the earliest-said cited passage holding `text` (directly or via QUOTES), or None.

    "Where was 没有网络安全就没有国家安全 first said?" → the 2014-02-27 passage and its speech.
    """
    needle = norm(text)
    if not needle:
        return None
    passages = {p.id: p for e in linked.extractions for p in e.passages}
    holders = [p for p in passages.values() if needle in norm(p.text)]
    candidates = [p for p in holders if p.cited_speech_id and p.speech and p.speech.date]
    if not candidates:
        candidates = [passages[q.passage_id] for p in holders for q in p.quotes]
    dated = [p for p in candidates if p.speech is not None and p.speech.date]
    if not dated:
        return None
    best = min(dated, key=lambda p: (p.speech.date if p.speech else "", p.source, p.seq))
    assert best.speech is not None
    return best, best.speech
