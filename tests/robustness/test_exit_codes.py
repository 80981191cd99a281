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
