"""The report's figures drawn in a forked worker: the same files as drawn in the caller,
errors raised where the result is asked for, a worker that dies replaced."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from tifa.graph.figure_job import FigureJob, TimelineSpec, timeline_specs
from tifa.graph.fonts import FontError
from tifa.graph.report import start_figures, write_report
from tifa.graph.stats import YearPoint, timeline, top_concepts

POINTS = (YearPoint(2014, 3, 10), YearPoint(2016, 1, 12), YearPoint(2017, 4, 9, 1))


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_specs_are_the_top_concepts_timelines(corpus_graph: nx.MultiDiGraph) -> None:
    specs = timeline_specs(corpus_graph, 3)
    top = top_concepts(corpus_graph, 3)
    assert [s.rank for s in specs] == [1, 2, 3]
    assert [s.name for s in specs] == [corpus_graph.nodes[c]["name"] for c in top]
    assert specs[0].points == timeline(corpus_graph, top[0])
    said = sum(p.utterances for p in specs[0].points)
    assert specs[0].subtitle.endswith(f"{said} 次") and said > 0
    assert specs[0].stem == "timeline_01"


def test_a_worker_writes_the_same_files_as_the_caller(tmp_path: Path) -> None:
    specs = [TimelineSpec(1, "网络强国", POINTS, "目标 · 8 次"),
             TimelineSpec(2, "网络安全", POINTS[:2], "")]
    forked = FigureJob(specs, tmp_path / "forked", fork=True)
    here = FigureJob(specs, tmp_path / "here", fork=False)
    names: list[str] = []
    assert forked.result(names.append) == here.result()
    assert names == ["网络强国", "网络安全"]
    assert _contents(tmp_path / "forked") == _contents(tmp_path / "here")
    assert sorted(p.name for p in forked.files()) == sorted(_contents(tmp_path / "here")) == [
        "timeline_01.pdf", "timeline_01.svg", "timeline_02.pdf", "timeline_02.svg"]


def test_a_drawing_error_in_the_worker_is_raised_by_result(tmp_path: Path) -> None:
    job = FigureJob([TimelineSpec(1, "𠀀网络", POINTS, "")], tmp_path, fork=True)
    with pytest.raises(FontError, match="no glyph"):
        job.result()


def test_a_worker_that_dies_is_replaced_by_drawing_in_the_caller(tmp_path: Path) -> None:
    specs = [TimelineSpec(1, "网络强国", POINTS, "")]
    job = FigureJob(specs, tmp_path / "lost", fork=True)
    assert job._job is not None
    worker = job._job._worker
    worker.kill()  # before it has drawn anything
    worker.join()
    assert worker.exitcode < 0
    svgs = job.result()
    assert svgs == FigureJob(specs, tmp_path / "here", fork=False).result()
    assert _contents(tmp_path / "lost") == _contents(tmp_path / "here")


def test_a_started_report_is_the_report_drawn_in_place(corpus_graph: nx.MultiDiGraph,
                                                       tmp_path: Path) -> None:
    job = start_figures(corpus_graph, tmp_path / "started", top=3)
    started = write_report(corpus_graph, tmp_path / "started", top=3, figures=job)
    inline = write_report(corpus_graph, tmp_path / "inline", top=3)
    assert [p.relative_to(tmp_path / "started") for p in started] == [
        p.relative_to(tmp_path / "inline") for p in inline]
    for a, b in zip(started, inline, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_worker_cuts_the_pages_font_which_the_report_then_reads_from_the_cache(
        corpus_graph: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    failures = [("坏文件.txt", "无法解码")]  # characters only the summary shows
    started = start_figures(corpus_graph, tmp_path / "out", top=2, failures=failures)
    started.figures.result()
    cut = sorted((tmp_path / "cache" / "tifa").glob("webfont-*.pickle"))
    assert len(cut) == 1  # by the worker, before the report asks for it
    write_report(corpus_graph, tmp_path / "out", top=2, failures=failures, figures=started)
    assert sorted((tmp_path / "cache" / "tifa").glob("webfont-*.pickle")) == cut  # read back
    page = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "坏文件.txt" in page
    inline = write_report(corpus_graph, tmp_path / "inline", top=2, failures=failures)
    assert inline[0].read_bytes() == page.encode("utf-8")
