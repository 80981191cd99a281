"""Quote tracing: which passages print the same words, and where those words were first said.

`match_texts` is pure text work. It groups passages with nearly the same squashed text into
text clusters (greedily, earliest first, so a cluster's first member is its origin; exact
duplicates cost one dict lookup) and indexes one text per cluster, so reprints never grow
the index. It then finds, for each cluster and for each quotation inside a passage (习近平总书记
指出：“…”), the clusters whose text contains it. `trace` turns those matches into QUOTES links
from a later passage to the earliest-dated origin in another source, gives a passage that has
no citation the speech its words come from, and groups occurrences of one utterance under a
canonical id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial

from tifa.extract.genres.commentary import inline_quotes
from tifa.extract.link_speeches import Evidence, conflict
from tifa.extract.link_text import (
    Alignment,
    GramIndex,
    align,
    grams,
    may_hold,
    norm,
    positions,
    verbatim,
)
from tifa.extract.normalize import script_view

from tifa.records import (
    Extraction,
    Genre,
    PassageRecord,
    QuoteLink,
    QuoteMatch,
    SpeechRecord,
    content_id,
)

MIN_TEXT = 8  # squashed characters: shorter texts and quotations are not matched
MIN_EXACT = 16  # shorter fragments must occur verbatim (after squashing)
MIN_EMBED = 16  # an origin embedded whole in a later text must be at least this long
MIN_SHARED = 30  # shared text this long on the same day is evidence of one speech
SAME = 0.9  # both texts covered this much: nearly the same text
CONTAINED = 0.9  # a fragment covered this much inside a container
CLOSE = 0.85  # …in one place (small OCR differences), or else
ELIDED = 0.6  # …in at most ELIDED_BLOCKS long runs (a quotation that skips words: …)
ELIDED_BLOCKS = 3
ELIDED_RUN = 6
VERBATIM = 0.97  # an origin this similar beats a less similar, earlier one (other wording)
QUOTED_SPEAKER = "习近平"  # whom commentary passages and inline quotations quote
LATEST = "9999"

Key = tuple[str, int, str, str, int, str, int]


@dataclass(frozen=True)
class Occurrence:
    """One passage as the matcher sees it: squashed text, origin-order key, and provenance."""

    index: int
    passage: PassageRecord
    genre: Genre
    text: str
    key: Key

    @property
    def primary(self) -> bool:
        """True if its own citation dates it: only such passages can be an origin."""
        return self.passage.speech is not None and self.passage.speech.date is not None

    @property
    def quoted_speaker(self) -> str | None:
        """Whose words the passage's text is, if known."""
        if self.passage.speech is not None:
            return self.passage.speech.speaker
        return QUOTED_SPEAKER if self.genre == "commentary" else None


@dataclass(frozen=True)
class TextMatches:
    """Text clusters (members in origin order) and the containment found between them."""

    cluster_of: tuple[int, ...]
    members: tuple[tuple[int, ...], ...]
    primaries: tuple[tuple[int, ...], ...]
    rep_text: tuple[str, ...]
    within: dict[int, tuple[tuple[int, Alignment], ...]]
    contains: dict[int, tuple[tuple[int, Alignment], ...]]
    inline: dict[int, tuple[tuple[tuple[int, Alignment], ...], ...]]


@dataclass(frozen=True)
class Trace:
    """What tracing gives one passage: its QUOTES, a speech from its origin, a canonical id."""

    quotes: tuple[QuoteLink, ...]
    speech: SpeechRecord | None
    canonical_id: str


def printed(p: PassageRecord) -> str | None:
    """Return the printed clock of a passage: issue date, else edition year, else None."""
    pub = p.publication
    if pub is None:
        return None
    return pub.issue_date or (str(pub.year) if pub.year else None)


def occurrences(extractions: Sequence[Extraction]) -> list[Occurrence]:
    """Return every passage of every extraction, in input order, ready for matching."""
    found: list[Occurrence] = []
    for e in extractions:
        for p in e.passages:
            said = p.speech.date if p.speech and p.speech.date else None
            text = norm(p.text)
            key: Key = (said or printed(p) or e.source.date or LATEST, 0 if said else 1,
                        printed(p) or LATEST, e.source.date or LATEST, -len(text), p.source,
                        p.seq)
            found.append(Occurrence(len(found), p, e.source.genre, text, key))
    return found


def _accept(al: Alignment | None, length: int) -> bool:
    if al is None:
        return False
    if length < MIN_EXACT:
        return al.coverage == 1.0 and al.similarity == 1.0
    if al.coverage < CONTAINED:
        return False
    return al.similarity >= CLOSE or (al.similarity >= ELIDED and al.blocks <= ELIDED_BLOCKS
                                      and al.shortest >= ELIDED_RUN)


