"""The report: a real CJK font (no tofu), statistics and citations from the graph, the files."""

from __future__ import annotations

import base64
import io
import json
import pickle
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream
from tifa.graph import glyphs
from tifa.graph.counting import Counting
from tifa.graph.figures import (
    FIXED_TEXT,
    PRINT_WIDTH_MM,
    FontError,
    cjk_font_family,
    figure_text,
    missing_glyphs,
    nice_ticks,
    save_pdf,
    save_svg,
    svg_text,
    timeline_figure,
)
from tifa.graph.fonts import cjk_font_path
from tifa.graph.report import snippet, write_report
from tifa.graph.schema import concept_id
from tifa.graph.stats import (
    YearPoint,
    cite,
    first_appearances,
    passages_per_year,
    timeline,
    top_concepts,
    top_concepts_by_year,
    zh_date,
)
from tifa.graph.webfont import font_subset

POINTS = tuple(YearPoint(y, n, 40) for y, n in zip(range(2013, 2022), [1, 3, 5, 2, 0, 8, 4, 2, 1],
                                                    strict=True))
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def _numbers(d: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?[\d.]+", d)]


def test_the_cjk_font_draws_every_character_as_its_own_outline() -> None:
    path = cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.stat().st_size > 10_000_000
    fig = timeline_figure("网络空间命运共同体", POINTS, subtitle="国际 · 14 段")
    root = ET.fromstring(svg_text(fig))
    defs = {el.get("id"): el.get("d", "") for el in root.iter(f"{SVG}path") if el.get("id")}
    drawn = {ch for ch in figure_text(fig) if not ch.isspace()}
    # one outline per character drawn, the title's included, named by its code point
    assert set(defs) == {f"u{ord(ch):04X}" for ch in drawn}
    assert {"网", "命", "际", "段", "次", "占", "年", "份"} <= drawn
    assert len(set(defs.values())) == len(defs)  # distinct outlines: no tofu box repeated
    # the outline of 网 spans the box fontTools measures in the font itself
    font = TTFont(str(path), lazy=True)
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[font.getBestCmap()[ord("网")]].draw(pen)
    xs, ys = _numbers(defs["u7F51"])[0::2], _numbers(defs["u7F51"])[1::2]
    assert (min(xs), min(ys), max(xs), max(ys)) == pytest.approx(pen.bounds)


def test_the_font_registers_with_matplotlib_for_a_notebooks_own_plots() -> None:
    from matplotlib import font_manager

    family = cjk_font_family()
    assert family == "Noto Sans CJK SC"
    found = font_manager.findfont(font_manager.FontProperties(family=family),
                                  fallback_to_default=False)
    assert Path(found) == cjk_font_path()


def test_every_name_in_the_corpus_graph_can_be_drawn(corpus_graph: nx.MultiDiGraph) -> None:
    names = [a.get("name", "") + a.get("category", "") for _, a in corpus_graph.nodes(data=True)
             if a["label"] in ("Concept", "Person")]
    assert missing_glyphs("".join(names)) == ""
    assert missing_glyphs("网络强国 Ｇ２０ ５G") == ""
    assert missing_glyphs("𠀀") == "𠀀"  # CJK Extension B is not in the SC font: reported
    with pytest.raises(FontError, match="no glyph"):
        timeline_figure("𠀀网络", POINTS)


@pytest.mark.parametrize("save", [save_svg, save_pdf])
def test_svg_and_pdf_are_the_same_bytes_each_time_without_dates(save: object,
                                                                 tmp_path: Path) -> None:
    a = save(timeline_figure("网络强国", POINTS), tmp_path / "a").read_bytes()  # type: ignore[operator]
    b = save(timeline_figure("网络强国", POINTS), tmp_path / "b").read_bytes()  # type: ignore[operator]
    assert a == b
    assert b"CreationDate" not in a and b"<dc:date>" not in a and b"Producer" not in a


def test_the_outlines_are_drawn_once_then_read_from_the_user_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(glyphs, "_KNOWN", {})  # as in a new process
    drawn = svg_text(timeline_figure("网络强国", POINTS))
    entries = sorted((tmp_path / "tifa").glob("glyphs-*.pickle"))
    assert len(entries) == 1
    monkeypatch.setattr(glyphs, "_KNOWN", {})
    assert svg_text(timeline_figure("网络强国", POINTS)) == drawn  # the same bytes from the cache
    assert sorted((tmp_path / "tifa").glob("glyphs-*.pickle")) == entries
    chars = "网络强国" + FIXED_TEXT  # what a figure titled 网络强国 looks up
    fake = glyphs.Outlines(1000, {"网": glyphs.Glyph(500, (("M", (0, 0)), ("L", (9, 9))))})
    entries[0].write_bytes(pickle.dumps(fake))
    monkeypatch.setattr(glyphs, "_KNOWN", {})
    got = glyphs.outlines(chars[::-1])  # the same characters, in any order
    assert got.glyphs == fake.glyphs  # read back, not drawn again


def test_figures_are_print_size_with_glyphs_as_outlines(tmp_path: Path) -> None:
    fig = timeline_figure("网络空间命运共同体", POINTS, subtitle="国际 · 14 段")
    width_pt = PRINT_WIDTH_MM / 25.4 * 72  # 170 mm in points
    svg = save_svg(fig, tmp_path / "t.svg").read_text("utf-8")
    root = ET.fromstring(svg)
    assert float(root.get("width", "").removesuffix("pt")) == pytest.approx(width_pt, abs=0.01)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "text" not in tags and "path" in tags  # glyphs are outlines: no font needed
    assert "font" not in svg and "@font-face" not in svg
    pdf = save_pdf(fig, tmp_path / "t.pdf").read_bytes()
    box = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert box is not None and float(box.group(1)) == pytest.approx(width_pt, abs=0.01)


def test_the_pdf_is_read_by_a_pdf_parser_with_the_title_as_outlines(tmp_path: Path) -> None:
    fig = timeline_figure("网络空间命运共同体", POINTS, subtitle="国际 · 14 段")
    reader = PdfReader(save_pdf(fig, tmp_path / "t.pdf"), strict=True)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(PRINT_WIDTH_MM / 25.4 * 72, abs=0.01)
    assert "/Font" not in page["/Resources"]  # no font to embed or to miss
    forms = page["/Resources"]["/XObject"]
    for ch in "网络空间命运共同体国际段":
        form = forms[f"/u{ord(ch):04X}"].get_object()
        assert form["/Subtype"] == "/Form" and form.get_data().rstrip().endswith(b"f")
    ops = ContentStream(page.get_contents(), reader).operations
    placed = [args[0] for args, op in ops if op == b"Do"]
    assert len(placed) == len([ch for ch in figure_text(fig) if not ch.isspace()])
    bars = [args for args, op in ops if op == b"re"][1:]  # the first is the white page
    assert len(bars) == 8  # the years said: 2013-2021 but 2017


def test_a_timeline_has_one_scale_per_panel() -> None:
    fig = timeline_figure("网络强国", POINTS)
    count, share = fig.panels
    assert count.box[3] < share.box[1]  # two panels one above the other, not overlaid
    assert count.ylim[0] == 0 and share.ylim[0] == 0
    assert count.yticks == (0, 2, 4, 6, 8)  # utterances up to 8: whole numbers
    assert [h for _, h in count.bars] == [p.utterances for p in POINTS]
    assert [v for _, v in share.line] == pytest.approx([100 * p.share for p in POINTS])
    svg = ET.fromstring(svg_text(fig))
    assert len([r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]) == 8
    assert len(list(svg.iter(f"{SVG}circle"))) == 9  # a marker for each year with data


def test_a_timeline_keeps_years_without_data_on_its_axis() -> None:
    # 2013, 2014 and 2017 said; 2015 and 2016 are on the axis as gaps, not squeezed out
    points = (YearPoint(2013, 2, 10), YearPoint(2014, 1, 5), YearPoint(2017, 3, 6))
    fig = timeline_figure("网络强国", points)
    count, share = fig.panels
    assert share.xticks == (2013, 2014, 2015, 2016, 2017)
    assert [y for y, _ in count.bars] == [2013, 2014, 2017]
    assert [v for _, v in share.line] == [pytest.approx(20), pytest.approx(20), None, None,
                                          pytest.approx(50)]
    svg = ET.fromstring(svg_text(fig))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]
    middles = [float(r.get("x", "")) + float(r.get("width", "")) / 2 for r in bars]
    assert middles[2] - middles[1] == pytest.approx(3 * (middles[1] - middles[0]), abs=0.01)
    lines = [p for p in svg.iter(f"{SVG}path") if p.get("stroke") == "#dd8452"]
    assert len(lines) == 1 and lines[0].get("d", "").count("L") == 1  # 2013-2014; 2017 alone


