"""`tifa build` as a user runs it: a real subprocess on the sample corpus, files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "report.html", "neighbourhood.html", "graph.graphml", "graph.gexf", "concepts.gexf",
    "graph.json", "passages.jsonl", "neo4j/README.md", "neo4j/nodes_Passage.csv",
    "neo4j/nodes_Concept.csv", "neo4j/rels_MENTIONS.csv", "neo4j/rels_CO_OCCURS.csv",
    "figures/timeline_01.svg", "figures/timeline_01.pdf", "figures/timeline_12.svg",
    "figures/timeline_12.pdf",
}


def tifa_build(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tifa.cli", "build", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          timeout=600)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    a = tmp_path_factory.mktemp("a") / "out"
    b = tmp_path_factory.mktemp("b") / "out"
    first = tifa_build("data/corpus", "-o", str(a), "--format", "json")
    assert first.returncode == 0, first.stderr
    second = tifa_build("data/corpus", "-o", str(b), "-q")
    assert second.returncode == 0, second.stderr
    return a, b, first.stdout


def test_help_has_an_example() -> None:
    for flag in ("-h", "--help"):
        res = tifa_build(flag)
        assert res.returncode == 0 and "Example: tifa build" in res.stdout


def test_build_writes_every_file(builds: tuple[Path, Path, str]) -> None:
    out, _, stdout = builds
    written = set(files_under(out))
    assert written >= EXPECTED
    summary = json.loads(stdout)
    assert summary["files_read"] == 5 and summary["files_failed"] == 0
    assert set(summary["written"]) == written
    assert summary["nodes"]["Passage"] == summary["passages"] == \
        len((out / "passages.jsonl").read_text("utf-8").splitlines())
    assert summary["nodes"]["Concept"] > 100 and summary["edges"]["MENTIONS"] > 1000
    assert 0 < summary["edges"]["QUOTES"] <= summary["linking"]["quotes_traced"]
    assert summary["nodes"]["Speech"] == summary["linking"]["speeches"]


def test_two_builds_are_byte_identical(builds: tuple[Path, Path, str]) -> None:
    a, b, _ = builds
    first, second = files_under(a), files_under(b)
    assert list(first) == list(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_text_summary_and_no_jieba_chatter(tmp_path: Path) -> None:
    res = tifa_build("data/corpus/001_588c3d53033f6238.txt", "-o", str(tmp_path / "o"))
    assert res.returncode == 0, res.stderr
    assert "files read" in res.stdout and "Passage" in res.stdout and "CO_OCCURS" in res.stdout
    assert "prefix dict" not in res.stderr


def test_a_file_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    good = ROOT / "data" / "corpus" / "001_588c3d53033f6238.txt"
    (corpus / "good.txt").write_bytes(good.read_bytes())
    (corpus / "bad.txt").write_bytes(bytes(range(256)) * 8)
    res = tifa_build(str(corpus), "-o", str(tmp_path / "o"), "--format", "json")
    assert res.returncode == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.txt" in errors[0]
    summary = json.loads(res.stdout)
    assert summary["files_read"] == 1 and summary["files_failed"] == 1
    assert (tmp_path / "o" / "graph.graphml").is_file()


@pytest.mark.parametrize("case", ["missing path", "no text files"])
def test_nothing_to_build_exits_1_with_one_line(case: str, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    path = "no/such/folder" if case == "missing path" else str(tmp_path / "empty")
    res = tifa_build(path, "-o", str(tmp_path / "o"))
    assert res.returncode == 1, res.stderr
    assert res.stderr.startswith("Error: ") and len(res.stderr.strip().splitlines()) == 1
    assert path in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("case", ["bad lexicon", "no -o"])
def test_usage_errors_exit_2_with_one_line(case: str, tmp_path: Path) -> None:
    out = str(tmp_path / "o")
    if case == "bad lexicon":
        lexicon = tmp_path / "lexicon.yaml"
        lexicon.write_text("- name: 网络强国\n  category: 没有这个类别\n", encoding="utf-8")
        res = tifa_build("data/corpus/001_588c3d53033f6238.txt", "-o", out,
                         "--lexicon", str(lexicon))
    else:
        res = tifa_build("data/corpus")
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    if case == "bad lexicon":
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert res.stderr.startswith("Error: ")
    if case == "bad lexicon":
        assert "lexicon.yaml:2" in res.stderr


@pytest.mark.parametrize("name", ["graph.gexf", "concepts.gexf", "graph.graphml"])
def test_a_file_that_cannot_be_written_exits_1_with_one_line(name: str, tmp_path: Path) -> None:
    # graph.gexf and concepts.gexf are written in a forked worker, graph.graphml here
    out = tmp_path / "o"
    (out / name).mkdir(parents=True)
    res = tifa_build("data/corpus/001_588c3d53033f6238.txt", "-o", str(out))
    assert res.returncode == 1, res.stderr
    assert res.stderr == f"Error: {out / name}: Is a directory\n"
