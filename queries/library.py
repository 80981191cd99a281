"""The query library: named, parameterised .cypher files shipped in this package.

Each file opens with comment lines that say what it answers::

    // title: Concept timeline
    // question: 这个提法逐年出现多少次？…
    // question: How often is a concept said, year by year …?
    // parameters:
    // param: concept = 网络安全 — a concept's name or one of its aliases
    // clock: said — how the rows are dated …

An indented comment line continues the entry above it, other comment lines are notes, and
``// neo4j-only`` marks a query that runs on Neo4j only. Parameters are read from the query
text (``$concept``), as datasette's ``named_parameters`` does; the header only gives an
example for each, and the example's form types the values a user types (``2016`` → int).
The result columns are those of the last RETURN.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from tifa.errors import TifaError, printable

CLOCKS = ("said", "printed", "compiled")
HEADER_KEYS = ("title", "question", "parameters", "param", "clock")
NEO4J_ONLY = "neo4j-only"
VARIANTS = "neo4j"
"""The one folder of per-server query texts: queries/neo4j/<name>.cypher is Neo4j's text of
the query <name> (same parameters, same rows), where Neo4j has a better way (an index)."""

ParamValue = str | int | float | bool


class UnknownQuery(TifaError):
    """No query of that name ships with tifa."""

    exit_code = 2


class ParameterError(TifaError):
    """A parameter is missing, unknown or of the wrong type."""

    exit_code = 2


class QueryFileError(TifaError):
    """A .cypher file's header is malformed (a packaging mistake, caught by the tests)."""


@dataclass(frozen=True)
class Param:
    """A query parameter: its name, the header's example, its type and what it means."""

    name: str
    example: str
    kind: type
    description: str = ""

    def example_value(self) -> ParamValue:
        """Return the example converted to the parameter's type."""
        return coerce(self, self.example)


@dataclass(frozen=True)
class Query:
    """A query file: its name, header, parameters (in order of use), columns and text."""

    name: str
    title: str
    questions: tuple[str, ...]
    params: tuple[Param, ...]
    clock: str
    clock_note: str
    notes: str
    neo4j_only: bool
    columns: tuple[str, ...]
    text: str

    def examples(self) -> dict[str, ParamValue]:
        """Return the header's example parameters, typed."""
        return {p.name: p.example_value() for p in self.params}


def _folder() -> Traversable:
    return resources.files("tifa.queries")


def query_names() -> list[str]:
    """Return the names of every shipped query, sorted."""
    return sorted(p.name[:-7] for p in _folder().iterdir() if p.name.endswith(".cypher"))


@cache
def load_query(name: str) -> Query:
    """Return the query `name` (the file name without .cypher); UnknownQuery if none."""
    path = _folder().joinpath(f"{name}.cypher")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or not path.is_file():
        known = ", ".join(query_names())
        raise UnknownQuery(f"no query named {name!r}; the queries are: {known}")
    return parse_query(name, path.read_text("utf-8"))


def all_queries() -> list[Query]:
    """Return every shipped query, sorted by name."""
    return [load_query(n) for n in query_names()]


def strip_comments_and_strings(text: str) -> str:
    """Return the Cypher `text` without // comments and with string literals emptied."""
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", _code(text))


def _code(text: str) -> str:
    """Return `text` without // comments (outside string literals)."""
    pattern = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")
    return pattern.sub(lambda m: "" if m.group(0).startswith("//") else m.group(0), text)


def parameter_names(text: str) -> tuple[str, ...]:
    """Return the $parameters of a Cypher text, in order of first use (datasette style)."""
    found = re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", strip_comments_and_strings(text))
    return tuple(dict.fromkeys(found))


def return_columns(text: str) -> tuple[str, ...]:
    """Return the column names of the last RETURN clause of `text` (aliases or bare names)."""
    code = strip_comments_and_strings(text)
    starts = [m.end() for m in re.finditer(r"\bRETURN\b", code, flags=re.IGNORECASE)]
    if not starts:
        return ()
    clause = re.split(r"\b(?:ORDER\s+BY|SKIP|LIMIT|UNION)\b", code[starts[-1]:],
                      flags=re.IGNORECASE)[0]
    clause = re.sub(r"^\s*DISTINCT\b", "", clause, flags=re.IGNORECASE)
    columns = []
    for item in split_top_level(clause):
        alias = re.search(r"\bAS\s+([A-Za-z_][A-Za-z0-9_]*)\s*$", item, flags=re.IGNORECASE)
        columns.append(alias.group(1) if alias else item)
    return tuple(columns)


def _header(text: str) -> tuple[list[tuple[str, str]], list[str], bool]:
    """Return the header's (key, value) entries, its free notes, and whether it is neo4j-only.

    An indented comment line (``//   …``) continues the entry above it; any other comment
    line without a known ``key:`` is a note (``tifa query --list --format json`` shows them).
    """
    entries: list[tuple[str, str]] = []
    notes: list[str] = []
    neo4j_only = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break
            continue
        raw = stripped[2:]
        body = raw.strip()
        key, sep, value = body.partition(":")
        if body == NEO4J_ONLY:
            neo4j_only = True
        elif sep and key.strip() in HEADER_KEYS:
            entries.append((key.strip(), value.strip()))
        elif raw.startswith("  ") and entries and body:
            k, v = entries[-1]
            entries[-1] = (k, f"{v} {body}".strip())
        elif body:
            notes.append(body)
    return entries, notes, neo4j_only


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Return `text` split at `sep` outside brackets, parentheses and braces."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _param(name: str, spec: str) -> Param:
    head, _, description = spec.partition(" — ")
    pname, eq, example = head.partition("=")
    if not eq or not re.fullmatch(r"[A-Za-z_]\w*", pname.strip()):
        raise QueryFileError(f"{name}.cypher: '// param: {spec}' is not 'name = example — …'")
    example = example.strip()
    if len(example) >= 2 and example[0] == example[-1] and example[0] in "'\"":
        example = example[1:-1]
    return Param(pname.strip(), example, example_type(example), description.strip())