@pytest.mark.parametrize(("top", "bins", "integer", "ticks"), [
    (9.2, 4, True, (0, 2, 4, 6, 8)),
    (1.15, 4, True, (0, 1)),
    (24, 3, False, (0, 10, 20)),
    (3.6, 3, False, (0, 1, 2, 3)),
    (0.9, 3, False, (0, 0.25, 0.5, 0.75)),
])
def test_nice_ticks(top: float, bins: int, integer: bool, ticks: tuple[float, ...]) -> None:
    assert nice_ticks(top, bins, integer=integer) == pytest.approx(ticks)


@pytest.mark.parametrize(("date", "end", "text"), [
    ("2014-02-27", None, "2014年2月27日"),
    ("2019-08", None, "2019年8月"),
    ("2019", None, "2019年"),
    ("2013-08-28", "2013-08-31", "2013年8月28日—31日"),
    ("2020-03-29", "2020-04-01", "2020年3月29日—2020年4月1日"),
    (None, None, ""),
])
def test_zh_date(date: str | None, end: str | None, text: str) -> None:
    assert zh_date(date, end) == text


def passage_at(G: nx.MultiDiGraph, prefix: str, seq: int) -> str:
    return next(n for n, a in G.nodes(data=True) if a["label"] == "Passage"
                and Path(a["source"]).name.startswith(prefix) and a["seq"] == seq)


