"""Text normalisation: one width for parsing, simplified characters for matching, no justify spaces.

Stored passage text keeps the characters as written; these functions give the forms that
parsers and matchers compare.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’《》〈〉「」『』【】、。，；：？！（）—…·"
# Full-width ASCII variants (！ … ～) to ASCII, the ideographic space to a space.
WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_JUSTIFY_GAP = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \u3000\u00a0]+(?=[{_CJK}{_CJK_PUNCT}])")
_DIGIT_GAP = re.compile(
    rf"(?<=[0-9])[ \u3000\u00a0]+(?=[{_CJK}])|(?<=[{_CJK}])[ \u3000\u00a0]+(?=[0-9])"
)


def fold_width(text: str) -> str:
    """Return `text` with full-width ASCII forms (（，：５Ｇ) as half-width ones ((,:5G)."""
    return text.translate(WIDTH_FOLD)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Return `text` converted from Traditional to Simplified characters (OpenCC t2s)."""
    return str(_t2s().convert(text))


def simplify_chars(text: str) -> str:
    """Return `text` simplified (OpenCC t2s) with one character for each printed one.

    When a phrase conversion would change the length, each character is converted alone,
    so index `i` of the result always stands for index `i` of `text`.
    """
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        simplified = "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch
                             for ch in text)
    return simplified


# Corner brackets (Traditional-script quotation marks) as the “” ‘’ the parsers read.
_CORNER_QUOTES = {ord("「"): "“", ord("」"): "”", ord("『"): "‘", ord("』"): "’"}
_CORNER_QUOTE = re.compile("[「」『』]")


def script_view(text: str) -> str:
    """Return the form structural parsers read a printed line in, of equal length:
    simplified characters (`simplify_chars`) and “” ‘’ for corner brackets 「」『』."""
    view = simplify_chars(text)
    return view.translate(_CORNER_QUOTES) if _CORNER_QUOTE.search(view) else view


def remove_justify_spaces(text: str, *, min_gaps: int = 2) -> str:
    """Return `text` without the spaces that justified a line between CJK characters.

    A line with fewer than `min_gaps` CJK–CJK gaps keeps them (a headline's separator,
    a byline's name); spaces between digits and CJK characters always go (4 月 19 日).
    """
    if " " not in text and "\u3000" not in text and "\u00a0" not in text:
        return text
    text = _DIGIT_GAP.sub("", text)
    if len(_JUSTIFY_GAP.findall(text)) >= min_gaps:
        text = _JUSTIFY_GAP.sub("", text)
    return text


def for_parsing(text: str) -> str:
    """Return the form citation and date parsers read: half-width, no justify spaces."""
    return fold_width(remove_justify_spaces(text, min_gaps=1)).strip()


def squash(text: str) -> str:
    """Return only the letters and digits of `text`, simplified: a key for near-equality."""
    return re.sub(r"[\W_]+", "", to_simplified(fold_width(text)))


# Parenthesised pinyin that annotating web copies insert after characters: 網(wǎng)絡(luò).
PINYIN_GROUP = re.compile(
    r"(?<=[\u3400-\u9fff])[(（][a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,8}[)）]"
)
# ASCII punctuation that web copies substitute for the full-width forms parsers expect.
_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！",
                          "?": "？"}) | _CORNER_QUOTES
_SOFT_PUNCT = "，、；：,"
# The parse view's characters: full-width punctuation, half-width letters and digits.
_VIEW_CHARS = _TO_FULL | {cp: half for cp, half in WIDTH_FOLD.items() if chr(cp).isalnum()}
# Two marks of which the parse view keeps one (see `parse_view`).
_DOUBLED_MARK = re.compile(f"[{_SOFT_PUNCT}][，、；：。！？]")


def strip_pinyin(text: str) -> str:
    """Return `text` without inline pinyin annotations (網(wǎng)絡(luò) → 網絡)."""
    return PINYIN_GROUP.sub("", text)


def parse_view(text: str) -> tuple[str, list[int]]:
    """Return (view, offsets): the form attribution cues are read in, and each char's origin.

    The view is simplified (OpenCC t2s), uses full-width punctuation and “” quotes, has no
    inline pinyin, and keeps one mark of a doubled run (`,,` or `,、` → one). `offsets[i]` is
    the index in `text` of view character `i`, so a span found in the view maps back to the
    text as printed.
    """
    view = simplify_chars(text).translate(_VIEW_CHARS)
    if not PINYIN_GROUP.search(text) and not _DOUBLED_MARK.search(view):
        return view, list(range(len(view)))
    drop = [False] * len(text)
    for m in PINYIN_GROUP.finditer(text):
        for i in range(m.start(), m.end()):
            drop[i] = True
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(view):
        if drop[i]:
            continue
        if (chars and ch in "，、；：。！？" and chars[-1] in _SOFT_PUNCT and chars[-1] != ch) or (
                chars and ch in "，、；：" and chars[-1] == ch):
            chars[-1], offsets[-1] = ch, i
            continue
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets
