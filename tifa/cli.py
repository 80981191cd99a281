"""The `tifa` command line: `tifa extract`, `tifa concepts discover`, and the command group.

Each command parses its options, makes one call to `tifa.pipeline` and prints.

Exit codes: the table in README.md (errors become exit codes in `cli_common`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console

from tifa import __version__, pipeline
from tifa.cli_common import (
    CONTEXT,
    EncodingName,
    TifaGroup,
    did_line,
    excel_option,
    executor_options,
    lexicon_option,
    progress_hook,
    stderr,
    utf8_stdout,
    write_output,
)
from tifa.extract.output import STREAMED, WRITERS, passage_writer
from tifa.pipeline import Corpus
from tifa.spreadsheet import wants_bom

GENRES = ("excerpt_book", "news_compilation", "newspaper_page", "commentary", "speech",
          "news_report", "unknown")


@click.group(cls=TifaGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="tifa")
def main() -> None:
    """tifa: a knowledge graph of Chinese political formulations (提法).

    Reads excerpt books, news compilations, speeches, newspaper pages and commentaries,
    and extracts passages with their speech, date and publication.

    Example: tifa extract data/corpus -o passages.jsonl
    """


def print_report(summary: dict[str, object], corpus: Corpus, console: Console,
                 verbose: bool) -> None:
    """Print warnings (one line each), failures and the summary to stderr."""
    for e in corpus.extractions:
        for w in e.warnings if verbose else ():
            console.print(f"warning: {w}", markup=False)
    print_failures(corpus, console)
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


def print_failures(corpus: Corpus, console: Console) -> None:
    """Print one `warning:` line per path the input walker left out on purpose, and one
    `error:` line per file that could not be read."""
    for note in corpus.notes:
        console.print(f"warning: {note}", markup=False)
    for f in corpus.failures:
        console.print(f"error: {f.path}: {f.message}", markup=False)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(WRITERS)), default="jsonl",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of standard output.")
@excel_option
@click.option("--encoding", type=EncodingName(),
              help="Decode every file with this encoding instead of detecting it.")
@click.option("--genre", type=click.Choice(GENRES), help="Skip genre detection.")
@click.option("--report-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Format of the run report on standard error.")
@lexicon_option
@click.option("--no-concepts", is_flag=True, help="Skip concept matching (faster start).")
@click.option("--no-link", is_flag=True,
              help="Skip cross-source linking (speeches stay as each citation gives them).")
@executor_options
@click.option("-v", "--verbose", is_flag=True, help="Print every warning, one line each.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def extract(paths: tuple[str, ...], fmt: str, output: str | None, excel: bool,
            encoding: str | None,
            genre: str | None, report_format: str, lexicons: tuple[str, ...],
            no_concepts: bool, no_link: bool, run_on: dict[str, Any], verbose: bool,
            quiet: bool) -> None:
    """Extract passages with their speech, date and publication from text files or folders.

    Writes one record per passage (the extraction output contract); a run report goes to
    standard error. A file that cannot be read is reported and skipped; the exit code is 1
    if any file failed outright.

    Example: tifa extract data/corpus --format csv -o passages.csv
    """
    console = stderr()
    bom = wants_bom(output, excel=excel) if output else excel
    streamed = no_link and fmt in STREAMED  # no linking: each file's records are final

    def run(out: TextIO | None) -> pipeline.Corpus:
        sink = passage_writer(out, fmt, excel=bom) if out is not None else None
        with progress_hook(console, not quiet and console.is_terminal) as hook:
            return pipeline.extract(paths, lexicon=lexicons, concepts=not no_concepts,
                                    link=not no_link, encoding=encoding, genre=genre,
                                    progress=hook, **run_on,
                                    on_file=(lambda e: sink(e.passages)) if sink else None)

    if streamed and output:
        done: list[pipeline.Corpus] = []
        write_output(output, lambda fh: done.append(run(fh)))
        corpus = done[0]
    elif streamed:
        utf8_stdout()
        corpus = run(sys.stdout)
    else:
        corpus = run(None)
    if not streamed and output:
        write_output(output, lambda fh: corpus.write_to(fh, fmt, excel=bom))
    elif not streamed:
        utf8_stdout()
        corpus.write_to(sys.stdout, fmt, excel=excel)
    summary = corpus.summary()
    if report_format == "json":
        print_failures(corpus, console)
        click.echo(json.dumps(summary, ensure_ascii=False), err=True)
    else:
        print_report(summary, corpus, console, verbose)
    sys.exit(1 if corpus.failures else 0)


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
@excel_option
def discover(paths: tuple[str, ...], lexicons: tuple[str, ...], top: int, fmt: str,
             output: str | None, excel: bool) -> None:
    """Rank candidate new formulations not yet in the lexicon.

    Scores multi-word terms by frequency, spread across documents and years, cohesion
    (PMI) and boundary entropy; each comes with its first year and two example contexts.
    Edit the YAML output and pass it back with --lexicon.

    Example: tifa concepts discover data/corpus --top 30 -o candidates.yaml
    """
    from tifa.extract.discover import candidates_to_yaml

    console = stderr()
    with progress_hook(console, console.is_terminal) as hook:
        corpus = pipeline.extract(paths, concepts=False, link=False, progress=hook)
        found = pipeline.discover(corpus, lexicon=lexicons, top=top)
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
        from tifa.queries.render import to_csv

        text = to_csv(rows, list(rows[0]) if rows else ["rank"],
                      excel=wants_bom(output, excel=excel))
    else:
        text = "\n".join(f"{r['rank']:>3}  {r['name']}  score {r['score']}  freq {r['freq']}  "
                         f"docs {r['docs']}  first {r['first_year'] or '-'}  "
                         f"e.g. {(r['examples'] or [''])[0]}" for r in rows) + "\n"
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    print_failures(corpus, console)
    sys.exit(1 if corpus.failures else 0)


SUBCOMMANDS = {"build": "tifa.cli_build:build", "load": "tifa.cli_db:load",
               "db": "tifa.cli_db:db", "query": "tifa.cli_query:query",
               "ask": "tifa.cli_query:ask"}
"""The commands defined in their own modules, imported when named (`tifa build` never
imports the database or query commands; `tifa --help` imports them all for their help)."""

main.lazy_commands.update(SUBCOMMANDS)


def run() -> None:
    """The `tifa` console script: run `main`, then end the process without tearing it down.

    A build leaves a large heap (the graph, every passage); freeing it object by object at
    exit costs a tenth of the small build's time, and nothing is left to do by then: every
    file is closed by its writer and every worker process joined. So the streams are flushed
    and the process ends at once, unless a child process or another thread is still running
    (then Python's own exit waits for them). The cyclic collector runs less often meanwhile
    (`tifa.collector.tune_collector`).
    """
    from tifa.collector import tune_collector

    tune_collector()
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int | None):  # sys.exit("message"): Python prints it, exit 1
        print(code, file=sys.stderr)
        code = 1
    fast_exit(code or 0)


def fast_exit(code: int) -> None:
    """End the process with `code`: at once (`os._exit`) after flushing the standard streams
    and logging, or by `sys.exit` when a child process or another thread is still alive."""
    import logging
    import multiprocessing
    import os
    import threading

    if multiprocessing.active_children() or threading.active_count() > 1:
        sys.exit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken pipe: nothing more to say there
            code = code or 1
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
