"""Rows as text: an aligned table for people, CSV and JSON for programs.

The table is plain text (no wrapping, no colour), aligned by display width so Chinese lines
up, with long cells cut to `MAX_CELL` columns; CSV and JSON carry every value whole. CSV
follows `tifa.spreadsheet`: lists joined with ``|``, formula-like text escaped with a leading
``'``, a byte-order mark first with ``excel=True``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from tifa.queries.library import Query

from tifa.spreadsheet import BOM, LIST_SEPARATOR, safe_cell

FORMATS = ("table", "csv", "json")
MAX_CELL = 60

Row = dict[str, Any]


def _text(value: Any, *, list_sep: str, one_line: bool) -> str:
    """Return a cell's text: '' for None, true/false, lists joined by `list_sep`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and one_line:
        return f"{value:.3f}"
    if isinstance(value, list | tuple):
        return list_sep.join(_text(v, list_sep=list_sep, one_line=one_line) for v in value)
    return " ".join(str(value).split()) if one_line else str(value)


def _cut(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _pad(text: str, width: int, numeric: bool) -> str:
    gap = " " * (width - cell_len(text))
    return gap + text if numeric else text + gap


def table(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Return `rows` as an aligned plain-text table with a header line."""
    if not columns:
        columns = list(rows[0]) if rows else []
    cells = [[_cut(_text(r.get(c), list_sep=", ", one_line=True), MAX_CELL) for c in columns]
             for r in rows]
    widths = [max([cell_len(c)] + [cell_len(row[i]) for row in cells])
              for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(r.get(c), int | float) and
                                  not isinstance(r.get(c), bool) for r in rows)
               for c in columns]
    lines = ["  ".join(_pad(c, w, n) for c, w, n in zip(columns, widths, numeric, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(v, w, n) for v, w, n in zip(row, widths, numeric, strict=True))
              for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _csv_cell(value: Any) -> str:
    text = _text(value, list_sep=LIST_SEPARATOR, one_line=False)
    return text if isinstance(value, int | float) else str(safe_cell(text))


def to_csv(rows: Sequence[Row], columns: Sequence[str], *, excel: bool = False) -> str:
    """Return `rows` as CSV with a header; lists joined with '|', None as empty.

    Text that a spreadsheet would run as a formula gets a leading ``'``; `excel` starts the
    text with a byte-order mark.
    """
    buf = io.StringIO()
    if excel:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_csv_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def to_json(rows: Sequence[Row]) -> str:
    """Return `rows` as a JSON array of objects (Chinese as characters)."""
    return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"


def render(rows: Sequence[Row], columns: Sequence[str], fmt: str, *,
           excel: bool = False) -> str:
    """Return `rows` in `fmt` (table, csv or json); `excel`: CSV starts with a BOM."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, columns, excel=excel)
    return table(rows, columns)


def catalogue(queries: Sequence[Query], fmt: str, *, excel: bool = False) -> str:
    """Return the list of queries: name, title, parameters with examples, clock, Neo4j only."""
    rows = [{"name": q.name, "title": q.title,
             "parameters": " ".join(f"{p.name}={p.example}" for p in q.params),
             "clock": q.clock, "neo4j_only": q.neo4j_only,
             "question": " / ".join(q.questions), "clock_note": q.clock_note,
             "notes": q.notes} for q in queries]
    if fmt == "table":
        return table(rows, ["name", "title", "parameters", "clock", "neo4j_only"])
    return render(rows, list(rows[0]) if rows else [], fmt, excel=excel)


def markdown_table(queries: Sequence[Query]) -> str:
    """Return the Markdown table of the queries (docs/queries.md and README's query table)."""
    lines = ["| query | question | parameters (example) | clock |", "|---|---|---|---|"]
    for q in queries:
        name = f"`{q.name}`" + (" (Neo4j only)" if q.neo4j_only else "")
        params = ", ".join(f"`{p.name}={p.example}`" for p in q.params) or "—"
        question = "<br>".join(s.replace("|", "\\|") for s in q.questions)
        lines.append(f"| {name} | {question} | {params} | {q.clock} |")
    return "\n".join(lines) + "\n"
