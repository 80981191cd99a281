"""Figures for the report, written directly as SVG and PDF with the glyphs as outlines.

A timeline is laid out once (`timeline_figure` → a `Figure`: rectangles, lines, markers and
text in points, y down) and written as SVG (`svg_text`) or PDF (`pdf_bytes`) from that one
layout. Text is drawn with the outlines of Noto Sans CJK SC (`tifa.graph.glyphs`: each glyph
once per file, as an SVG ``<path>`` in ``<defs>`` placed by ``<use>``, or a PDF form
XObject), so the files show Chinese on machines without a Chinese font and never tofu; a
character the font lacks is an error, not a box. No date or version goes in: the same data
gives the same bytes. Figures are sized for print (`PRINT_WIDTH_MM` wide, the text width of
most journals, type at 7-11 pt). One quantity per axis: a timeline is two panels over the same
years (utterances, and their share of the year), never two scales on one panel.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tifa.graph.fonts import (
    CJK_FONT_FILE,
    CJK_FONT_PACKAGE,
    PRINT_WIDTH_MM,
    FontError,
    cjk_font_path,
)
from tifa.graph.glyphs import Glyph, Outlines, outlines
from tifa.graph.stats import YearPoint

__all__ = [
    "CJK_FONT_FILE",
    "CJK_FONT_PACKAGE",
    "FIXED_TEXT",
    "PRINT_WIDTH_MM",
    "Figure",
    "FontError",
    "Panel",
    "cjk_font_family",
    "cjk_font_path",
    "figure_text",
    "missing_glyphs",
    "nice_ticks",
    "pdf_bytes",
    "save_pdf",
    "save_svg",
    "svg_text",
    "timeline_figure",
]

PT_PER_MM = 72 / 25.4
HEIGHT_MM = 80
BAR, LINE, INK, GRID = "#4c72b0", "#dd8452", "#262626", "#e5e5e5"
LABELS = ("次数", "utterances", "占当年 %", "% of year", "年份 year")
FIXED_TEXT = "".join(LABELS) + "0123456789."
"""Every character a timeline draws besides its title: the axis labels and the numbers."""


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (a bar): top-left corner, width, height, in points."""

    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    """A stroked polyline through `points`."""

    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float


@dataclass(frozen=True)
class Dot:
    """A filled circle (a marker)."""

    x: float
    y: float
    r: float
    fill: str


@dataclass(frozen=True)
class Text:
    """`text` set from (x, y) on its baseline; `anchor` start|middle|end; `up` turns it to read
    bottom to top (a y-axis label)."""

    x: float
    y: float
    size: float
    text: str
    anchor: str = "start"
    up: bool = False


Item = Rect | Line | Dot | Text


@dataclass(frozen=True)
class Panel:
    """One panel of a figure, in data units: its y range and ticks, bars and line points."""

    box: tuple[float, float, float, float]  # left, top, right, bottom in points
    ylim: tuple[float, float]
    yticks: tuple[float, ...]
    xticks: tuple[int, ...]
    bars: tuple[tuple[int, float], ...]  # (year, height)
    line: tuple[tuple[int, float | None], ...]  # (year, value); None: a gap


