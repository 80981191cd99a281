"""Glyph outlines of the CJK font, so figures draw text as paths without any font installed.

`outlines(chars)` returns each character's advance width and outline (moves, lines and cubic
curves in font units, y up) as drawn by fontTools' pens from Noto Sans CJK SC
(`tifa.graph.fonts`). Parsing the 16 MB font takes seconds, so the outlines of a set of
characters are kept in tifa's user cache dir (`tifa.extract.cache`) under the hash of the font
file, the characters and this code (a build whose figures use the same characters as an
earlier one reads them back without opening the font), and in memory for the process.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from tifa.extract.cache import cached, source_of
from tifa.graph.fonts import cjk_font_digest, cjk_font_path

Command = tuple[str, tuple[float, ...]]
"""One outline step: ("M", (x, y)), ("L", (x, y)), ("C", (x1, y1, x2, y2, x, y)) or ("Z", ())."""


@dataclass(frozen=True)
class Glyph:
    """One character's outline in font units (y up) and the distance to the next character."""

    advance: float
    commands: tuple[Command, ...]


@dataclass(frozen=True)
class Outlines:
    """The glyphs of some characters (those the font lacks are absent) and the font's scale."""

    units_per_em: int
    glyphs: dict[str, Glyph]

    def missing(self, text: str) -> str:
        """Return the characters of `text` (other than whitespace) without a glyph, once each."""
        return "".join(dict.fromkeys(ch for ch in text
                                     if not ch.isspace() and ch not in self.glyphs))


_KNOWN: dict[str, Glyph | None] = {}
"""The glyphs this process has looked up (None: not in the font), so that the figures of one
build, drawn one by one, open the font or the cache once."""
_UNITS: dict[str, int] = {}


def outlines(chars: str) -> Outlines:
    """Return the outlines of the characters in `chars`: those this process has not seen come
    from the user cache (keyed by that set of characters) or are drawn from the font."""
    todo = sorted(set(chars) - set(_KNOWN))
    if todo:
        wanted = "".join(todo)
        key = [cjk_font_digest(), wanted.encode("utf-8"), *source_of(sys.modules[__name__])]
        found = cached("glyphs", key, lambda: _draw(wanted))
        _KNOWN.update({ch: found.glyphs.get(ch) for ch in todo})
        _UNITS["em"] = found.units_per_em
    glyphs = {ch: g for ch in sorted(set(chars)) if (g := _KNOWN[ch]) is not None}
    return Outlines(_UNITS.get("em", 1000), glyphs)


def _draw(chars: str) -> Outlines:
    """Draw each character of `chars` the font has with a pen that records cubic outlines."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    class _Recorder(BasePen):  # quadratic curves come in as cubic ones (BasePen converts)
        def __init__(self, glyph_set: object) -> None:
            super().__init__(glyph_set)
            self.commands: list[Command] = []

        def _moveTo(self, p: tuple[float, float]) -> None:
            self.commands.append(("M", tuple(p)))

        def _lineTo(self, p: tuple[float, float]) -> None:
            self.commands.append(("L", tuple(p)))

        def _curveToOne(self, p1: tuple[float, float], p2: tuple[float, float],
                        p3: tuple[float, float]) -> None:
            self.commands.append(("C", (*p1, *p2, *p3)))

        def _closePath(self) -> None:
            self.commands.append(("Z", ()))

    font = TTFont(str(cjk_font_path()), lazy=True)
    cmap = font.getBestCmap()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for ch in chars:
        name = cmap.get(ord(ch))
        if name is None:
            continue
        pen = _Recorder(glyph_set)
        glyph_set[name].draw(pen)
        glyphs[ch] = Glyph(float(glyph_set[name].width), tuple(pen.commands))
    return Outlines(int(font["head"].unitsPerEm), glyphs)
