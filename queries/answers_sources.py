"""Offline answers to the speech, quotation, path, publication and topic queries.

Each function takes a `View` and the query's parameters (keyword-only, named as in the query)
and returns the rows the Cypher twin returns, in its ORDER BY order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tifa.queries.graphview import Row, View, share

PATH_CUTOFF = 6
SPEECH_PATH_CUTOFF = 8


def speech_profile(v: View, *, speech: str) -> list[Row]:
    """Return the passages of the speech(es) matching `speech`, with concepts and printing."""
    rows = []
    for s in v.nodes("Speech"):
        a = v.node(s)
        if speech not in (s, a.get("title"), a.get("date")) \
                and speech not in (a.get("aliases") or []):
            continue
        for p, excerpt in v.into(s, "EXCERPT_OF"):
            pub, printed = v.one(p, "PRINTED_IN")
            rows.append({
                "date": a.get("date"), "speech": v.speech_name(s), "speaker": a.get("speaker"),
                "speech_id": s, "source": v.get(p, "source"), "seq": v.get(p, "seq"),
                "line_start": v.get(p, "line_start"), "line_end": v.get(p, "line_end"),
                "traced": bool(excerpt.get("traced", False)),
                "publication": v.get(pub, "title"), "volume": v.get(pub, "volume"),
                "publisher": v.get(pub, "publisher"), "edition": v.get(pub, "year"),
                "issue_date": printed.get("issue_date"), "pages": printed.get("pages"),
                "concepts": sorted(v.get(c, "name") for c, _ in v.out(p, "MENTIONS")),
                "text": v.get(p, "text"),
            })
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["speech_id"],
                                       r["source"], r["seq"]))


def quote_origin(v: View, *, text: str) -> list[Row]:
    """Return every occurrence of a phrase (or passage id) and what it quotes, earliest first."""
    hits = [p for p in v.nodes("Passage") if p == text or text in (v.get(p, "text") or "")]
    found = dict.fromkeys(hits)
    for p in hits:
        found.update(dict.fromkeys(o for o, _ in v.out(p, "QUOTES")))
    rows = []
    for p in found:
        s, excerpt = v.one(p, "EXCERPT_OF")
        pub, printed = v.one(p, "PRINTED_IN")
        src, _ = v.one(p, "IN_SOURCE")
        rows.append({
            "date": v.get(s, "date"), "speaker": v.get(s, "speaker"),
            "speech": v.speech_name(s), "occasion": v.get(s, "occasion"),
            "traced": bool(excerpt.get("traced", False)), "publication": v.get(pub, "title"),
            "volume": v.get(pub, "volume"), "edition": v.get(pub, "year"),
            "issue_date": printed.get("issue_date"), "pages": printed.get("pages"),
            "compiled": v.get(src, "date"), "source": v.get(p, "source"), "seq": v.get(p, "seq"),
            "line_start": v.get(p, "line_start"), "line_end": v.get(p, "line_end"),
            "passage": p, "text": v.get(p, "text"),
        })

    def printed_key(r: Row) -> str:
        if r["issue_date"] is not None:
            return str(r["issue_date"])
        return str(r["edition"]) if r["edition"] is not None else "9999"

    return sorted(rows, key=lambda r: (r["date"] or "9999", r["traced"], printed_key(r),
                                       r["compiled"] or "9999", r["source"], r["seq"]))


def _paths(v: View, concept: str, other: str, *, cutoff: int,
           concepts_between: bool) -> list[Row]:
    rows: dict[tuple[str, ...], Row] = {}
    for a in v.concepts(concept, aliases=False):
        for b in v.concepts(other, aliases=False):
            if a == b:
                continue
            allowed = None if concepts_between else [
                n for n in v.path_graph if v.label(n) != "Concept"]
            for path in v.shortest_paths(a, b, cutoff=cutoff, allowed=allowed):
                rows[tuple(path)] = {"hops": len(path) - 1,
                                     "steps": [v.caption(n) for n in path], "ids": path}
    return sorted(rows.values(), key=lambda r: (r["hops"], "".join(i + " " for i in r["ids"])))


def path_between_concepts(v: View, *, concept: str, other: str) -> list[Row]:
    """Return every shortest path (≤ 6 steps) between two concepts via passages and speeches."""
    return _paths(v, concept, other, cutoff=PATH_CUTOFF, concepts_between=True)


def path_between_concepts_via_speeches(v: View, *, concept: str, other: str) -> list[Row]:
    """Return every shortest path (≤ 8 steps) with only passages and speeches in between."""
    return _paths(v, concept, other, cutoff=SPEECH_PATH_CUTOFF, concepts_between=False)


def publication_coverage(v: View, *, publication: str) -> list[Row]:
    """Return a row per (publication, speech) with passages, distinct pages and issue dates."""
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"passages": 0, "pages": set(), "issues": set()})
    for p in v.nodes("Passage"):
        s = v.speech(p)
        if s is None:
            continue
        for pub, printed in v.out(p, "PRINTED_IN"):
            if publication not in (v.get(pub, "title") or ""):
                continue
            g = groups[pub, s]
            g["passages"] += 1
            g["pages"].update(x for x in [printed.get("pages")] if x is not None)
            g["issues"].update(x for x in [printed.get("issue_date")] if x is not None)
    rows = []
    for (pub, s), g in groups.items():
        a = v.node(pub)
        rows.append({
            "publication": a.get("title"), "volume": a.get("volume"),
            "publisher": a.get("publisher"), "edition": a.get("year"), "kind": a.get("kind"),
            "date": v.get(s, "date"), "speech": v.speech_name(s),
            "speaker": v.get(s, "speaker"), "speech_id": s, "passages": g["passages"],
            "pages": sorted(g["pages"]), "issues": sorted(g["issues"]),
        })
    return sorted(rows, key=lambda r: (r["publication"] or "", r["edition"] or 0,
                                       r["volume"] or "", r["publisher"] or "",
                                       r["kind"] or "", r["date"] or "", r["speech_id"]))


def topic_concepts(v: View, *, topic: str, top: int) -> list[Row]:
    """Return the `top` concepts of every chapter whose title contains `topic`."""
    rows = []
    for t in v.nodes("Topic"):
        title = v.get(t, "title")
        if title is None or topic not in title:
            continue
        passages = [p for p, _ in v.into(t, "UNDER_TOPIC")]
        if not passages:
            continue
        first_seq = min(v.get(p, "seq") for p in passages)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for p in passages:
            for c, m in v.out(p, "MENTIONS"):
                counts[c][0] += 1
                counts[c][1] += m.get("count") or 0
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], -kv[1][1],
                                                        v.get(kv[0], "name")))
        for i, (c, (n, mentions)) in enumerate(ranked[:max(top, 0)]):
            rows.append({
                "source": v.get(t, "source"), "topic": title,
                "first_seq": first_seq, "rank": i + 1, "concept": v.get(c, "name"),
                "category": v.get(c, "category"), "passages": n, "mentions": mentions,
                "topic_passages": len(passages), "share": share(n, len(passages)),
            })
    return sorted(rows, key=lambda r: (r["source"], r["first_seq"], r["rank"]))


def passage_search(v: View, *, text: str) -> list[Row]:
    """Return the passages whose text holds the words as printed, in the order said.

    The twin of the cjk full-text phrase search, whose hits Neo4j checks literally (words the
    index cannot hold are found there by a scan): a substring, whatever characters it has.
    """
    rows = []
    for p in v.nodes("Passage"):
        if not text or text not in (v.get(p, "text") or ""):
            continue
        s, _ = v.one(p, "EXCERPT_OF")
        rows.append({"passage": p, "date": v.get(s, "date"), "speech": v.speech_name(s),
                     "source": v.get(p, "source"), "seq": v.get(p, "seq"),
                     "line_start": v.get(p, "line_start"), "text": v.get(p, "text")})
    return sorted(rows, key=lambda r: (r["date"] or "9999", r["source"], r["seq"]))
