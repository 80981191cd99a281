"""The `tifa` command line: wires the stages, reads settings, reports progress.

Exit codes: the table in README.md (errors become exit codes in `cli_common`).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from tifa import __version__
from tifa.cli_common import (
    CONTEXT,
    EncodingName,
    TifaGroup,
    UsageProblem,
    did_line,
    lexicon_option,
    quiet_jieba,
    utf8_stdout,
    write_output,
)
from tifa.errors import TifaError
from tifa.extract.output import WRITERS
from tifa.extract.pipeline import (
    ConceptCounter,
    ExtractionFailure,
    extract_file,
    scan_sources,
    tally,
)
from tifa.records import Extraction, PassageRecord

GENRES = ("excerpt_book", "news_compilation", "newspaper_page", "commentary", "speech",
          "news_report", "unknown")


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@click.group(cls=TifaGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="tifa")
def main() -> None:
    """tifa: a knowledge graph of Chinese political formulations (提法).

    Reads excerpt books, news compilations, speeches, newspaper pages and commentaries,
    and extracts passages with their speech, date and publication.

    Example: tifa extract data/corpus -o passages.jsonl
    """


def concept_counter(lexicon_paths: Sequence[str]) -> ConceptCounter:
    """Return a function counting concepts in a text, with the lexicon merged from the paths."""
    from tifa.extract.concepts import concept_counter as counter
    from tifa.extract.lexicon import load_lexicon

    quiet_jieba()
    return counter(load_lexicon(lexicon_paths))


def run_extraction(
    paths: Sequence[str], *, encoding: str | None, genre: str | None, console: Console,
    show_progress: bool, concepts: ConceptCounter | None = None,
) -> tuple[list[Extraction], list[ExtractionFailure]]:
    """Return the extractions and failures of all files under `paths`, with a progress bar.

    What the walker left out (a file named twice, a build folder) is printed as a warning.
    """
    scan = scan_sources(paths)
    for note in scan.notes:
        console.print(f"warning: {note}", markup=False)
    files = scan.files
    done: list[Extraction] = []
    failed: list[ExtractionFailure] = list(scan.failures)
    with Progress(
        TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}"), console=console, disable=not show_progress,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(files))
        for f in files:
            progress.update(task, description=f.name)
            for item in extract_file(f, encoding=encoding, genre=genre,  # type: ignore[arg-type]
                                     concepts=concepts):
                if isinstance(item, ExtractionFailure):
                    failed.append(item)
                else:
                    done.append(item)
            progress.advance(task)
    return done, failed


def report(extractions: list[Extraction], failures: list[ExtractionFailure],
           linking: dict[str, int] | None = None) -> dict[str, object]:
    """Return the run report: files read and failed, passages, speeches, links, warnings."""
    warnings = Counter(w.kind for e in extractions for w in e.warnings)
    from tifa.extract.link import is_unidentified

    speeches = {p.speech.id for e in extractions for p in e.passages
                if p.speech and not is_unidentified(p.speech)}
    out: dict[str, object] = {
        "files_read": len(extractions),
        "files_failed": len(failures),
        "passages": sum(len(e.passages) for e in extractions),
        "speeches": len(speeches),
    }
    if linking is not None:
        out["speeches_merged"] = linking["speeches_merged"]
        out["quotes_traced"] = linking["quotes_traced"]
        out["utterances"] = linking["utterances"]
    out["did"] = tally(extractions, failures)
    out["by_genre"] = dict(sorted(Counter(e.source.genre for e in extractions).items()))
    out["warnings"] = dict(sorted(warnings.items()))
    return out


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
    linked = (f" ({summary['speeches_merged']} merged), {summary['quotes_traced']} quotes "
              f"traced, {summary['utterances']} distinct utterances"
              if "speeches_merged" in summary else "")
    console.print(
        f"{summary['files_read']} files read, {summary['files_failed']} failed, "
        f"{summary['passages']} passages, {summary['speeches']} speeches{linked}; "
        f"{did_line(summary['did'])}; warnings: {parts}",
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
@click.option("--encoding", type=EncodingName(),
              help="Decode every file with this encoding instead of detecting it.")
@click.option("--genre", type=click.Choice(GENRES), help="Skip genre detection.")
@click.option("--report-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Format of the run report on standard error.")
@lexicon_option
@click.option("--no-concepts", is_flag=True, help="Skip concept matching (faster start).")
@click.option("--no-link", is_flag=True,
              help="Skip cross-source linking (speeches stay as each citation gives them).")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning, one line each.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def extract(paths: tuple[str, ...], fmt: str, output: str | None, encoding: str | None,
            genre: str | None, report_format: str, lexicons: tuple[str, ...],
            no_concepts: bool, no_link: bool, verbose: bool, quiet: bool) -> None:
    """Extract passages with their speech, date and publication from text files or folders.

    Writes one record per passage (the extraction output contract); a run report goes to
    standard error. A file that cannot be read is reported and skipped; the exit code is 1
    if any file failed outright.

    Example: tifa extract data/corpus --format csv -o passages.csv
    """
    console = _stderr()
    try:
        concepts = None if no_concepts else concept_counter(lexicons)
    except TifaError as exc:
        raise UsageProblem(str(exc)) from None
    extractions, failures = run_extraction(
        paths, encoding=encoding, genre=genre, console=console,
        show_progress=not quiet and console.is_terminal, concepts=concepts,
    )
    linking = None
    if not no_link and extractions:
        from tifa.extract.link import as_cited, link, link_summary

        linked = link(extractions)
        extractions = list(as_cited(extractions, linked))
        linking = link_summary(linked.report)
    passages = [p for e in extractions for p in e.passages]
    if output:
        write_output(output, lambda fh: _write(passages, fmt, fh))
    else:
        utf8_stdout()
        _write(passages, fmt, sys.stdout)
    summary = report(extractions, failures, linking)
    if report_format == "json":
        for f in failures:
            console.print(f"error: {f.path}: {f.message}", markup=False)
        click.echo(json.dumps(summary, ensure_ascii=False), err=True)
    else:
        print_report(summary, extractions, failures, console, verbose)
    sys.exit(1 if failures else 0)


@main.group(context_settings=CONTEXT)
def concepts() -> None:
    """Work with the concept lexicon: discover candidate formulations.

    Example: tifa concepts discover data/corpus -o candidates.yaml
    """


@concepts.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@lexicon_option
@click.option("--top", default=50, show_default=True, type=click.IntRange(1, 10000),
              help="How many candidates to list.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "csv", "yaml"]),
              default="table", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write here (YAML that --lexicon reads back, when the name ends in .yaml).")
def discover(paths: tuple[str, ...], lexicons: tuple[str, ...], top: int, fmt: str,
             output: str | None) -> None:
    """Rank candidate new formulations not yet in the lexicon.

    Scores multi-word terms by frequency, spread across documents and years, cohesion
    (PMI) and boundary entropy; each comes with its first year and two example contexts.
    Edit the YAML output and pass it back with --lexicon.

    Example: tifa concepts discover data/corpus --top 30 -o candidates.yaml
    """
    from tifa.extract.discover import candidates_to_yaml, discover_terms
    from tifa.extract.lexicon import load_lexicon

    console = _stderr()
    quiet_jieba()
    try:
        lexicon = load_lexicon(lexicons)
    except TifaError as exc:
        raise UsageProblem(str(exc)) from None
    extractions, failures = run_extraction(paths, encoding=None, genre=None, console=console,
                                           show_progress=console.is_terminal)
    texts = [(p.source, p.speech.year if p.speech else None, p.text)
             for e in extractions for p in e.passages]
    found = discover_terms(texts, lexicon, top=top)
    if output and output.endswith((".yaml", ".yml")) and fmt == "table":
        fmt = "yaml"
    rows: list[dict[str, Any]] = [
        {"rank": i, "name": c.name, "score": round(c.score, 3), "freq": c.freq, "docs": c.docs,
         "first_year": c.first_year, "examples": list(c.examples)}
        for i, c in enumerate(found, start=1)
    ]
    if fmt == "yaml":
        text = candidates_to_yaml(found)
    elif fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["rank"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "examples": " | ".join(r["examples"])} for r in rows)
        text = buf.getvalue()
    else:
        text = "\n".join(f"{r['rank']:>3}  {r['name']}  score {r['score']}  freq {r['freq']}  "
                         f"docs {r['docs']}  first {r['first_year'] or '-'}  "
                         f"e.g. {(r['examples'] or [''])[0]}" for r in rows) + "\n"
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    for f in failures:
        console.print(f"error: {f.path}: {f.message}", markup=False)
    sys.exit(1 if failures else 0)


def _register() -> None:
    from tifa.cli_build import build
    from tifa.cli_db import db, load
    from tifa.cli_query import ask, query

    main.add_command(build)
    main.add_command(load)
    main.add_command(db)
    main.add_command(query)
    main.add_command(ask)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
