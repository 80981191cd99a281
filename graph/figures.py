"""Figures for the report, drawn with matplotlib in a real CJK font (never tofu).

The font is Noto Sans CJK SC (SIL Open Font License), the file ``NotoSansCJKsc-Regular.otf``
shipped by the PyPI package ``mplfonts`` (a dependency of tifa; nothing is downloaded at run
time). It is located without importing ``mplfonts``, registered with matplotlib's font
manager, and set per figure, so matplotlib's global settings are left alone. Figures use the
Agg canvas directly (no pyplot, no display needed) and PNGs carry no metadata, so the same
data gives the same bytes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from tifa.graph.stats import YearPoint

from tifa.errors import TifaError

CJK_FONT_PACKAGE = "mplfonts"
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


class FontError(TifaError):
    """The CJK font for the report's figures is missing or lacks a character."""


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Return the path of the CJK font file; raise FontError if it is not installed."""
    spec = importlib.util.find_spec(CJK_FONT_PACKAGE)
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / CJK_FONT_FILE
        if path.is_file():
            return path
    raise FontError(
        f"the CJK font {CJK_FONT_FILE} was not found; install it with "
        f"`pip install {CJK_FONT_PACKAGE}` (it comes with `pip install tifa`)"
    )


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


def new_figure(width: float = 7.0, height: float = 3.0) -> Figure:
    """Return an Agg figure whose text is set in the CJK font."""
    cjk_font_family()
    fig = Figure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(left=0.09, right=0.91, top=0.82, bottom=0.11)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    return fig


def _font_props(size: float = 10.0) -> font_manager.FontProperties:
    return font_manager.FontProperties(family=[cjk_font_family(), "DejaVu Sans"], size=size)


def timeline_figure(name: str, points: Sequence[YearPoint], *, subtitle: str = "") -> Figure:
    """Return a figure of one concept: passages per year (bars), share of the year (line)."""
    bad = missing_glyphs(name + subtitle)
    if bad:
        raise FontError(f"the CJK font has no glyph for {bad!r} (in {name!r})")
    fig = new_figure()
    ax = fig.add_subplot()
    years = [p.year for p in points]
    ax.bar(years, [p.passages for p in points], color="#4c72b0", width=0.7, label="段落数")
    ax.set_ylabel("提及的段落数 passages", fontproperties=_font_props(9))
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], fontproperties=_font_props(8))
    top = max([p.passages for p in points] + [1])
    ax.set_ylim(0, top * 1.15)
    share = ax.twinx()
    share.plot(years, [100 * p.share for p in points], color="#dd8452", marker="o",
               linewidth=1.5, label="占当年段落比例")
    share.set_ylabel("占当年段落 % of year", fontproperties=_font_props(9))
    share.set_ylim(0, max([100 * p.share for p in points] + [1]) * 1.15)
    for axis in (ax, share):
        for tick in axis.get_yticklabels():
            tick.set_fontproperties(_font_props(8))
    title = f"{name}  {subtitle}".strip()
    ax.set_title(title, fontproperties=_font_props(12), loc="left")
    handles = ax.get_legend_handles_labels()[0] + share.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2,
              prop=_font_props(8), frameon=False)
    ax.spines["top"].set_visible(False)
    share.spines["top"].set_visible(False)
    return fig


def save_png(fig: Figure, path: Path | str) -> Path:
    """Write `fig` as a PNG without metadata (same figure → same bytes); return the path."""
    path = Path(path)
    fig.savefig(path, format="png", metadata={"Software": None})
    return path
