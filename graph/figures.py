"""Figures for the report, drawn with matplotlib in a real CJK font (never tofu).

The font is Noto Sans CJK SC from ``mplfonts`` (`tifa.graph.fonts`), registered with
matplotlib's font manager and set per figure, so matplotlib's global settings are left
alone. Figures use the Agg canvas directly (no pyplot, no display needed), are sized for
print (`PRINT_WIDTH_MM` wide, the text width of most journals, type at 8-11 pt) and are
written as SVG (text as outlines: it shows on machines without a Chinese font), PDF (the
font embedded) and PNG, all without dates or versions, so the same data gives the same bytes.
One quantity per axis: a timeline is two panels over the same years (utterances, and their
share of the year), never two scales on one panel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import MaxNLocator
from tifa.graph.fonts import (
    CJK_FONT_FILE,
    CJK_FONT_PACKAGE,
    PRINT_WIDTH_MM,
    FontError,
    cjk_font_path,
)
from tifa.graph.stats import YearPoint

__all__ = [
    "CJK_FONT_FILE",
    "CJK_FONT_PACKAGE",
    "PRINT_WIDTH_MM",
    "FontError",
    "cjk_font_family",
    "cjk_font_path",
    "missing_glyphs",
    "new_figure",
    "save_pdf",
    "save_png",
    "save_svg",
    "svg_text",
    "timeline_figure",
]

MM = 1 / 25.4


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """Register the CJK font with matplotlib once; return its family name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


@lru_cache(maxsize=1)
def _font() -> FT2Font:
    return FT2Font(str(cjk_font_path()))


def missing_glyphs(text: str) -> str:
    """Return the characters of `text` (other than whitespace) the CJK font cannot draw."""
    font = _font()
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and font.get_char_index(ord(ch)) == 0:
            seen[ch] = None
    return "".join(seen)


def new_figure(width: float = PRINT_WIDTH_MM * MM, height: float = 80 * MM) -> Figure:
    """Return an Agg figure (inches; print width by default) whose text is in the CJK font."""
    cjk_font_family()
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    return fig


def _font_props(size: float = 10.0) -> font_manager.FontProperties:
    return font_manager.FontProperties(family=[cjk_font_family(), "DejaVu Sans"], size=size)


def timeline_figure(name: str, points: Sequence[YearPoint], *, subtitle: str = "") -> Figure:
    """Return a figure of one concept: distinct utterances said per year (top), share of the
    year's utterances (below).

    Two panels over the same years, each with its own labelled axis from zero.
    """
    bad = missing_glyphs(name + subtitle)
    if bad:
        raise FontError(f"the CJK font has no glyph for {bad!r} (in {name!r})")
    fig = new_figure()
    fig.subplots_adjust(left=0.1, right=0.98, top=0.86, bottom=0.15, hspace=0.25)
    count, share = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    # the x axis is every year of the span, so a year without data is a gap, never squeezed out
    by_year = {p.year: p for p in points}
    years = list(range(min(by_year), max(by_year) + 1)) if by_year else []
    count.bar(list(by_year), [p.utterances for p in points], color="#4c72b0", width=0.7)
    count.set_ylim(0, max([p.utterances for p in points] + [1]) * 1.15)
    count.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    count.set_ylabel("次数\nutterances", fontproperties=_font_props(8))
    share.plot(years, [100 * by_year[y].share if y in by_year else float("nan") for y in years],
               color="#dd8452", marker="o", markersize=3, linewidth=1.2)
    share.set_ylim(0, max([100 * p.share for p in points] + [1]) * 1.2)
    share.yaxis.set_major_locator(MaxNLocator(nbins=3))
    share.set_ylabel("占当年 %\n% of year", fontproperties=_font_props(8))
    share.set_xlabel("年份 year", fontproperties=_font_props(8))
    share.set_xticks(years)
    share.set_xticklabels([str(y) for y in years], fontproperties=_font_props(8))
    for axis in (count, share):
        for tick in axis.get_yticklabels():
            tick.set_fontproperties(_font_props(7))
        axis.spines["top"].set_visible(False)
        axis.spines["right"].set_visible(False)
        axis.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        axis.set_axisbelow(True)
    title = f"{name}  {subtitle}".strip()
    count.set_title(title, fontproperties=_font_props(11), loc="left")
    return fig


def save_png(fig: Figure, path: Path | str) -> Path:
    """Write `fig` as a PNG without metadata (same figure → same bytes); return the path."""
    path = Path(path)
    fig.savefig(path, format="png", dpi=200, metadata={"Software": None})
    return path


def save_svg(fig: Figure, path: Path | str) -> Path:
    """Write `fig` as SVG, text as outlines, without date or version; return the path."""
    path = Path(path)
    path.write_text(svg_text(fig), encoding="utf-8", newline="\n")
    return path


def svg_text(fig: Figure) -> str:
    """Return `fig` as SVG text: glyphs as paths (no font needed to view it), stable ids."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "tifa"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def save_pdf(fig: Figure, path: Path | str) -> Path:
    """Write `fig` as PDF, the glyphs used embedded, without dates or producer; return the path.

    The glyphs go in as a Type 3 font: embedding the CFF font as Type 42 would take seconds
    per figure (the 16 MB font is parsed each time) for the same printed result.
    """
    path = Path(path)
    with matplotlib.rc_context({"pdf.fonttype": 3}):
        fig.savefig(path, format="pdf",
                    metadata={"CreationDate": None, "ModDate": None, "Producer": None,
                              "Creator": None})
    return path
