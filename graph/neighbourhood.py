"""An interactive view of a concept's neighbourhood: one self-contained HTML file.

The page holds the concept network as inline JSON and draws it with a few lines of plain
JavaScript into SVG: pick a concept (list, search, or ``neighbourhood.html#网络强国``) and it
sits in the centre, its strongest co-occurring concepts around it (closer and thicker = more
passages together, size = utterances said (`tifa.graph.counting`: reprints once), colour =
category), links among the neighbours in grey
and BROADER links dashed. Hover for details, click a neighbour to move there. Nothing is
fetched from the network when the page is viewed; the text is set in a subset of the CJK
font embedded in the page (`tifa.graph.webfont`), so it shows on a machine without one.

neo4j-viz (the Neo4j visualisation package on PyPI) was considered: it is GPL-3.0 (tifa is
MIT), pulls in IPython, pydantic and anywidget, and writes a 4 MB page per view.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import networkx as nx
from tifa.graph.stats import FirstAppearance
from tifa.graph.webfont import FONT_STACK, embed_font

PALETTE = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3",
           "#8c8c8c", "#ccb974", "#64b5cd", "#1f6f8b", "#a05195", "#2f4b7c", "#ff7c43")


def neighbourhood_data(
    G: nx.MultiDiGraph, firsts: list[FirstAppearance] | None = None
) -> dict[str, Any]:
    """Return the page's data: concepts, co-occurrence and broader links, by index."""
    concepts = [(n, a) for n, a in G.nodes(data=True) if a["label"] == "Concept"]
    concepts.sort(key=lambda item: (-item[1].get("utterances", 0), item[1]["name"]))
    index = {n: i for i, (n, _) in enumerate(concepts)}
    first = {f.concept: f for f in firsts or ()}
    categories = sorted({a.get("category") or "" for _, a in concepts})
    nodes = []
    for n, a in concepts:
        f = first.get(n)
        nodes.append({
            "name": a["name"], "category": a.get("category") or "",
            "aliases": a.get("aliases", []), "utterances": a.get("utterances", 0),
            "passages": a.get("passages", 0),
            "first_year": a.get("first_year"), "last_year": a.get("last_year"),
            "first": f"{f.citation.text}　{f.citation.location}" if f else "",
        })
    co, broader = [], []
    for u, edges in G._succ.items():  # networkx's adjacency, in G.edges' order, no views
        for v, keyed in edges.items():
            if "CO_OCCURS" in keyed:
                co.append([index[u], index[v], keyed["CO_OCCURS"]["weight"]])
            if "BROADER" in keyed:
                broader.append([index[u], index[v]])
    return {"nodes": nodes, "cooccurs": co, "broader": broader, "categories": categories,
            "palette": list(PALETTE)}


PAGE = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: {fonts}; display: flex; height: 100vh; color: #222; }}
#side {{ width: 290px; border-right: 1px solid #ddd; display: flex; flex-direction: column; }}
#side input {{ margin: 8px; padding: 6px; font-size: 14px; font-family: inherit; }}
#list {{ overflow-y: auto; flex: 1; font-size: 14px; }}
#list div {{ padding: 3px 10px; cursor: pointer; }}
#list div:hover, #list div.on {{ background: #eef3fb; }}
#list span {{ color: #888; float: right; }}
#main {{ flex: 1; display: flex; flex-direction: column; }}
#info {{ padding: 8px 14px; border-bottom: 1px solid #ddd; font-size: 14px; min-height: 64px; }}
#info h2 {{ margin: 0 0 4px 0; font-size: 20px; }}
#controls {{ padding: 4px 14px; font-size: 13px; color: #555; }}
svg {{ flex: 1; width: 100%; }}
svg text {{ font-size: 13px; pointer-events: none; }}
svg circle {{ cursor: pointer; stroke: #fff; stroke-width: 1.5; }}
#legend span {{ margin-right: 10px; white-space: nowrap; }}
#legend i {{ display: inline-block; width: 10px; height: 10px; border-radius: 5px;
             margin-right: 3px; }}