def test_citations_are_full(corpus_graph: nx.MultiDiGraph) -> None:
    book = cite(corpus_graph, passage_at(corpus_graph, "000_", 1))
    assert book.text == ("习近平：《努力把我国建设成为网络强国》（2014年2月27日），"
                         "《习近平谈治国理政》第一卷，外文出版社2018年版，第199页")
    assert book.location.endswith("000_a1c1846805ebde20.txt:45") and book.date == "2014-02-27"
    paper = cite(corpus_graph, passage_at(corpus_graph, "004_", 1))
    assert paper.text.endswith("《人民日报》2024年2月27日第10版")
    traced = [cite(corpus_graph, p) for p, _, a in corpus_graph.edges(data=True)
              if a.get("traced")]
    assert traced and all("据引文溯源）" in c.text for c in traced)
    assert any(c.text == "习近平：《在第三届世界互联网大会开幕式上的视频讲话》"
               "（2016年11月16日，据引文溯源），《人民日报》2024年2月27日第10版"
               for c in traced)
    seminar = cite(corpus_graph, passage_at(corpus_graph, "003_", 1))
    assert seminar.text.startswith("朱重烈：《") and "2021年4月19日，日期推定" in seminar.text


def test_first_appearances(corpus_graph: nx.MultiDiGraph) -> None:
    firsts = {f.name: f for f in first_appearances(corpus_graph)}
    mentioned = [a["name"] for _, a in corpus_graph.nodes(data=True)
                 if a["label"] == "Concept" and a["passages"] > 0]
    assert set(firsts) == set(mentioned)
    strong = firsts["网络强国"].citation
    assert strong.date == "2014-02-27" and "努力把我国建设成为网络强国" in strong.text
    assert "网络强国" in strong.excerpt
    community = firsts["网络空间命运共同体"].citation
    assert community.date == "2015-12-16" and "第二届世界互联网大会" in community.text
    dates = [f.citation.date or "9999" for f in first_appearances(corpus_graph)]
    assert dates == sorted(dates)


def test_timelines_and_yearly_tops(corpus_graph: nx.MultiDiGraph) -> None:
    G = corpus_graph
    totals = passages_per_year(G)
    assert list(totals) == list(range(2013, 2025)) and sum(totals.values()) >= 370
    points = timeline(G, concept_id("网络空间命运共同体"))
    assert {p.year for p in points} <= set(totals)
    assert all(0 <= p.share <= 1 and p.utterances <= p.total for p in points)
    # first said at the World Internet Conference, 2015-12-16: nothing before 2015
    assert all(p.utterances == 0 for p in points if p.year < 2015)
    assert sum(p.utterances for p in points) <= \
        G.nodes[concept_id("网络空间命运共同体")]["passages"]
    top = top_concepts(G, 3)
    counts = [Counting(G).utterance_total(c) for c in top]
    assert counts == sorted(counts, reverse=True)
    by_year = top_concepts_by_year(G, 3)
    assert set(by_year) == {p.year for p in points} and all(len(v) <= 3 for v in by_year.values())


