"""`tifa build`: extract, mark concepts, link, build the graph, write every file and the report.

Exit codes: the table in README.md.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from tifa import pipeline
from tifa.cli_common import (
    CONTEXT,
    TifaCommand,
    did_line,
    executor_options,
    lexicon_option,
    progress_hook,
    stderr,
    utf8_stdout,
)
from tifa.executors import Dask, session


@contextmanager
def one_cluster(run_on: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield `run_on` with a Dask run's client opened once for the whole build: extraction,
    linking and the partitioned CSVs on one cluster (without --scheduler, one LocalCluster
    started here, not one per step); a local run's options as they are."""
    if run_on["executor"] != "dask":
        yield run_on
        return
    with session(Dask(run_on["scheduler"], workers=run_on["jobs"])) as live:
        yield {**run_on, "executor": live, "scheduler": None}


def summary(b: pipeline.Build, out: Path) -> dict[str, Any]:
    """Return the build summary: inputs, graph counts, warnings and files written."""
    corpus = b.corpus
    assert corpus is not None
    counts = b.summary()
    return {
        "output": str(out),
        "files_read": len(corpus.extractions),
        "files_failed": len(corpus.failures),
        "failures": [{"path": f.path, "message": f.message} for f in corpus.failures],
        "passages": counts["nodes"]["Passage"],
        "did": corpus.summary()["did"],
        "linking": corpus.linking or {},
        "nodes": counts["nodes"],
        "edges": counts["edges"],
        "warnings": b.warnings(),
        "written": sorted(p.relative_to(out).as_posix() for p in b.files),
        "seconds": round(b.seconds, 2),
    }


def print_summary(summary: dict[str, Any], console: Console) -> None:
    """Print the build summary as tables: inputs, nodes per label, edges per type, files."""
    head = Table(title=f"tifa build → {summary['output']}", show_header=False)
    for key in ("files_read", "files_failed", "passages", "seconds"):
        head.add_row(key.replace("_", " "), str(summary[key]))
    linking = summary["linking"]
    if linking:
        head.add_row("linking", f"{linking['speeches']} speeches "
                     f"({linking['speeches_merged']} merged), "
                     f"{linking['quotes_traced']} quotes traced")
    head.add_row("text", did_line(summary["did"]))
    warnings = ", ".join(f"{k} {v}" for k, v in summary["warnings"].items()) or "none"
    head.add_row("warnings", warnings)
    console.print(head)
    counts = Table(show_header=True)
    counts.add_column("label")
    counts.add_column("nodes", justify="right")
    counts.add_column("relationship")
    counts.add_column("edges", justify="right")
    nodes, edges = list(summary["nodes"].items()), list(summary["edges"].items())
    for i in range(max(len(nodes), len(edges))):
        n = nodes[i] if i < len(nodes) else ("", "")
        e = edges[i] if i < len(edges) else ("", "")
        counts.add_row(n[0], str(n[1]), e[0], str(e[1]))
    console.print(counts)
    console.print(f"{len(summary['written'])} files written: report.html, graph.graphml, "
                  "graph.gexf, concepts.gexf, graph.json, passages.jsonl, neo4j/ (see its "
                  "README.md), figures/", markup=False)


@click.command("build", cls=TifaCommand, context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "output", required=True,
              type=click.Path(file_okay=False, writable=True),
              help="Folder for the graph files and the report (created if needed).")
@lexicon_option
@executor_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Format of the summary on standard output.")
@click.option("--top", type=click.IntRange(1, 100), default=12, show_default=True,
              help="How many concepts get a timeline in the report.")
@click.option("--partitions", type=click.IntRange(1, None), default=1, show_default=True,
              help="Write neo4j/ as a header and N part files per label and type, written "
                   "in parallel by the executor (tifa db import reads both layouts).")
@click.option("-v", "--verbose", is_flag=True,
              help="Print every extraction warning, one line each.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
def build(paths: tuple[str, ...], output: str, lexicons: tuple[str, ...],
          run_on: dict[str, Any], fmt: str,
          top: int, partitions: int, verbose: bool, quiet: bool) -> None:
    """Build the knowledge graph of text files or folders and write it in every format.

    Extracts passages, marks the lexicon's concepts, links speeches across sources and
    traces quotes, then writes into OUTPUT: graph.graphml (Cytoscape, yEd), graph.gexf and
    concepts.gexf (Gephi, with a timeline), graph.json (networkx node-link), neo4j/ (CSV for
    neo4j-admin import, with the command in its README.md), passages.jsonl, and report.html
    with its figures and neighbourhood.html. A file that cannot be read is reported and
    skipped; the exit code is then 1.

    Example: tifa build data/corpus -o out/
    """
    console = stderr()
    try:
        with progress_hook(console, not quiet and console.is_terminal) as hook, \
                one_cluster(run_on) as run_on:
            built = pipeline.build(paths, lexicon=lexicons, progress=hook, exclude=[output],
                                   **run_on)
            built.write(output, top=top, progress=hook, partitions=partitions)
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or output}: {exc.strerror}") from None
    corpus = built.corpus
    assert corpus is not None
    for note in corpus.notes:
        console.print(f"warning: {note}", markup=False)
    for e in corpus.extractions:
        for w in e.warnings if verbose else ():
            console.print(f"warning: {w}", markup=False)
    for f in corpus.failures:
        console.print(f"error: {f.path}: {f.message}", markup=False)
    result = summary(built, Path(output))
    utf8_stdout()
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_summary(result, Console(highlight=False, soft_wrap=True))
    sys.exit(1 if corpus.failures else 0)


if __name__ == "__main__":  # pragma: no cover
    build()
