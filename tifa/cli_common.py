"""What every tifa command shares: help settings, exits, options, the rich progress hook.

The commands are thin clients of `tifa.pipeline`: they parse options, make one API call and
print. Errors of the library (`TifaError`) become one `Error:` line here: exit 2 for usage
and configuration, 1 for a file or a connection that failed.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn

from tifa.errors import ConfigError, TifaError

if TYPE_CHECKING:
    from tifa.settings import Settings

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UsageProblem(click.ClickException):
    """A bad argument, setting, lexicon or query parameter: one line, exit code 2."""

    exit_code = 2


class DatabaseProblem(click.ClickException):
    """The database could not be reached or refused a statement: one line, exit code 1."""

    exit_code = 1


def usage_error(exc: TifaError) -> bool:
    """True for a library error that is the user's usage or configuration (exit 2)."""
    from tifa.extract.lexicon import LexiconError

    return isinstance(exc, ConfigError | LexiconError)


def fail(exc: TifaError) -> click.ClickException:
    """Return the click exception for a library error: usage → exit 2, else exit 1."""
    return UsageProblem(str(exc)) if usage_error(exc) else click.ClickException(str(exc))


def stderr() -> Console:
    """Return the console for progress, warnings and run reports (standard error)."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def utf8_stdout() -> None:
    """Write standard output as UTF-8 whatever the locale: the data is Chinese text."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")


@contextmanager
def progress_hook(console: Console, enabled: bool) -> Iterator[Callable[..., None]]:
    """Yield a `tifa.pipeline.Progress` hook drawing one rich bar per step on `console`."""
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.fields[step]:<8}"), BarColumn(),
                  MofNCompleteColumn(), TextColumn("{task.description}"), console=console,
                  disable=not enabled, transient=True) as bars:
        tasks: dict[str, TaskID] = {}

        def hook(step: str, done: int, total: int | None, description: str) -> None:
            if step not in tasks:
                tasks[step] = bars.add_task("", total=total, step=step)
            bars.update(tasks[step], completed=done, total=total, description=description)

        yield hook


def excel_option(f: click.decorators.FC) -> click.decorators.FC:
    """Add --excel (CSV on standard output starts with a byte-order mark, for Excel)."""
    return click.option(
        "--excel", is_flag=True,
        help="CSV: start with a UTF-8 byte-order mark so Excel reads Chinese (always done "
             "for an output file named *.csv).",
    )(f)


def lexicon_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add the repeatable --lexicon FILE option (also TIFA_LEXICON, paths split by ':')."""
    return click.option(
        "--lexicon", "lexicons", multiple=True, type=click.Path(exists=True, dir_okay=False),
        envvar="TIFA_LEXICON", help="A YAML lexicon merged over the built-in one (repeatable).",
    )(f)


def connection_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add --uri/--user/--password/--database (defaults from NEO4J_* env vars and .env)."""
    for option in reversed((
        click.option("--uri", help="bolt://host:7687 or neo4j://… for Neo4j; falkor://host:port "
                     "for FalkorDB. [env NEO4J_URI; default bolt://localhost:7687]"),
        click.option("--user", help="User name. [env NEO4J_USER; default neo4j]"),
        click.option("--password", help="Password. [env NEO4J_PASSWORD]"),
        click.option("--database", help="Database (Neo4j) or graph (FalkorDB) name. "
                     "[env NEO4J_DATABASE; default neo4j]"),
    )):
        f = option(f)
    return f


def settings_from(**flags: Any) -> Settings:
    """Return the settings with these flags on top of env, .env and defaults."""
    from tifa.settings import load_settings

    try:
        return load_settings({k: v for k, v in flags.items() if v is not None})
    except TifaError as exc:
        raise click.ClickException(str(exc)) from None