def _rank(o: Occurrence, similarity: float) -> tuple[bool, Key]:
    """Order origins: nearly verbatim ones first, then the earliest."""
    return similarity < VERBATIM, o.key


@dataclass(frozen=True)
class Clusters:
    """Text clusters of near-identical passages (members in origin order) and the n-gram
    index of one text per cluster: what a containment lookup reads (picklable, so a
    parallel link can send it to workers once)."""

    index: GramIndex
    cluster_of_tid: tuple[int, ...]
    cluster_of: tuple[int, ...]
    members: tuple[tuple[int, ...], ...]
    rep_text: tuple[str, ...]


Found = tuple[tuple[int, Alignment], ...]
Query = tuple[str, int]  # a fragment and the cluster it comes from
Lookup = Callable[[Clusters, Sequence[Query]], list[Found]]


def cluster_texts(occs: Sequence[Occurrence]) -> Clusters:
    """Return the text clusters of `occs`: each text, in origin order, joins the first
    cluster whose text it nearly equals, else starts one (sequential: the index grows)."""
    order = sorted(range(len(occs)), key=lambda i: occs[i].key)
    index = GramIndex()
    cluster_of_tid: list[int] = []
    exact: dict[str, int] = {}
    cluster_of = [0] * len(occs)
    members: list[list[int]] = []
    rep_text: list[str] = []
    for i in order:
        t = occs[i].text
        c = exact.get(t)
        tg: list[str] = []
        if c is None and len(t) >= MIN_TEXT:
            tg = grams(t)
            c = _near_duplicate(t, tg, index, cluster_of_tid, rep_text)
        if c is None:
            c = len(members)
            members.append([])
            rep_text.append(t)
            if len(t) >= MIN_TEXT:
                index.add(t, tg)
                cluster_of_tid.append(c)
        exact.setdefault(t, c)
        members[c].append(i)
        cluster_of[i] = c
    return Clusters(index, tuple(cluster_of_tid), tuple(cluster_of),
                    tuple(tuple(m) for m in members), tuple(rep_text))


def containers(clusters: Clusters, fragment: str, own: int) -> Found:
    """Return the clusters (other than `own`) whose text contains `fragment`, aligned."""
    return find_containers(clusters, [(fragment, own)])[0]


def find_containers(clusters: Clusters, queries: Sequence[Query]) -> list[Found]:
    """Return `containers` of each query, in order (the serial Lookup; each query is
    independent of the others, so `link_parallel` runs them on an executor).

    The candidates of every query come first; then each candidate text is read once for
    all the queries that may lie in it: a query it holds verbatim is found at once, and
    for the others its gram positions are made once and dropped after (what is held at a
    time is one text's, and a text costs its length once, not once per query).
    """
    index, rep_text, cluster_of_tid = clusters.index, clusters.rep_text, clusters.cluster_of_tid
    asked: dict[int, list[int]] = {}  # candidate text → the queries that may lie in it
    for q, (fragment, own) in enumerate(queries):
        for tid in index.candidates(fragment):
            c2 = cluster_of_tid[tid]
            if c2 != own and len(rep_text[c2]) >= len(fragment):
                asked.setdefault(tid, []).append(q)
    found: list[list[tuple[int, Alignment]]] = [[] for _ in queries]
    for tid in sorted(asked):  # ascending, so each query's containers are in candidate order
        c2 = cluster_of_tid[tid]
        for q, al in contained_in(rep_text[c2], [(q, queries[q][0]) for q in asked[tid]]):
            found[q].append((c2, al))
    return [tuple(f) for f in found]


def contained_in(container: str, fragments: Sequence[tuple[int, str]]
                 ) -> list[tuple[int, Alignment]]:
    """Return (key, alignment) of each keyed fragment that `container` contains (`_accept`),
    in order, the container read once: a fragment it holds verbatim is found at once, the
    others are tested against its gram positions, made once and dropped after."""
    where = cache(partial(positions, container))
    out: list[tuple[int, Alignment]] = []
    for key, fragment in fragments:
        need = 1.0 if len(fragment) < MIN_EXACT else CONTAINED  # what `_accept` asks for
        # (a text holding the fragment verbatim passes `may_hold`)
        if fragment in container:
            al: Alignment | None = verbatim(fragment)
        elif may_hold(fragment, grams(fragment), container, where(), coverage=need):
            al = align(fragment, container, where)
        else:
            continue
        if al is not None and _accept(al, len(fragment)):
            out.append((key, al))
    return out


