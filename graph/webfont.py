"""Embed a subset of the CJK font in HTML pages, so Chinese renders on any machine.

A page opened on a computer without a Chinese font shows tofu boxes unless it brings its
font along. `embed_font` subsets Noto Sans CJK SC (the font the figures use, from
``mplfonts``; SIL Open Font License 1.1, whose notices stay in the subset's name table) to
the characters the pages contain, with fontTools, and puts it into each page as a WOFF
``@font-face`` of the family `FAMILY` (base64, no file beside the page, nothing fetched).
Subsetting the 16 MB font takes seconds, so pages written together share one subset, and the
subset is kept in tifa's user cache dir (`tifa.extract.cache`) under the hash of the font
file (`cjk_font_digest`: read and hashed once per process, and inherited by the figure
worker), the characters and the code that cuts it: a build whose pages use the same
characters as an earlier one (the same corpus built again) reads it back instead of cutting
it anew.
"""

from __future__ import annotations

import base64
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import fontTools
from tifa.extract.cache import cached, source_of
from tifa.graph.fonts import cjk_font_digest, cjk_font_path

FAMILY = "tifa CJK"
"""The CSS family name of the embedded font; pages list it first in ``font-family``."""

FONT_STACK = (f'"{FAMILY}", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
              '"Microsoft YaHei", sans-serif')
"""The ``font-family`` value of every tifa page: the embedded font, then common CJK fonts."""

_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u3000…—·、，。：；（）《》“”「」"


def font_subset(text: str) -> bytes:
    """Return the CJK font cut down to the characters of `text` (and ASCII), as WOFF."""
    chars = sorted(ord(ch) for ch in set(text).union(_ALWAYS) if ch >= " ")  # each once
    path = cjk_font_path()
    key = [cjk_font_digest(), "".join(map(chr, chars)).encode("utf-8"),
           fontTools.version.encode("ascii"), *source_of(sys.modules[__name__])]
    return cached("webfont", key, lambda: _cut(path, chars))


def _cut(path: Path, chars: list[int]) -> bytes:
    """Return the font at `path` cut down to the code points `chars`, as WOFF."""
    from fontTools import subset  # only for a cut: a build whose subset is cached needs none
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the copyright and licence notices
    options.notdef_outline = True
    options.hinting = False
    # The bounding boxes stay those of the whole font (a superset: nothing is clipped);
    # recomputing them from every outline would cost a third of the time.
    font = TTFont(str(path), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    return buf.getvalue()


def font_face(text: str) -> str:
    """Return a CSS ``@font-face`` rule with the subset of the font for `text` inline."""
    data = base64.b64encode(font_subset(text)).decode("ascii")
    return (f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
            f'src: url("data:font/woff;base64,{data}") format("woff"); }}')


def embed_font(pages: Sequence[str]) -> list[str]:
    """Return `pages` (HTML with a ``</head>``) each with one shared font subset embedded."""
    if not pages:
        return []
    style = f"<style>{font_face(''.join(pages))}</style>\n</head>"
    return [page.replace("</head>", style, 1) for page in pages]