</style>
</head>
<body>
<div id="side">
<input id="q" placeholder="搜索概念 search" aria-label="search concepts">
<div id="list"></div>
</div>
<div id="main">
<div id="info"></div>
<div id="controls">邻居数 neighbours <input id="k" type="range" min="5" max="60" value="20">
<span id="kv">20</span> · <a href="#" id="back">← 返回 back</a>
<div id="legend"></div></div>
<svg id="svg" viewBox="-480 -330 960 660" role="img" aria-label="concept neighbourhood"></svg>
</div>
<script id="data" type="application/json">{data}</script>
<script>
(function () {{
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const N = D.nodes, adj = N.map(() => new Map()), up = N.map(() => []);
D.cooccurs.forEach(([a, b, w]) => {{ adj[a].set(b, w); adj[b].set(a, w); }});
D.broader.forEach(([a, b]) => {{ up[a].push(b); }});
const colour = c => D.palette[D.categories.indexOf(c) % D.palette.length];
const byName = new Map(N.map((n, i) => [n.name, i]));
const svg = document.getElementById("svg"), NS = "http://www.w3.org/2000/svg";
const el = (tag, attrs, parent) => {{
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent.appendChild(e); return e;
}};
const esc = s => String(s).replace(/[&<>"]/g, c => ({{"&": "&amp;", "<": "&lt;", ">": "&gt;",
  '"': "&quot;"}})[c]);
const said = n => "说过 " + n.utterances + " 次（印 " + n.passages + " 段）";
const years = n => n.first_year ? (n.first_year === n.last_year ? n.first_year :
  n.first_year + "–" + n.last_year) : "—";
let current = 0; const history = [];
function info(i) {{
  const n = N[i];
  const br = up[i].map(j => esc(N[j].name)).join("、");
  document.getElementById("info").innerHTML = "<h2>" + esc(n.name) + "</h2>" +
    [n.category && "类别 " + esc(n.category), said(n), "年份 " + years(n),
     n.aliases.length && "别称 " + esc(n.aliases.join("、")), br && "上位概念 " + br]
    .filter(Boolean).join(" · ") +
    (n.first ? "<br><small>首次出现 first: " + esc(n.first) + "</small>" : "");
}}
function draw(i) {{
  current = i; info(i);
  location.hash = encodeURIComponent(N[i].name);
  document.querySelectorAll("#list div").forEach(d => d.classList.toggle("on",
    +d.dataset.i === i));
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const k = +document.getElementById("k").value;
  const nb = [...adj[i].entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, k);
  const wmax = nb.length ? nb[0][1] : 1;
  const pos = new Map([[i, [0, 0]]]);
  nb.forEach(([j, w], r) => {{
    const angle = -Math.PI / 2 + 2 * Math.PI * r / Math.max(nb.length, 1);
    const dist = 130 + 170 * (1 - w / wmax);
    pos.set(j, [dist * Math.cos(angle), dist * Math.sin(angle)]);
  }});
  const g = el("g", {{}}, svg);
  for (const [a] of nb) for (const [b] of nb) {{
    if (a < b && adj[a].has(b)) {{
      const [x1, y1] = pos.get(a), [x2, y2] = pos.get(b);
      el("line", {{x1, y1, x2, y2, stroke: "#ddd", "stroke-width": 0.7}}, g);
    }}
  }}
  for (const [j, w] of nb) {{
    const [x2, y2] = pos.get(j);
    const line = el("line", {{x1: 0, y1: 0, x2, y2, stroke: "#7a8fb8",
      "stroke-width": 1 + 7 * w / wmax, "stroke-opacity": 0.6}}, g);
    el("title", {{}}, line).textContent = N[i].name + " — " + N[j].name + "：同现 " + w + " 段";
  }}
  for (const [a, list] of up.entries()) for (const b of list) {{
    if (pos.has(a) && pos.has(b)) {{
      const [x1, y1] = pos.get(a), [x2, y2] = pos.get(b);
      el("line", {{x1, y1, x2, y2, stroke: "#444", "stroke-dasharray": "4 3",
        "stroke-width": 1.2}}, g);
    }}
  }}
  for (const [j, [x, y]] of pos) {{
    const n = N[j], r = 6 + 3 * Math.sqrt(n.utterances);
    const c = el("circle", {{cx: x, cy: y, r, fill: colour(n.category)}}, g);
    el("title", {{}}, c).textContent = n.name + "\\n" + (n.category || "") + " · " +
      said(n) + " · " + years(n) + (j === i ? "" : "\\n同现 " + adj[i].get(j) + " 段");
    c.addEventListener("click", () => {{
      if (j !== current) {{ history.push(current); draw(j); }}
    }});
    const t = el("text", {{x, y: y + r + 14, "text-anchor": "middle",
      "font-weight": j === i ? "bold" : "normal"}}, g);
    t.textContent = n.name;
  }}
}}
const list = document.getElementById("list");
N.forEach((n, i) => {{
  const d = document.createElement("div");
  d.dataset.i = i; d.innerHTML = esc(n.name) + "<span>" + n.utterances + "</span>";
  d.addEventListener("click", () => {{ history.push(current); draw(i); }});
  list.appendChild(d);
}});
document.getElementById("q").addEventListener("input", e => {{
  const q = e.target.value.trim();
  list.querySelectorAll("div").forEach(d => {{
    const n = N[+d.dataset.i];
    d.style.display = !q || n.name.includes(q) || n.aliases.some(a => a.includes(q)) ? "" : "none";
  }});
}});
document.getElementById("k").addEventListener("input", e => {{
  document.getElementById("kv").textContent = e.target.value; draw(current);
}});
document.getElementById("back").addEventListener("click", e => {{
  e.preventDefault(); if (history.length) draw(history.pop());
}});
document.getElementById("legend").innerHTML = D.categories.map(c =>
  "<span><i style='background:" + colour(c) + "'></i>" + esc(c || "—") + "</span>").join("");
const start = byName.get(decodeURIComponent(location.hash.slice(1)));
if (N.length) draw(start === undefined ? 0 : start);
}})();
</script>
</body>
</html>
"""


def neighbourhood_page(
    G: nx.MultiDiGraph, *, firsts: list[FirstAppearance] | None = None,
    title: str = "tifa · 概念邻域 concept neighbourhood",
) -> str:
    """Return the concept-neighbourhood page as HTML, without the embedded font."""
    data = json.dumps(neighbourhood_data(G, firsts), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/")
    return PAGE.format(title=html.escape(title), data=data, fonts=FONT_STACK)


def write_neighbourhood(
    G: nx.MultiDiGraph, path: Path | str, *, firsts: list[FirstAppearance] | None = None,
    title: str = "tifa · 概念邻域 concept neighbourhood",
) -> Path:
    """Write the interactive concept-neighbourhood page (self-contained HTML); return the path."""
    path = Path(path)
    page = neighbourhood_page(G, firsts=firsts, title=title)
    path.write_text(embed_font([page])[0], encoding="utf-8", newline="\n")
    return path
