"""Normalise text for concept matching and find lexicon terms in it, leftmost-longest.

Matching works on characters, never on a segmenter's tokens, so a term is found even where
jieba would cut it. Text is normalised first, keeping a map back to the original offsets, so
every mention keeps the form printed in the text:

- inline pinyin is dropped (``網(wǎng)絡(luò)`` is 網絡), and so are zero-width characters;
- Traditional characters become simplified ones (OpenCC ``t2s``);
- a parenthesised gloss that repeats the words before it is dropped (``網絡(網路)治理`` and
  ``關鍵信息(資訊)基礎設施`` read as 网络治理 and 关键信息基础设施);
- full-width ASCII becomes half-width (５Ｇ → 5G, 互联网＋ → 互联网+) and ASCII letters are
  lower-cased;
- quotation marks are dropped (网上网下“同心圆” is 网上网下同心圆);
- whitespace between two CJK characters or CJK punctuation marks is dropped (justified
  newspaper text such as ``网 络 安 全``, and words hard-wrapped across a line break).

Text with Traditional characters is read a second time with Taiwan and Hong Kong vocabulary
(OpenCC ``tw2sp`` then ``hk2s``: 網路安全 → 网络安全, 資訊化 → 信息化, 網際網路 → 互联网).
That reading is never used alone: its phrase rules also rewrite words both sides share
(核心 → 内核, 智慧 → 智能), so a term found in the plain reading wins wherever the two
overlap, and simplified text is never given the Taiwan reading at all.

At each position the longest term wins and matching resumes after it. A matcher may be given,
for each key, the keys written inside it that a mention of it also says (``nested``: the
lexicon's broader and related formulations, `tifa.extract.lexicon.Lexicon.nested`); those are
reported as well, marked ``nested`` (网络强国战略 is also 网络强国, 国家网络空间安全战略 also
网络空间安全战略), and any other term inside a longer one is not (网络安全 inside 中央网络安全和
信息化委员会 is a mention of the commission only). A term that starts (ends) with an ASCII
letter or digit only matches where no ASCII letter or digit precedes (follows) it: 5G is not
found in 15G or 5GB.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from tifa.extract.normalize import WIDTH_FOLD, to_simplified

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d"
_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_FOLD = WIDTH_FOLD | {cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}
_FOLD |= {cp + 0xFEE0: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_SPLIT_RUNS = re.compile(r"([\s\u3000-\u303f\uff00-\uffef,.;:!?()]+)")
# Pinyin after a character, in ASCII or full-width brackets: 網(wǎng), 強（qiáng）.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,8}[)）]")
# Characters that carry nothing for matching: zero-width marks, soft hyphen, quotation marks.
_DROP = frozenset('\u200b\u200c\u200d\u2060\ufeff\u00ad“”‘’「」『』"')
# Taiwan phrase rules that rewrite words mainland texts printed in Traditional characters also
# use (線上教育 is 线上教育 there, not 在线教育): these keep their plain reading.
_SHARED_WORDS = (
    ("线上", "在线"),
    ("核心", "内核"),
    ("智慧", "智能"),
    ("建立", "创建"),
    ("社群", "社区"),
    ("整合", "集成"),
    ("显著", "显着"),
    ("新增", "添加"),
)
_GLOSS = re.compile(r"[(（]([\u3400-\u9fff]{1,4})[)）]")


@lru_cache(maxsize=2)
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


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


def to_mainland(text: str) -> str:
    """Return `text` in simplified characters with Taiwan and Hong Kong vocabulary converted.

    OpenCC ``tw2sp`` (Taiwan phrases: 網路 → 网络, 資訊 → 信息, 數位 → 数字) then ``hk2s``
    (Hong Kong variant characters). The length may change (網際網路 → 互联网).
    """
    return str(_opencc("hk2s").convert(_opencc("tw2sp").convert(text)))


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, the offset in the original text."""

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original (start, end) offsets of normalised characters [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def _without_noise(text: str, dropped: frozenset[str] = _DROP) -> tuple[str, list[int]]:
    """Return `text` without inline pinyin and the `dropped` marks, with each char's offset."""
    pieces: list[str] = []
    keep: list[int] = []
    pos = 0
    for m in _noise(dropped).finditer(text):
        pieces.append(text[pos : m.start()])
        keep.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    keep.extend(range(pos, len(text)))
    return "".join(pieces), keep


@lru_cache(maxsize=4)
def _noise(dropped: frozenset[str]) -> re.Pattern[str]:
    """Return a regex finding inline pinyin and each of the `dropped` marks."""
    marks = "".join(sorted(re.escape(ch) for ch in dropped))
    return re.compile(rf"{_PINYIN.pattern}|[{marks}]")


def mainland_reading(text: str) -> str:
    """Return `text` as concept matching reads it: simplified, with Taiwan/HK vocabulary
    converted only where printed in Traditional characters (網路安全 → 网络安全, while
    核心技术 stays 核心技术). Query parameters naming a concept are read this way too."""
    return _taiwan_reading(text)[0]


def _taiwan_reading(run: str) -> tuple[str, list[int]]:
    """Return `run` read with Taiwan/HK vocabulary, and each char's index into `run`.

    Only a change printed in or next to a Traditional character is taken (網路 → 网络,
    數位 → 数字, 網際網路 → 互联网); a phrase that reads the same in both scripts keeps its
    plain reading (核心 is not turned into 内核, nor 智慧 into 智能, in 核心技术, 智慧城市). A
    converted phrase maps its first character to the first of the printed phrase and its last
    to the last, so a match inside it covers the whole printed phrase.
    """
    plain = _to_simplified(run)
    taiwan = to_mainland(run)
    chars: list[str] = []
    out: list[int] = []
    for op, i1, i2, j1, j2 in _merged_opcodes(plain, taiwan):
        printed = run[max(i1 - 1, 0) : i2 + 1]  # the changed characters and their neighbours
        wide, conv = plain[max(i1 - 1, 0) : i2 + 1], taiwan[max(j1 - 1, 0) : j2 + 1]
        shared = any(a in wide and b in conv for a, b in _SHARED_WORDS)
        if op == "equal" or shared or not any(to_simplified(c) != c for c in printed):
            chars.append(plain[i1:i2])
            out.extend(range(i1, i2))
            continue
        n, m = i2 - i1, j2 - j1
        if m == 0:
            continue
        chars.append(taiwan[j1:j2])
        if n == 0:
            out.extend([max(i1 - 1, 0)] * m)
            continue
        out.extend(i1 + (k * n) // m for k in range(m - 1))
        out.append(i2 - 1)
    return "".join(chars), out


def _merged_opcodes(source: str, target: str) -> list[tuple[str, int, int, int, int]]:
    """Return difflib's opcodes with a one-character 'equal' between two changes absorbed.

    网际网路 → 互联网 shares one 网 by chance; read as one replaced phrase it maps whole.
    """
    merged: list[list[Any]] = []
    ops = SequenceMatcher(None, source, target, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        lone = tag == "equal" and i2 - i1 == 1 and 0 < k < len(ops) - 1
        if merged and merged[-1][0] != "equal" and (lone or tag != "equal"):
            merged[-1][0], merged[-1][2], merged[-1][4] = "replace", i2, j2
            continue
        merged.append([tag, i1, i2, j1, j2])
    return [(str(o[0]), int(o[1]), int(o[2]), int(o[3]), int(o[4])) for o in merged]


def _finish(text: str, offsets: list[int]) -> Normalised:
    """Drop glosses, fold width and case, remove CJK gaps; compose the offsets."""
    pieces: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _GLOSS.finditer(text):
        word = m.group(1)
        pieces.append(text[pos : m.start()])
        offs.extend(offsets[pos : m.start()])
        pos = m.start()
        if len(offs) >= len(word) and _ends_with(pieces, word):
            pos = m.end()
    pieces.append(text[pos:])
    offs.extend(offsets[pos:])
    folded = "".join(pieces).translate(_FOLD)
    pieces = []
    final: list[int] = []
    pos = 0
    for gap in _GAP.finditer(folded):
        pieces.append(folded[pos : gap.start()])
        final.extend(offs[pos : gap.start()])
        pos = gap.end()
    pieces.append(folded[pos:])
    final.extend(offs[pos:])
    return Normalised("".join(pieces), tuple(final))


def _ends_with(pieces: list[str], word: str) -> bool:
    """Return True if the text joined from `pieces` ends with `word`."""
    tail = ""
    for piece in reversed(pieces):
        tail = piece + tail
        if len(tail) >= len(word):
            break
    return tail.endswith(word)


_QUOTES = frozenset('“”‘’「」『』"')


def normalise(text: str, *, keep_quotes: bool = False) -> Normalised:
    """Return `text` normalised for matching, with a map back to the original offsets.

    With `keep_quotes`, quotation marks stay (term discovery counts quoted phrases).
    """
    clean, offsets = _without_noise(text, _DROP - _QUOTES if keep_quotes else _DROP)
    return _finish(_to_simplified(clean), offsets)


def normalised_readings(text: str) -> tuple[Normalised, ...]:
    """Return the readings of `text` to match in: plain, then (for Traditional text) Taiwan/HK.

    The second reading is given only when `text` has Traditional characters and the Taiwan
    and Hong Kong vocabulary changes something.
    """
    clean, offsets = _without_noise(text)
    simplified = _to_simplified(clean)
    plain = _finish(simplified, offsets)
    if simplified == clean:
        return (plain,)
    # Read run by run, so that a length change stays local.
    text_out: list[str] = []
    offs_out: list[int] = []
    base = 0
    for run in _SPLIT_RUNS.split(clean):
        conv, index = _taiwan_reading(run)
        text_out.append(conv)
        offs_out.extend(offsets[base + j] for j in index)
        base += len(run)
    taiwan = "".join(text_out)
    if taiwan == simplified:
        return (plain,)
    return (plain, _finish(taiwan, offs_out))


def normalise_term(term: str) -> str:
    """Return the key a surface form is matched by: normalised, with all whitespace removed."""
    return re.sub(r"\s+", "", normalise(term.strip()).text)


@dataclass(frozen=True)
class TermMatch:
    """One match: [start, end), the key (normalised surface) found, and whether it is a term
    written inside a longer match that the longer one also says (`TermMatcher` ``nested``)."""

    start: int
    end: int
    key: str
    nested: bool = False


Nested = Mapping[str, tuple[tuple[int, int, str], ...]]


class TermMatcher:
    """Finds normalised surface forms in normalised text, leftmost-longest, in one regex.

    `nested` maps a key to the keys inside it that a mention of it also says, as
    (start, end, key) within the key; `find_in` reports those too.
    """

    def __init__(self, keys: Iterable[str], *, nested: Nested | None = None) -> None:
        self.keys = frozenset(k for k in keys if k)
        self._regex = _compile(self.keys)
        self.nested: Nested = nested or {}

    def find(self, text: str) -> list[TermMatch]:
        """Return the non-overlapping leftmost-longest matches of the keys in `text`."""
        if self._regex is None:
            return []
        return [TermMatch(m.start(), m.end(), m.group()) for m in self._regex.finditer(text)]

    def find_in(self, text: str) -> list[TermMatch]:
        """Return the matches in raw `text`, in its own offsets, over every reading of it.

        Each reading is matched leftmost-longest; the plain reading's matches are kept, and a
        match of the Taiwan/HK reading is added where it overlaps none of them (and no longer
        match of its own reading). Each match is followed by its nested matches, if any.
        """
        readings = normalised_readings(text)
        chosen: list[TermMatch] = []
        for rank, norm in enumerate(readings):
            found = self.find(norm.text)
            if rank > 0:
                taken = [(m.start, m.end) for m in chosen]
                found = [m for m in found if not _overlaps(norm.span(m.start, m.end), taken)]
            for m in found:
                chosen.append(TermMatch(*norm.span(m.start, m.end), m.key))
                chosen.extend(
                    TermMatch(*norm.span(m.start + a, m.start + b), key, nested=True)
                    for a, b, key in self.nested.get(m.key, ())
                )
        return sorted(chosen, key=lambda m: (m.start, m.nested))


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in taken)


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
        # The guard follows the first character, so that every alternative starts with a
        # literal: the regex engine then skips to the positions where some key can start.
        guard = "(?<![0-9a-z].)" if ch in _ASCII_ALNUM else ""
        top.append(re.escape(ch) + guard + branch(child, ch))
    return re.compile("|".join(top))
