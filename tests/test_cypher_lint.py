"""Every Cypher statement tifa ships is checked by Neo4j's own parser and semantic analysis.

The checker is `lintCypherQuery` from the npm package @neo4j-cypher/language-support
(pinned in tools/cypher-lint/package.json; `.ci/run` installs it with `npm ci`).
"Parameter $x is not defined." is expected (parameters are bound at run time) and
filtered; any other diagnostic fails.
"""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINTER = ROOT / "tools" / "cypher-lint"
CYPHER_DIRS = (ROOT / "graph", ROOT / "queries")


def shipped_statements() -> list[dict[str, str]]:
    """Return every statement in the project's .cypher files (split on ';' at line ends)."""
    out = []
    for folder in CYPHER_DIRS:
        for f in sorted(folder.rglob("*.cypher")):
            text = f.read_text("utf-8")
            parts = [p.strip() for p in text.split(";\n") if p.strip().strip(";").strip()]
            for i, part in enumerate(parts):
                body = "\n".join(ln for ln in part.splitlines() if not ln.strip().startswith("//"))
                if body.strip():
                    out.append({"name": f"{f.relative_to(ROOT)}#{i}", "query": part.rstrip(";")})
    return out


def lint(statements: list[dict[str, str]]) -> list[dict[str, object]]:
    if not (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail("Cypher linter not installed: run `npm ci --prefix tools/cypher-lint`")
    res = subprocess.run(["node", str(LINTER / "lint.mjs")], input=json.dumps(statements),
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(res.stdout)


def test_linter_catches_a_bad_statement() -> None:
    problems = lint([{"name": "typo", "query": "MATCH (n) RETRUN n"},
                     {"name": "ok", "query": "UNWIND $rows AS row MERGE (n:Passage {id: row.id})"}])
    assert {p["name"] for p in problems} == {"typo"}


def test_every_shipped_statement_passes() -> None:
    statements = shipped_statements()
    assert lint(statements) == []
