"""CSV cells that a spreadsheet opens as the text they are.

Every CSV tifa writes for people (``tifa extract --format csv``, ``tifa ask/query --format
csv``, ``tifa concepts discover --format csv``) follows three rules:

- Lists inside a cell are joined with ``|`` (`LIST_SEPARATOR`), as in GraphML, GEXF and the
  neo4j-admin CSVs.
- A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'`` (`safe_cell`), so Excel, LibreOffice and Google Sheets show it as text instead
  of running it as a formula (OWASP "CSV injection"). Numbers are never changed: ``-3`` stays
  ``-3``.
- Excel reads a CSV as UTF-8 only when it starts with a byte-order mark: `BOM` is written at
  the start of a file named ``*.csv`` and, on standard output, with ``--excel``.

The neo4j-admin import CSVs (``out/neo4j/``) are data for Neo4j, not for spreadsheets: they
keep every value exactly.
"""

from __future__ import annotations

BOM = "\ufeff"
LIST_SEPARATOR = "|"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Return `value` with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def wants_bom(path: str | None, *, excel: bool = False) -> bool:
    """Return True if a CSV written to `path` (None: standard output) should start with BOM."""
    return excel or (path is not None and path.lower().endswith(".csv"))
