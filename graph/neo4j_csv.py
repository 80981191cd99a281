"""CSV files for ``neo4j-admin database import full``, one per label and relationship type.

Header format (Neo4j 5 "CSV header format"), with the header as the first row of each file:

- ``nodes_<Label>.csv``: ``id:ID(<Label>)``, then the label's properties (strings bare,
  others typed: ``year:int``, ``date_inferred:boolean``, ``aliases:string[]``), then
  ``:LABEL``. Each label is its own ID space, and ``id`` is also stored as a property.
- ``rels_<TYPE>.csv``: ``:START_ID(<Label>)``, ``:END_ID(<Label>)``, ``:TYPE``, then the
  type's properties, typed likewise.

Values follow `tifa.graph.flatten` (lists joined with ``|``, booleans ``true``/``false``, an
unknown value is an empty field, which neo4j-admin skips). Passages can hold line breaks,
so the import needs ``--multiline-fields=true``. `IMPORT_COMMAND` is the command.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from tifa.graph.flatten import flat_value
from tifa.graph.schema import NODES, RELATIONSHIPS, NodeLabel, Property, RelType

IMPORT_DIR = "import/tifa"


def _column(prop: Property) -> str:
    return prop.name if prop.type == "string" else f"{prop.name}:{prop.type}"


def node_header(label: NodeLabel) -> list[str]:
    """Return the header row of a label's node file."""
    rest = [_column(p) for p in label.properties if p.name != "id"]
    return [f"id:ID({label.name})", *rest, ":LABEL"]


def rel_header(rel: RelType) -> list[str]:
    """Return the header row of a relationship type's file."""
    return [f":START_ID({rel.start})", f":END_ID({rel.end})", ":TYPE",
            *(_column(p) for p in rel.properties)]


def node_file(label: str) -> str:
    """Return the file name for the nodes of `label`."""
    return f"nodes_{label}.csv"


def rel_file(rel_type: str) -> str:
    """Return the file name for the relationships of `rel_type`."""
    return f"rels_{rel_type}.csv"


def _cell(value: Any, name: str) -> str:
    flat = flat_value(value, name)
    if flat is None:
        return ""
    if isinstance(flat, bool):
        return "true" if flat else "false"
    return str(flat)


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def import_command(database: str = "neo4j", folder: str = IMPORT_DIR) -> str:
    """Return the neo4j-admin command that imports the files written into `folder`."""
    lines = [f"bin/neo4j-admin database import full {database}",
             '--array-delimiter="U+007C"', "--multiline-fields=true"]
    lines += [f"--nodes={folder}/{node_file(label)}" for label in NODES]
    lines += [f"--relationships={folder}/{rel_file(t)}" for t in RELATIONSHIPS]
    return " \\\n  ".join(lines)


IMPORT_COMMAND = import_command()

README = """\
# neo4j-admin import files written by `tifa build`

One CSV per node label (`nodes_<Label>.csv`) and per relationship type (`rels_<TYPE>.csv`),
UTF-8, header in the first row, in Neo4j's CSV header format: `id:ID(<Label>)` with one ID
space per label, `:LABEL`, `:START_ID(<Label>)`, `:END_ID(<Label>)`, `:TYPE`, and typed
properties (`year:int`, `date_inferred:boolean`, `aliases:string[]` joined with `|`).
An empty field is an unknown value: the property is not set.

Import into a new database (Neo4j 5.19 or later; the database name comes before the options).
Stop Neo4j, copy this folder to `$NEO4J_HOME/import/tifa/`, then from `$NEO4J_HOME`:

```bash
{command}
```

Add `--overwrite-destination` to replace an existing `neo4j` database. Then start Neo4j
(`bin/neo4j start`). Passage texts can span several lines, hence `--multiline-fields=true`;
`--array-delimiter="U+007C"` reads `|`-joined lists back as arrays.

Files:

| file | rows |
|---|---|
{table}
"""


def write_neo4j_import(G: nx.MultiDiGraph, folder: Path | str) -> list[Path]:
    """Write one CSV per label and relationship type plus README.md; return the files written.

    Every label and type gets a file, even with no rows, so the import command never changes.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    counts: list[tuple[str, int]] = []
    for label in NODES.values():
        names = label.property_names()
        rows = [[_cell(a.get(n), n) for n in names] + [label.name]
                for _, a in G.nodes(data=True) if a["label"] == label.name]
        path = folder / node_file(label.name)
        _write(path, node_header(label), rows)
        written.append(path)
        counts.append((path.name, len(rows)))
    for rel in RELATIONSHIPS.values():
        names = rel.property_names()
        rows = [[u, v, rel.name] + [_cell(a.get(n), n) for n in names]
                for u, v, a in G.edges(data=True) if a["type"] == rel.name]
        path = folder / rel_file(rel.name)
        _write(path, rel_header(rel), rows)
        written.append(path)
        counts.append((path.name, len(rows)))
    table = "\n".join(f"| `{name}` | {n} |" for name, n in counts)
    readme = folder / "README.md"
    readme.write_text(README.format(command=IMPORT_COMMAND, table=table), encoding="utf-8",
                      newline="\n")
    written.append(readme)
    return written
