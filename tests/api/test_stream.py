"""`tifa extract` without linking writes each file's passages as soon as the file is read."""

from __future__ import annotations

import csv
import io
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from tifa.extract.output import passage_writer

import tifa
from tifa.cli import main
from tifa.records import Extraction


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_passages_reach_disk_file_by_file(corpus_dir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"passages.{fmt}"
    on_disk: list[tuple[str, int]] = []
    with open(out, "w", encoding="utf-8", newline="") as fh:
        write = passage_writer(fh, fmt)

        def sink(e: Extraction) -> None:
            fh.flush()
            on_disk.append((e.source.path, out.stat().st_size))
            events.append(f"written {Path(e.source.path).name}")
            write(e.passages)

        def progress(step: str, done: int, total: int | None, description: str) -> None:
            events.append(f"start {description}" if description else "end")

        events: list[str] = []
        corpus = tifa.extract([corpus_dir], concepts=False, link=False, on_file=sink,
                              progress=progress)
    # each file is on disk before the next one is read: start a, written a, start b, …
    names = [Path(e.source.path).name for e in corpus.extractions]
    assert len(names) == 5
    assert events == [
        ev for name in names for ev in (f"start {name}", f"written {name}")] + ["end"]
    assert [path for path, _ in on_disk] == [e.source.path for e in corpus.extractions]
    assert all(a < b for (_, a), (_, b) in pairwise(on_disk))
    whole = io.StringIO(newline="")
    corpus.write_to(whole, fmt)
    assert out.read_text("utf-8") == whole.getvalue()


def test_cli_no_link_output_is_the_corpus_written_at_the_end(corpus_dir: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    result = CliRunner().invoke(main, ["extract", str(corpus_dir), "--no-link", "--no-concepts",
                                       "-f", "csv", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    whole = tifa.extract([corpus_dir], concepts=False, link=False)
    written = out.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")  # *.csv: the byte-order mark Excel needs
    assert written == whole.write(tmp_path / "whole.csv", "csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(written.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == [p.id for p in whole.passages]
