"""The report and the neighbourhood page render Chinese on a machine without Chinese fonts.

Debian's headless Chromium (playwright-core, tools/browser-test/fonts.mjs) opens the pages
under a fontconfig that knows one Latin font only (DejaVu Sans from matplotlib), so no system
font can draw 汉字. The same page with its embedded @font-face removed is the control: there
Chinese comes out as identical tofu boxes, which shows the environment really has no CJK font.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib
import networkx as nx
import pytest
from tifa.graph.report import write_report

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tools" / "browser-test"
CHARS = "网络强国安全报告概况首次出现"  # distinct characters: distinct glyphs unless tofu
FONT_FACE = re.compile(r"<style>@font-face \{.*?\}</style>\n", re.S)


def latin_only_fontconfig(folder: Path) -> dict[str, str]:
    """Return environment variables for a fontconfig whose only font is DejaVu Sans."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf", fonts)
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir>"
                    "</fontconfig>\n", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def render(page: Path, shot: Path, env: dict[str, str], *selectors: str) -> dict:
    done = subprocess.run(["node", "fonts.mjs", str(page), str(shot), CHARS, *selectors],
                          cwd=DRIVER, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def custom_glyphs(fonts: list[dict]) -> int:
    return sum(f["glyphCount"] for f in fonts if f["isCustomFont"])


@pytest.fixture(scope="module")
def pages(corpus_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_report(corpus_graph, folder, top=2)
    return folder


def test_report_renders_chinese_without_system_cjk_fonts(pages: Path, tmp_path: Path) -> None:
    if not (DRIVER / "node_modules" / "playwright-core").is_dir() or not shutil.which("chromium"):
        pytest.fail("needs Debian's chromium and `npm ci --prefix tools/browser-test`")
    env = latin_only_fontconfig(tmp_path / "fc")
    report = pages / "report.html"
    html = report.read_text("utf-8")
    assert len(FONT_FACE.findall(html)) == 1
    bare = tmp_path / "bare.html"
    bare.write_text(FONT_FACE.sub("", html), encoding="utf-8")

    control = render(bare, tmp_path / "bare.png", env, "h1", "td")
    assert control["glyphs"]["distinct"] == 1  # every character the same tofu box
    assert all(custom_glyphs(f) == 0 for f in control["fonts"].values())

    shot = tmp_path / "report-without-cjk-fonts.png"
    got = render(report, shot, {**env, "SHOT_AT": "h2:nth-of-type(2)"}, "h1", "td", "h2")
    assert got["fetched"] == []  # nothing loaded from the network
    assert got["glyphs"]["distinct"] == got["glyphs"]["chars"] == len(CHARS)
    for selector, fonts in got["fonts"].items():
        # every glyph of "tifa report 报告", a table cell and a heading from the embedded font
        assert fonts and all(f["isCustomFont"] for f in fonts), (selector, fonts)
    assert got["fonts"]["h1"][0]["postScriptName"] == "NotoSansCJKsc-Regular"
    assert custom_glyphs(got["fonts"]["h1"]) == len("tifa report 报告")
    assert shot.stat().st_size > 20_000
    shutil.copy(shot, tmp_path.parent / shot.name)


def test_neighbourhood_renders_chinese_without_system_cjk_fonts(pages: Path,
                                                                tmp_path: Path) -> None:
    if not (DRIVER / "node_modules" / "playwright-core").is_dir() or not shutil.which("chromium"):
        pytest.fail("needs Debian's chromium and `npm ci --prefix tools/browser-test`")
    env = latin_only_fontconfig(tmp_path / "fc")
    got = render(pages / "neighbourhood.html", tmp_path / "neighbourhood.png", env,
                 "#info h2", "#list div", "svg text", "#q")
    assert got["fetched"] == []
    assert got["glyphs"]["distinct"] == len(CHARS)
    # what script draws (heading, list entry, SVG label) and the search box's placeholder
    for selector, fonts in got["fonts"].items():
        assert fonts and custom_glyphs(fonts) > 0, (selector, fonts)
        assert all(f["isCustomFont"] for f in fonts), (selector, fonts)