def match_texts(occs: Sequence[Occurrence], *, lookup: Lookup = find_containers) -> TextMatches:
    """Return text clusters of near-identical passages and the containments between them.

    `lookup` answers the containment queries (every cluster's text, every quotation inside
    a passage) against the finished clusters; any Lookup gives the same matches."""
    clusters = cluster_texts(occs)
    rep_text, cluster_of = clusters.rep_text, clusters.cluster_of
    whole: list[Query] = [(t, c) for c, t in enumerate(rep_text) if len(t) >= MIN_TEXT]
    quoted: dict[int, list[Query]] = {}
    for o in occs:
        view = script_view(o.passage.text)  # Traditional text read as simplified, 「」 as “”
        if "“" not in view:
            continue
        for _, quote in inline_quotes(view):
            q = norm(quote)
            if len(q) >= MIN_TEXT and q != o.text:
                quoted.setdefault(o.index, []).append((q, cluster_of[o.index]))
    asked = list(dict.fromkeys([*whole, *(k for ks in quoted.values() for k in ks)]))
    found = dict(zip(asked, lookup(clusters, asked), strict=True))
    within = {c: found[(t, c)] for t, c in whole if found[(t, c)]}
    contains_lists: dict[int, list[tuple[int, Alignment]]] = {}
    for c, hits in within.items():
        for c2, al in hits:
            contains_lists.setdefault(c2, []).append((c, al))
    inline: dict[int, tuple[Found, ...]] = {}
    for i, keys in quoted.items():
        per_quote = tuple(found[k] for k in keys if found[k])
        if per_quote:
            inline[i] = per_quote
    members = clusters.members
    return TextMatches(cluster_of, members,
                       tuple(tuple(i for i in m if occs[i].primary) for m in members),
                       rep_text, within,
                       {c: tuple(v) for c, v in contains_lists.items()}, inline)


def _near_duplicate(text: str, fg: Sequence[str], index: GramIndex,
                    cluster_of_tid: list[int], rep_text: list[str]) -> int | None:
    for tid in index.candidates(text, fragment_grams=fg):
        c = cluster_of_tid[tid]
        rep = rep_text[c]
        if not SAME * len(rep) <= len(text) <= len(rep) / SAME or not index.may_contain(
                text, tid, fg, coverage=SAME):
            continue
        al = align(text, rep)
        if al is not None and al.coverage >= SAME and al.matched >= SAME * len(rep):
            return c
    return None


def shared_text_evidence(occs: Sequence[Occurrence], m: TextMatches) -> list[Evidence]:
    """Return pairs of cited speeches whose passages print the same words (≥ MIN_SHARED).

    Not every pair: the variants of a text cluster are grouped around *anchors* (the first
    variant, in id order, that each one does not conflict with, by speaker, date, kind and
    occasion), and only each variant's pair with its anchor is evidence, plus one pair per
    anchor with the anchors of each cluster it lies inside. Speech resolution joins chains
    of evidence, so this merges what every pair would, with evidence growing linearly in the
    variants of a cluster instead of quadratically.
    """
    cache: dict[int, tuple[list[Occurrence], list[tuple[Occurrence, Occurrence]]]] = {}

    def grouped(cluster: int) -> tuple[list[Occurrence], list[tuple[Occurrence, Occurrence]]]:
        if cluster not in cache:
            first: dict[str, Occurrence] = {}
            for i in m.members[cluster]:
                p = occs[i].passage
                if p.speech is not None:
                    first.setdefault(p.speech.id, occs[i])
            anchors: list[Occurrence] = []
            pairs: list[tuple[Occurrence, Occurrence]] = []
            for _, o in sorted(first.items()):
                a = _anchor(o, anchors)
                if a is None:
                    anchors.append(o)
                else:
                    pairs.append((a, o))
            cache[cluster] = anchors, pairs
        return cache[cluster]

    def where(o: Occurrence) -> str:
        return f"{o.passage.source.rsplit('/', 1)[-1]}:{o.passage.line_start}"

    evidence: list[Evidence] = []
    for c, text in enumerate(m.rep_text):
        if len(text) < MIN_SHARED:
            continue
        anchors, same = grouped(c)
        pairs = [(oa, ob, "≈") for oa, ob in same]
        for c2, al in m.within.get(c, ()):
            if al.coverage >= SAME:
                outer = grouped(c2)[0]
                pairs.extend((oa, ob, "⊂") for oa in anchors
                             if (ob := _anchor(oa, outer)) is not None)
        for oa, ob, rel in pairs:
            a, b = _speech(oa).id, _speech(ob).id
            evidence.append(Evidence(min(a, b), max(a, b), "shared_text",
                                     f"same text: {where(oa)} {rel} {where(ob)}"))
    return evidence


