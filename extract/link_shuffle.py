"""Containment lookups on a Dask cluster as a shuffle by blocking key: no worker holds the index.

`link_parallel` sends the whole n-gram index to every worker, which at the size of People's
Daily is gigabytes per worker (docs/scale.md). Here the indexed texts and the queries are cut
into partitions that move between the workers by key, in rounds of tasks (each round one
all-to-all shuffle, a hash join), so a worker holds only its share of each:

1. by gram (the blocking key): each text's distinct grams become posting lists; each query's
   grams meet them and learn how many texts hold them;
2. by query: those counts give its probes (`probe_plan`, as `GramIndex.candidates` picks them);
3. by gram: each probe meets its posting list, a (query, part, texts) hit;
4. by query: the texts that hold enough probes of every part are its candidates;
5. by text: each candidate is aligned against the text held there (`contained_in`).

The candidates, and so the answers, are the serial lookup's, in the same order: `link` with
`shuffle_lookup` returns the serial `link`'s Linked. Clustering the texts (sequential, in
origin order) stays in the calling process.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from operator import getitem
from typing import Any

from tifa.extract.link_quotes import Clusters, Found, Lookup, Query, contained_in, find_containers
from tifa.extract.link_text import ABSENT, Alignment, grams, probe_plan

PARTS_PER_WORKER = 2
MIN_QUERIES = 2000  # fewer lookups than this are answered here: the rounds cost more

Text = tuple[int, int, str]  # text id in the index, its cluster, the text
Ask = tuple[int, str, int]  # query number, fragment, the cluster it comes from
Hit = tuple[int, int, tuple[int, ...]]  # query, part of the fragment, texts holding a probe


def part_of(gram: str, parts: int) -> int:
    """Return the partition of a gram: the same in every process (str's hash is salted)."""
    return zlib.crc32(gram.encode("utf-8")) % parts


def by_gram(items: Sequence[Any], parts: int, at: int) -> list[dict[str, list[int]]]:
    """Return, per gram partition, gram → the numbers of the items (Text or Ask) whose
    string at position `at` holds it, in the items' order."""
    out: list[dict[str, list[int]]] = [defaultdict(list) for _ in range(parts)]
    for item in items:
        for g in set(grams(item[at])):
            out[part_of(g, parts)][g].append(item[0])
    return [dict(d) for d in out]


def merged_postings(pieces: Sequence[dict[str, list[int]]]) -> dict[str, list[int]]:
    """Return one partition's posting lists from the pieces of every text chunk (chunks
    come in text-id order, so each list stays ascending)."""
    merged: dict[str, list[int]] = {}
    for piece in pieces:
        for g, tids in piece.items():
            merged.setdefault(g, []).extend(tids)
    return merged


def held_counts(postings: dict[str, list[int]], pieces: Sequence[dict[str, list[int]]],
                parts: int) -> list[list[tuple[int, str, int]]]:
    """Return, per query partition, (query, gram, texts holding it) for each asked gram of
    this partition that some text holds."""
    out: list[list[tuple[int, str, int]]] = [[] for _ in range(parts)]
    for piece in pieces:
        for g, qids in piece.items():
            n = len(postings.get(g, ()))
            if n:
                for qid in qids:
                    out[qid % parts].append((qid, g, n))
    return out


def by_id(items: Sequence[Any], parts: int) -> list[list[Any]]:
    """Return queries (Ask) or texts (Text) cut into partitions by their number."""
    out: list[list[Any]] = [[] for _ in range(parts)]
    for item in items:
        out[item[0] % parts].append(item)
    return out


def plan_probes(asks: Sequence[Sequence[Ask]], counts: Sequence[Sequence[tuple[int, str, int]]],
                parts: int
                ) -> tuple[dict[int, tuple[str, int, tuple[int, ...]]],
                           list[list[tuple[str, int, int]]]]:
    """Return this query partition's queries (query → fragment, own cluster, probes needed
    per part; none when a part has no probe) and, per gram partition, its probes (gram,
    query, part)."""
    held: dict[int, dict[str, int]] = defaultdict(dict)
    for piece in counts:
        for qid, g, n in piece:
            held[qid][g] = n
    info: dict[int, tuple[str, int, tuple[int, ...]]] = {}
    probes: list[list[tuple[str, int, int]]] = [[] for _ in range(parts)]
    for piece in asks:
        for qid, fragment, own in piece:
            fg = grams(fragment)
            known = held.get(qid, {})
            plan = probe_plan(fg, [known.get(g, ABSENT) for g in fg])
            info[qid] = (fragment, own, tuple(need for _, need in plan or ()))
            for region, (chosen, _) in enumerate(plan or ()):
                for g in chosen:
                    probes[part_of(g, parts)].append((g, qid, region))
    return info, probes


def probe_hits(postings: dict[str, list[int]], pieces: Sequence[Sequence[tuple[str, int, int]]],
               parts: int) -> list[list[Hit]]:
    """Return, per query partition, each probe's hit: (query, part, texts holding it)."""
    out: list[list[Hit]] = [[] for _ in range(parts)]
    for piece in pieces:
        for g, qid, region in piece:
            out[qid % parts].append((qid, region, tuple(postings[g])))
    return out


def candidate_pairs(info: dict[int, tuple[str, int, tuple[int, ...]]],
                    pieces: Sequence[Sequence[Hit]], parts: int
                    ) -> list[list[tuple[int, int, str, int]]]:
    """Return, per text partition, (text, query, fragment, own cluster) for each text that
    holds enough probes of every part of the query's fragment (`GramIndex.candidates`)."""
    counts: dict[tuple[int, int], Counter[int]] = defaultdict(Counter)
    for piece in pieces:
        for qid, region, tids in piece:
            counts[qid, region].update(tids)
    out: list[list[tuple[int, int, str, int]]] = [[] for _ in range(parts)]
    for qid, (fragment, own, needs) in info.items():
        found: set[int] | None = None
        for region, need in enumerate(needs):
            hits = {tid for tid, n in counts[qid, region].items() if n >= need}
            found = hits if found is None else found & hits
        for tid in found or ():
            out[tid % parts].append((tid, qid, fragment, own))
    return out


def aligned(texts: Sequence[Sequence[Text]],
            pairs: Sequence[Sequence[tuple[int, int, str, int]]]
            ) -> list[tuple[int, int, int, Alignment]]:
    """Return (query, text, cluster, alignment) for each candidate text of another cluster
    that contains the query's fragment (`contained_in`, each text read once)."""
    held = {tid: (c, text) for piece in texts for tid, c, text in piece}
    asked: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for piece in pairs:
        for tid, qid, fragment, own in piece:
            c2, text = held[tid]
            if c2 != own and len(text) >= len(fragment):
                asked[tid].append((qid, fragment))
    found = []
    for tid, fragments in asked.items():
        c2, text = held[tid]
        found += [(qid, tid, c2, al) for qid, al in contained_in(text, fragments)]
    return found


def containers_by_shuffle(client: Any, clusters: Clusters, queries: Sequence[Query], *,
                          parts: int | None = None) -> list[Found]:
    """Return `containers` of each query, in order, computed on the Dask `client`'s cluster
    in shuffle rounds (the module docstring); `parts` partitions (default: two per worker)."""
    if not queries:
        return []
    workers = max(1, len(client.scheduler_info().get("workers", ())))
    n = parts or PARTS_PER_WORKER * workers
    texts: list[Text] = [(tid, c, clusters.rep_text[c])
                         for tid, c in enumerate(clusters.cluster_of_tid)]
    asks: list[Ask] = [(qid, fragment, own) for qid, (fragment, own) in enumerate(queries)]

    def chunks(items: list[Any]) -> list[Any]:
        size = -(-len(items) // n) or 1
        return client.scatter([items[i:i + size] for i in range(0, len(items), size)])

    def piece(futures: list[Any], p: int) -> list[Any]:
        return [client.submit(getitem, f, p, pure=False) for f in futures]

    text_chunks, ask_chunks = chunks(texts), chunks(asks)
    split = client.map(by_gram, text_chunks, parts=n, at=2, pure=False)
    postings = [client.submit(merged_postings, piece(split, p), pure=False) for p in range(n)]
    asked = client.map(by_gram, ask_chunks, parts=n, at=1, pure=False)
    counted = [client.submit(held_counts, postings[p], piece(asked, p), n, pure=False)
               for p in range(n)]
    per_query = client.map(by_id, ask_chunks, parts=n, pure=False)
    planned = [client.submit(plan_probes, piece(per_query, q), piece(counted, q),
                             n, pure=False) for q in range(n)]
    info = [client.submit(getitem, f, 0, pure=False) for f in planned]
    probes = [client.submit(getitem, f, 1, pure=False) for f in planned]
    hits = [client.submit(probe_hits, postings[p], piece(probes, p), n, pure=False)
            for p in range(n)]
    pairs = [client.submit(candidate_pairs, info[q], piece(hits, q), n, pure=False)
             for q in range(n)]
    per_text = client.map(by_id, text_chunks, parts=n, pure=False)
    found = [client.submit(aligned, piece(per_text, t), piece(pairs, t), pure=False)
             for t in range(n)]
    answers: list[list[tuple[int, int, Alignment]]] = [[] for _ in queries]
    for part in client.gather(found):
        for qid, tid, c2, al in part:
            answers[qid].append((tid, c2, al))
    return [tuple((c2, al) for _, c2, al in sorted(a, key=lambda x: x[0])) for a in answers]


def shuffle_lookup(client: Any, *, min_queries: int | None = None,
                   parts: int | None = None) -> Lookup:
    """Return a Lookup that answers the queries on the Dask `client`'s cluster in shuffle
    rounds (fewer than `min_queries`, default MIN_QUERIES: in this process)."""

    def lookup(clusters: Clusters, queries: Sequence[Query]) -> list[Found]:
        if len(queries) < (MIN_QUERIES if min_queries is None else min_queries):
            return find_containers(clusters, queries)
        return containers_by_shuffle(client, clusters, queries, parts=parts)

    return lookup
