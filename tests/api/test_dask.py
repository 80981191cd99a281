"""The Dask executor: the sample built on a local two-worker cluster (extraction and the
linker's containment lookups, shuffled by gram, on the workers) writes the bytes of a local
build, and a generated corpus links there as in one process (index sent whole, or
shuffled); an unreachable scheduler and a missing Dask are one line each."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest
from tifa.extract import link_shuffle
from tifa.extract.link import link
from tifa.extract.link_parallel import link_on
from tifa.extract.link_shuffle import shuffle_lookup
from tifa.extract.pipeline import extract_file
from tifa.graph.export import (
    write_graphml,
    write_neo4j_import,
    write_node_link_json,
    write_passages_jsonl,
)

import tifa
from tifa.executors import Dask, LocalProcesses
from tifa.pipeline import Build
from tifa.records import Extraction, Linked

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two worker processes (one thread each) on 127.0.0.1, every port chosen by the OS."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", scheduler_port=0, dashboard_address=":0"
                                  ) as c:
        yield c


def write_outputs(build: Build, out: Path) -> dict[str, bytes]:
    """Write the deterministic files of a build; return {relative path: bytes}."""
    out.mkdir()
    write_passages_jsonl(build.passages, out / "passages.jsonl")
    write_node_link_json(build.graph, out / "graph.json")
    write_graphml(build.graph, out / "graph.graphml")
    write_neo4j_import(build.graph, out / "neo4j")
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def test_a_build_on_a_two_worker_cluster_writes_the_bytes_of_a_local_build(
        api_build: Build, corpus_dir: Path, cluster: distributed.LocalCluster,
        tmp_path: Path) -> None:
    on_dask = tifa.build([corpus_dir], executor="dask", scheduler=cluster.scheduler_address)
    local = write_outputs(api_build, tmp_path / "local")
    remote = write_outputs(on_dask, tmp_path / "dask")
    assert {"passages.jsonl", "graph.json", "graph.graphml"} <= set(local)
    assert any(name.startswith("neo4j/") and name.endswith(".csv") for name in local)
    assert local["passages.jsonl"].count(b"\n") == 397
    assert remote == local
    with distributed.Client(cluster) as client:  # the files were read by the workers
        counters = client.run(lambda: len(__import__("tifa.executors").executors._counters))
    assert len(counters) == 2 and any(counters.values())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(*args: str, prelude: str = "", env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    code = f"{prelude}import sys; from tifa.cli import main; sys.argv = ['tifa', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=120)


def test_an_unreachable_scheduler_is_one_line_and_exit_code_1(corpus_dir: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    run = run_cli("extract", str(corpus_dir), "-q", "--scheduler", address, env=env)
    assert run.returncode == 1 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "could not reach the Dask scheduler at " + address in lines[0]


def test_without_dask_the_dask_executor_is_an_install_hint_and_exit_code_2(
        corpus_dir: Path, tmp_path: Path) -> None:
    hide = "import sys; sys.modules['distributed'] = sys.modules['dask'] = None; "
    run = run_cli("build", str(corpus_dir), "-o", str(tmp_path / "out"), "--executor", "dask",
                  prelude=hide)
    assert run.returncode == 2 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'tifa[dask]'" in lines[0], run.stderr
    assert not (tmp_path / "out").exists()


def test_a_scheduler_with_the_local_executor_is_a_usage_error(corpus_dir: Path) -> None:
    run = run_cli("extract", str(corpus_dir), "-q", "--executor", "local", "--scheduler",
                  "tcp://127.0.0.1:8786")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1].endswith(
        "a scheduler address needs the dask executor (--executor dask)")


COUNT_CLUSTERS = (
    "import atexit, distributed\n"
    "started = []\n"
    "class Counted(distributed.LocalCluster):\n"
    "    def __init__(self, *a, **k):\n"
    "        started.append(1)\n"
    "        super().__init__(*a, **k)\n"
    "distributed.LocalCluster = Counted\n"
    "atexit.register(lambda: print('local clusters started:', len(started)))\n")


def test_a_dask_build_without_a_scheduler_runs_on_one_local_cluster(
        corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_cli("build", str(corpus_dir), "-o", str(out), "-q", "--executor", "dask",
                  "--jobs", "2", "--partitions", "2", "--format", "json",
                  prelude=COUNT_CLUSTERS)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().endswith("local clusters started: 1")  # not one per step
    parts = sorted(p.name for p in (out / "neo4j").glob("nodes_Passage.*.csv"))
    assert parts == ["nodes_Passage.header.csv", "nodes_Passage.part-000.csv",
                     "nodes_Passage.part-001.csv"]
    rows = []
    for name in parts[1:]:
        with open(out / "neo4j" / name, encoding="utf-8", newline="") as fh:
            rows += list(csv.reader(fh))
    assert len(rows) == 397  # the sample's passages (tests/golden), each once


def link_jsonl(linked: Linked, out: Path) -> bytes:
    """The linked passages as the output contract writes them (bytes of passages.jsonl)."""
    write_passages_jsonl([p for e in linked.extractions for p in e.passages], out)
    return out.read_bytes()


def test_the_build_links_on_the_cluster_and_writes_the_same_bytes(
        api_build: Build, corpus_dir: Path, cluster: distributed.LocalCluster,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link_shuffle, "MIN_QUERIES", 0)  # the sample's few lookups too
    with distributed.Client(cluster) as client, distributed.get_task_stream(client) as tasks:
        on_dask = tifa.build([corpus_dir], executor="dask",
                             scheduler=cluster.scheduler_address)
    names = {t["key"].split("-")[0] if isinstance(t["key"], str) else str(t["key"])
             for t in tasks.data}
    assert "extract_many" in names  # the files were read on the workers, and the lookups
    assert {"by_gram", "plan_probes", "probe_hits", "aligned"} <= names  # shuffled
    assert "apply_chunk" not in names  # by key, the index never sent whole to a worker
    assert on_dask.corpus is not None and on_dask.corpus.linking is not None
    assert on_dask.corpus.linking["quotes_traced"] == 81
    assert write_outputs(on_dask, tmp_path / "dask") == write_outputs(api_build,
                                                                      tmp_path / "local")


def test_a_generated_corpus_links_on_the_cluster_as_in_one_process(
        cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import corpus_gen
    finally:
        sys.path.remove(str(ROOT / "bench"))
    files = corpus_gen.generate(tmp_path / "corpus", 100, seed=3)
    extractions = [e for f in files for e in extract_file(f) if isinstance(e, Extraction)]
    assert len(extractions) == 100
    serial = link(extractions)
    with distributed.Client(cluster) as client:
        parallel = link_on(Dask(client=client), extractions, min_queries=0)
        shuffled = link(extractions, lookup=shuffle_lookup(client, min_queries=0, parts=3))
        local = link_on(LocalProcesses(2), extractions, min_queries=0)
    assert serial.report.quotes_traced > 50 and serial.report.speeches_after > 100
    expected = link_jsonl(serial, tmp_path / "serial.jsonl")
    assert link_jsonl(parallel, tmp_path / "dask.jsonl") == expected
    assert link_jsonl(shuffled, tmp_path / "shuffled.jsonl") == expected
    assert link_jsonl(local, tmp_path / "local.jsonl") == expected
    assert parallel == serial and shuffled == serial and local == serial