def _speech(o: Occurrence) -> SpeechRecord:
    assert o.passage.speech is not None
    return o.passage.speech


def _anchor(o: Occurrence, anchors: Sequence[Occurrence]) -> Occurrence | None:
    """The first of `anchors` of another speech variant that `o`'s speech may be one with."""
    s = _speech(o)
    return next((a for a in anchors if _speech(a).id != s.id
                 and conflict(_speech(a), s, {}) is None), None)


def trace(occs: Sequence[Occurrence], m: TextMatches,
          resolved: Callable[[PassageRecord], SpeechRecord | None]) -> list[Trace]:
    """Return, per occurrence, its QUOTES links, traced speech and canonical utterance id.

    `resolved` gives a passage's speech after speech resolution (None without a citation).
    """
    speech = [resolved(o.passage) for o in occs]
    by_origin = _ordered_containers(occs, m, m.primaries, by_similarity=True)
    whole = [_whole_origin(a, occs, m, speech, by_origin) for a in occs]
    traced = list(speech)
    for a in occs:
        w = whole[a.index]
        if traced[a.index] is None and w is not None:
            traced[a.index] = speech[w[0].index]
    by_member = _ordered_containers(occs, m, m.members)
    by_primary = _ordered_containers(occs, m, m.primaries)
    members_by_speech = _by_speech(m.members, traced)
    primaries_by_speech = _by_speech(m.primaries, traced)
    parent = [_same_utterance_parent(a, occs, m, traced, by_primary, primaries_by_speech)
              if a.primary else
              _same_utterance_parent(a, occs, m, traced, by_member, members_by_speech)
              for a in occs]
    key_of = {o.passage.id: o.key for o in occs}
    out = []
    for a in occs:
        links: dict[str, QuoteLink] = {}
        w = whole[a.index]
        if w is not None:
            links[w[0].passage.id] = QuoteLink(w[0].passage.id, round(w[1], 3), w[2])
        for o, sim, how in _other_origins(a, occs, m, speech):
            if o.passage.id not in links:
                links[o.passage.id] = QuoteLink(o.passage.id, round(sim, 3), how)
        root = _root(a.index, parent)
        s = traced[root]
        cid = content_id("utterance", s.id if s else None, occs[root].text)
        ordered = sorted(links.values(), key=lambda q: (key_of[q.passage_id], q.match))
        out.append(Trace(tuple(ordered), traced[a.index], cid))
    return out


def _eligible(o: Occurrence, a: Occurrence, speaker: str | None) -> bool:
    return (o.primary and o.index != a.index and o.passage.source != a.passage.source
            and (speaker is None or o.quoted_speaker == speaker))


def _same_speech(x: SpeechRecord | None, y: SpeechRecord | None) -> bool:
    return x is not None and y is not None and x.id == y.id


def _first(indexes: Sequence[int], occs: Sequence[Occurrence], ok: Callable[[Occurrence], bool],
           before: Key | None = None) -> Occurrence | None:
    """The first occurrence (in origin order) that is `ok`, stopping at key `before`."""
    for i in indexes:
        if before is not None and occs[i].key >= before:
            return None
        if ok(occs[i]):
            return occs[i]
    return None


Bound = tuple[bool, Key]
Ordered = Callable[[int], list[tuple[Bound, int, Alignment]]]


def _ordered_containers(occs: Sequence[Occurrence], m: TextMatches,
                        pools: Sequence[Sequence[int]], *, by_similarity: bool = False) -> Ordered:
    """Return, per cluster, its containers with a non-empty pool, best possible first.

    The bound of a container is the key of the first occurrence of its pool (preceded, with
    `by_similarity`, by whether the containment is less than nearly verbatim, as in
    `_rank`): no occurrence found in that container ranks before it. So a search for the
    best origin stops at the first bound not better than the best found, and a passage
    costs the containers it may take its origin from, not all of them (a text printed many
    times inside many longer ones). Computed once per cluster.
    """
    cache: dict[int, list[tuple[Bound, int, Alignment]]] = {}

    def ordered(c: int) -> list[tuple[Bound, int, Alignment]]:
        if c not in cache:
            cache[c] = sorted((((by_similarity and al.similarity < VERBATIM),
                                occs[pools[c2][0]].key), c2, al)
                              for c2, al in m.within.get(c, ()) if pools[c2])
        return cache[c]
    return ordered


