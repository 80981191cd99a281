"""The package's imports go one way: no module imports, directly or through others, a module
that imports it; and `import tifa` (and the pipeline) stays light."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"tifa": ROOT / "tifa", "tifa.extract": ROOT / "extract",
            "tifa.graph": ROOT / "graph", "tifa.queries": ROOT / "queries"}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        for f in folder.rglob("*.py"):
            rel = f.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            found[".".join([package, *parts])] = f
    return found


def import_graph() -> nx.DiGraph:
    """Return module → module for every `import` / `from … import` among tifa's modules,
    those inside functions included (a lazy import still makes a cycle)."""
    modules = _modules()
    G = nx.DiGraph()
    G.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for t in targets:
                if t in modules and t != name and t != "tifa":
                    G.add_edge(name, t)
    return G


def test_the_walk_sees_the_package() -> None:
    G = import_graph()
    assert {"tifa.pipeline", "tifa.cli", "tifa.extract.link", "tifa.graph.build"} <= set(G)
    assert G.has_edge("tifa.cli_build", "tifa.pipeline")
    assert G.has_edge("tifa.pipeline", "tifa.graph.build")


def test_no_import_cycle() -> None:
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == []


def test_floors_import_only_the_floors_below() -> None:
    G = import_graph()
    for module, target in G.edges:
        if module.startswith("tifa.extract"):
            assert not target.startswith(("tifa.graph", "tifa.queries", "tifa.cli")), module
        if module.startswith(("tifa.graph", "tifa.queries")):
            assert not target.startswith(("tifa.cli", "tifa.pipeline")), module
        if module == "tifa.pipeline":
            assert not target.startswith("tifa.cli"), module


def test_the_cli_modules_import_the_pipeline_not_each_other() -> None:
    G = import_graph()
    clients = {"tifa.cli_build", "tifa.cli_db", "tifa.cli_query"}
    for module in clients:
        assert not set(G.successors(module)) & (clients | {"tifa.cli"}), module


def _imported(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                         capture_output=True, text=True, check=True)
    return {line.split("|")[-1].strip() for line in out.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_import_tifa_is_light() -> None:
    for code in ("import tifa", "import tifa.pipeline", "import tifa; tifa.Build"):
        mods = _imported(code)
        assert "tifa" in mods or "tifa.pipeline" in mods
        heavy = {m for m in mods if m.split(".")[0] in ("spacy", "matplotlib", "neo4j")}
        assert heavy == set(), code


def _command_imports(*args: str) -> set[str]:
    """Return the modules `tifa ARGS` imports (the command run as the console script does)."""
    return _imported(f"import sys; sys.argv = ['tifa', *{list(args)!r}]; "
                     "from tifa.cli import main; main()")


def _roots(mods: set[str]) -> set[str]:
    return {m.split(".")[0] for m in mods}


def test_help_imports_no_stage_library() -> None:
    for args in (["--help"], ["build", "--help"], ["load", "--help"]):
        mods = _command_imports(*args)
        assert "tifa.cli" in mods
        heavy = _roots(mods) & {"spacy", "jieba", "matplotlib", "networkx", "neo4j", "falkordb",
                                "fontTools", "numpy"}
        assert heavy == set(), args


def test_a_command_imports_its_own_module_not_the_others(tmp_path: Path) -> None:
    mods = _command_imports("extract", str(_one_speech(tmp_path / "in")), "-o",
                            str(tmp_path / "out.jsonl"), "-q")
    assert not mods & {"tifa.cli_build", "tifa.cli_db", "tifa.cli_query"}
    mods = _command_imports("build", "--help")
    assert "tifa.cli_build" in mods
    assert not mods & {"tifa.cli_db", "tifa.cli_query"}
    assert _command_imports("--help") >= {"tifa.cli_build", "tifa.cli_db", "tifa.cli_query"}


def test_extract_imports_neither_spacy_nor_jieba_nor_the_report(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("习近平指出，没有网络安全就没有国家安全。\n\n——2014年2月27日，在中央网络安全和"
                    "信息化领导小组第一次会议上的讲话\n", encoding="utf-8")
    mods = _command_imports("extract", str(text), "-o", str(tmp_path / "out.jsonl"), "-q")
    assert "tifa.extract.concepts" in mods and "tifa.extract.termmatch" in mods
    assert (tmp_path / "out.jsonl").read_text("utf-8").count("网络安全") >= 1
    heavy = _roots(mods) & {"spacy", "jieba", "matplotlib", "fontTools"}
    assert heavy == set()


def test_the_news_report_reader_is_imported_for_a_news_report_only(tmp_path: Path) -> None:
    reader = {"tifa.extract.genres.news_report", "tifa.extract.reported"}
    cited = _command_imports("extract", str(_one_speech(tmp_path / "cited")), "-o",
                             str(tmp_path / "cited.jsonl"), "-q")
    assert "tifa.extract.segment" in cited and not cited & reader
    report = tmp_path / "report.txt"
    report.write_text("新华社北京2月27日电 习近平在中央网络安全和信息化领导小组第一次会议上强调，"
                      "“没有网络安全就没有国家安全，没有信息化就没有现代化。”\n", encoding="utf-8")
    mods = _command_imports("extract", str(report), "-o", str(tmp_path / "report.jsonl"), "-q")
    assert mods >= reader
    passage = json.loads((tmp_path / "report.jsonl").read_text("utf-8").splitlines()[0])
    assert passage["speech"]["speaker"] == "习近平"


def _one_speech(folder: Path) -> Path:
    """Return `folder`, holding one short cited passage as a.txt."""
    folder.mkdir()
    (folder / "a.txt").write_text("习近平指出，没有网络安全就没有国家安全。\n\n——2014年2月27日，在"
                                  "中央网络安全和信息化领导小组第一次会议上的讲话\n",
                                  encoding="utf-8")
    return folder


def test_build_imports_no_plotting_library(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # the figures' worker is forked from this process: what it imports is reported here too
    mods = _command_imports("build", str(_one_speech(tmp_path / "in")), "-o", str(out), "-q")
    assert "tifa.graph.figures" in mods and (out / "figures" / "timeline_01.pdf").is_file()
    assert _roots(mods) & {"matplotlib", "PIL"} == set()


def test_a_second_build_imports_neither_numpy_nor_the_font_cutter(tmp_path: Path) -> None:
    # numpy only ever served networkx's writers' type tables; fontTools' subsetter is only
    # needed when the report's font subset is not in the user cache yet (the first build)
    source, out = str(_one_speech(tmp_path / "in")), tmp_path / "out"
    _command_imports("build", source, "-o", str(out / "first"), "-q")
    mods = _command_imports("build", source, "-o", str(out / "second"), "-q")
    assert (out / "second" / "graph.gexf").read_bytes() == (out / "first" / "graph.gexf").read_bytes()
    assert "tifa.graph.export" in mods and "tifa.graph.webfont" in mods
    # (a refused `import numpy` is still listed by -X importtime; numpy loaded lists its parts)
    assert [m for m in mods if m.startswith(("numpy.", "fontTools.subset", "fontTools.ttLib"))] \
        == []
