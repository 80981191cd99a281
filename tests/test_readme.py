"""The README is checked: every command it shows parses with the options it uses, the output
blocks that need no server are what the commands print, the example record is a real one, and
the library snippet prints what the README says it prints."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tifa.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def blocks(lang: str) -> list[str]:
    """Return the README's fenced blocks of `lang` ('' for unlabelled ones)."""
    return re.findall(rf"^```{lang}\n(.*?)^```$", README, flags=re.S | re.M)


def commands() -> list[str]:
    """Return every `tifa …` command line of the README's shell blocks and transcripts."""
    found = []
    for block in blocks("bash") + blocks(""):
        for line in block.splitlines():
            line = line.removeprefix("$ ").split("  #")[0].strip()
            for part in re.split(r"&&", line):
                part = part.strip()
                part = re.sub(r"^\S*/?\.venv/bin/", "", part)
                if part.startswith("tifa "):
                    found.append(part)
    return found


def resolve(argv: list[str]) -> tuple[click.Command, list[str]]:
    """Return the command an argv names and the arguments left for it."""
    cmd: click.Command = main
    ctx = click.Context(main)
    while isinstance(cmd, click.Group) and argv:
        sub = cmd.get_command(ctx, argv[0])
        if sub is None:
            break
        cmd, argv = sub, argv[1:]
    return cmd, argv


def test_the_readme_shows_commands() -> None:
    names = {resolve(shlex.split(c)[1:])[0].name for c in commands()}
    assert {"extract", "build", "load", "query", "start", "status", "stop"} <= names


@pytest.mark.parametrize("line", commands())
def test_every_readme_command_parses(line: str) -> None:
    cmd, args = resolve(shlex.split(line)[1:])
    assert not isinstance(cmd, click.Group), line
    ctx = cmd.make_context(cmd.name, list(args), resilient_parsing=False)
    assert ctx.params is not None


def test_every_option_of_the_commands_table_exists() -> None:
    table = README.split("## Commands", 1)[1].split("\n\n", 1)[0]
    for row in table.splitlines()[2:]:
        usage = row.split("|")[1].strip().strip("`")
        words = usage.split()
        cmd, _ = resolve([w for w in words[1:] if re.fullmatch(r"[a-z]+", w)][:2])
        known = {o for p in cmd.params for o in getattr(p, "opts", [])}
        for opt in re.findall(r"(--?[a-z][a-z-]*)", usage.replace("\\|", " ")):
            assert opt in known, f"{usage}: {opt}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, object]]]:
    out = tmp_path_factory.mktemp("readme") / "passages.jsonl"
    res = subprocess.run([sys.executable, "-m", "tifa.cli", "extract", "data/corpus", "-o",
                          str(out)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return res.stderr, [json.loads(x) for x in out.read_text("utf-8").splitlines()]


def test_the_extract_transcript_is_what_extract_prints(
        extracted: tuple[str, list[dict[str, object]]]) -> None:
    transcript = next(b for b in blocks("") if b.startswith("$ tifa extract"))
    assert transcript.splitlines()[1] == extracted[0].strip()


def test_the_example_record_is_a_real_one(
        extracted: tuple[str, list[dict[str, object]]]) -> None:
    record = json.loads(blocks("json")[0])
    real = {r["id"]: r for r in extracted[1]}
    assert record == real[record["id"]]
    assert record["concepts"]  # the passage names 网络安全 twice: not an empty list


def test_the_library_snippet_prints_what_the_readme_says(tmp_path: Path) -> None:
    code = blocks("python")[0]
    (tmp_path / "data").symlink_to(ROOT / "data")
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stderr
    after = README.split(code, 1)[1]
    shown = re.match(r"```\n\s*```\n(.*?)```", after, flags=re.S)  # the block right after
    assert shown is not None
    assert res.stdout == shown.group(1)
    assert (tmp_path / "out" / "report.html").is_file()