@dataclass(frozen=True)
class Figure:
    """A laid-out figure: its size in points, what it draws in order, and its panels."""

    width: float
    height: float
    items: tuple[Item, ...]
    panels: tuple[Panel, ...]
    title: str


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """Register the CJK font with matplotlib (for your own plots, e.g. in a notebook; tifa's
    figures do not use matplotlib) once; return its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


def figure_text(fig: Figure) -> str:
    """Return all the text a figure draws (its glyphs), in drawing order."""
    return "".join(i.text for i in fig.items if isinstance(i, Text))


def missing_glyphs(text: str) -> str:
    """Return the characters of `text` (other than whitespace) the CJK font cannot draw."""
    return outlines(text).missing(text)


def nice_ticks(top: float, bins: int, *, integer: bool = False) -> tuple[float, ...]:
    """Return ticks 0, step, 2·step … ≤ `top`, the step the smallest of 1, 2, 2.5, 5 × 10^k
    (1, 2, 5 × 10^k, at least 1, if `integer`) that gives at most `bins` + 1 ticks."""
    if top <= 0:
        return (0.0,)
    magnitude = 10 ** math.floor(math.log10(top / bins))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if math.floor(top / (m * magnitude) + 1e-9) <= bins)
    if integer:
        step = max(1, round(step))
    return tuple(round(i * step, 10) for i in range(int(top / step + 1e-9) + 1))


def _tick_label(value: float, ticks: Sequence[float]) -> str:
    decimals = max((len(f"{t:.10g}".partition(".")[2]) for t in ticks), default=0)
    return f"{value:.{decimals}f}"


def timeline_figure(name: str, points: Sequence[YearPoint], *, subtitle: str = "") -> Figure:
    """Return the figure of one concept: distinct utterances said per year (top), share of the
    year's utterances (below).

    Two panels over the same years, each with its own labelled axis from zero; every year of
    the span is on the x axis, so a year without data is a gap, never squeezed out.
    """
    title = f"{name}  {subtitle}".strip()
    bad = outlines(title + FIXED_TEXT).missing(title)
    if bad:
        raise FontError(f"the CJK font has no glyph for {bad!r} (in {name!r})")
    width, height = PRINT_WIDTH_MM * PT_PER_MM, HEIGHT_MM * PT_PER_MM
    left, right = 0.1 * width, 0.98 * width
    top, bottom = (1 - 0.86) * height, (1 - 0.15) * height
    axes_h = (bottom - top) / (1 + 0.25 / 2)  # two panels, a gap of a quarter of their mean
    count_box = (left, top, right, top + axes_h * 3 / 5)
    share_box = (left, bottom - axes_h * 2 / 5, right, bottom)

    by_year = {p.year: p for p in points}
    years = tuple(range(min(by_year), max(by_year) + 1)) if by_year else ()
    count_top = max([p.utterances for p in points] + [1]) * 1.15
    share_top = max([100 * p.share for p in points] + [1]) * 1.2
    count = Panel(count_box, (0, count_top), nice_ticks(count_top, 4, integer=True), years,
                  tuple((p.year, float(p.utterances)) for p in points), ())
    share = Panel(share_box, (0, share_top), nice_ticks(share_top, 3), years, (),
                  tuple((y, 100 * by_year[y].share if y in by_year else None) for y in years))
    x0, x1 = (years[0] - 0.6, years[-1] + 0.6) if years else (0.0, 1.0)

    items: list[Item] = []
    for panel, labels in ((count, LABELS[:2]), (share, LABELS[2:4])):
        items.extend(_panel(panel, x0, x1, labels, tick_labels=panel is share))
    cx = (left + right) / 2
    items.append(Text(cx, bottom + 26, 8, LABELS[4], "middle"))
    items.append(Text(left, top - 7, 11, title))
    return Figure(width, height, tuple(items), (count, share), title)


def _panel(panel: Panel, x0: float, x1: float, ylabel: Sequence[str], *,
           tick_labels: bool) -> list[Item]:
    """Return the items of one panel: grid, data, spines, ticks and labels."""
    left, top, right, bottom = panel.box

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (right - left)

    def py(y: float) -> float:
        return bottom - (y - panel.ylim[0]) / (panel.ylim[1] - panel.ylim[0]) * (bottom - top)

    items: list[Item] = [Line(((left, py(t)), (right, py(t))), GRID, 0.6)
                         for t in panel.yticks if t > 0]
    bar_w = px(0.35) - px(-0.35)
    items += [Rect(px(year) - bar_w / 2, py(h), bar_w, py(0) - py(h), BAR)
              for year, h in panel.bars if h > 0]
    run: list[tuple[float, float]] = []
    for year, value in [*panel.line, (0, None)]:
        if value is not None:
            run.append((px(year), py(value)))
        elif run:
            if len(run) > 1:
                items.append(Line(tuple(run), LINE, 1.2))
            run = []
    items += [Dot(px(year), py(value), 1.5, LINE) for year, value in panel.line
              if value is not None]
    items.append(Line(((left, top), (left, bottom), (right, bottom)), INK, 0.8))
    for t in panel.yticks:
        items.append(Line(((left - 3.5, py(t)), (left, py(t))), INK, 0.8))
        items.append(Text(left - 5.5, py(t) + 2.5, 7, _tick_label(t, panel.yticks), "end"))
    for year in panel.xticks:
        items.append(Line(((px(year), bottom), (px(year), bottom + 3.5)), INK, 0.8))
        if tick_labels:
            items.append(Text(px(year), bottom + 12, 8, str(year), "middle"))
    middle = (top + bottom) / 2
    for i, label in enumerate(ylabel):
        items.append(Text(left - 34 + 9.5 * i, middle, 8, label, "middle", up=True))
    return items


# ---- placing glyphs ----------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]


def _glyph_placements(item: Text, font: Outlines) -> Iterable[tuple[str, Matrix]]:
    """Yield (character, matrix from font units to figure points) for each glyph of `item`."""
    scale = item.size / font.units_per_em
    glyphs = [font.glyphs.get(ch) for ch in item.text]
    length = sum(g.advance for g in glyphs if g) * scale
    shift = {"start": 0.0, "middle": length / 2, "end": length}[item.anchor]
    dx, dy = (0.0, -1.0) if item.up else (1.0, 0.0)  # the direction of writing
    ux, uy = dy, -dx  # "up" of the glyphs
    x, y = item.x - shift * dx, item.y - shift * dy
    for ch, glyph in zip(item.text, glyphs, strict=True):
        if glyph is None:
            continue
        if glyph.commands:
            yield ch, (scale * dx, scale * dy, scale * ux, scale * uy, x, y)
        x, y = x + glyph.advance * scale * dx, y + glyph.advance * scale * dy


def _glyph_id(ch: str) -> str:
    return f"u{ord(ch):04X}"


def _n(value: float) -> str:
    """A number written with at most three decimals, no trailing zeros, no "-0"."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _font_for(fig: Figure) -> Outlines:
    return outlines(figure_text(fig))


