"""Benchmark `tifa build`, `tifa extract` and `tifa --help` against what they cannot beat.

Issue 13's targets for the small case, each command a whole fresh process as a user runs it:

- `tifa build CORPUS` ≤ 1.5× (moonshot 1.2×) and `tifa extract CORPUS` ≤ 1.2× a script that
  only imports jieba and runs `jieba.lcut` over the same files;
- `tifa --help` ≤ 0.3 s, also given as a ratio to `python -c pass`.

The commands run interleaved (one of each per round, --repeat rounds, after one untimed
warm-up round that fills the caches: jieba's dictionary, the parsed lexicon, the report's font
subset); the medians are compared. Wall time is what the targets are about; the CPU time of
each process (user + system) is printed beside it, because on a shared machine the wall time
also counts the waits for a core. The load average is printed before and after.

Then the split of one build in one fresh process: the imports a build makes (the CLI, the
extraction modules, networkx and the writers, the report and fontTools, the figures), the
lexicon, extraction with concepts, linking, the graph, each file written, the figures and the
pages with their font, with the cyclic collector tuned as the console script tunes it
(`tifa.collector.tune_collector`). In the split everything runs one after the other;
`tifa build` writes the two GEXF files, graph.json and the figures in forked worker
processes while the other files are written, timed as the last line (its CPU is the calling
process's alone). Wall and CPU seconds of the process are printed for each stage (a stage's
wall time on a busy machine is mostly waiting for a core).

Usage: python bench/bench_build.py [--repeat 5] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

JIEBA_ONLY = """\
import sys
import jieba
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        jieba.lcut(f.read())
"""


AS_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The children's environment: Python caches compiled bytecode, as it does for an installed
package (pip compiles jieba's and tifa's at install; a checkout installed with ``pip
install -e`` writes its cache on the first run, the warm-up). A shell that sets
PYTHONDONTWRITEBYTECODE makes every run compile tifa's sources again (0.07 s a build here)
while jieba's stay compiled."""


def commands(corpus: Path, out: Path) -> dict[str, list[str]]:
    """Return the commands compared, by name (each a whole process)."""
    python = sys.executable
    files = [str(p) for p in sorted(corpus.iterdir()) if p.is_file()]
    return {
        "jieba.lcut": [python, "-c", JIEBA_ONLY, *files],
        "tifa build": [python, "-m", "tifa.cli", "build", str(corpus), "-o", str(out / "build"),
                       "-q"],
        "tifa extract": [python, "-m", "tifa.cli", "extract", str(corpus), "-o",
                         str(out / "passages.jsonl"), "-q"],
        "tifa --help": [python, "-m", "tifa.cli", "--help"],
        "python -c pass": [python, "-c", "pass"],
    }


