"""CSV files for ``neo4j-admin database import full``, one per label and relationship type.

Header format (Neo4j 5 "CSV header format"), with the header as the first row of each file:

- ``nodes_<Label>.csv``: ``id:ID(<Label>)``, then the label's properties (strings bare,
  others typed: ``year:int``, ``date_inferred:boolean``, ``aliases:string[]``), then
  ``:LABEL``. Each label is its own ID space, and ``id`` is also stored as a property.
- ``rels_<TYPE>.csv``: ``:START_ID(<Label>)``, ``:END_ID(<Label>)``, ``:TYPE``, then the
  type's properties, typed likewise.

With `partitions` N > 1 each label and type is instead a header file and N part files
(``nodes_<Label>.header.csv``, ``nodes_<Label>.part-000.csv`` …): the rows cut into N
consecutive runs, written side by side by an executor's workers (`tifa.executors`), and
imported as one group (``--nodes=header.csv,part-000.csv,…``). The parts concatenated are
the single file's rows in the same order.

Values follow `tifa.graph.flatten` (lists joined with ``|``, booleans ``true``/``false``, an
unknown value is an empty field, which neo4j-admin skips). Passages can hold line breaks,
so the import needs ``--multiline-fields=true``. `IMPORT_COMMAND` is the command;
`bulk_import` runs it (``org.neo4j.cli.AdminTool`` from the Maven module's classpath) into
the data directory of the local Neo4j (`tifa db import`).
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from tifa.graph.flatten import flat_value
from tifa.graph.schema import NODES, RELATIONSHIPS, NodeLabel, Property, RelType

from tifa.errors import TifaError
from tifa.records import Applies

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


def header_file(name: str) -> str:
    """Return the header file's name of a partitioned group (`name`: its single file's)."""
    return name.removesuffix(".csv") + ".header.csv"


def part_file(name: str, part: int) -> str:
    """Return the name of part `part` of a partitioned group (`name`: its single file's)."""
    return f"{name.removesuffix('.csv')}.part-{part:03d}.csv"


def _parts(folder: Path, name: str) -> list[Path]:
    found = folder.glob(f"{name.removesuffix('.csv')}.part-*.csv")
    return sorted(found, key=lambda f: (len(f.name), f.name))


def group_files(folder: Path, name: str) -> list[Path] | None:
    """Return the files of one label's or type's group in `folder`: the single file, or the
    header then the parts in order; None if neither layout is there."""
    if (folder / name).is_file():
        return [folder / name]
    header = folder / header_file(name)
    return [header, *_parts(folder, name)] if header.is_file() else None


def _remove_group(folder: Path, name: str) -> None:
    """Remove both layouts' files of a group (a rewrite must not leave stale parts)."""
    for stale in (folder / name, folder / header_file(name), *_parts(folder, name)):
        stale.unlink(missing_ok=True)


def _cell(value: Any, name: str) -> str:
    kind = type(value)
    if kind is str:  # the common cases first, as flat_value decides them
        return value
    if kind is int or kind is float:
        return str(value)
    flat = flat_value(value, name)
    if flat is None:
        return ""
    if isinstance(flat, bool):
        return "true" if flat else "false"
    return str(flat)


def node_rows(label: NodeLabel, items: Iterable[tuple[str, dict[str, Any]]]
              ) -> Iterator[list[str]]:
    """Yield the CSV row of each (node id, attributes) of `label`."""
    names = label.property_names()
    for node, a in items:
        # the id is the node's key (a graph read back from graph.json has no id attribute)
        yield [node if n == "id" else _cell(a.get(n), n) for n in names] + [label.name]


def rel_rows(rel: RelType, items: Iterable[tuple[str, str, dict[str, Any]]]
             ) -> Iterator[list[str]]:
    """Yield the CSV row of each (start, end, attributes) of relationship type `rel`."""
    names = rel.property_names()
    for u, v, a in items:
        yield [u, v, rel.name] + [_cell(a.get(n), n) for n in names]


def _write(path: Path, header: list[str] | None, rows: Iterable[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)


@dataclass(frozen=True)
class Part:
    """One part file to write: its path, the label or type, and its slice of the graph."""

    path: str
    kind: str  # "nodes" | "rels"
    name: str
    items: tuple[Any, ...]


def write_part(part: Part, _shared: object = None) -> int:
    """Write one part file (rows only, no header); return its rows (an executor task)."""
    rows = (node_rows(NODES[part.name], part.items) if part.kind == "nodes"
            else rel_rows(RELATIONSHIPS[part.name], part.items))
    _write(Path(part.path), None, rows)
    return len(part.items)


def _slices(items: Sequence[Any], n: int) -> list[tuple[Any, ...]]:
    """Cut `items` into `n` consecutive runs of nearly equal length (some may be empty)."""
    return [tuple(items[len(items) * i // n:len(items) * (i + 1) // n]) for i in range(n)]


def _group_arg(folder: str, name: str, partitioned: bool) -> str:
    if not partitioned:
        return f"{folder}/{name}"
    parts = part_file(name, 0).replace("000", "[0-9]+").replace(".", "\\.")
    return f"{folder}/{header_file(name)},{folder}/{parts}"  # neo4j-admin reads a regex


def import_command(database: str = "neo4j", folder: str = IMPORT_DIR, *,
                   partitioned: bool = False) -> str:
    """Return the neo4j-admin command that imports the files written into `folder` (the
    partitioned layout: each group's header file, then its parts by a regular expression)."""
    lines = [f"bin/neo4j-admin database import full {database}",
             '--array-delimiter="U+007C"', "--multiline-fields=true"]
    lines += [f"--nodes={_group_arg(folder, node_file(label), partitioned)}" for label in NODES]
    lines += [f"--relationships={_group_arg(folder, rel_file(t), partitioned)}"
              for t in RELATIONSHIPS]
    return " \\\n  ".join(lines)


IMPORT_COMMAND = import_command()

README = """\
# neo4j-admin import files written by `tifa build`

{layout}
UTF-8, in Neo4j's CSV header format: `id:ID(<Label>)` with one ID
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


LAYOUTS = {
    False: "One CSV per node label (`nodes_<Label>.csv`) and per relationship type "
           "(`rels_<TYPE>.csv`),\nheader in the first row,",
    True: "Per node label and per relationship type, a header file (`nodes_<Label>.header.csv`, "
          "`rels_<TYPE>.header.csv`)\nand {n} part files of rows (`….part-000.csv` …; "
          "together, in order, the rows of one file),",
}


def write_neo4j_import(G: nx.MultiDiGraph, folder: Path | str, *, partitions: int = 1,
                       executor: Applies | None = None) -> list[Path]:
    """Write one CSV per label and relationship type plus README.md; return the files written.

    Every label and type gets a file, even with no rows, so the import command never changes.
    With `partitions` N > 1, a header file and N part files per label and type instead, the
    parts written by `executor`'s workers (default: this process); the files of the other
    layout are removed.
    """
    if partitions < 1:
        raise ValueError(f"partitions must be at least 1, not {partitions}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for node, a in G.nodes(data=True):  # one pass over the graph, not one per label or type
        nodes.setdefault(a["label"], []).append((node, a))
    edges: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for u, v, a in G.edges(data=True):
        edges.setdefault(a["type"], []).append((u, v, a))
    groups: list[tuple[str, str, list[str], list[Any]]] = []
    for label in NODES.values():
        groups.append(("nodes", label.name, node_header(label), nodes.get(label.name, [])))
    for rel in RELATIONSHIPS.values():
        groups.append(("rels", rel.name, rel_header(rel), edges.get(rel.name, [])))
    written: list[Path] = []
    counts: list[tuple[str, int]] = []
    parts: list[Part] = []
    for kind, name, header, items in groups:
        file = node_file(name) if kind == "nodes" else rel_file(name)
        _remove_group(folder, file)
        counts.append((file if partitions == 1 else part_file(file, 0).replace("000", "*"),
                       len(items)))
        if partitions == 1:
            _write(folder / file, header, node_rows(NODES[name], items) if kind == "nodes"
                   else rel_rows(RELATIONSHIPS[name], items))
            written.append(folder / file)
            continue
        _write(folder / header_file(file), header, ())
        written.append(folder / header_file(file))
        for i, run in enumerate(_slices(items, partitions)):
            parts.append(Part(str(folder / part_file(file, i)), kind, name, run))
            written.append(folder / part_file(file, i))
    if executor is not None:
        executor.apply(write_part, parts)
    else:
        for part in parts:
            write_part(part)
    table = "\n".join(f"| `{name}` | {n} |" for name, n in counts)
    readme = folder / "README.md"
    readme.write_text(README.format(
        layout=LAYOUTS[partitions > 1].format(n=partitions),
        command=import_command(partitioned=partitions > 1), table=table),
        encoding="utf-8", newline="\n")
    written.append(readme)
    return written


class BulkImportError(TifaError):
    """neo4j-admin could not import the CSV files (or was not asked to the right place)."""


@dataclass(frozen=True)
class ImportReport:
    """What `neo4j-admin database import full` imported, and how long it took (JVM start
    included)."""

    nodes: int
    relationships: int
    properties: int
    seconds: float
    folder: str


def csv_folder(path: Path | str) -> Path:
    """Return the folder of import CSVs in `path`: a `tifa build` output (its `neo4j/`) or
    that folder itself, in either layout; BulkImportError if neither holds them."""
    path = Path(path)
    for folder in (path / "neo4j", path):
        if all(group_files(folder, node_file(label)) for label in NODES):
            return folder
    raise BulkImportError(f"{path}: no neo4j-admin CSV files ({node_file('Passage')} …): "
                          "give a folder written by tifa build, or its neo4j/ folder")


def import_args(folder: Path, *, database: str = "neo4j", overwrite: bool = False,
                report_file: Path | None = None) -> list[str]:
    """Return the arguments of `neo4j-admin` that import the CSVs in `folder`."""
    args = ["database", "import", "full", database, "--array-delimiter=U+007C",
            "--multiline-fields=true", f"--overwrite-destination={str(overwrite).lower()}"]
    if report_file is not None:
        args.append(f"--report-file={report_file}")
    for option, files in (("nodes", [node_file(label) for label in NODES]),
                          ("relationships", [rel_file(t) for t in RELATIONSHIPS])):
        for name in files:
            group = group_files(folder, name)
            if group is None:
                raise BulkImportError(f"{folder}: {name} (or {header_file(name)} and its "
                                      "parts) is missing: write the folder again with tifa build")
            args.append(f"--{option}=" + ",".join(str(f) for f in group))
    return args


_DONE = re.compile(r"IMPORT DONE.*?Imported:\s*(\d+) nodes\s+(\d+) relationships\s+"
                   r"(\d+) properties", re.S)


def bulk_import(path: Path | str, data_dir: Path, *, database: str = "neo4j",
                overwrite: bool = False, timeout: float = 7200.0) -> ImportReport:
    """Import the CSVs of a `tifa build` output into the stopped local Neo4j at `data_dir`.

    Runs `neo4j-admin database import full` (`org.neo4j.cli.AdminTool`, the Maven
    module's classpath) with NEO4J_HOME = `data_dir`, the folder `tifa db start` serves.
    `overwrite` replaces a database that exists. Raises BulkImportError with the tool's
    own reason (a running server, an existing database, a bad row) in one line.
    """
    from tifa.graph import neo4j_server

    folder = csv_folder(path).resolve()
    data_dir = Path(data_dir).resolve()
    state, info = neo4j_server.status(data_dir)
    if info is not None and state in ("running", "starting"):
        raise BulkImportError(f"the local Neo4j (pid {info.pid}) is running on {data_dir}: "
                              "stop it first (tifa db stop --engine neo4j)")
    conf = data_dir / "import-conf"  # the server rewrites data_dir/neo4j.conf at each start
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(f"server.directories.neo4j_home={data_dir}\n", "utf-8")
    report = data_dir / "import.report"
    start = time.perf_counter()
    done = subprocess.run(
        [neo4j_server.java(), "-Xmx1g", "-Dfile.encoding=UTF-8", "-cp",
         neo4j_server.classpath(), neo4j_server.ADMIN_CLASS,
         *import_args(folder, database=database, overwrite=overwrite, report_file=report)],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout,
        env={**os.environ, "NEO4J_HOME": str(data_dir), "NEO4J_CONF": str(conf)})
    seconds = time.perf_counter() - start
    found = _DONE.search(done.stdout)
    if done.returncode != 0 or not found:
        raise BulkImportError(f"neo4j-admin could not import {folder} into {data_dir}: "
                              f"{_reason(done.stderr, done.stdout)}")
    nodes, rels, props = (int(g) for g in found.groups())
    return ImportReport(nodes, rels, props, seconds, str(folder))


HINTS = {"in use": "stop it first: tifa db stop --engine neo4j",
         "already exist": "replace it with tifa db import --overwrite"}


def _reason(stderr: str, stdout: str) -> str:
    """Return the line of the tool's output that says what went wrong, with what to do."""
    def said(text: str) -> list[str]:
        return [ln.strip() for ln in text.splitlines() if ln.strip()
                and not ln.strip().startswith(("at ", "...", "Run with '--verbose'",
                                               "WARNING"))]

    errors = [ln for ln in said(stdout) if "rror" in ln or "xception" in ln]
    bad_rows = [ln.split("InputException:", 1)[1].strip() for ln in said(stderr + stdout)
                if "InputException:" in ln]  # the row neo4j-admin refused, named
    reason = ((bad_rows or said(stderr) or errors or said(stdout) or ["no output"])[0])[:400]
    hints = [hint for key, hint in HINTS.items() if key in reason]
    return f"{reason} ({hints[0]})" if hints else reason
