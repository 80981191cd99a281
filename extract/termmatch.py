"""Normalise text for concept matching and find lexicon terms in it, leftmost-longest.

Matching works on characters, never on a segmenter's tokens, so a term is found even where
jieba would cut it. Text is normalised first, keeping a map back to the original offsets:

- Traditional characters become simplified ones (OpenCC ``t2s``);
- full-width ASCII becomes half-width (５Ｇ → 5G, 互联网＋ → 互联网+) and ASCII letters are
  lower-cased;
- whitespace between two CJK characters or CJK punctuation marks is dropped (justified
  newspaper text such as ``网 络 安 全``, and words hard-wrapped across a line break).

At each position the longest term wins and matching resumes after it, so nested terms count
once (关键核心技术 is never also 核心技术). A term that starts (ends) with an ASCII letter or
digit only matches where no ASCII letter or digit precedes (follows) it: 5G is not found in
15G or 5GB.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tifa.extract.normalize import WIDTH_FOLD, to_simplified

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d"
_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_FOLD = WIDTH_FOLD | {cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}
_FOLD |= {cp + 0xFEE0: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_SPLIT_RUNS = re.compile(r"([\s\u3000-\u303f\uff00-\uffef,.;:!?()]+)")


def _to_simplified(text: str) -> str:
    """Return `text` in simplified characters, always with the same length as `text`."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length: convert run by run, and character by character in a
    # run that still changes length, so that offsets stay one-to-one.
    pieces = []
    for run in _SPLIT_RUNS.split(text):
        conv = to_simplified(run)
        if len(conv) != len(run):
            conv = "".join(c if len(s := to_simplified(c)) != 1 else s for c in run)
        pieces.append(conv)
    return "".join(pieces)


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, the offset in the original text."""

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original (start, end) offsets of normalised characters [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def normalise(text: str) -> Normalised:
    """Return `text` normalised for matching, with a map back to the original offsets."""
    folded = _to_simplified(text).translate(_FOLD)
    keep: list[int] = []
    pos = 0
    for gap in _GAP.finditer(folded):
        keep.extend(range(pos, gap.start()))
        pos = gap.end()
    if pos == 0:
        return Normalised(folded, tuple(range(len(folded))))
    keep.extend(range(pos, len(folded)))
    return Normalised("".join(folded[i] for i in keep), tuple(keep))


def normalise_term(term: str) -> str:
    """Return the key a surface form is matched by: normalised, with all whitespace removed."""
    return re.sub(r"\s+", "", normalise(term.strip()).text)


@dataclass(frozen=True)
class TermMatch:
    """One match in normalised text: [start, end) and the key (normalised surface) found."""

    start: int
    end: int
    key: str


class TermMatcher:
    """Finds normalised surface forms in normalised text, leftmost-longest, in one regex."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = frozenset(k for k in keys if k)
        self._regex = _compile(self.keys)

    def find(self, text: str) -> list[TermMatch]:
        """Return the non-overlapping leftmost-longest matches of the keys in `text`."""
        if self._regex is None:
            return []
        return [TermMatch(m.start(), m.end(), m.group()) for m in self._regex.finditer(text)]


def _compile(keys: frozenset[str]) -> re.Pattern[str] | None:
    """Return one regex over all `keys` that prefers the longest key at each position."""
    if not keys:
        return None
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True

    def branch(node: dict[str, Any], last: str) -> str:
        parts = [re.escape(ch) + branch(child, ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:  # a key ends here: accept it only if no longer key matches
            parts.append("(?![0-9a-z])" if last in _ASCII_ALNUM else "")
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    top = []
    for ch, child in sorted(trie.items()):
        guard = "(?<![0-9a-z])" if ch in _ASCII_ALNUM else ""
        top.append(guard + re.escape(ch) + branch(child, ch))
    return re.compile("|".join(top))
