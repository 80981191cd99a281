"""Big-file benchmark: `tifa extract` and `tifa build` on one large text file.

The file is made of generated documents (`bench/corpus_gen.py`: real sentences recombined,
real citation and attribution patterns, varied dates, reprints) concatenated with a blank
line between them until it reaches each size, so its texts really differ. Each command runs
as a child process (`.venv/bin/tifa` beside the interpreter, or `tifa` on PATH); the
benchmark prints its wall and CPU seconds, its peak resident memory (the child's
``ru_maxrss``), the passages it wrote, and the exponent k of time and memory ∝ size^k
fitted over the sizes (1 is linear). The load average is printed beside the numbers: on a
shared machine CPU seconds are the comparable figure.

    python bench/bench_bigfile.py [--sizes 5 20 50] [--commands extract build] [--keep DIR]
                                  [--baseline SITE] [--jobs N] [--fixed-pool]
    python bench/bench_bigfile.py --profile [--sizes 5 20] [--no-write]

``--profile`` runs `tifa.build` and `Build.write` in this process on each file instead and
prints, per stage (extract, link, graph, each file written, report), its wall and CPU
seconds, the resident memory after it and the peak so far (``ru_maxrss``); ``--no-write``
stops after the graph (the GraphML/GEXF writers dominate a big build's time).

With ``--baseline SITE`` (a folder where an older tifa is installed, e.g. ``pip install
--no-deps --target SITE <old checkout>``) each command also runs with that tifa first on
``PYTHONPATH``, right before the current one, so both see the same load on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_scale import exponent  # noqa: E402  (a sibling script, not a package)


def make_file(path: Path, megabytes: float, *, seed: int = 0, fixed_pool: bool = False) -> int:
    """Write one UTF-8 text file of at least `megabytes` MB of generated documents separated
    by blank lines; return its size in bytes. The same size and seed give the same bytes."""
    from corpus_gen import Generator, sentence_pool

    target = int(megabytes * 1e6)
    gen = Generator(sentence_pool(), max(100, target // 3400), seed, fixed_pool=fixed_pool)
    size = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        while size < target:
            doc = gen.document() + "\n"
            fh.write(doc)
            size += len(doc.encode("utf-8"))
    return size


def tifa_command() -> list[str]:
    """Return the command that runs tifa's CLI with this interpreter (and its PYTHONPATH)."""
    return [sys.executable, "-c", "import sys; from tifa.cli import main; sys.exit(main())"]


def run(args: list[str], pythonpath: str | None = None) -> dict[str, float]:
    """Run one command as a child process; return its wall and CPU seconds and peak RSS.

    A child's ``ru_maxrss`` is the largest of all children waited for so far, so each
    command runs under a fresh Python that reports its one child's figures."""
    probe = ("import resource,subprocess,sys,time,json;t=time.perf_counter();"
             "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
             "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
             "print(json.dumps({'rc':r.returncode,'wall':time.perf_counter()-t,"
             "'cpu':u.ru_utime+u.ru_stime,'rss':u.ru_maxrss/1024,"
             "'err':r.stderr.decode('utf-8','replace')[-300:]}))")
    env = dict(os.environ, PYTHONPATH=pythonpath) if pythonpath else None
    out = subprocess.run([sys.executable, "-c", probe, *args], check=True,
                         capture_output=True, text=True, env=env,
                         cwd=tempfile.gettempdir())  # not a checkout: its tifa/ would shadow
    result: dict[str, float] = json.loads(out.stdout)
    if result["rc"]:
        raise SystemExit(f"{' '.join(args)} failed: {result['err']}")
    return result


def big_file(folder: Path, megabytes: float, seed: int, *, fixed_pool: bool = False) -> Path:
    """Return the big file of this size in `folder`, written first if it is not there."""
    path = folder / f"big{megabytes:g}MB{'-fixed-pool' if fixed_pool else ''}.txt"
    if not path.exists():
        make_file(path, megabytes, seed=seed, fixed_pool=fixed_pool)
    return path