def _whole_origin(a: Occurrence, occs: Sequence[Occurrence], m: TextMatches,
                  speech: list[SpeechRecord | None],
                  ordered: Ordered) -> tuple[Occurrence, float, QuoteMatch] | None:
    """The earliest origin of a passage's whole text: nearly the same text, or a longer one.

    Of all candidates, the first by `_rank` (then a `same` before a `part`); `ordered`
    (by_similarity) gives the containers so that the search stops early.
    """
    if len(a.text) < MIN_TEXT:
        return None
    who = a.quoted_speaker

    def ok(o: Occurrence) -> bool:
        return _eligible(o, a, who) and (o.key < a.key or _same_speech(speech[o.index],
                                                                        speech[a.index]))
    c = m.cluster_of[a.index]
    best: tuple[Occurrence, float, QuoteMatch] | None = None
    best_rank: tuple[bool, Key, bool] | None = None
    same = _first(m.primaries[c], occs, lambda o: _eligible(o, a, who), before=a.key)
    if same is not None:
        al = align(a.text, same.text) if a.text != same.text else Alignment(1.0, 1.0, 0)
        similarity = al.similarity if al else SAME
        best, best_rank = (same, similarity, "same"), (*_rank(same, similarity), False)
    for bound, c2, al2 in ordered(c):
        if best_rank is not None and bound >= best_rank[:2]:
            break  # no origin in this or any later container ranks before the best
        o = _first(m.primaries[c2], occs, ok)
        if o is not None:
            rank = (*_rank(o, al2.similarity), True)
            if best_rank is None or rank < best_rank:
                best, best_rank = (o, al2.similarity, "part"), rank
    return best


def _other_origins(a: Occurrence, occs: Sequence[Occurrence], m: TextMatches,
                   speech: list[SpeechRecord | None]) -> list[tuple[Occurrence, float, QuoteMatch]]:
    """Earlier passages whose whole text `a` embeds, and origins of quotations inside `a`."""
    found: list[tuple[Occurrence, float, QuoteMatch]] = []
    for quote in m.inline.get(a.index, ()):
        origins = [(o, al.similarity) for c2, al in quote
                   if (o := _first(m.primaries[c2], occs,
                                   lambda o: _eligible(o, a, QUOTED_SPEAKER),
                                   before=a.key)) is not None]
        if origins:
            origin, similarity = min(origins, key=lambda x: _rank(*x))
            found.append((origin, similarity, "inline"))
    for c2, al in m.contains.get(m.cluster_of[a.index], ()):
        if len(m.rep_text[c2]) < MIN_EMBED:
            continue
        o = _first(m.primaries[c2], occs, lambda o: _eligible(o, a, None)
                   and not _same_speech(speech[o.index], speech[a.index]), before=a.key)
        if o is not None:
            found.append((o, al.similarity, "embeds"))
    return found


def _by_speech(pools: Sequence[Sequence[int]],
               speech: list[SpeechRecord | None]) -> Callable[[int], dict[str, list[int]]]:
    """Return, per cluster, the occurrences of its pool grouped by speech id, in pool order."""
    cache: dict[int, dict[str, list[int]]] = {}

    def grouped(c: int) -> dict[str, list[int]]:
        if c not in cache:
            found: dict[str, list[int]] = {}
            for i in pools[c]:
                s = speech[i]
                if s is not None:
                    found.setdefault(s.id, []).append(i)
            cache[c] = found
        return cache[c]
    return grouped


def _same_utterance_parent(a: Occurrence, occs: Sequence[Occurrence], m: TextMatches,
                           speech: list[SpeechRecord | None], ordered: Ordered,
                           by_speech: Callable[[int], dict[str, list[int]]]) -> int | None:
    """The earliest passage of the same speech whose text is (or contains) this one's.

    Searched among all members of a cluster for an uncited passage, else the cited ones:
    `by_speech` gives that pool's occurrences of one speech, and `ordered` the containers
    by the pool's first key, so the search stops at the first container that cannot hold
    an earlier one.
    """
    s = speech[a.index]
    if len(a.text) < MIN_TEXT or s is None:
        return None

    def first(c: int, before: Key | None = None) -> Occurrence | None:
        for i in by_speech(c).get(s.id, ()):
            if before is not None and occs[i].key >= before:
                return None
            if i != a.index:
                return occs[i]
        return None
    c = m.cluster_of[a.index]
    best = first(c, a.key)
    for (_, first_key), c2, _ in ordered(c):
        if best is not None and first_key >= best.key:
            break
        o = first(c2)
        if o is not None and (best is None or o.key < best.key):
            best = o
    return best.index if best is not None else None


def _root(i: int, parent: list[int | None]) -> int:
    seen = {i}
    while (p := parent[i]) is not None and p not in seen:
        seen.add(p)
        i = p
    return i
