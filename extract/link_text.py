"""Text matching for linking: a character n-gram index and an aligner for near-containment.

Texts are compared in their squashed form (letters and digits only, simplified, half-width),
so punctuation, spaces and full/half-width forms never matter. `GramIndex` finds candidate
containers from a fragment's rarest n-grams (short posting lists), so a lookup costs about
the length of the fragment, not the size of the corpus; `align` then checks a candidate
character by character and tolerates small OCR differences and an elided middle.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import chain, compress, repeat

from tifa.extract.normalize import squash

N = 3  # characters per gram
PROBES = 12  # rarest grams of a fragment used to find candidates
MIN_SHARE = 0.5  # share of the probes a candidate must contain
MIN_BLOCK = 3  # matched runs shorter than this are noise, not evidence
MIN_GRAMS = 0.6  # share of a fragment's grams a container must have to be aligned at all
CAP = 64  # a probe gram is held by at most this many texts, unless too few grams of the
# fragment are (docs/linking.md, Cost): a fixed cut-off, so a lookup's cost does not grow
# with the corpus
LONG = 32  # grams: a fragment this long is probed in REGIONS parts, each must be hit
REGIONS = 2
MIN_PROBES = 3  # probes per part even when fewer grams are under the cap

Positions = dict[str, tuple[int, ...]]  # gram → where it starts in a text, ascending


def norm(text: str) -> str:
    """Return the matching form of `text`: letters and digits only, simplified, half-width."""
    return squash(text)


def grams(text: str, n: int = N) -> list[str]:
    """Return the overlapping character n-grams of `text` in order (none if it is shorter)."""
    return [text[i:i + n] for i in range(len(text) - n + 1)]


@dataclass(frozen=True)
class Alignment:
    """How a fragment lies inside a container.

    `coverage`: share of the fragment's characters found, in order, inside the container;
    `similarity`: 2·matched / (fragment length + length of the container span they cover);
    `blocks` / `shortest`: how many matched runs, and the shortest one (an elided quotation
    is a few long runs; a chance match is many short ones).
    """

    coverage: float
    similarity: float
    matched: int
    blocks: int = 1
    shortest: int = 0


def align(fragment: str, container: str,
          where: Callable[[], Positions] | None = None) -> Alignment | None:
    """Return how `fragment` lies inside `container` (both squashed), or None if it does not.

    `where` returns the container's `positions` (a caller aligning several fragments in one
    container makes them once); without it they are made here if needed."""
    if not fragment:
        return None
    if fragment in container:
        return verbatim(fragment)
    if len(fragment) == len(container):
        same = _substitutions_only(fragment, container)
        if same is not None:
            return same
    window = _window(fragment, container, where)
    if window is None:
        return None
    lo, hi = window
    blocks = [b for b in SequenceMatcher(None, fragment, container[lo:hi], autojunk=False)
              .get_matching_blocks() if b.size >= MIN_BLOCK]
    if not blocks:
        return None
    matched = sum(b.size for b in blocks)
    span = blocks[-1].b + blocks[-1].size - blocks[0].b
    return Alignment(matched / len(fragment), 2 * matched / (len(fragment) + span), matched,
                     len(blocks), min(b.size for b in blocks))


def verbatim(fragment: str) -> Alignment:
    """Return the alignment of a fragment found whole, as it is, in its container."""
    return Alignment(1.0, 1.0, len(fragment), 1, len(fragment))


def may_contain(fragment_grams: Sequence[str], container_grams: Container[str], *,
                share: float = MIN_GRAMS) -> bool:
    """Return False if a container cannot hold ≥ 90% of a fragment in order (a cheap test).

    Found text lies in runs of at least MIN_BLOCK characters, and a run of k characters
    keeps k - 2 of its grams: 90% of a fragment found (one miss in ten characters at
    worst) keeps about 70% of its grams, so a container with fewer than `share` of them is
    not aligned at all. This keeps texts that share only a sentence away from the aligner.
    """
    need = share * len(fragment_grams)
    found = 0
    for i, g in enumerate(fragment_grams):
        if g in container_grams:
            found += 1
            if found >= need:
                return True
        elif found + len(fragment_grams) - i - 1 < need:  # too few grams left
            return False
    return not fragment_grams


def max_coverage(fragment_grams: Sequence[str], container_grams: Container[str], *,
                 at_least: float = 0.0) -> float:
    """Return an upper bound on `align`'s coverage of a fragment in a container (0.0 … 1.0).

    `align` counts only runs of at least MIN_BLOCK (= N) characters, and every character of
    such a run lies in one of the fragment's grams that the container holds; a character no
    held gram covers can never be found. So the share of the fragment's characters covered
    by held grams bounds the coverage, exactly. Returns 0.0 as soon as the bound falls below
    `at_least` (a cheap rejection: a text sharing only part of the fragment stops early).
    """
    if not fragment_grams:
        return 0.0
    length = len(fragment_grams) + N - 1
    allowed = (1.0 - at_least) * length + 1e-9  # characters that may stay uncovered
    missing = 0
    reach = 0  # characters before this index are covered by a held gram
    for i, g in enumerate(fragment_grams):
        if g in container_grams:
            reach = i + N
        elif reach <= i:  # grams i-2 and i-1 did not reach character i, nor does gram i
            missing += 1
            if missing > allowed:
                return 0.0
    missing += length - max(reach, len(fragment_grams))
    return 0.0 if missing > allowed else (length - missing) / length


def may_hold(fragment: str, fragment_grams: Sequence[str], text: str,
             text_grams: Container[str], *, coverage: float = 0.0) -> bool:
    """Return False if `text` (its grams, or its `positions`: `text_grams`) cannot hold
    most of `fragment` (`may_contain`); with `coverage`, also False when `align` could not
    find that share of the fragment in it (`max_coverage`): such a text is never aligned."""
    # A text holding the fragment verbatim holds all its grams and passes both tests;
    # the cheap, early-stopping bound runs first, as it rejects most candidates.
    if coverage and max_coverage(fragment_grams, text_grams, at_least=coverage) < coverage:
        return False
    return fragment in text or may_contain(fragment_grams, text_grams)


def _substitutions_only(a: str, b: str) -> Alignment | None:
    """Align two texts of one length that differ only by a few substituted characters."""
    runs: list[int] = []
    run = 0
    for x, y in zip(a, b, strict=True):
        if x == y:
            run += 1
        else:
            runs.append(run)
            run = 0
    runs.append(run)
    if len(runs) - 1 > len(a) // 10:
        return None
    long_runs = [r for r in runs if r >= MIN_BLOCK]
    matched = sum(long_runs)
    return Alignment(matched / len(a), matched / len(a), matched, len(long_runs),
                     min(long_runs, default=0))


def positions(text: str) -> Positions:
    """Return where each gram of `text` starts, in order (also the set of its grams)."""
    gs = grams(text)
    where: Positions = dict(zip(gs, zip(range(len(gs))), strict=True))  # last if repeated
    if len(where) < len(gs):
        repeated: dict[str, list[int]] = {g: [] for g, n in Counter(gs).items() if n > 1}
        for j, g in enumerate(gs):
            js = repeated.get(g)
            if js is not None:
                js.append(j)
        where.update((g, tuple(js)) for g, js in repeated.items())
    return where


def _window(fragment: str, container: str,
            where: Callable[[], Positions] | None = None) -> tuple[int, int] | None:
    """Return the container span where the fragment's grams line up, or None.

    The span runs from the leftmost to the rightmost offset (diagonal) that several grams
    agree on, within a fragment's length of the best one, so an elided middle still fits.
    """
    starts = positions(container) if where is None else where()
    votes: Counter[int] = Counter()
    for i, g in enumerate(grams(fragment)):
        for j in starts.get(g, ()):
            votes[j - i] += 1
    if not votes:
        return None
    best = min(votes, key=lambda d: (-votes[d], d))
    reach = 2 * len(fragment)
    near = [d for d, n in votes.items() if abs(d - best) <= reach and (n >= 2 or d == best)]
    pad = max(8, len(fragment) // 5)
    return max(0, min(near) - pad), min(len(container), max(near) + len(fragment) + pad)


class GramIndex:
    """An inverted index from character n-grams to the ids of the texts that contain them.

    A gram's postings are one `array` of ids, ascending (4 bytes an id); no text's gram set
    is kept: `may_contain` takes it from the caller or makes it from the text.
    """

    def __init__(self) -> None:
        self.postings: dict[str, array[int]] = {}
        self.texts: list[str] = []

    def add(self, text: str, text_grams: Sequence[str] | None = None) -> int:
        """Index `text` (whose `grams` the caller may have made); return its id (ids count
        up from 0 in insertion order)."""
        tid = len(self.texts)
        self.texts.append(text)
        postings = self.postings
        for g in set(grams(text) if text_grams is None else text_grams):
            held = postings.get(g)
            if held is None:
                postings[g] = array("i", (tid,))
            else:
                held.append(tid)
        return tid

    def may_contain(self, fragment: str, tid: int,
                    fragment_grams: Sequence[str] | None = None, *,
                    coverage: float = 0.0, held: Container[str] | None = None) -> bool:
        """Return False if text `tid` cannot hold most of `fragment` (see `may_contain`).

        With `coverage`, also False when `align` could not find that share of the fragment
        in the text (`max_coverage`): such a candidate is never aligned. `held`: the text's
        grams (or its `positions`), when the caller has them.
        """
        fg = grams(fragment) if fragment_grams is None else fragment_grams
        own = frozenset(grams(self.texts[tid])) if held is None else held
        return may_hold(fragment, fg, self.texts[tid], own, coverage=coverage)

    def candidates(self, fragment: str, *, probes: int = PROBES,
                   fragment_grams: Sequence[str] | None = None) -> list[int]:
        """Return ids of texts that share most of the fragment's probe grams, ascending
        (the probes and the share a candidate must hold: `probe_plan`)."""
        postings = self.postings
        fg = grams(fragment) if fragment_grams is None else fragment_grams
        held = list(map(len, map(postings.get, fg, repeat(_NO_TEXT))))
        found: set[int] | None = None
        for chosen, need in probe_plan(fg, held, probes=probes) or ():
            counts = Counter(chain.from_iterable(map(postings.__getitem__, chosen)))
            hits = set(compress(counts, map(need.__le__, counts.values())))
            found = hits if found is None else found & hits
        return sorted(found or ())


def probe_plan(fg: Sequence[str], held: Sequence[int], *,
               probes: int = PROBES) -> list[tuple[list[str], int]] | None:
    """Return, for each part of a fragment (grams `fg`), its probe grams and how many of
    them a candidate must hold; None when a part has no gram that any text holds (then no
    text can contain the fragment). `held[i]` is the number of indexed texts that hold
    gram fg[i] (ABSENT when none does).

    Probes are rare grams that do not overlap (a misprint spoils at most one): in each half
    of a long fragment (≥ LONG grams) the rarest held by at most CAP texts (grams many
    texts hold are stop-words), topped up with the next rarest to MIN_PROBES. A candidate
    must hold MIN_SHARE of the probes of every half, so a text sharing one clause of a long
    fragment is not a candidate.
    """
    regions = REGIONS if len(fg) >= LONG else 1
    size = math.ceil(len(fg) / regions)
    plan: list[tuple[list[str], int]] = []
    for r in range(regions):
        lo, hi = r * size, min(len(fg), (r + 1) * size)
        chosen = _probes(fg, lo, hi, held[lo:hi], probes // regions)
        if not chosen:
            return None
        plan.append((chosen, max(1, math.ceil(MIN_SHARE * len(chosen)))))
    return plan


ABSENT = sys.maxsize  # the number of texts "holding" a gram none holds: ranks after all
_NO_TEXT = range(ABSENT)  # … as the postings of such a gram


def _probes(fg: Sequence[str], lo: int, hi: int, held: Sequence[int], k: int) -> list[str]:
    """Return up to `k` non-overlapping grams of fg[lo:hi], rarest first, each held by at
    most CAP texts, topped up with the next rarest to MIN_PROBES (a fragment of common
    clauses: its few rare grams may span a cut that an elided container lacks). `held`:
    the texts holding each gram of fg[lo:hi]."""
    # ranked by (texts holding it, position): a stable sort of the positions by count
    picks = _pick(sorted(range(len(held)), key=held.__getitem__), held, fg, lo, k)
    under = sum(1 for n, _ in picks if n <= CAP)
    return [g for _, g in picks[:max(under, min(MIN_PROBES, len(picks)))]]


def _pick(ranked: Iterable[int], held: Sequence[int], fg: Sequence[str], lo: int,
          k: int) -> list[tuple[int, str]]:
    """Return up to `k` (texts holding it, gram) of the ranked grams (positions in
    fg[lo:]), skipping a gram that overlaps or repeats an earlier pick, and stopping at the
    first gram no text holds."""
    near: set[int] = set()  # positions a pick overlaps
    seen: set[str] = set()
    picks: list[tuple[int, str]] = []
    for j in ranked:
        n = held[j]
        if len(picks) >= k or n == ABSENT:
            break
        i = lo + j
        g = fg[i]
        if i not in near and g not in seen:
            near.update(range(i - N + 1, i + N))
            seen.add(g)
            picks.append((n, g))
    return picks
