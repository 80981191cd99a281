"""Helpers for the bad-input and fault matrix: the installed `tifa` run as a subprocess, the
one-line-error check, and a good file whose passages must survive every bad neighbour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tifa.extract.pipeline import extract_source

ROOT = Path(__file__).resolve().parents[2]
# A news compilation of the sample corpus: 18 passages (README's table of the corpus).
GOOD = ROOT / "data" / "corpus" / "001_588c3d53033f6238.txt"
GOOD_PASSAGES = 18
TIFA = Path(sys.executable).with_name("tifa")


def tifa(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    """Run the installed tifa; stdout and stderr must be UTF-8 (decoding fails otherwise)."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("NEO4J_", "TIFA_"))}
    return subprocess.run([str(TIFA), *args], capture_output=True, text=True,
                          encoding="utf-8", errors="strict", cwd=cwd or ROOT,
                          env={**base, **(env or {})}, timeout=600)


def assert_fails_cleanly(res: subprocess.CompletedProcess[str], code: int, name: str) -> None:
    """Exit `code`, no traceback, and exactly one stderr line naming `name`, an error line."""
    assert res.returncode == code, res.stderr
    assert "Traceback" not in res.stderr, res.stderr
    naming = [ln for ln in res.stderr.splitlines() if name in ln]
    assert len(naming) == 1, res.stderr
    assert naming[0].lower().startswith("error:") or "Error:" in naming[0], res.stderr


def records(stdout: str) -> list[dict[str, object]]:
    """Return the JSON Lines records `tifa extract` wrote."""
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def passage_keys(recs: list[dict[str, object]], source: str) -> list[tuple[object, ...]]:
    """Return (text, line_start, line_end) of the records of one source, in order."""
    return [(r["text"], r["line_start"], r["line_end"]) for r in recs if r["source"] == source]


class Cli:
    """The helpers above, for the tests of this folder (`cli` fixture)."""

    good = GOOD
    tifa = staticmethod(tifa)
    fails_cleanly = staticmethod(assert_fails_cleanly)
    records = staticmethod(records)
    passage_keys = staticmethod(passage_keys)


@pytest.fixture(scope="session")
def cli() -> type[Cli]:
    """The command-line helpers: run tifa, check a clean failure, read its records."""
    return Cli


@pytest.fixture(scope="session")
def good_passages() -> list[tuple[object, ...]]:
    """The good file's passages extracted on its own: what every mixed batch must keep."""
    found = [(p.text, p.line_start, p.line_end) for p in extract_source(GOOD).passages]
    assert len(found) == GOOD_PASSAGES
    return found