# ---- SVG -------------------------------------------------------------------------------------


def _svg_path(commands: Iterable[tuple[str, tuple[float, ...]]]) -> str:
    return "".join(op + " ".join(_n(v) for v in args) for op, args in commands)


@lru_cache(maxsize=1 << 12)
def _svg_glyph(glyph: Glyph) -> str:
    """A glyph's SVG path data, written once per process (the figures share their glyphs)."""
    return _svg_path(glyph.commands)


def svg_text(fig: Figure) -> str:
    """Return `fig` as SVG text: glyphs as paths (no font needed to view it), no date."""
    font = _font_for(fig)
    used: dict[str, None] = {}
    body = []
    for item in fig.items:
        if isinstance(item, Rect):
            body.append(f'<rect class="bar" x="{_n(item.x)}" y="{_n(item.y)}" '
                        f'width="{_n(item.w)}" height="{_n(item.h)}" fill="{item.fill}"/>')
        elif isinstance(item, Line):
            d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in item.points)
            body.append(f'<path d="{d}" fill="none" stroke="{item.stroke}" '
                        f'stroke-width="{_n(item.width)}" stroke-linejoin="round"/>')
        elif isinstance(item, Dot):
            body.append(f'<circle cx="{_n(item.x)}" cy="{_n(item.y)}" r="{_n(item.r)}" '
                        f'fill="{item.fill}"/>')
        else:
            uses = []
            for ch, m in _glyph_placements(item, font):
                used[ch] = None
                uses.append(f'<use xlink:href="#{_glyph_id(ch)}" '
                            f'transform="matrix({" ".join(_n(v) for v in m)})"/>')
            label = item.text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            body.append(f'<g aria-label="{label}" fill="{INK}">{"".join(uses)}</g>')
    defs = [f'<path id="{_glyph_id(ch)}" d="{_svg_glyph(font.glyphs[ch])}"/>'
            for ch in sorted(used)]
    title = fig.title.replace("&", "&amp;").replace("<", "&lt;")
    w, h = _n(fig.width), _n(fig.height)
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}">',
        f"<title>{title}</title>",
        "<defs>", *defs, "</defs>",
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
        *body, "</svg>", ""])


def save_svg(fig: Figure, path: Path | str) -> Path:
    """Write `fig` as SVG (`svg_text`); return the path."""
    path = Path(path)
    path.write_text(svg_text(fig), encoding="utf-8", newline="\n")
    return path


# ---- PDF -------------------------------------------------------------------------------------


def _rgb(colour: str) -> str:
    return " ".join(_n(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))


