"""`tifa build` with bad neighbours, repeated names and its own output inside the corpus:
the good file is built exactly once, bad paths are named, the exit code is 1 or 0."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any


def build(cli: Any, *args: str, cwd: Path) -> tuple[Any, dict[str, Any]]:
    res = cli.tifa("build", *args, "-q", "--format", "json", cwd=cwd)
    assert "Traceback" not in res.stderr, res.stderr
    return res, (json.loads(res.stdout) if res.stdout.strip() else {})


def passages_of(out: Path) -> list[tuple[Any, ...]]:
    rows = [json.loads(ln) for ln in (out / "passages.jsonl").read_text("utf-8").splitlines()]
    return [(r["source"], r["text"], r["line_start"]) for r in rows]


def test_a_mixed_batch_builds_the_good_file_and_names_the_bad(cli: Any, tmp_path: Path) -> None:
    shutil.copy(cli.good, tmp_path / "good.txt")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 16)
    res, summary = build(cli, "good.txt", "missing.txt", "binary.txt", "-o", "o", cwd=tmp_path)
    assert res.returncode == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert sorted(errors) == ["error: binary.txt: binary file, not text (pass --encoding if "
                              "it is UTF-16)", "error: missing.txt: no such file or folder"]
    assert summary["files_read"] == 1 and summary["files_failed"] == 2
    assert summary["passages"] == 18 and summary["did"]["failed"] == 2


def test_rebuilding_into_a_folder_inside_the_corpus_reads_only_the_corpus(
        cli: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(cli.good, corpus / "good.txt")
    first_res, first = build(cli, "corpus", "-o", "corpus/out", cwd=tmp_path)
    again_res, again = build(cli, "corpus", "-o", "corpus/out", cwd=tmp_path)
    assert first_res.returncode == again_res.returncode == 0, again_res.stderr
    assert first["files_read"] == again["files_read"] == 1
    assert first["passages"] == again["passages"] == 18
    assert {s for s, _, _ in passages_of(corpus / "out")} == {"corpus/good.txt"}
    # a second build folder, not the one being written, is left out with a warning
    other_res, other = build(cli, "corpus", "-o", "out2", cwd=tmp_path)
    assert other["files_read"] == 1
    assert "warning: corpus/out: skipped, a folder written by tifa build" in other_res.stderr


def test_the_same_file_named_twice_is_built_once(cli: Any, tmp_path: Path) -> None:
    shutil.copy(cli.good, tmp_path / "good.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "good.txt")
    res, summary = build(cli, "good.txt", "./good.txt", "link.txt", "-o", "o", cwd=tmp_path)
    assert res.returncode == 0
    assert summary["files_read"] == 1 and summary["passages"] == 18
    assert summary["linking"]["quotes_traced"] == 0  # no copy is traced as quoting itself
    assert len([ln for ln in res.stderr.splitlines() if ln.startswith("warning:")]) == 2


def test_a_file_name_that_is_not_utf8_builds(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    with open(os.fsencode(tmp_path / "in") + b"/\xb0\xb8.txt", "wb") as fh:  # GBK 案
        fh.write(cli.good.read_bytes())
    res, summary = build(cli, "in", "-o", "o", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert summary["passages"] == 18
    assert {s for s, _, _ in passages_of(tmp_path / "o")} == {"in/\\xb0\\xb8.txt"}
    json.loads((tmp_path / "o" / "graph.json").read_text("utf-8"))
