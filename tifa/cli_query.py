"""`tifa query` (the query library against Neo4j or FalkorDB) and `tifa ask` (the same
questions answered offline from the files `tifa build` writes).

Both check the parameters before anything is sent or read: an unknown query, a missing or
unknown parameter, or a value of the wrong type is one `Error:` line and exit code 2.
"""

from __future__ import annotations

import click

from tifa import pipeline
from tifa.cli_common import (
    CONTEXT,
    TifaCommand,
    UsageProblem,
    connection_options,
    excel_option,
    settings_from,
    utf8_stdout,
)
from tifa.graph.runner import engine_of
from tifa.queries.library import (
    Query,
    all_queries,
    bind,
    load_query,
    parse_assignments,
    pasted_text,
)
from tifa.queries.render import FORMATS, catalogue, render


def _load(name: str | None) -> Query:
    """Return the query `name`; UsageProblem or UnknownQuery (exit 2) if there is none."""
    if not name:
        raise UsageProblem("name a query (tifa query --list shows them)")
    return load_query(name)


def _bind(query: Query, params: tuple[str, ...]) -> dict[str, object]:
    """Return the query's typed parameters; ParameterError (exit 2) for a bad one."""
    return dict(bind(query, parse_assignments(params)))


def _emit(rows: list[dict[str, object]], query: Query, fmt: str, excel: bool) -> None:
    utf8_stdout()
    click.echo(render(rows, query.columns, fmt, excel=excel), nl=False)
    if fmt == "table":
        click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)


def param_option(f: click.decorators.FC) -> click.decorators.FC:
    """Add the repeatable -p/--param NAME=VALUE option."""
    return click.option(
        "-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
        help="A query parameter (repeatable); --list shows each query's parameters.")(f)


def format_option(f: click.decorators.FC) -> click.decorators.FC:
    """Add -f/--format table|csv|json and --excel (CSV with a byte-order mark)."""
    return click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format.")(excel_option(f))


def list_option(f: click.decorators.FC) -> click.decorators.FC:
    """Add --list (titles and parameters of every query)."""
    return click.option("--list", "show_list", is_flag=True,
                        help="List the queries with their parameters and exit.")(f)


@click.command(cls=TifaCommand, context_settings=CONTEXT)
@click.argument("name", required=False)
@param_option
@format_option
@list_option
@click.option("--cypher", "show_cypher", is_flag=True,
              help="Print the query's Cypher for the database of --uri (to paste into Neo4j "
                   "Browser or FalkorDB's console) and exit.")
@connection_options
def query(name: str | None, params: tuple[str, ...], fmt: str, excel: bool, show_list: bool,
          show_cypher: bool, uri: str | None, user: str | None, password: str | None,
          database: str | None) -> None:
    """Run a query of the library against Neo4j or FalkorDB, in a read transaction.

    The queries (queries/*.cypher, docs/queries.md) answer a researcher's questions: a
    concept's timeline, its first mentions, its company per period, its contexts, where a
    quotation comes from, what one speech contains, which books carry which speeches.

    Example: tifa query concept_timeline --param concept=网络安全 --uri falkor://127.0.0.1:6380
    """
    if show_list:
        utf8_stdout()
        click.echo(catalogue(all_queries(), fmt, excel=excel), nl=False)
        return
    q = _load(name)
    s = settings_from(neo4j_uri=uri, neo4j_user=user, neo4j_password=password,
                      neo4j_database=database)
    if show_cypher:
        utf8_stdout()
        click.echo(pasted_text(q, engine_of(s.neo4j_uri)), nl=False)
        return
    values = _bind(q, params)
    if q.neo4j_only and engine_of(s.neo4j_uri) == "falkordb":
        raise UsageProblem(f"{q.name} runs on Neo4j only (see its header); "
                           f"answer it offline with: tifa ask {q.name} --graph OUT/")
    rows = pipeline.query(q.name, values, uri=s.neo4j_uri, user=s.neo4j_user,
                          password=s.neo4j_password, database=s.neo4j_database)
    _emit(rows, q, fmt, excel)


@click.command(cls=TifaCommand, context_settings=CONTEXT)
@click.argument("name", required=False)
@click.option("--graph", "graph_path", default="out", show_default=True,
              type=click.Path(file_okay=True, dir_okay=True),
              help="A folder written by tifa build, or its graph.json.")
@param_option
@format_option
@list_option
def ask(name: str | None, graph_path: str, params: tuple[str, ...], fmt: str, excel: bool,
        show_list: bool) -> None:
    """Answer a query of the library offline, from the graph tifa build wrote (no database).

    The rows are the ones `tifa query` returns from Neo4j or FalkorDB for the same input
    (a test checks every query on the sample corpus).

    Example: tifa ask quote_origin --graph out/ --param text=没有网络安全就没有国家安全
    """
    from tifa.queries.offline import answer, read_graph_json

    if show_list:
        utf8_stdout()
        click.echo(catalogue(all_queries(), fmt, excel=excel), nl=False)
        return
    q = _load(name)
    values = _bind(q, params)
    _emit(answer(q.name, read_graph_json(graph_path), values), q, fmt, excel)