def _pdf_path(commands: Iterable[tuple[str, tuple[float, ...]]]) -> str:
    ops = {"M": "m", "L": "l", "C": "c", "Z": "h"}
    return "\n".join(" ".join([*(_n(v) for v in args), ops[op]]) for op, args in commands)


def _circle(x: float, y: float, r: float) -> str:
    k = 0.5523 * r  # a circle as four cubic curves
    return "\n".join([
        f"{_n(x + r)} {_n(y)} m",
        f"{_n(x + r)} {_n(y + k)} {_n(x + k)} {_n(y + r)} {_n(x)} {_n(y + r)} c",
        f"{_n(x - k)} {_n(y + r)} {_n(x - r)} {_n(y + k)} {_n(x - r)} {_n(y)} c",
        f"{_n(x - r)} {_n(y - k)} {_n(x - k)} {_n(y - r)} {_n(x)} {_n(y - r)} c",
        f"{_n(x + k)} {_n(y - r)} {_n(x + r)} {_n(y - k)} {_n(x + r)} {_n(y)} c", "f"])


def pdf_bytes(fig: Figure) -> bytes:
    """Return `fig` as a one-page PDF of vector paths: each glyph a form XObject named after
    its code point (/u7F51 …), no fonts, no dates, no producer."""
    font = _font_for(fig)
    H = fig.height
    used: dict[str, None] = {}
    ops = [f"{_rgb('#ffffff')} rg 0 0 {_n(fig.width)} {_n(H)} re f", "1 j 1 J"]
    for item in fig.items:
        if isinstance(item, Rect):
            ops.append(f"{_rgb(item.fill)} rg {_n(item.x)} {_n(H - item.y - item.h)} "
                       f"{_n(item.w)} {_n(item.h)} re f")
        elif isinstance(item, Line):
            (x, y), *rest = item.points
            ops.append(f"{_rgb(item.stroke)} RG {_n(item.width)} w {_n(x)} {_n(H - y)} m "
                       + " ".join(f"{_n(a)} {_n(H - b)} l" for a, b in rest) + " S")
        elif isinstance(item, Dot):
            ops.append(f"{_rgb(item.fill)} rg\n" + _circle(item.x, H - item.y, item.r))
        else:
            ops.append(f"{_rgb(INK)} rg")
            for ch, (a, b, c, d, e, f) in _glyph_placements(item, font):
                used[ch] = None
                m = " ".join(_n(v) for v in (a, -b, c, -d, e, H - f))
                ops.append(f"q {m} cm /{_glyph_id(ch)} Do Q")
    glyphs = sorted(used)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 {_n(fig.width)} {_n(H)} ] "
         "/Resources << /XObject << "
         + " ".join(f"/{_glyph_id(ch)} {5 + i} 0 R" for i, ch in enumerate(glyphs))
         + " >> >> /Contents 4 0 R >>").encode("ascii"),
        _stream("", "\n".join(ops)),
    ]
    objects += [_pdf_glyph(font.glyphs[ch]) for ch in glyphs]
    return _pdf_file(objects)


@lru_cache(maxsize=1 << 12)
def _pdf_glyph(glyph: Glyph) -> bytes:
    """A glyph's PDF form XObject, written once per process (the figures share their glyphs)."""
    commands = glyph.commands
    xs = [v for _, args in commands for v in args[0::2]]
    ys = [v for _, args in commands for v in args[1::2]]
    box = " ".join(_n(v) for v in (min(xs), min(ys), max(xs), max(ys)))
    return _stream(f"/Type /XObject /Subtype /Form /BBox [ {box} ] ",
                   _pdf_path(commands) + "\nf")


def _stream(entries: str, content: str) -> bytes:
    data = content.encode("ascii")
    return (f"<< {entries}/Length {len(data)} >>\nstream\n".encode("ascii") + data
            + b"\nendstream")


def _pdf_file(objects: Sequence[bytes]) -> bytes:
    """Return the PDF file of `objects` (numbered from 1, the first the catalog), with its
    cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{o:010d} 00000 n \n".encode("ascii") for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)


def save_pdf(fig: Figure, path: Path | str) -> Path:
    """Write `fig` as PDF (`pdf_bytes`); return the path."""
    path = Path(path)
    path.write_bytes(pdf_bytes(fig))
    return path
