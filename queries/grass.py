"""The Neo4j Browser style (browser/tifa.grass): read it as the Browser does, and turn it
into the one-line JSON form that `:style` and `browser.post_connect_cmd` accept.

The Browser's GraSS reader splits rules at braces, properties at ';' and each property at
':' (a value containing ':' is dropped), strips quotes, and has no comments; `parse_grass`
follows it so a test can check what the Browser will see.
"""

from __future__ import annotations

import json


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Return {selector: {property: value}} as Neo4j Browser's GraSS parser reads `text`."""
    rules: dict[str, str] = {}
    keyword, props, in_string, in_props = "", "", False, False
    for ch in text:
        if ch in "'\"":
            in_string = not in_string
            continue
        if ch == "{" and not in_string and not in_props:
            in_props = True
            continue
        if ch == "}" and not in_string and in_props:
            in_props = False
            rules[keyword] = props
            keyword, props = "", ""
            continue
        if in_props:
            props += ch
        elif not ch.isspace():
            keyword += ch
    out: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        out[selector] = {}
        for prop in body.split(";"):
            parts = prop.split(":")
            if len(parts) == 2:
                out[selector][parts[0].strip()] = parts[1].strip()
    return out


def grass_json(text: str) -> str:
    """Return the style as compact JSON (no ';', so post_connect_cmd keeps it whole)."""
    return json.dumps(parse_grass(text), ensure_ascii=False, separators=(",", ":"))


def post_connect_line(text: str) -> str:
    """Return the docker-compose environment line that applies the style on every connect."""
    return f"NEO4J_browser_post__connect__cmd: 'style {grass_json(text)}'"
