"""What every tifa command shares: help settings, the one place errors become exit codes,
options, the rich progress hook.

The commands are thin clients of `tifa.pipeline`: they parse options, make one API call and
print. Every error a command raises becomes one line here (`TifaCommand`): a `TifaError`
carries its exit code (2 usage and configuration, 1 a file or a connection that failed).
"""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn

from tifa.errors import TifaError, printable

if TYPE_CHECKING:
    from tifa.settings import Settings

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UsageProblem(click.ClickException):
    """A bad argument, setting, lexicon or query parameter: one line, exit code 2."""

    exit_code = 2


def stderr() -> Console:
    """Return the console for progress, warnings and run reports (standard error)."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


class Failure(click.ClickException):
    """A file, folder, connection or database that failed: one line, exit code 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))


def as_click_error(exc: Exception) -> click.ClickException:
    """Return the one-line error (and exit code) the command line shows for `exc`.

    TifaError carries its exit code (1 a file or connection failed, 2 usage or
    configuration); an OSError names its file; anything else is an internal error, still one
    line (TIFA_DEBUG=1 shows the traceback instead).
    """
    if isinstance(exc, TifaError):
        return UsageProblem(printable(str(exc))) if exc.exit_code == 2 else Failure(str(exc))
    if isinstance(exc, OSError):
        where = exc.filename if isinstance(exc.filename, str) else "output"
        return Failure(f"{where}: {exc.strerror or exc}")
    return Failure(f"internal error: {type(exc).__name__}: {exc} "
                   "(set TIFA_DEBUG=1 for the traceback and please report it)")


class TifaCommand(click.Command):
    """A tifa command: any error it raises leaves as one line with its exit code.

    This is the one place library errors become command-line errors: commands let a
    `TifaError` propagate instead of catching it.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn any exception it raises into a one-line error."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except TifaError as exc:  # expected: its message says what to do, never a traceback
            raise as_click_error(exc) from None
        except BrokenPipeError:  # the reader went away (tifa … | head): no message
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except Exception as exc:
            if os.environ.get("TIFA_DEBUG"):
                raise
            raise as_click_error(exc) from None


class TifaGroup(TifaCommand, click.Group):
    """The `tifa` command group: its commands and groups map errors the same way."""

    command_class = TifaCommand
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = {}
        """Commands imported only when named: name → ``module:attribute``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the names of the commands defined here and of the lazy ones, sorted."""
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command `cmd_name`, importing its module if it is a lazy one."""
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module, _, attr = self.lazy_commands[cmd_name].partition(":")
            __import__(module)  # not importlib.import_module: -X importtime would not see it
            self.add_command(getattr(sys.modules[module], attr), cmd_name)
        return super().get_command(ctx, cmd_name)


def write_output(path: str, write: Callable[[TextIO], None]) -> None:
    """Write a UTF-8 output file through `write`; on failure (an unwritable place, a full
    disk) remove what was half written and raise Failure naming the file."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as fh:
            write(fh)
    except OSError as exc:
        if target.is_file():
            target.unlink()
        raise Failure(f"{path}: cannot write: {exc.strerror or exc}") from None


class EncodingName(click.ParamType):
    """A text encoding Python knows (gbk, big5, utf-16 …); any other name is a usage error."""

    name = "encoding"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        """Return the encoding name, or fail (exit code 2) when Python has no such codec."""
        import codecs

        try:
            codecs.lookup(value)
        except LookupError:
            self.fail(f"unknown encoding {printable(value)!r} (e.g. gb18030, big5, utf-16)",
                      param, ctx)
        return str(value)


def did_line(did: Any) -> str:
    """Return the run's tally as words: `dropped 2 lines, mended 2 citations, …`."""
    return (f"dropped {did['dropped']} lines, mended {did['mended']} citations, "
            f"inferred {did['inferred']} dates, failed {did['failed']} files")


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


def executor_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add --jobs N, --executor local|dask and --scheduler ADDRESS, handed to the command as
    one keyword argument `run_on` (the keywords of `pipeline.extract` / `pipeline.build`)."""

    @functools.wraps(f)
    def command(*args: Any, jobs: int | None, executor: str | None, scheduler: str | None,
                **kwargs: Any) -> Any:
        chosen = executor or ("dask" if scheduler else "local")
        return f(*args, run_on={"jobs": jobs, "executor": chosen, "scheduler": scheduler},
                 **kwargs)

    for option in reversed((
        click.option("-j", "--jobs", type=click.IntRange(1, None),
                     help="Extract the files in N processes (or N local Dask workers); the "
                          "same output. [default: every usable core, as many as the input's "
                          "size pays for]"),
        click.option("--executor", type=click.Choice(["local", "dask"]),
                     help="Where files are extracted: local processes, or a Dask cluster "
                          "(needs tifa[dask]). [default: local; dask with --scheduler]"),
        click.option("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler address (tcp://host:8786); without it --executor "
                          "dask starts a local cluster."),
    )):
        command = option(command)
    return command


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
    """Return the settings with these flags on top of env, .env and defaults (ConfigError,
    exit code 2, for a value that cannot work)."""
    from tifa.settings import load_settings

    return load_settings({k: v for k, v in flags.items() if v is not None})
