"""The build report: ``report.html`` with its timelines, and the concept-neighbourhood page.

Sections: the summary (nodes per label, edges per type, files that failed, warnings by
kind), a timeline per top concept (distinct utterances said per year, by the one counting
rule of `tifa.graph.counting`, and share of the year), the top concepts of each year, the
first appearance of every concept with its full citation, and a link to
``neighbourhood.html``. Everything is computed from the graph (`tifa.graph.stats`), nothing
is dated, and the same graph gives the same files.

Both pages are self-contained: the figures are inside ``report.html`` as SVG (glyphs as
outlines), the text is set in a subset of the CJK font embedded in each page
(`tifa.graph.webfont`), so they show Chinese on a machine without Chinese fonts and can be
mailed as one file. Each figure is also written to ``figures/`` as SVG and PDF at print size
(`tifa.graph.figures`), for papers. `start_figures` composes the pages' text and begins drawing
the figures in a worker process (`tifa.graph.figure_job`), which then cuts the pages' font
subset into the user cache, so that a caller (`Build.write`) can write its other files
meanwhile: on a corpus whose characters are new, the seconds fontTools takes are spent beside
the GraphML and GEXF writers instead of after them.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from tifa.graph.figure_job import FigureJob, TimelineSpec, timeline_specs
from tifa.graph.fonts import PRINT_WIDTH_MM
from tifa.graph.neighbourhood import neighbourhood_page
from tifa.graph.stats import (
    FirstAppearance,
    first_appearances,
    label_counts,
    passages_per_year,
    top_concepts_by_year,
    type_counts,
)
from tifa.graph.webfont import FONT_STACK, embed_font

FIGURES = "figures"
Progress = Callable[[str], None]

STYLE = """
body { font-family: FONTS;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; vertical-align: top; text-align: left; }
td.n { text-align: right; }
.figs img { width: 49%; min-width: 420px; }
small { color: #666; }
""".replace("FONTS", FONT_STACK)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], numeric: int = 0) -> str:
    out = ["<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="n"' if i >= len(row) - numeric else ""
            cells.append(f"<td{cls}>{cell}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "</table>"


def _summary(G: nx.MultiDiGraph, warnings: Mapping[str, int],
             failures: Sequence[tuple[str, str]]) -> str:
    labels = _table(["label", "nodes"], [[_e(k), v] for k, v in label_counts(G).items()], 1)
    types = _table(["relationship", "edges"], [[_e(k), v] for k, v in type_counts(G).items()], 1)
    years = _table(["year", "passages"], [[y, n] for y, n in passages_per_year(G).items()], 1)
    warn = _table(["warning", "count"], [[_e(k), v] for k, v in sorted(warnings.items())], 1) \
        if warnings else "<p>No warnings.</p>"
    fail = _table(["file", "problem"], [[_e(p), _e(m)] for p, m in failures]) \
        if failures else "<p>Every file was read.</p>"
    return (f"<h2>Summary 概况</h2><div style='display:flex;gap:2em;flex-wrap:wrap'>"
            f"<div>{labels}</div><div>{types}</div><div>{years}</div></div>"
            f"<h3>Warnings 提示</h3>{warn}<h3>Files that failed 读取失败</h3>{fail}")


@dataclass(frozen=True)
class StartedReport:
    """A report `start_figures` began: the figures being drawn and the parts of the pages that
    depend on the graph only."""

    figures: FigureJob
    firsts_html: str
    firsts: list[FirstAppearance]
    neighbourhood: str


def start_figures(G: nx.MultiDiGraph, folder: Path | str, *, top: int = 12,
                  warnings: Mapping[str, int] | None = None,
                  failures: Sequence[tuple[str, str]] = ()) -> StartedReport:
    """Start drawing the report's figures into `folder`/figures/ (in a worker process on
    Linux, `tifa.graph.figure_job`, which also cuts the pages' font subset into the user
    cache), so other files can be written meanwhile; pass the result to `write_report` with
    the same `top`, `warnings` and `failures`."""
    specs = timeline_specs(G, top)
    firsts_html, firsts = _firsts(G)
    neighbourhood = neighbourhood_page(G, firsts=firsts)
    blank = _report_page(G, warnings or {}, failures, _timelines(specs, [""] * len(specs)),
                         firsts_html)
    job = FigureJob(specs, Path(folder) / FIGURES, font_text=blank + neighbourhood)
    return StartedReport(job, firsts_html, firsts, neighbourhood)


def _timelines(specs: Sequence[TimelineSpec], svgs: Sequence[str]) -> str:
    blocks = []
    for spec, svg in zip(specs, svgs, strict=True):
        alt = f"{spec.name}：" + "，".join(f"{p.year} {p.utterances}" for p in spec.points)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        blocks.append(f'<a href="neighbourhood.html#{_e(spec.name)}">'
                      f'<img src="data:image/svg+xml;base64,{data}" alt="{_e(alt)}"></a>')
    return ("<h2>Timelines 概念时间线</h2><p>For each of the "
            f"{len(blocks)} most said concepts: the distinct utterances per year that mention "
            "it (top) and their share of that year's utterances (below). An utterance counts "
            "once however often it is reprinted, in the year it was said (docs/queries.md, "
            f"Counting). Each figure is also in <code>{FIGURES}/</code> as SVG and PDF "
            f"({PRINT_WIDTH_MM} mm wide, for print).</p>"
            f"<div class='figs'>{''.join(blocks)}</div>")


def _per_year(G: nx.MultiDiGraph) -> str:
    rows = [[y, "、".join(f"{_e(name)} ({n})" for name, n in items) or "—"]
            for y, items in top_concepts_by_year(G, 8).items()]
    return ("<h2>Top concepts per year 年度高频概念</h2>"
            "<p>Concept (distinct utterances said that year that mention it).</p>"
            + _table(["year", "concepts"], rows))


def snippet(text: str, terms: Sequence[str], width: int = 36) -> str:
    """Return `text` around the first of `terms` it contains, the term in <b>, HTML-escaped.

    Falls back to the opening of `text` when no term is found as written (e.g. traditional
    characters or spaces inside the term, which matching normalises away).
    """
    hits = [(text.find(t), t) for t in terms if t and t in text]
    if not hits:
        return _e(text if len(text) <= 2 * width else text[: 2 * width - 1] + "…")
    at, term = min(hits, key=lambda h: (h[0], -len(h[1])))
    start, end = max(0, at - width), min(len(text), at + len(term) + width)
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(term):end] + ("…" if end < len(text) else "")
    return f"{_e(before)}<b>{_e(term)}</b>{_e(after)}"


def _firsts(G: nx.MultiDiGraph) -> tuple[str, list[FirstAppearance]]:
    firsts = first_appearances(G)
    rows = []
    for f in firsts:
        terms = [f.name, *G.nodes[f.concept].get("aliases", [])]
        rows.append([
            f'<a href="neighbourhood.html#{_e(f.name)}">{_e(f.name)}</a>',
            _e(f.category or ""), _e(f.citation.date or "—"),
            f"{_e(f.citation.text)}<br><small>{_e(f.citation.location)}</small>",
            f"<small>{snippet(f.citation.excerpt, terms)}</small>",
        ])
    body = ("<h2>First appearances 首次出现</h2><p>The earliest passage (by speech date) "
            "that mentions each concept, with its citation and place in the source file.</p>"
            + _table(["concept", "category", "date", "citation", "passage"], rows))
    return body, firsts


def write_report(
    G: nx.MultiDiGraph, folder: Path | str, *, warnings: Mapping[str, int] | None = None,
    failures: Sequence[tuple[str, str]] = (), top: int = 12, progress: Progress | None = None,
    figures: StartedReport | None = None,
) -> list[Path]:
    """Write report.html, neighbourhood.html and figures/ into `folder`; return the files.

    `warnings` counts extraction warnings by kind, `failures` lists (file, problem) for files
    that could not be read; `progress` is called with a label before each figure. `figures`
    is what `start_figures` began; without it the figures are drawn here.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    step = progress or (lambda _label: None)
    if figures is None:
        firsts_html, firsts = _firsts(G)
        started = StartedReport(FigureJob(timeline_specs(G, top), folder / FIGURES, fork=False),
                                firsts_html, firsts, neighbourhood_page(G, firsts=firsts))
    else:
        started = figures
    job = started.figures
    timelines = _timelines(job.specs, job.result(step))
    page = _report_page(G, warnings or {}, failures, timelines, started.firsts_html)
    step("font")
    pages = embed_font([page, started.neighbourhood])
    report, neighbourhood = folder / "report.html", folder / "neighbourhood.html"
    for path, text in zip((report, neighbourhood), pages, strict=True):
        path.write_text(text, encoding="utf-8", newline="\n")
    return [report, neighbourhood, *job.files()]


def _report_page(G: nx.MultiDiGraph, warnings: Mapping[str, int],
                 failures: Sequence[tuple[str, str]], timelines: str, firsts_html: str) -> str:
    """Return report.html without its font."""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="zh-Hans"><head><meta charset="utf-8">',
        "<title>tifa report 报告</title>", f"<style>{STYLE}</style></head><body>",
        "<h1>tifa report 报告</h1>",
        "<p>Built by <code>tifa build</code>. Explore any concept's neighbourhood in "
        '<a href="neighbourhood.html">neighbourhood.html</a> (interactive, works offline).</p>',
        _summary(G, warnings, failures), timelines, _per_year(G), firsts_html,
        "</body></html>", "",
    ])
