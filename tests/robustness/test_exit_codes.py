"""The exit-code table in the README is the one documentation of exit codes: every example it
gives is run here and must exit with the code of its row, with no traceback."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def table() -> list[tuple[int, str]]:
    """Return (code, example command) of the README's exit-code table rows with an example."""
    text = README.read_text("utf-8")
    section = text[text.index("## Exit codes"):]
    section = section[: section.index("\n## ", 3)]
    rows = re.findall(r"^\| (\d) \| [^\n]*\| `(tifa [^`]+)` \|$", section, flags=re.M)
    return [(int(code), command) for code, command in rows]


def test_the_table_covers_every_code() -> None:
    text = README.read_text("utf-8")
    codes = re.findall(r"^\| (\d) \|", text[text.index("## Exit codes"):], flags=re.M)
    assert codes[:5] == ["0", "1", "2", "3", "4"]
    assert [code for code, _ in table()] == [0, 1, 2, 3]


@pytest.mark.parametrize(("code", "command"), table())
def test_each_example_exits_with_its_code(cli: Any, code: int, command: str) -> None:
    res = cli.tifa(*shlex.split(command)[1:])
    assert res.returncode == code, res.stderr
    assert "Traceback" not in res.stderr
    if code in (1, 2):
        assert len([ln for ln in res.stderr.splitlines() if "rror:" in ln]) == 1, res.stderr


@pytest.mark.parametrize("debug", [{}, {"TIFA_DEBUG": "1"}], ids=["plain", "TIFA_DEBUG"])
@pytest.mark.parametrize(("code", "args", "said"), [
    (2, ["ask", "no_such_query"], "no query named 'no_such_query'"),
    (2, ["query", "concept_timeline", "-p", "nosuch=1"], "nosuch"),
    (1, ["query", "concept_timeline", "-p", "concept=网络安全", "--uri", "bolt://127.0.0.1:9"],
     "cannot reach Neo4j at bolt://127.0.0.1:9"),
])
def test_a_library_error_is_one_line_with_its_code_even_when_debugging(
        cli: Any, debug: dict[str, str], code: int, args: list[str], said: str) -> None:
    """A TifaError is expected (its message says what to do): TIFA_DEBUG=1 shows tracebacks
    of internal errors only, never of these."""
    cli.fails_cleanly(cli.tifa(*args, env=debug), code, said)