def example_type(example: str) -> type:
    """Return the type an example stands for: int, float, bool or str."""
    if re.fullmatch(r"-?\d+", example):
        return int
    if re.fullmatch(r"-?\d+\.\d+", example):
        return float
    if example in ("true", "false"):
        return bool
    return str


def parse_query(name: str, text: str) -> Query:
    """Return the Query of a .cypher file's `text`; QueryFileError if its header is wrong."""
    entries, notes, neo4j_only = _header(text)
    values: dict[str, list[str]] = {}
    for key, value in entries:
        values.setdefault(key, []).append(value)
    for key in ("title", "question", "clock"):
        if not values.get(key) or not values[key][0]:
            raise QueryFileError(f"{name}.cypher: the header needs a '// {key}:' line")
    clock_word, _, clock_note = values["clock"][0].partition(" — ")
    if clock_word.strip() not in CLOCKS:
        raise QueryFileError(f"{name}.cypher: clock must be one of {', '.join(CLOCKS)}")
    examples = {p.name: p for p in (_param(name, s) for s in values.get("param", []))}
    used = parameter_names(text)
    if set(used) != set(examples):
        raise QueryFileError(
            f"{name}.cypher: the query uses {sorted(used)} but the header gives examples for "
            f"{sorted(examples)}; give one '// param: name = example' per parameter")
    return Query(
        name=name, title=values["title"][0], questions=tuple(values["question"]),
        params=tuple(examples[n] for n in used), clock=clock_word.strip(),
        clock_note=clock_note.strip(), notes=" ".join(notes), neo4j_only=neo4j_only,
        columns=return_columns(text), text=text,
    )


def server_text(query: Query, backend: str) -> str:
    """Return the Cypher `backend` runs for `query`: Neo4j's variant if one ships, else its own."""
    if backend == "neo4j":
        variant = _folder().joinpath(VARIANTS, f"{query.name}.cypher")
        if variant.is_file():
            return variant.read_text("utf-8")
    return query.text


def pasted_text(query: Query, backend: str) -> str:
    """Return the Cypher of `query` to paste into `backend`'s console (`tifa query --cypher`):
    `server_text`, under the query's own header and a line naming the variant when `backend`
    has one."""
    text = server_text(query, backend)
    if text == query.text:
        return text
    lines = query.text.splitlines(keepends=True)
    header = "".join(itertools.takewhile(lambda line: line.startswith("//"), lines))
    label = f"// --- the text {backend} runs: queries/{VARIANTS}/{query.name}.cypher ---\n"
    return header + label + text


def coerce(param: Param, raw: str) -> ParamValue:
    """Return the text `raw` typed like the parameter's example; ParameterError if it cannot be."""
    if param.kind is int:
        if not re.fullmatch(r"\s*-?\d+\s*", raw):
            raise ParameterError(f"parameter {param.name} must be a whole number "
                                 f"(e.g. {param.name}={param.example}), not {raw!r}")
        return int(raw)
    if param.kind is float:
        try:
            return float(raw)
        except ValueError:
            raise ParameterError(f"parameter {param.name} must be a number "
                                 f"(e.g. {param.name}={param.example}), not {raw!r}") from None
    if param.kind is bool:
        if raw.lower() not in ("true", "false"):
            raise ParameterError(f"parameter {param.name} must be true or false, not {raw!r}")
        return raw.lower() == "true"
    if not raw.strip() and "''" not in param.description:  # the header says '' is allowed
        raise ParameterError(f"parameter {param.name} is empty: give a text "
                             f"(e.g. {param.name}={param.example})")
    return raw


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Return {name: text} from ``name=value`` strings; ParameterError for a malformed one."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise ParameterError(f"--param takes name=value, not {printable(pair)!r}")
        if printable(pair) != pair:
            raise ParameterError(f"--param {printable(name)}: the value is not valid UTF-8 "
                                 f"({printable(value)})")
        out[name.strip()] = value
    return out


def bind(query: Query, raw: Mapping[str, str]) -> dict[str, ParamValue]:
    """Return the query's parameters typed from `raw` texts; ParameterError names the problem.

    Every parameter is required; a name the query does not use is an error too.
    """
    names = [p.name for p in query.params]
    unknown = [k for k in raw if k not in names]
    if unknown:
        takes = ", ".join(names) or "no parameters"
        raise ParameterError(f"{query.name} has no parameter {unknown[0]!r}; it takes: {takes}")
    missing = [p for p in query.params if p.name not in raw]
    if missing:
        hint = " ".join(f"--param {p.name}={p.example}" for p in missing)
        raise ParameterError(f"{query.name} needs {', '.join(p.name for p in missing)} "
                             f"(e.g. {hint})")
    values = {p.name: coerce(p, raw[p.name]) for p in query.params}
    return {k: mainland(v) if k in CONCEPT_PARAMS and isinstance(v, str) else v
            for k, v in values.items()}


# Parameters that name a concept: folded to mainland forms as concept names are (網絡安全 and
# 網路安全 are 网络安全), so a Traditional or Taiwan spelling finds the same rows.
CONCEPT_PARAMS = ("concept", "other")


def mainland(name: str) -> str:
    """Return a concept name in the mainland Simplified form the lexicon and graph use."""
    from tifa.extract.termmatch import mainland_reading

    return mainland_reading(name)
