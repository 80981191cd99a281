"""Neo4j Browser, served by the test Neo4j at /browser, driven in Debian's headless Chromium
(playwright-core, tools/browser-test): it connects over Bolt, applies browser/tifa.grass
through the post-connect command, runs concept_timeline and a graph query, and shows nodes
with the captions the style defines, in Chinese."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from tifa.graph import neo4j_server
from tifa.graph.load import load_graph
from tifa.graph.local_server import free_port
from tifa.graph.runner import open_runner
from tifa.queries.grass import grass_json, parse_grass
from tifa.queries.library import load_query

ROOT = Path(__file__).resolve().parent.parent.parent
DRIVER = ROOT / "tools" / "browser-test"
GRAPH_QUERY = ("MATCH path = (c:Concept {name: '网络安全'})<-[:MENTIONS]-(:Passage)"
               "-[:EXCERPT_OF]->(:Speech) RETURN path LIMIT 12")


def test_browser_shows_the_styled_graph_with_chinese_captions(
        tmp_path: Path, corpus_graph: nx.MultiDiGraph) -> None:
    if not (DRIVER / "node_modules" / "playwright-core").is_dir() or not shutil.which("chromium"):
        pytest.fail("needs Debian's chromium and `npm ci --prefix tools/browser-test`")
    grass = (ROOT / "browser" / "tifa.grass").read_text("utf-8")
    bolt, http = free_port(), free_port()
    proc = neo4j_server.launch(tmp_path / "neo4j", bolt_port=bolt, http_port=http, auth=False,
                               heap="512m", post_connect="style " + grass_json(grass))
    try:
        runner = open_runner(f"bolt://127.0.0.1:{bolt}")
        load_graph(corpus_graph, runner)
        runner.close()
        timeline = load_query("concept_timeline").text.replace("$concept", "'网络安全'")
        shot = tmp_path / "neo4j-browser.png"
        done = subprocess.run(["node", "browser.mjs", f"http://127.0.0.1:{http}",
                               f"bolt://127.0.0.1:{bolt}", str(shot), timeline, GRAPH_QUERY],
                              cwd=DRIVER, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    captions = [n["caption"].strip() for n in shown["nodes"]]
    assert "网络安全" in captions  # Concept: caption {name}
    titles = [a.get("title") or "" for _, a in corpus_graph.nodes(data=True)
              if a["label"] == "Speech"]
    speech_captions = [c for c in captions
                       if any(t and t.startswith(c.rstrip("…").split(" ")[0]) for t in titles)
                       and len(c.rstrip("…")) >= 4]
    assert len(speech_captions) >= 3, captions  # Speech: caption {title} {date}
    assert parse_grass(grass)["node.Speech"]["caption"] == "{title} {date}"
    # relationships: the type (spelt in the rule) and its property, e.g. "MENTIONS 2"
    rel_captions = {r["caption"].strip() for r in shown["relationships"]}
    counts = {str(a["count"]) for _, _, a in corpus_graph.edges(data=True)
              if a["type"] == "MENTIONS"}
    assert {c for c in rel_captions if c.startswith("MENTIONS ")} and all(
        c.split(" ", 1)[1] in counts for c in rel_captions if c.startswith("MENTIONS ")), \
        rel_captions
    assert "EXCERPT_OF" in rel_captions and not any("<" in c for c in rel_captions)
    assert shot.stat().st_size > 20000
    shutil.copy(shot, tmp_path.parent / "neo4j-browser.png")


def test_every_caption_is_one_the_browser_can_fill() -> None:
    """Neo4j Browser 5.24 fills {property} anywhere in a caption but <type> and <id> only when
    they are the whole caption ('<type> {count}' shows "<type> 1")."""
    style = parse_grass((ROOT / "browser" / "tifa.grass").read_text("utf-8"))
    captions = {sel: rule["caption"] for sel, rule in style.items() if "caption" in rule}
    assert captions["relationship.MENTIONS"] == "MENTIONS {count}"
    for selector, caption in captions.items():
        assert "<" not in caption or caption in ("<type>", "<id>"), selector
        if selector.startswith("relationship.") and caption != "<type>":
            assert caption.split(" ")[0] == selector.split(".", 1)[1], selector