def rss_mb() -> float:
    """Return this process's resident memory now, in MB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def profile(path: Path, *, write: bool = True, jobs: int | None = 1) -> None:
    """Build `path` in this process and print each stage's wall, CPU, RSS after it and peak
    RSS so far (stages as `tifa.build`'s progress names them; each written file its own)."""
    import resource
    import time

    import tifa

    rows: list[tuple[str, float, float, float, float]] = []
    current = ["start-up"]
    last = [time.perf_counter(), time.process_time()]

    def close(name: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append((name, now[0] - last[0], now[1] - last[1], rss_mb(), peak))
        print(f"  {name:<22} wall {rows[-1][1]:7.1f} s  cpu {rows[-1][2]:7.1f} s  "
              f"RSS after {rows[-1][3]:6.0f} MB  peak {peak:6.0f} MB", flush=True)
        last[:] = [time.perf_counter(), time.process_time()]

    def step(stage: str, done: int, total: int | None, description: str) -> None:
        name = f"write {description}" if stage == "write" and description else stage
        if stage == "write" and not description:
            name = current[0]
        if name != current[0]:
            close(current[0])
            current[0] = name

    from tifa.pipeline import load_lexicon

    load_lexicon()
    close("start-up")
    current[0] = "extract"
    b = tifa.build([path], progress=step, jobs=jobs)
    close(current[0])
    current[0] = "write passages.jsonl"
    if write:
        with tempfile.TemporaryDirectory(prefix="tifa-bigfile-profile-") as out:
            b.write(out, progress=step)
            close(current[0])
    total_cpu = sum(r[2] for r in rows)
    xml = sum(r[2] for r in rows if r[0].endswith((".graphml", ".gexf")))
    print(f"  total cpu {total_cpu:.1f} s, of it GraphML/GEXF {xml:.1f} s: "
          f"without them {total_cpu - xml:.1f} s; passages {len(b.passages)}; "
          f"load {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    from corpus_gen import add_pool_option

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 20, 50],
                        help="file sizes in MB")
    parser.add_argument("--commands", nargs="+", default=["extract", "build"],
                        choices=["extract", "build"])
    parser.add_argument("--seed", type=int, default=0)
    add_pool_option(parser)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the big files here")
    parser.add_argument("--baseline", help="also run an older tifa installed in this folder")
    parser.add_argument("--jobs", type=int, help="pass --jobs N to each command")
    parser.add_argument("--profile", action="store_true",
                        help="build in this process and print each stage's time and memory")
    parser.add_argument("--no-write", action="store_true",
                        help="with --profile: stop after the graph")
    args = parser.parse_args()
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="tifa-bigfile-") as tmp:
            folder = (args.keep or Path(tmp)).resolve()
            folder.mkdir(parents=True, exist_ok=True)
            for mb in args.sizes:
                path = big_file(folder, mb, args.seed, fixed_pool=args.fixed_pool)
                if len(args.sizes) == 1:
                    print(f"profile {path.name} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
                    profile(path, write=not args.no_write, jobs=args.jobs or 1)
                else:  # each size in a fresh process: its own peak memory
                    subprocess.run([sys.executable, __file__, "--profile", "--sizes", f"{mb:g}",
                                    "--keep", str(folder), "--jobs", str(args.jobs or 1),
                                    *(["--no-write"] if args.no_write else [])], check=True)
        return
    tifa = tifa_command()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    runs = [("current", None)] + ([("baseline", args.baseline)] if args.baseline else [])
    results: dict[tuple[str, str], list[tuple[float, dict[str, float]]]] = {
        (c, who): [] for c in args.commands for who, _ in runs}
    with tempfile.TemporaryDirectory(prefix="tifa-bigfile-") as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        for mb in args.sizes:
            path = big_file(folder, mb, args.seed, fixed_pool=args.fixed_pool)
            real = path.stat().st_size / 1e6
            for command in args.commands:
                for who, site in reversed(runs):
                    out = Path(tmp) / f"out-{command}-{mb:g}-{who}"
                    argv = ([*tifa, "extract", str(path), "-o", str(out / "passages.jsonl"), *jobs]
                            if command == "extract" else
                            [*tifa, "build", str(path), "-o", str(out), "-q", *jobs])
                    r = run(argv, site)
                    passages = out / "passages.jsonl"
                    n = sum(1 for _ in passages.open("rb")) if passages.exists() else 0
                    results[command, who].append((real, r))
                    print(f"{command:<8} {who:<8} {real:6.1f} MB  {n:>7} passages  "
                          f"wall {r['wall']:7.1f} s  cpu {r['cpu']:7.1f} s  "
                          f"peak RSS {r['rss']:6.0f} MB  load {os.getloadavg()[0]:.1f}",
                          flush=True)
                    shutil.rmtree(out, ignore_errors=True)
    for (command, who), rows in results.items():
        if len(rows) < 2:
            continue
        sizes = [s for s, _ in rows]
        k = {m: exponent(sizes, [r[m] for _, r in rows]) for m in ("cpu", "wall", "rss")}
        print(f"{command:<8} {who:<8} exponent k (∝ MB^k): cpu {k['cpu']:.2f}  "
              f"wall {k['wall']:.2f}  peak RSS {k['rss']:.2f}")


if __name__ == "__main__":
    main()
