"""The `tifa` command line: wires the stages, reads settings, reports progress.

Exit codes: 0 all files extracted; 1 at least one file failed outright (the rest were
still extracted); 2 bad usage or configuration.
"""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from tifa import __version__
from tifa.errors import TifaError
from tifa.extract.output import WRITERS
from tifa.extract.pipeline import ExtractionFailure, extract_source, find_sources
from tifa.records import Extraction, PassageRecord

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
GENRES = ("excerpt_book", "news_compilation", "newspaper_page", "commentary", "speech",
          "news_report", "unknown")


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="tifa")
def main() -> None:
    """tifa: a knowledge graph of Chinese political formulations (提法).

    Reads excerpt books, news compilations, speeches, newspaper pages and commentaries,
    and extracts passages with their speech, date and publication.

    Example: tifa extract data/corpus -o passages.jsonl
    """


def run_extraction(
    paths: Sequence[str], *, encoding: str | None, genre: str | None, console: Console,
    show_progress: bool,
) -> tuple[list[Extraction], list[ExtractionFailure]]:
    """Return the extractions and failures of all files under `paths`, with a progress bar."""
    files = find_sources(paths)
    done: list[Extraction] = []
    failed: list[ExtractionFailure] = []
    with Progress(
        TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}"), console=console, disable=not show_progress,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(files))
        for f in files:
            progress.update(task, description=f.name)
            try:
                done.append(extract_source(f, encoding=encoding, genre=genre))  # type: ignore[arg-type]
            except TifaError as exc:
                failed.append(ExtractionFailure(str(f), str(exc).split(": ", 1)[-1]))
            progress.advance(task)
    return done, failed


def report(extractions: list[Extraction], failures: list[ExtractionFailure]) -> dict[str, object]:
    """Return the run report: files read and failed, passages, speeches, warnings by kind."""
    warnings = Counter(w.kind for e in extractions for w in e.warnings)
    speeches = {p.speech.id for e in extractions for p in e.passages if p.speech}
    return {
        "files_read": len(extractions),
        "files_failed": len(failures),
        "passages": sum(len(e.passages) for e in extractions),
        "speeches": len(speeches),
        "by_genre": dict(sorted(Counter(e.source.genre for e in extractions).items())),
        "warnings": dict(sorted(warnings.items())),
    }


def print_report(summary: dict[str, object], extractions: list[Extraction],
                 failures: list[ExtractionFailure], console: Console, verbose: bool) -> None:
    """Print warnings (one line each), failures and the summary to stderr."""
    for e in extractions:
        for w in e.warnings if verbose else ():
            console.print(f"warning: {w}", markup=False)
    for f in failures:
        console.print(f"error: {f.path}: {f.message}", markup=False)
    warnings = summary["warnings"]
    assert isinstance(warnings, dict)
    parts = ", ".join(f"{k} {v}" for k, v in warnings.items()) or "none"
    console.print(
        f"{summary['files_read']} files read, {summary['files_failed']} failed, "
        f"{summary['passages']} passages, {summary['speeches']} speeches; warnings: {parts}",
        markup=False,
    )


def _write(passages: list[PassageRecord], fmt: str, out: TextIO) -> None:
    WRITERS[fmt](passages, out)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(WRITERS)), default="jsonl",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of standard output.")
@click.option("--encoding", help="Decode every file with this encoding instead of detecting it.")
@click.option("--genre", type=click.Choice(GENRES), help="Skip genre detection.")
@click.option("--report-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Format of the run report on standard error.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning, one line each.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def extract(paths: tuple[str, ...], fmt: str, output: str | None, encoding: str | None,
            genre: str | None, report_format: str, verbose: bool, quiet: bool) -> None:
    """Extract passages with their speech, date and publication from text files or folders.

    Writes one record per passage (the extraction output contract); a run report goes to
    standard error. A file that cannot be read is reported and skipped; the exit code is 1
    if any file failed outright.

    Example: tifa extract data/corpus --format csv -o passages.csv
    """
    console = _stderr()
    extractions, failures = run_extraction(
        paths, encoding=encoding, genre=genre, console=console,
        show_progress=not quiet and console.is_terminal,
    )
    passages = [p for e in extractions for p in e.passages]
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8", newline="") as fh:
            _write(passages, fmt, fh)
    else:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")  # Chinese text whatever the locale
        _write(passages, fmt, sys.stdout)
    summary = report(extractions, failures)
    if report_format == "json":
        for f in failures:
            console.print(f"error: {f.path}: {f.message}", markup=False)
        click.echo(json.dumps(summary, ensure_ascii=False), err=True)
    else:
        print_report(summary, extractions, failures, console, verbose)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