def run_once(argv: list[str]) -> tuple[float, float]:
    """Return (wall, CPU) seconds of one run of `argv` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=ROOT, env=AS_INSTALLED)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def interleaved(cmds: dict[str, list[str]], repeat: int) -> dict[str, list[tuple[float, float]]]:
    """Run every command once per round, `repeat` rounds after one warm-up round."""
    for argv in cmds.values():
        run_once(argv)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, argv in cmds.items():
            times[name].append(run_once(argv))
    return times


def writers(G: Any, extractions: Any, out: Path) -> list[tuple[str, Callable[[], Any]]]:
    """Return (file, write) for each file `tifa build` writes besides the report, one after
    the other (bench/bench_scale.py times them too)."""
    from tifa.graph import export
    from tifa.graph.build import unique_passages

    return [
        ("passages.jsonl", lambda: export.write_passages_jsonl(unique_passages(extractions),
                                                               out / "passages.jsonl")),
        ("graph.graphml", lambda: export.write_graphml(G, out / "graph.graphml")),
        ("graph.gexf", lambda: export.write_gexf(G, out / "graph.gexf")),
        ("concepts.gexf", lambda: export.write_concept_gexf(G, out / "concepts.gexf")),
        ("graph.json", lambda: export.write_node_link_json(G, out / "graph.json")),
        ("neo4j/ CSV", lambda: export.write_neo4j_import(G, out / "neo4j")),
    ]


def stage_split(corpus: Path) -> list[tuple[str, float, float]]:
    """Return (stage, wall seconds, CPU seconds) of one build in this (fresh) process."""
    timings: list[tuple[str, float, float]] = []
    last = [time.perf_counter(), time.process_time()]

    def lap(name: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        timings.append((name, now[0] - last[0], now[1] - last[1]))
        last[:] = now

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        last[:] = [time.perf_counter(), time.process_time()]
        value = fn()
        lap(name)
        return value

    importlib.import_module("tifa.cli")  # what every command imports
    from tifa.collector import tune_collector

    tune_collector()  # as the console script does

    lap("import: tifa.cli")
    from tifa.extract.concepts import concept_counter
    from tifa.extract.lexicon import load_lexicon
    from tifa.extract.link import link
    from tifa.extract.pipeline import extract_paths

    from tifa.records import Extraction

    lap("import: extraction")
    from tifa.graph.build import build_graph, unique_passages
    from tifa.graph.export import write_graphml  # noqa: F401  (the writers' imports, timed here)

    lap("import: graph, writers (networkx)")
    from tifa.graph.report import write_report

    lap("import: report")
    importlib.import_module("tifa.graph.figures")  # imported when the first figure is drawn

    lap("import: figures")
    lexicon = timed("lexicon (cached)", load_lexicon)
    counter = timed("concept matcher", lambda: concept_counter(lexicon))
    found = timed("extraction + concepts", lambda: list(extract_paths([corpus], concepts=counter)))
    extractions = timed("linking", lambda: list(link(
        [e for e in found if isinstance(e, Extraction)]).extractions))
    G = timed("graph", lambda: build_graph(extractions, lexicon=lexicon))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name, write in writers(G, extractions, out):
            timed(f"write {name}", write)
        labels: list[str] = []

        def step(label: str) -> None:  # called before each figure, then before the font
            if not labels:
                lap("report: first appearances, top concepts")
            elif label == "font":
                lap(f"report: figures ({len(labels)}, SVG + PDF)")
            labels.append(label)

        last[:] = [time.perf_counter(), time.process_time()]
        write_report(G, out, progress=step)
        lap("report: pages + font (cached subset)")
        from tifa.pipeline import Build

        built = Build(G, passage_records=tuple(unique_passages(extractions)))
        timed("all of it as Build.write does (GEXF, figures forked)",
              lambda: built.write(out / "build"))
    return timings


def median(values: list[tuple[float, float]], i: int) -> float:
    """Return the median of the `i`-th item of `values`."""
    return statistics.median(v[i] for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--stages-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_json:  # the split, in the fresh process the parent started
        print(json.dumps(stage_split(args.corpus)))
        return

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        times = interleaved(commands(args.corpus.resolve(), Path(tmp)), args.repeat)
    load_after = os.getloadavg()
    print(f"{args.corpus}: {args.repeat} interleaved rounds after a warm-up, whole processes, "
          f"median; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
          f"({os.cpu_count()} cores)")
    for name, values in times.items():
        runs = ", ".join(f"{w:.2f}" for w, _ in values)
        print(f"  {name:<15} wall {median(values, 0):6.2f} s  cpu {median(values, 1):6.2f} s"
              f"   (wall of each run: {runs})")
    base = times["jieba.lcut"]
    print("ratios (median wall; median cpu in brackets):")
    for name, target in (("tifa build", 1.5), ("tifa extract", 1.2)):
        wall = median(times[name], 0) / median(base, 0)
        cpu = median(times[name], 1) / median(base, 1)
        print(f"  {name} / jieba.lcut      {wall:5.2f}×  ({cpu:5.2f}×)   target ≤ {target}×")
    helps, bare = times["tifa --help"], times["python -c pass"]
    print(f"  tifa --help               {median(helps, 0):5.2f} s  ({median(helps, 1):5.2f} s)"
          f"   target ≤ 0.3 s")
    print(f"  tifa --help / python -c pass  {median(helps, 0) / median(bare, 0):5.2f}×  "
          f"({median(helps, 1) / median(bare, 1):5.2f}×)")

    out = subprocess.run([sys.executable, __file__, "--stages-json", str(args.corpus)],
                         check=True, capture_output=True, env=AS_INSTALLED, text=True, cwd=ROOT)
    *split, (whole, whole_wall, whole_cpu) = json.loads(out.stdout)
    wall, cpu = sum(w for _, w, _ in split), sum(c for _, _, c in split)
    print(f"one build, stage by stage in one fresh process (load average "
          f"{os.getloadavg()[0]:.2f}): wall {wall:.2f} s, cpu {cpu:.2f} s")
    for name, w, c in split:
        print(f"  {name:<40} wall {w:6.2f} s  cpu {c:6.2f} s  {100 * c / cpu:5.1f}% of cpu")
    print(f"then the writes and the report again, {whole}:\n"
          f"  {'':<40} wall {whole_wall:6.2f} s  cpu {whole_cpu:6.2f} s  (this process)")


if __name__ == "__main__":
    main()
