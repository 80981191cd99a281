"""`tifa build`: extract, mark concepts, link, build the graph, write every file and the report.

Exit codes: the table in README.md.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import networkx as nx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from tifa.cli_common import CONTEXT, TifaCommand, did_line, lexicon_option, quiet_jieba, utf8_stdout
from tifa.errors import SourceError
from tifa.extract.pipeline import ExtractionFailure, extract_paths, scan_sources, tally
from tifa.records import Extraction

if TYPE_CHECKING:
    pass



@dataclass
class BuildResult:
    """What one build read, built and wrote."""

    out: Path
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[ExtractionFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    files: list[Path] = field(default_factory=list)
    linking: dict[str, int] = field(default_factory=dict)
    unresolved_quotes: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        """Return the build summary: inputs, graph counts, warnings and files written."""
        from tifa.graph.stats import label_counts, type_counts

        warnings = Counter(w.kind for e in self.extractions for w in e.warnings)
        if self.unresolved_quotes:
            warnings["unresolved_quote"] = self.unresolved_quotes
        return {
            "output": str(self.out),
            "files_read": len(self.extractions),
            "files_failed": len(self.failures),
            "failures": [{"path": f.path, "message": f.message} for f in self.failures],
            "passages": label_counts(self.graph)["Passage"],
            "did": tally(self.extractions, self.failures),
            "linking": self.linking,
            "nodes": label_counts(self.graph),
            "edges": type_counts(self.graph),
            "warnings": dict(sorted(warnings.items())),
            "written": sorted(p.relative_to(self.out).as_posix() for p in self.files),
            "seconds": round(self.seconds, 2),
        }


def _progress(console: Console, enabled: bool) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.fields[step]:<8}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.description}"), console=console,
                    disable=not enabled, transient=True)


@contextmanager
def _step(
    progress: Progress, step: str, total: int | None = None
) -> Iterator[Callable[[str], None]]:
    task = progress.add_task("", total=total, step=step)

    def advance(description: str) -> None:
        progress.update(task, description=description, advance=1 if total else 0)

    yield advance
    progress.update(task, completed=total or 1, total=total or 1, visible=False)


def run_build(paths: Sequence[str], out: Path, *, lexicons: Sequence[str] = (), top: int = 12,
              progress: Progress) -> BuildResult:
    """Extract, build and write everything into `out`; return what was done."""
    from tifa.extract.concepts import concept_counter
    from tifa.extract.lexicon import load_lexicon
    from tifa.extract.link import as_cited, link, link_summary
    from tifa.graph.build import build_graph, unique_passages, unresolved_quotes
    from tifa.graph.export import (
        write_concept_gexf,
        write_gexf,
        write_graphml,
        write_neo4j_import,
        write_node_link_json,
        write_passages_jsonl,
    )
    from tifa.graph.report import write_report

    started = time.perf_counter()
    result = BuildResult(out)
    scan = scan_sources(paths, exclude=[out])
    files = scan.files
    result.failures.extend(scan.failures)
    result.notes.extend(scan.notes)
    if not files:
        raise SourceError(", ".join(f.path for f in scan.failures) or ", ".join(paths),
                          "nothing to build: " + "; ".join(
                              f.message for f in scan.failures) if scan.failures
                          else "nothing to build")
    with _step(progress, "lexicon") as advance:
        advance("loading the lexicon and the concept matcher")
        lexicon = load_lexicon(list(lexicons))
        quiet_jieba()
        counter = concept_counter(lexicon)
    with _step(progress, "extract", len(files)) as advance:
        for path in files:
            for item in extract_paths([path], concepts=counter):
                if isinstance(item, ExtractionFailure):
                    result.failures.append(item)
                else:
                    result.extractions.append(item)
            advance(path.name)
    with _step(progress, "link") as advance:
        advance("one speech per real speech, quotes traced to their origin")
        linked = link(result.extractions)
        cited = as_cited(result.extractions, linked)
        result.extractions = list(linked.extractions)
        result.linking = link_summary(linked.report)
    with _step(progress, "graph") as advance:
        advance("building the graph")
        G = result.graph = build_graph(result.extractions, lexicon=lexicon)
        result.unresolved_quotes = len(unresolved_quotes(result.extractions))
    out.mkdir(parents=True, exist_ok=True)
    writers: list[tuple[str, Callable[[], Any]]] = [
        ("passages.jsonl",
         lambda: write_passages_jsonl(unique_passages(cited), out / "passages.jsonl")),
        ("graph.graphml", lambda: write_graphml(G, out / "graph.graphml")),
        ("graph.gexf", lambda: write_gexf(G, out / "graph.gexf")),
        ("concepts.gexf", lambda: write_concept_gexf(G, out / "concepts.gexf")),
        ("graph.json", lambda: write_node_link_json(G, out / "graph.json")),
        ("neo4j/", lambda: write_neo4j_import(G, out / "neo4j")),
    ]
    with _step(progress, "write", len(writers)) as advance:
        for name, write in writers:
            advance(name)
            written = write()
            result.files.extend(written if isinstance(written, list) else [written])
    warnings = Counter(w.kind for e in result.extractions for w in e.warnings)
    with _step(progress, "report", top) as advance:
        result.files.extend(write_report(
            G, out, warnings=dict(warnings), top=top, progress=advance,
            failures=[(f.path, f.message) for f in result.failures]))
    result.seconds = time.perf_counter() - started
    return result


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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Format of the summary on standard output.")
@click.option("--top", type=click.IntRange(1, 100), default=12, show_default=True,
              help="How many concepts get a timeline in the report.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print every extraction warning, one line each.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
def build(paths: tuple[str, ...], output: str, lexicons: tuple[str, ...], fmt: str, top: int,
          verbose: bool, quiet: bool) -> None:
    """Build the knowledge graph of text files or folders and write it in every format.

    Extracts passages, marks the lexicon's concepts, links speeches across sources and
    traces quotes, then writes into OUTPUT: graph.graphml (Cytoscape, yEd), graph.gexf and
    concepts.gexf (Gephi, with a timeline), graph.json (networkx node-link), neo4j/ (CSV for
    neo4j-admin import, with the command in its README.md), passages.jsonl, and report.html
    with its figures and neighbourhood.html. A file that cannot be read is reported and
    skipped; the exit code is then 1.

    Example: tifa build data/corpus -o out/
    """
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    with _progress(console, not quiet and console.is_terminal) as progress:
        result = run_build(paths, Path(output), lexicons=lexicons, top=top, progress=progress)
    for note in result.notes:
        console.print(f"warning: {note}", markup=False)
    for e in result.extractions:
        for w in e.warnings if verbose else ():
            console.print(f"warning: {w}", markup=False)
    for f in result.failures:
        console.print(f"error: {f.path}: {f.message}", markup=False)
    summary = result.summary()
    utf8_stdout()
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_summary(summary, Console(highlight=False, soft_wrap=True))
    sys.exit(1 if result.failures else 0)


if __name__ == "__main__":  # pragma: no cover
    build()
