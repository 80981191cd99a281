"""`jobs=N` / `--jobs N` (default: the usable cores): files extracted in worker processes
give the output of one process."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tifa.extract.pipeline import scan_sources
from tifa.graph.export import write_node_link_json, write_passages_jsonl

import tifa
from tifa.errors import ConfigError
from tifa.executors import (
    MIN_BYTES_PER_WORKER,
    FileJob,
    LocalProcesses,
    Serial,
    auto_workers,
    choose_executor,
)
from tifa.pipeline import Build, load_lexicon

ROOT = Path(__file__).resolve().parent.parent.parent


def test_build_in_two_processes_writes_the_same_bytes(api_build: Build, corpus_dir: Path,
                                                      tmp_path: Path) -> None:
    two = tifa.build([corpus_dir], jobs=2)
    for name, build in (("one", api_build), ("two", two)):
        (tmp_path / name).mkdir()
        write_passages_jsonl(build.passages, tmp_path / name / "passages.jsonl")
        write_node_link_json(build.graph, tmp_path / name / "graph.json")
    for name in ("passages.jsonl", "graph.json"):
        one_bytes = (tmp_path / "one" / name).read_bytes()
        assert one_bytes and (tmp_path / "two" / name).read_bytes() == one_bytes
    assert two.corpus is not None and two.corpus.summary() == api_build.summary()["corpus"]


def test_spawned_workers_give_the_passages_of_one_process(corpus_dir: Path) -> None:
    """The workers are spawn-safe (macOS, Windows): module-level, picklable arguments."""
    files = scan_sources([corpus_dir]).files
    job = FileJob.of(load_lexicon())
    here = list(Serial().map(files, job))
    spawned = list(LocalProcesses(2, start="spawn").map(files, job))
    assert len(here) == 5 and spawned == here
    assert any(p.concepts for e in here for x in e for p in x.passages)  # type: ignore[union-attr]


def test_the_default_uses_the_usable_cores_as_far_as_the_input_pays(corpus_dir: Path,
                                                                    tmp_path: Path) -> None:
    cores = len(os.sched_getaffinity(0))
    sample = scan_sources([corpus_dir]).files
    size = sum(f.stat().st_size for f in sample)
    assert size < 2 * MIN_BYTES_PER_WORKER  # five files, 270 kB: one process is enough
    assert auto_workers(sample) == 1 and choose_executor(sample) == Serial()
    for i in range(8):
        shutil.copytree(corpus_dir, tmp_path / f"copy{i}")
    copies = scan_sources([tmp_path]).files
    wanted = min(cores, 8 * size // MIN_BYTES_PER_WORKER)
    assert len(copies) == 40 and auto_workers(copies) == wanted
    assert choose_executor(copies) == (LocalProcesses(wanted) if wanted > 1 else Serial())
    assert choose_executor(copies, jobs=3) == LocalProcesses(3)
    assert choose_executor(copies, jobs=1) == Serial()


def test_the_default_writes_the_bytes_of_one_process(corpus_dir: Path, tmp_path: Path) -> None:
    for i in range(4):
        shutil.copytree(corpus_dir, tmp_path / "in" / f"copy{i}")
    runs = [subprocess.run([sys.executable, "-m", "tifa.cli", "extract", str(tmp_path / "in"),
                            "-q", "--no-link", *jobs], cwd=ROOT, capture_output=True,
                           check=True) for jobs in ((), ("--jobs", "1"))]
    default, one = (r.stdout for r in runs)
    assert default.count(b"\n") == 4 * 397 and default == one


def test_cli_extract_with_two_jobs_writes_the_same_bytes(api_build: Build, corpus_dir: Path,
                                                         tmp_path: Path) -> None:
    assert api_build.corpus is not None
    api_build.corpus.write(tmp_path / "one.jsonl")
    subprocess.run([sys.executable, "-m", "tifa.cli", "extract", str(corpus_dir), "--jobs",
                    "2", "-q", "-o", str(tmp_path / "two.jsonl")], cwd=ROOT, check=True,
                   capture_output=True)
    one = (tmp_path / "one.jsonl").read_bytes()
    assert one.count(b"\n") == 397 and (tmp_path / "two.jsonl").read_bytes() == one


def test_a_bad_file_among_two_jobs_fails_alone(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = sorted(corpus_dir.glob("*.txt"))[3:]
    for f in good:
        shutil.copy(f, folder / f.name)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    runs = [subprocess.run([sys.executable, "-m", "tifa.cli", "extract", str(folder), "-q",
                            "--jobs", jobs], cwd=ROOT, capture_output=True, text=True)
            for jobs in ("1", "2")]
    one, two = runs
    assert two.returncode == 1
    errors = [line for line in two.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "binary.txt" in errors[0]
    assert "Traceback" not in two.stderr
    sources = {line.split('"source": "')[1].split('"')[0] for line in two.stdout.splitlines()}
    assert {Path(s).name for s in sources} == {f.name for f in good}
    assert two.stdout == one.stdout and two.stderr == one.stderr


def test_a_killed_worker_is_one_clear_error(corpus_dir: Path, tmp_path: Path) -> None:
    for i in range(8):
        shutil.copytree(corpus_dir, tmp_path / f"copy{i}")
    killed: list[int] = []

    def kill_the_workers(step: str, done: int, total: int | None, label: str) -> None:
        if step == "extract" and done == 1 and not killed:
            for child in multiprocessing.active_children():
                assert child.pid is not None
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    died = r"a worker process died .* after \d+ of 40 files, before "
    with pytest.raises(tifa.WorkerCrashed, match=died):
        tifa.extract([tmp_path], link=False, jobs=2, progress=kill_the_workers)
    assert killed


def test_jobs_below_one_is_a_configuration_error(corpus_dir: Path) -> None:
    with pytest.raises(ConfigError, match="jobs must be at least 1"):
        tifa.extract([corpus_dir], jobs=0)


def test_progress_advances_per_file_with_two_jobs(corpus_dir: Path) -> None:
    seen: list[tuple[int, int | None, str]] = []
    tifa.extract([corpus_dir], concepts=False, link=False, jobs=2,
                 progress=lambda step, done, total, label: seen.append((done, total, label)))
    names = sorted(f.name for f in corpus_dir.glob("*.txt"))
    assert seen == [(i, 5, name) for i, name in enumerate(names)] + [(5, 5, "")]
