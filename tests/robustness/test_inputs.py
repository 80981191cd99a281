"""Bad inputs next to a good file: each bad one is named on one `error:` line, the good file's
passages come out exactly as when it is extracted alone, and the exit code says what happened
(0 all read, 1 a file failed). `tifa extract` runs as a user runs it, as a subprocess."""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import opencc
import pytest
from tifa.extract.pipeline import extract_source

GOOD = Path(__file__).resolve().parents[2] / "data" / "corpus" / "001_588c3d53033f6238.txt"
Keys = list[tuple[object, ...]]


def extract(cli: Any, *paths: Path | str, cwd: Path | None = None):
    return cli.tifa("extract", *map(str, paths), "--no-concepts", "--no-link", "-q", cwd=cwd)


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD.read_bytes())
    return folder


# name of the bad entry in the folder → how to make it
BAD_FILES: dict[str, Callable[[Path], None]] = {
    "empty.txt": lambda p: p.write_bytes(b""),
    "blank.txt": lambda p: p.write_bytes(" \n\t\r\n\u3000\n".encode()),
    "binary.txt": lambda p: p.write_bytes(bytes(range(256)) * 16),
    "broken.txt": lambda p: p.symlink_to(p.parent / "nowhere.txt"),
    "loop.txt": lambda p: p.symlink_to(p),
    "pipe.txt": lambda p: os.mkfifo(p),
    "records.json": lambda p: p.write_text('{"title": "x", "text": ["a"', "utf-8"),
}


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
def test_a_bad_file_in_a_folder_fails_alone(cli: Any, bad: str, tmp_path: Path,
                                            good_passages: Keys) -> None:
    folder = corpus(tmp_path)
    BAD_FILES[bad](folder / bad)
    res = extract(cli, "in", cwd=tmp_path)
    cli.fails_cleanly(res, 1, bad)
    assert cli.passage_keys(cli.records(res.stdout), "in/good.txt") == good_passages


@pytest.mark.parametrize("bad", ["missing.txt", "no/such/folder", "in/good.txt/inside.txt"])
def test_a_bad_path_on_the_command_line_fails_alone(cli: Any, bad: str, tmp_path: Path,
                                                    good_passages: Keys
                                                    ) -> None:
    corpus(tmp_path)
    res = extract(cli, "in/good.txt", bad, cwd=tmp_path)
    cli.fails_cleanly(res, 1, bad)
    assert cli.passage_keys(cli.records(res.stdout), "in/good.txt") == good_passages


def test_a_folder_with_no_text_files_is_named_exit_1(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF-1.4")
    res = extract(cli, "empty", cwd=tmp_path)
    cli.fails_cleanly(res, 1, "empty: no text files")
    assert res.stdout == ""


@pytest.mark.parametrize("name", ["with space.txt", "讲话 摘编（2014）.txt", b"bad\xff\xfe.txt"])
def test_any_file_name_is_read_and_printed(cli: Any, name: str | bytes, tmp_path: Path,
                                           good_passages: Keys) -> None:
    folder = corpus(tmp_path)
    raw = os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else name.encode())
    with open(raw, "wb") as fh:
        fh.write(GOOD.read_bytes())
    res = extract(cli, "in", cwd=tmp_path)
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    shown = "in/" + (name if isinstance(name, str) else "bad\\xff\\xfe.txt")
    found = cli.records(res.stdout)
    assert cli.passage_keys(found, shown) == good_passages
    assert cli.passage_keys(found, "in/good.txt") == good_passages


def test_hidden_files_in_a_folder_are_not_input(cli: Any, tmp_path: Path,
                                               good_passages: Keys) -> None:
    folder = corpus(tmp_path)
    (folder / "._good.txt").write_bytes(b"\x00\x05\x16\x07" + bytes(200))  # AppleDouble
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.txt").write_bytes(GOOD.read_bytes())
    res = extract(cli, "in", cwd=tmp_path)
    assert res.returncode == 0 and "error" not in res.stderr.lower(), res.stderr
    found = cli.records(res.stdout)
    assert {r["source"] for r in found} == {"in/good.txt"}
    assert cli.passage_keys(found, "in/good.txt") == good_passages


