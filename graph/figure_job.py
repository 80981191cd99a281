"""The report's timeline figures, drawn in a worker process while the other files are written.

Drawing the 12 figures (SVG and PDF each) needs only a few numbers per concept and the glyph
outlines of their text; on a corpus whose characters are not in the user cache yet, taking
those outlines from the font costs seconds. `FigureJob` takes the numbers (`timeline_specs`,
computed from the graph in the calling process) and, on Linux, draws them in a forked process,
so the caller can write GraphML, GEXF and the CSVs meanwhile on the other core. Where
processes are not forked (macOS, Windows: a spawned process would import tifa anew) or
`fork=False`, the figures are drawn in the calling process when `result` is asked for.
Either way the same files, byte for byte: the drawing code is the same
(`tifa.graph.figures`). A worker that dies is replaced by drawing in the calling process; an
error the drawing raises (a missing glyph) is raised by `result`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from tifa.graph.counting import Counting
from tifa.graph.fonts import FontError, cjk_font_digest
from tifa.graph.forked import FORK, Forked
from tifa.graph.stats import YearPoint, timeline, top_concepts

__all__ = ["FORK", "FigureJob", "TimelineSpec", "draw_timelines", "timeline_specs"]


@dataclass(frozen=True)
class TimelineSpec:
    """What one timeline figure shows: its rank in the report, the concept, its years."""

    rank: int
    name: str
    points: tuple[YearPoint, ...]
    subtitle: str

    @property
    def stem(self) -> str:
        """The file name of the figure without suffix: timeline_01 …"""
        return f"timeline_{self.rank:02d}"


def timeline_specs(G: nx.MultiDiGraph, top: int) -> list[TimelineSpec]:
    """Return the timelines of the `top` most said concepts, most said first."""
    counting = Counting(G)
    specs = []
    for rank, concept in enumerate(top_concepts(G, top, counting=counting), start=1):
        a = G.nodes[concept]
        points = timeline(G, concept, counting=counting)
        said = sum(p.utterances for p in points)
        subtitle = " · ".join(x for x in (a.get("category") or "", f"{said} 次") if x)
        specs.append(TimelineSpec(rank, a["name"], points, subtitle))
    return specs


def draw_timelines(specs: Sequence[TimelineSpec], folder: Path,
                   step: Callable[[str], None] = lambda _name: None) -> list[str]:
    """Write each spec as `folder`/timeline_NN.svg and .pdf, after removing the timelines of
    an earlier build; return the SVG texts. `step` is called with each name before drawing."""
    from tifa.graph.figures import FIXED_TEXT, save_pdf, svg_text, timeline_figure
    from tifa.graph.glyphs import outlines

    # every glyph of every figure in one look-up: the font or the cache is opened once
    outlines("".join(s.name + s.subtitle for s in specs) + FIXED_TEXT)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in sorted(folder.glob("timeline_*.*")):  # from an earlier build
        if stale.suffix in (".png", ".svg", ".pdf"):
            stale.unlink()
    svgs = []
    for spec in specs:
        step(spec.name)
        fig = timeline_figure(spec.name, spec.points, subtitle=spec.subtitle)
        svg = svg_text(fig)
        (folder / f"{spec.stem}.svg").write_text(svg, encoding="utf-8", newline="\n")
        save_pdf(fig, folder / f"{spec.stem}.pdf")
        svgs.append(svg)
    return svgs


def _draw_and_cut(specs: Sequence[TimelineSpec], folder: Path, font_text: str) -> list[str]:
    """The worker's body: draw, cut the font subset for `font_text` into the user cache;
    return the SVG texts."""
    svgs = draw_timelines(specs, folder)
    if font_text:
        from tifa.graph.webfont import font_subset

        font_subset(font_text)
    return svgs


class FigureJob:
    """Timeline figures being drawn (in a forked worker when `fork`), collected by `result`.

    A worker then also cuts the font subset of `font_text` (the report's pages) into the user
    cache (`tifa.graph.webfont`), where the caller's own cut finds it."""

    def __init__(self, specs: Sequence[TimelineSpec], folder: Path, *, fork: bool = FORK,
                 font_text: str = "") -> None:
        self.specs = list(specs)
        self.folder = folder
        self._job: Forked[list[str]] | None = None
        if fork and self.specs:
            # the font hashed here once: the worker's glyphs and font subset, then this
            # process's pages key their cache entries with it (a missing font: the worker
            # raises it, as drawing in this process would)
            with suppress(FontError, OSError):
                cjk_font_digest()
            self._job = Forked(lambda: _draw_and_cut(self.specs, folder, font_text))

    def files(self) -> list[Path]:
        """Return the files the figures are written to, in report order."""
        return [self.folder / f"{s.stem}{suffix}"
                for s in self.specs for suffix in (".svg", ".pdf")]

    def result(self, step: Callable[[str], None] = lambda _name: None) -> list[str]:
        """Return the SVG text of each figure once they are written (waiting for the worker);
        `step` is called with each concept's name."""
        if self._job is None:
            return draw_timelines(self.specs, self.folder, step)
        job, self._job = self._job, None
        svgs = job.result()  # a worker that died: drawn here, the font cut again
        for spec in self.specs:
            step(spec.name)
        return svgs
