"""The tifa command as a user runs it: a real subprocess, real files, exit codes."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tifa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tifa.cli", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_help_everywhere() -> None:
    for args in (["--help"], ["-h"], ["extract", "--help"], ["concepts", "--help"],
                 ["concepts", "discover", "-h"]):
        res = tifa(*args)
        assert res.returncode == 0 and "Example:" in res.stdout


def test_extract_writes_the_contract_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir" / "p.jsonl"
    res = tifa("extract", "data/corpus", "-o", str(out), "--report-format", "json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stderr.strip().splitlines()[-1])
    assert report["files_read"] == 5 and report["passages"] == 397
    assert report["speeches"] == 106 and report["speeches_merged"] == 7
    assert report["quotes_traced"] > 0
    first = json.loads(out.read_text("utf-8").splitlines()[0])
    assert list(first) == ["id", "source", "seq", "topic", "text", "line_start", "line_end",
                           "speech", "publication", "concepts", "quotes",
                           "canonical_id", "cited_speech_id", "speech_traced",
                           "lang", "translation_of"]
    assert set(first["speech"]) >= {"id", "title", "date", "date_end", "date_precision", "kind",
                                    "occasion", "speaker"}
    assert set(first["publication"]) >= {"title", "volume", "publisher", "year", "pages",
                                         "issue_date"}
    assert "网络" in out.read_text("utf-8")  # UTF-8, not \\u escapes


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert tifa("extract", "data/corpus", "-f", "csv", "-o", str(a)).returncode == 0
    assert tifa("extract", "data/corpus", "-f", "csv", "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text("utf-8-sig").splitlines()[0].startswith("id,source,seq,topic,text")


def test_json_format_goes_to_stdout() -> None:
    res = tifa("extract", "data/corpus/001_588c3d53033f6238.txt", "-f", "json", "-q")
    assert res.returncode == 0
    assert len(json.loads(res.stdout)) == 18


def test_standard_output_is_whole_when_the_process_ends_at_once(tmp_path: Path) -> None:
    """`tifa` ends without tearing the process down (`tifa.cli.run`): what it printed to a
    pipe is all there, byte for byte the file `-o` writes."""
    out = tmp_path / "p.jsonl"
    assert tifa("extract", "data/corpus", "-q", "-o", str(out)).returncode == 0
    piped = subprocess.run([sys.executable, "-m", "tifa.cli", "extract", "data/corpus", "-q"],
                           cwd=ROOT, capture_output=True, timeout=300)
    assert piped.returncode == 0
    assert piped.stdout == out.read_bytes()
    assert len(piped.stdout.splitlines()) == 397


@pytest.mark.parametrize(("exit_with", "code", "stderr"), [
    ("raise SystemExit(3)", 3, ""),
    ("sys.exit('bad thing')", 1, "bad thing"),
    ("pass", 0, ""),
])
def test_the_console_script_keeps_exit_codes_and_buffered_output(
        exit_with: str, code: int, stderr: str) -> None:
    program = ("import sys\nfrom tifa import cli\n"
               "@cli.main.command('emit')\n"
               "def emit():\n"
               "    sys.stdout.write('甲' * 200_000)\n"
               f"    {exit_with}\n"
               "sys.argv = ['tifa', 'emit']\ncli.run()\n")
    res = subprocess.run([sys.executable, "-c", program], capture_output=True, cwd=ROOT,
                         timeout=120)
    assert res.returncode == code
    assert res.stdout.decode("utf-8") == "甲" * 200_000
    assert res.stderr.decode("utf-8").strip() == stderr


def test_the_console_script_waits_for_a_child_it_left_running() -> None:
    """A command that leaves a child process running exits the ordinary way, which joins it
    (here: the child writes a file after the command returned; it is there)."""
    program = ("import multiprocessing, sys, time\nfrom pathlib import Path\n"
               "from tifa import cli\n"
               "def late(path):\n"
               "    time.sleep(0.5)\n"
               "    Path(path).write_text('done')\n"
               "@cli.main.command('spawn')\n"
               "def spawn():\n"
               "    multiprocessing.get_context('fork').Process(target=late, "
               "args=(TARGET,)).start()\n"
               "if __name__ == '__main__':\n"
               "    TARGET = sys.argv[1]\n"
               "    sys.argv = ['tifa', 'spawn']\n"
               "    cli.run()\n")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "late.txt"
        res = subprocess.run([sys.executable, "-c", program, str(target)], capture_output=True,
                             cwd=ROOT, timeout=120)
        assert res.returncode == 0, res.stderr
        assert target.read_text() == "done"


def test_bad_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "nocite.txt").write_text("一段没有引文的文字。\n", encoding="utf-8")
    good = ROOT / "data/corpus/001_588c3d53033f6238.txt"
    (tmp_path / "good.txt").write_bytes(good.read_bytes())
    (tmp_path / "gbk.txt").write_bytes(good.read_text("utf-8").encode("gb18030"))
    res = tifa("extract", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert res.returncode == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("binary.txt: binary file" in e for e in errors)
    assert "Traceback" not in res.stderr
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 18 * 2 + 1
    assert "no_citation 1" in res.stderr


def test_concepts_in_output_and_user_lexicon(tmp_path: Path) -> None:
    lex = tmp_path / "mine.yaml"
    lex.write_text("- name: 亿万民众\n  category: 社会民生\n", encoding="utf-8")
    out = tmp_path / "p.jsonl"
    assert tifa("extract", "data/corpus/001_588c3d53033f6238.txt", "--lexicon", str(lex),
                "-o", str(out)).returncode == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    names = {c["name"] for r in rows for c in r["concepts"]}
    assert {"网络安全", "网络强国", "信息化", "亿万民众"} <= names
    first = next(r for r in rows if r["text"].startswith("没有网络安全就没有国家安全"))
    # the whole formulation is one mention; it rolls up to 网络安全 through BROADER
    assert {"name": "没有网络安全就没有国家安全", "count": 1} in first["concepts"]


def test_bad_lexicon_is_one_line_exit_2(tmp_path: Path) -> None:
    lex = tmp_path / "bad.yaml"
    lex.write_text("- name: 数字孪生\n  broader: 数字科技\n", encoding="utf-8")
    res = tifa("extract", "data/corpus", "--lexicon", str(lex))
    assert res.returncode == 2
    assert "bad.yaml:2:" in res.stderr and "Traceback" not in res.stderr


def test_concepts_discover_yaml_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    res = tifa("concepts", "discover", "data/corpus", "--top", "20", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "Building prefix dict" not in res.stderr
    text = out.read_text("utf-8")
    assert text.count("- name:") == 20
    again = tifa("extract", "data/corpus/001_588c3d53033f6238.txt", "--lexicon", str(out), "-q")
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("args", [["extract"], ["extract", "x", "--format", "xml"], ["nope"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert tifa(*args).returncode == 2


@pytest.mark.parametrize("command", ["build", "load"])
def test_a_folder_without_texts_is_a_failed_input(command: str, tmp_path: Path) -> None:
    # README, exit codes: a folder with no text files is a path that failed (1), named once
    args = [command, str(tmp_path)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    res = tifa(*args)
    assert res.returncode == 1
    assert res.stderr.strip() == (f"Error: {tmp_path}: no text files (.txt, .text, .md, .json, "
                                  ".jsonl, .csv) in it")