def test_the_same_file_named_twice_is_read_once(cli: Any, tmp_path: Path,
                                                good_passages: Keys) -> None:
    folder = corpus(tmp_path)
    (folder / "alias.txt").symlink_to(folder / "good.txt")
    res = extract(cli, "in/good.txt", "./in/good.txt", "in", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    found = cli.records(res.stdout)
    assert len(found) == len(good_passages)
    assert len({r["id"] for r in found}) == len(found)
    assert [ln for ln in res.stderr.splitlines() if ln.startswith("warning:")] == [
        "warning: in/good.txt: named more than once, read once",  # ./in/good.txt
        "warning: in/alias.txt: the same file as in/good.txt, read once",  # the folder's
        "warning: in/good.txt: named more than once, read once",
    ]


def test_a_build_folder_inside_the_corpus_is_not_input(cli: Any, tmp_path: Path,
                                                      good_passages: Keys
                                                      ) -> None:
    folder = corpus(tmp_path)
    out = folder / "out"
    (out / "neo4j").mkdir(parents=True)
    (out / "neo4j" / "README.md").write_text("# neo4j-admin import\n", "utf-8")
    (out / "passages.jsonl").write_text('{"text": "一段"}\n', "utf-8")
    res = extract(cli, "in", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    found = cli.records(res.stdout)
    assert {r["source"] for r in found} == {"in/good.txt"}
    assert "in/out: skipped, a folder written by tifa build" in res.stderr


def test_output_to_a_full_disk_or_unwritable_place_is_one_line(cli: Any, tmp_path: Path) -> None:
    full = cli.tifa("extract", str(GOOD), "--no-concepts", "-q", "-o", "/dev/full")
    cli.fails_cleanly(full, 1, "/dev/full")
    blocked = tmp_path / "file"
    blocked.write_text("x", "utf-8")
    res = cli.tifa("extract", str(GOOD), "--no-concepts", "-q", "-o", str(blocked / "out.jsonl"))
    cli.fails_cleanly(res, 1, str(blocked / "out.jsonl"))


def test_bad_encoding_name_is_usage(cli: Any) -> None:
    res = cli.tifa("extract", str(GOOD), "--encoding", "bogus")
    assert res.returncode == 2 and "bogus" in res.stderr and "Traceback" not in res.stderr


TEXT = GOOD.read_text("utf-8")
TRADITIONAL = opencc.OpenCC("s2tw").convert(TEXT)  # Big5 holds Traditional (Taiwan) forms


@pytest.mark.parametrize(("encoding", "bom", "text"), [
    ("gbk", b"", TEXT), ("gb18030", b"", TEXT), ("big5", b"", TRADITIONAL),
    ("utf-8", codecs.BOM_UTF8, TEXT),
    ("utf-16-le", b"", TEXT), ("utf-16-be", b"", TEXT),
    ("utf-16-le", codecs.BOM_UTF16_LE, TEXT), ("utf-16-be", codecs.BOM_UTF16_BE, TEXT),
    ("utf-32-le", b"", TEXT), ("utf-32-be", b"", TEXT),
    ("utf-32-le", codecs.BOM_UTF32_LE, TEXT), ("utf-32-be", codecs.BOM_UTF32_BE, TEXT),
])
def test_every_encoding_gives_the_utf8_passages(encoding: str, bom: bytes, text: str,
                                                tmp_path: Path) -> None:
    plain, encoded = tmp_path / "utf8.txt", tmp_path / "encoded.txt"
    plain.write_text(text, "utf-8")
    encoded.write_bytes(bom + text.encode(encoding))
    want = [(p.text, p.line_start, p.line_end) for p in extract_source(plain).passages]
    got = [(p.text, p.line_start, p.line_end) for p in extract_source(encoded).passages]
    assert len(want) == 18 and got == want


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_give_the_same_passages(newline: str, tmp_path: Path,
                                                 good_passages: Keys
                                                 ) -> None:
    f = tmp_path / "lines.txt"
    f.write_bytes(TEXT.replace("\n", newline).encode("utf-8"))
    got = [(p.text, p.line_start, p.line_end) for p in extract_source(f).passages]
    assert got == good_passages


def test_a_gbk_file_through_the_command_line(cli: Any, tmp_path: Path,
                                             good_passages: Keys) -> None:
    (tmp_path / "gbk.txt").write_bytes(TEXT.encode("gbk"))
    res = extract(cli, "gbk.txt", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert cli.passage_keys(cli.records(res.stdout), "gbk.txt") == good_passages
