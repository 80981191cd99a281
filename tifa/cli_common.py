"""What every tifa command shares: help settings, the usage-error exit, the --lexicon option."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import Any

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UsageProblem(click.ClickException):
    """A bad argument, setting, lexicon or query parameter: one line, exit code 2."""

    exit_code = 2


def utf8_stdout() -> None:
    """Write standard output as UTF-8 whatever the locale: the data is Chinese text."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")


def quiet_jieba() -> None:
    """Keep jieba's start-up chatter ("Building prefix dict …") off standard error."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


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