@pytest.fixture(scope="module")
def report_dir(corpus_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_report(corpus_graph, folder, warnings={"no_citation": 3},
                 failures=[("bad.txt", "not text")], top=4)
    return folder


def test_report_html(report_dir: Path, corpus_graph: nx.MultiDiGraph) -> None:
    page = (report_dir / "report.html").read_text("utf-8")
    for heading in ("Summary", "Timelines", "Top concepts per year", "First appearances"):
        assert f"<h2>{heading}" in page
    for concept in top_concepts(corpus_graph, 4):
        assert corpus_graph.nodes[concept]["name"] in page
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(images) == 4
    for rank, data in enumerate(images, start=1):
        svg = base64.b64decode(data).decode("utf-8")
        assert (report_dir / "figures" / f"timeline_{rank:02d}.svg").read_text("utf-8") == svg
        assert (report_dir / "figures" / f"timeline_{rank:02d}.pdf").read_bytes()[:5] == b"%PDF-"
    assert "no_citation" in page and "bad.txt" in page and "not text" in page
    assert "《习近平谈治国理政》第一卷，外文出版社2018年版" in page


@pytest.mark.parametrize("name", ["report.html", "neighbourhood.html"])
def test_pages_embed_a_font_that_covers_every_character(report_dir: Path, name: str) -> None:
    page = (report_dir / name).read_text("utf-8")
    faces = re.findall(r'url\("data:font/woff;base64,([^"]+)"\) format\("woff"\)', page)
    assert len(faces) == 1
    font = TTFont(io.BytesIO(base64.b64decode(faces[0])))
    cmap = font.getBestCmap()
    text = re.sub(r"<style>@font-face.*?</style>", "", page, flags=re.S)
    needed = {ch for ch in text if ord(ch) > 0x7F}
    assert len(needed) > 300 and "网" in needed
    assert not {ch for ch in needed if ord(ch) not in cmap}
    assert len(cmap) < 5000  # a subset, not the 16 MB font
    assert "SIL Open Font License" in str(font["name"].getDebugName(13))
    links = re.findall(r'(?:src|href)="([^"#]*)', page)
    assert all(link.startswith("data:") or link in ("", "neighbourhood.html") for link in links)


def test_the_font_subset_is_cut_once_then_read_from_the_user_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cut = font_subset("网络强国")
    cmap = TTFont(io.BytesIO(cut)).getBestCmap()
    assert {ord(ch) for ch in "网络强国A"} <= set(cmap) and ord("安") not in cmap
    entries = sorted((tmp_path / "tifa").glob("webfont-*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(pickle.dumps(b"from the cache"))
    assert font_subset("国强络网") == b"from the cache"  # the same characters, any order


def test_neighbourhood_page_is_self_contained(report_dir: Path,
                                              corpus_graph: nx.MultiDiGraph) -> None:
    page = (report_dir / "neighbourhood.html").read_text("utf-8")
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', page)  # nothing fetched
    assert "<script src" not in page and "@import" not in page
    raw = re.search(r'<script id="data" type="application/json">(.*?)</script>', page, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    concepts = [a for _, a in corpus_graph.nodes(data=True) if a["label"] == "Concept"]
    assert len(data["nodes"]) == len(concepts)
    assert data["nodes"][0]["name"] == "互联网"  # most passages first: the page opens on it
    assert len(data["cooccurs"]) == sum(1 for *_, k in corpus_graph.edges(keys=True)
                                        if k == "CO_OCCURS")
    strong = next(n for n in data["nodes"] if n["name"] == "网络强国")
    assert "2014年2月27日" in strong["first"]


@pytest.mark.parametrize(("text", "terms", "html"), [
    ("当今世界，网络强国建设正当其时。", ["网络强国"], "当今世界，<b>网络强国</b>建设正当其时。"),
    ("甲" * 50 + "网络安全" + "乙" * 50, ["网络安全"],
     "…" + "甲" * 36 + "<b>网络安全</b>" + "乙" * 36 + "…"),
    ("网络和信息安全", ["网络安全", "网络和信息安全"], "<b>网络和信息安全</b>"),
    ("<没有>", ["网络"], "&lt;没有&gt;"),
])
def test_snippet_shows_the_concept_in_context(text: str, terms: list[str], html: str) -> None:
    assert snippet(text, terms) == html


def test_timelines_of_an_earlier_build_are_removed(corpus_graph: nx.MultiDiGraph,
                                                   tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "timeline_09.png").write_bytes(b"old")
    (figures / "timeline_03.svg").write_bytes(b"old")
    (figures / "mine.png").write_bytes(b"a user's file")
    write_report(corpus_graph, tmp_path, top=2)
    assert sorted(p.name for p in figures.iterdir()) == [
        "mine.png", "timeline_01.pdf", "timeline_01.svg", "timeline_02.pdf", "timeline_02.svg"]
