"""The loader's Cypher, read by name from the .cypher files beside this module.

Labels and relationship types cannot be parameters, so there is one static, parameterised
statement per label (`merge_node_<Label>`) and per type (`merge_rel_<TYPE>`); the schema
statements live in one file per backend (`schema_neo4j`, `schema_falkordb`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from tifa.errors import TifaError


class UnknownStatement(TifaError):
    """No .cypher file of that name ships with tifa."""


@cache
def statement(name: str) -> str:
    """Return the text of the statement file `name` (without .cypher); loud if unknown."""
    folder = resources.files("tifa.graph").joinpath("cypher")
    path = folder.joinpath(f"{name}.cypher")
    if not path.is_file():
        known = sorted(p.name[:-7] for p in folder.iterdir() if p.name.endswith(".cypher"))
        raise UnknownStatement(f"no Cypher statement {name!r}; known: {', '.join(known)}")
    return path.read_text("utf-8")


def split_statements(text: str) -> list[str]:
    """Return the statements of a file (split at ";" line ends), comment lines dropped."""
    out = []
    for part in text.split(";\n"):
        body = "\n".join(ln for ln in part.splitlines() if not ln.strip().startswith("//"))
        body = body.strip().rstrip(";").strip()
        if body:
            out.append(body)
    return out


def schema_statements(backend: str) -> list[str]:
    """Return the schema statements for `backend` ('neo4j' or 'falkordb'), in order."""
    return split_statements(statement(f"schema_{backend}"))
