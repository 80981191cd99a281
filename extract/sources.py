"""The input walker: which files a list of paths names, and which paths fail before reading.

One rule for every command: a path that is missing, a broken or looping symbolic link, not a
regular file, or a folder without text files is one `ExtractionFailure` and the rest is still
read; the same file named twice is read once (by its resolved path) with a note; a folder
written by `tifa build` (or the build's own output folder) is never read as input. Inside a
folder, hidden entries (.git/, macOS ._x.txt copies) are not input either.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tifa.errors import printable
from tifa.records import ExtractionFailure

TEXT_SUFFIXES = (".txt", ".text", ".md", ".json", ".jsonl", ".csv")
# What `tifa build` writes into its output folder; two of them mark a folder as a build.
BUILD_FILES = ("graph.json", "graph.graphml", "graph.gexf", "concepts.gexf",
               "passages.jsonl", "report.html", "neo4j/README.md")


@dataclass(frozen=True)
class SourceScan:
    """The files to read, the paths that failed, and notes on what was left out and why."""

    files: tuple[Path, ...]
    failures: tuple[ExtractionFailure, ...] = ()
    notes: tuple[str, ...] = ()


def source_name(path: Path | str) -> str:
    """Return the name a file goes by in records and messages (its path, always valid UTF-8)."""
    return printable(Path(path).as_posix())


def is_build_output(folder: Path | str) -> bool:
    """True if `folder` holds the files of a `tifa build`: its graph.json, or two of the
    other files it writes (BUILD_FILES)."""
    f = Path(folder)
    return (f / "graph.json").is_file() or sum((f / n).is_file() for n in BUILD_FILES) >= 2


def _problem(path: Path) -> str | None:
    """Return why `path` cannot be read as one input file, or None if it can be tried."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "no such file or folder"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot read: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, pipe or socket)"
    if not os.access(path, os.R_OK):
        return "cannot read: permission denied"
    return None


def _walk(folder: Path, skip: set[Path], scan: _Scan) -> None:
    seen_dirs: set[Path] = set()
    for root, dirs, names in os.walk(folder, followlinks=True):
        here = Path(root)
        real = here.resolve()
        if real in seen_dirs or real in skip or (here != folder and is_build_output(here)):
            if real not in seen_dirs and real not in skip:
                scan.notes.append(f"{source_name(here)}: skipped, a folder written by tifa build")
            dirs[:] = []
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            f = here / name
            if f.suffix.lower() in TEXT_SUFFIXES and not name.startswith("."):
                scan.add(f)


class _Scan:
    def __init__(self) -> None:
        self.files: list[Path] = []
        self.failures: list[ExtractionFailure] = []
        self.notes: list[str] = []
        self.candidates = 0
        self._real: dict[Path, Path] = {}

    def add(self, f: Path) -> None:
        self.candidates += 1
        problem = _problem(f)
        if problem:
            self.failures.append(ExtractionFailure(source_name(f), problem))
            return
        real = f.resolve()
        if real in self._real:
            first = source_name(self._real[real])
            self.notes.append(f"{source_name(f)}: named more than once, read once"
                              if first == source_name(f) else
                              f"{source_name(f)}: the same file as {first}, read once")
            return
        self._real[real] = f
        self.files.append(f)


def scan_sources(paths: Iterable[Path | str], *, exclude: Iterable[Path | str] = ()
                 ) -> SourceScan:
    """Return the text files named or contained (recursively, sorted) in `paths`.

    `exclude` names folders never to read (the output folder of the running build).
    """
    scan = _Scan()
    skip = {Path(p).resolve() for p in exclude}
    for p in map(Path, paths):
        if p.is_dir():
            before = scan.candidates
            if p.resolve() in skip or is_build_output(p):
                scan.notes.append(f"{source_name(p)}: skipped, a folder written by tifa build")
            else:
                _walk(p, skip, scan)
            if scan.candidates == before:
                scan.failures.append(ExtractionFailure(
                    source_name(p), "no text files (" + ", ".join(TEXT_SUFFIXES) + ") in it"))
        else:
            scan.add(p)
    return SourceScan(tuple(scan.files), tuple(scan.failures), tuple(scan.notes))
