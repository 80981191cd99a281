"""The pipeline and public API: the one place that knows the stage order.

read → segment → cite → dates → concepts (`extract_paths`) → link → graph → files. Each
function is what a CLI command calls, so a notebook gets the same passages, graph and numbers::

    import tifa
    corpus = tifa.extract(["data/corpus"])          # passages, linked, concepts marked
    b = tifa.build(corpus)                           # + the networkx graph
    b.timeline("网络安全").to_pandas()               # distinct utterances per year
    b.write("out/")                                  # every file `tifa build` writes

Nothing here prints; progress goes to an optional callback ``progress(step, done, total,
description)``; errors are `TifaError` subclasses. spaCy, matplotlib and the database
drivers are imported only by the functions that need them. Where the files are extracted
(this process, local worker processes, a Dask cluster) is `tifa.executors`' business: the
results come back in input order, the same output wherever they ran.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from tifa.collector import fewer_collections
from tifa.errors import ConfigError, TifaError
from tifa.executors import (
    Dask,
    Executor,
    FileJob,
    LocalProcesses,
    Serial,
    choose_executor,
    quiet_jieba,
    session,
)
from tifa.records import Extraction, PassageRecord, SpeechRecord

if TYPE_CHECKING:
    import networkx as nx
    import pandas

    from tifa.extract.lexicon import Lexicon
    from tifa.extract.pipeline import ExtractionFailure, SourceScan
    from tifa.graph.counting import YearCount
    from tifa.graph.load import LoadReport
    from tifa.graph.runner import Runner

class Progress(Protocol):
    """A progress hook: called with the step, items done, total (None: unknown) and a label."""

    def __call__(self, step: str, done: int, total: int | None, description: str) -> None: ...


def _silent(step: str, done: int, total: int | None, description: str) -> None:
    """The default progress hook: nothing."""


class NoSourcesError(TifaError):
    """None of the paths names or holds a readable text file (exit code 1, as for a file
    that cannot be read)."""


def load_lexicon(lexicon: Lexicon | Sequence[str | Path] | None = None) -> Lexicon:
    """Return a Lexicon: the given one, or the built-in merged with the YAML files named."""
    from tifa.extract.lexicon import Lexicon
    from tifa.extract.lexicon import load_lexicon as _load

    if isinstance(lexicon, Lexicon):
        return lexicon
    return _load(list(lexicon or ()))


@dataclass(frozen=True)
class Corpus:
    """The passages of a set of files: extracted, concepts marked and (unless off) linked.

    `extractions` are linked (resolved speeches: the graph's form); `cited` are the same
    passages with each speech as its own citation prints it (the extraction output
    contract); `failures` name the files that could not be read; `notes` what the input
    walker left out on purpose (a file named twice, a folder written by `tifa build`).
    """

    extractions: tuple[Extraction, ...]
    cited: tuple[Extraction, ...]
    failures: tuple[ExtractionFailure, ...] = ()
    linking: dict[str, int] | None = None
    lexicon: Lexicon | None = None
    speech_records: tuple[SpeechRecord, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def passages(self) -> tuple[PassageRecord, ...]:
        """Return every passage in source order, as the output contract writes it."""
        return tuple(p for e in self.cited for p in e.passages)

    def summary(self) -> dict[str, object]:
        """Return the run report: files read and failed, passages, speeches, links, warnings."""
        from tifa.extract.link import is_unidentified
        from tifa.extract.pipeline import tally

        warnings = Counter(w.kind for e in self.extractions for w in e.warnings)
        speeches = {p.speech.id for e in self.extractions for p in e.passages
                    if p.speech and not is_unidentified(p.speech)}
        out: dict[str, object] = {
            "files_read": len(self.extractions),
            "files_failed": len(self.failures),
            "passages": sum(len(e.passages) for e in self.extractions),
            "speeches": len(speeches),
        }
        if self.linking is not None:
            out["speeches_merged"] = self.linking["speeches_merged"]
            out["quotes_traced"] = self.linking["quotes_traced"]
            out["utterances"] = self.linking["utterances"]
        out["did"] = tally(self.extractions, self.failures)
        out["by_genre"] = dict(sorted(Counter(e.source.genre for e in self.extractions).items()))
        out["warnings"] = dict(sorted(warnings.items()))
        return out

    def write(self, path: Path | str, fmt: str = "jsonl", *, excel: bool = False) -> Path:
        """Write the passages as jsonl, json or csv (the extraction output contract) into
        `path`; a csv file starts with a byte-order mark when it is named ``*.csv`` or
        `excel` is set. Return the path."""
        from tifa.spreadsheet import wants_bom

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            self.write_to(fh, fmt, excel=wants_bom(str(path), excel=excel))
        return path

    def write_to(self, out: TextIO, fmt: str = "jsonl", *, excel: bool = False) -> None:
        """Write the passages as jsonl, json or csv to an open text stream (a csv with a
        byte-order mark when `excel`)."""
        from tifa.extract.output import WRITERS, write_csv

        if fmt not in WRITERS:
            raise ConfigError(f"unknown format {fmt!r}; one of {', '.join(sorted(WRITERS))}")
        if fmt == "csv":
            write_csv(self.passages, out, excel=excel)
        else:
            WRITERS[fmt](self.passages, out)


@fewer_collections()
def extract(
    paths: Iterable[str | Path] | SourceScan, *,
    lexicon: Lexicon | Sequence[str | Path] | None = None, concepts: bool = True,
    link: bool = True, encoding: str | None = None,
    genre: str | None = None, progress: Progress | None = None,
    exclude: Sequence[str | Path] = (), jobs: int | None = None,
    executor: str | Executor = "local", scheduler: str | None = None,
    on_file: Callable[[Extraction], object] | None = None,
) -> Corpus:
    """Return the passages of the files and folders `paths`: read, segmented, cited, dated,
    concepts marked (unless `concepts` is False) and linked across sources (unless `link` is
    False). A file that cannot be read becomes a failure in `Corpus.failures`, never an
    exception; a bad lexicon raises `LexiconError`. Folders in `exclude` (a build's own
    output folder) and folders written by `tifa build` are not read.

    Where the files are extracted (the same output, in input order, wherever): `executor`
    "local" in `jobs` processes (None: every usable core, as many as the input's size pays
    for; 1: this process), "dask" on the Dask scheduler at `scheduler` (None: a local
    cluster of `jobs` workers), or an `tifa.executors` Executor object. A worker that dies
    raises `WorkerCrashed`; an unreachable scheduler `SchedulerUnreachable`. `paths` may also
    be the `SourceScan` of `scan_sources` (its files are read as they are; `exclude` is then
    not used). `on_file` is called with each file's Extraction as soon as it is extracted,
    in input order, before linking (what `tifa extract --no-link` streams to its output).
    """
    from tifa.extract.pipeline import SourceScan, scan_sources

    step = progress or _silent
    scan = (paths if isinstance(paths, SourceScan)
            else scan_sources(list(paths), exclude=list(exclude)))
    files = scan.files
    runner = choose_executor(files, jobs=jobs, executor=executor, scheduler=scheduler)
    lex = load_lexicon(lexicon) if concepts else None
    done: list[Extraction] = []
    failed: list[ExtractionFailure] = list(scan.failures)
    job = FileJob.of(lex, encoding=encoding, genre=genre)
    workers = _block_workers(files, jobs=jobs, executor=executor)
    with session(runner) as live:  # one Dask client for extraction and linking
        # one big file: its blocks on the cores (tifa.blockpool)
        reader = _OneFileInBlocks(workers) if workers > 1 else live
        with closing(reader.map(files, job)) as results:
            for i, f in enumerate(files):
                step("extract", i, len(files), f.name)
                for item in next(results):
                    (done if isinstance(item, Extraction) else failed).append(item)  # type: ignore[arg-type]
                    if on_file is not None and isinstance(item, Extraction):
                        on_file(item)
        step("extract", len(files), len(files), "")
        notes = tuple(scan.notes)
        if not link or not done:
            return Corpus(tuple(done), tuple(done), tuple(failed), None, lex, notes=notes)
        from tifa.extract.link import as_cited, link_summary
        from tifa.extract.link import link as link_stage
        from tifa.extract.link_parallel import link_on

        step("link", 0, None, "one speech per real speech, quotes traced to their origin")
        # one big file read in blocks: its containment lookups on those cores too
        linker = LocalProcesses(workers) if workers > 1 else live
        if isinstance(linker, Serial):
            linked = link_stage(done)
        elif isinstance(linker, Dask):  # the lookups as a shuffle: no worker holds the index
            from tifa.extract.link_shuffle import shuffle_lookup

            linked = link_stage(done, lookup=shuffle_lookup(linker.client))
        else:  # forked workers share the index
            linked = link_on(linker, done)
    return Corpus(tuple(linked.extractions), as_cited(done, linked), tuple(failed),
                  link_summary(linked.report), lex, linked.speeches, notes)


def _block_workers(files: Sequence[Path], *, jobs: int | None,
                   executor: str | Executor) -> int:
    """Return the processes that read one plain-text file in blocks: more than one only
    for a single text file, run locally, with `jobs` (or its size, as `--jobs`' default
    rule says) asking for them."""
    from tifa.executors import auto_workers
    from tifa.extract.documents import RECORD_SUFFIXES

    if len(files) != 1 or executor != "local" or files[0].suffix.lower() in RECORD_SUFFIXES:
        return 1
    return jobs if jobs is not None else auto_workers(files)


@dataclass(frozen=True)
class _OneFileInBlocks:
    """The executor of a one-file run: the file read here, its blocks in a pool."""

    workers: int

    def map(self, files: Sequence[Path], job: FileJob) -> Generator[Any, None, None]:
        """Yield the one file's result, its blocks worked out by `workers` processes."""
        from tifa.blockpool import block_pool
        from tifa.executors import job_counter
        from tifa.extract.pipeline import extract_file

        with block_pool(job, self.workers) as run:
            for f in files:
                yield extract_file(f, encoding=job.encoding, genre=job.genre,  # type: ignore[arg-type]
                                   concepts=job_counter(job), blocks=run)


@dataclass(frozen=True)
class Timeline:
    """A concept's count per year by the one counting rule (`tifa.graph.counting`)."""

    concept: str
    years: tuple[YearCount, ...]
    rollup: bool = False

    def rows(self) -> list[dict[str, Any]]:
        """Return one dict per year: year, utterances, passages, quoted, year_utterances,
        share (and narrower, with_narrower when rolled up)."""
        out = []
        for y in self.years:
            row: dict[str, Any] = {"concept": self.concept, "year": y.year,
                                   "utterances": y.utterances, "passages": y.passages,
                                   "quoted": y.quoted, "year_utterances": y.year_utterances,
                                   "share": round(y.share, 3)}
            if self.rollup:
                row.update(narrower=y.narrower, with_narrower=y.with_narrower)
            out.append(row)
        return out

    def counts(self) -> dict[int, int]:
        """Return {year: utterances}."""
        return {y.year: y.utterances for y in self.years}

    def to_pandas(self) -> pandas.DataFrame:
        """Return the rows as a DataFrame indexed by year (needs the `pandas` extra)."""
        return _pandas().DataFrame(self.rows()).set_index("year")


@dataclass(frozen=True)
class YearMatrix:
    """Every mentioned concept × every dated year: distinct utterances said (the one rule)."""

    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    def get(self, concept: str) -> dict[int, int]:
        """Return {year: utterances} of one concept (by name)."""
        for name, counts in self.rows:
            if name == concept:
                return dict(zip(self.years, counts, strict=True))
        raise UnknownConcept(f"no concept named {concept!r} is mentioned in this build")

    def records(self) -> list[dict[str, Any]]:
        """Return one dict per concept: concept, then one key per year (as the CSV has)."""
        return [{"concept": name, **{str(y): n for y, n in zip(self.years, counts, strict=True)}}
                for name, counts in self.rows]

    def to_pandas(self) -> pandas.DataFrame:
        """Return a DataFrame: concepts as rows, years as columns (needs `pandas`)."""
        pd = _pandas()
        return pd.DataFrame([list(c) for _, c in self.rows], columns=list(self.years),
                            index=pd.Index([n for n, _ in self.rows], name="concept"))


class UnknownConcept(TifaError):
    """A concept name (or alias) the build does not have."""


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ConfigError("to_pandas needs pandas: pip install 'tifa[pandas]'") from None
    return pandas


@dataclass
class Build:
    """A built knowledge graph and what it was built from.

    `graph` is the networkx MultiDiGraph of `docs/graph.md`; `corpus` is None for a build
    read back from disk (`read_build`), whose passages come from its passages.jsonl.
    """

    graph: nx.MultiDiGraph
    corpus: Corpus | None = None
    passage_records: tuple[PassageRecord, ...] = ()
    unresolved_quotes: int = 0
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    executor: Executor | None = None

    @property
    def passages(self) -> tuple[PassageRecord, ...]:
        """Return the passages (output contract form), one per id."""
        return self.passage_records

    def _nodes(self, label: str) -> list[dict[str, Any]]:
        return [dict(a) for _, a in self.graph.nodes(data=True) if a.get("label") == label]

    @property
    def speeches(self) -> list[dict[str, Any]]:
        """Return the Speech nodes' properties (one per real speech), by date then id."""
        return sorted(self._nodes("Speech"), key=lambda s: (s.get("date") or "9999", s["id"]))

    @property
    def concepts(self) -> list[dict[str, Any]]:
        """Return the Concept nodes' properties, by name."""
        return sorted(self._nodes("Concept"), key=lambda c: c["name"])

    def concept_id(self, concept: str) -> str:
        """Return the node id of a concept given by name or alias; raise UnknownConcept."""
        from tifa.queries.graphview import View

        found = View(self.graph).concepts(concept)
        if not found:
            raise UnknownConcept(f"no concept named {concept!r} in this build "
                                 "(see Build.concepts)")
        return found[0]

    def timeline(self, concept: str, *, rollup: bool = False) -> Timeline:
        """Return a concept's distinct utterances per year (reprints once, in the year said;
        untraced quotations apart as `quoted`). With `rollup`, the narrower concepts (through
        BROADER) are counted as the separate columns `narrower` and `with_narrower`."""
        from tifa.graph.counting import timeline

        node = self.concept_id(concept)
        name = str(self.graph.nodes[node]["name"])
        return Timeline(name, timeline(self.graph, node, rollup=rollup), rollup)

    def first_mentions(self, concept: str) -> list[dict[str, Any]]:
        """Return the rows of the query concept_first_mentions: each concept whose name
        contains `concept`, with its earliest passage's date, speech, publication and place."""
        return self.ask("concept_first_mentions", concept=concept)

    def year_matrix(self) -> YearMatrix:
        """Return the year × concept table of distinct utterances (the one counting rule)."""
        from tifa.graph.counting import Counting

        years, rows = Counting(self.graph).year_matrix()
        return YearMatrix(tuple(years), tuple((n, tuple(c)) for n, c in rows))

    def ask(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Return the rows of a named query (queries/*.cypher) answered from this graph."""
        from tifa.queries.library import bind, load_query
        from tifa.queries.offline import answer

        q = load_query(query)
        values = bind(q, {k: str(v) for k, v in params.items()})
        return answer(q.name, self.graph, dict(values))

    def summary(self) -> dict[str, Any]:
        """Return nodes per label and edges per type (and the corpus's run report if known)."""
        from tifa.graph.stats import label_counts, type_counts

        out: dict[str, Any] = {"nodes": label_counts(self.graph),
                               "edges": type_counts(self.graph)}
        if self.corpus is not None:
            out["corpus"] = self.corpus.summary()
        return out

    def warnings(self) -> dict[str, int]:
        """Return the extraction warnings by kind (with unresolved quotes)."""
        if self.corpus is None:
            return {}
        counts = Counter(w.kind for e in self.corpus.extractions for w in e.warnings)
        if self.unresolved_quotes:
            counts["unresolved_quote"] = self.unresolved_quotes
        return dict(sorted(counts.items()))

    def write(self, out: Path | str, *, top: int = 12, progress: Progress | None = None,
              partitions: int = 1, executor: Executor | None = None) -> list[Path]:
        """Write every file of `tifa build` into `out` (graph.graphml, graph.gexf,
        concepts.gexf, graph.json, neo4j/, passages.jsonl, report.html …); return them.
        With `partitions` N > 1, neo4j/ holds a header and N part files per label and type,
        written by `executor` (default: the one the build extracted with)."""
        from tifa.graph.export import write_graphml, write_node_link_json, write_passages_jsonl
        from tifa.graph.forked import Forked
        from tifa.graph.report import start_figures, write_report

        started = time.perf_counter()
        step = progress or _silent
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        G = self.graph
        failures = [(f.path, f.message) for f in (self.corpus.failures if self.corpus else ())]
        # on the other core meanwhile: the two GEXF files (about half the writing, by
        # bench/bench_build.py's split), the figures and the pages' font, and graph.json,
        # each in a worker; this process writes the rest, then the report
        gexf = Forked(lambda: _write_gexfs(G, out))
        figures = start_figures(G, out, top=top, warnings=self.warnings(), failures=failures)
        node_link = Forked(lambda: write_node_link_json(G, out / "graph.json"))
        writers: list[tuple[str, Callable[[], Any]]] = [
            ("passages.jsonl", lambda: write_passages_jsonl(self.passages, out / "passages.jsonl")),
            ("graph.graphml", lambda: write_graphml(G, out / "graph.graphml")),
            ("graph.json", node_link.result),
            ("neo4j/", lambda: self._write_csv(out / "neo4j", partitions, executor)),
        ]
        written: dict[str, list[Path]] = {}
        for i, (name, writer) in enumerate(writers):
            step("write", i, len(writers) + 1, name)
            done = writer()
            written[name] = done if isinstance(done, list) else [done]
        step("write", len(writers), len(writers) + 1, "graph.gexf, concepts.gexf")
        counter = iter(range(1, top + 1))
        report = write_report(
            G, out, warnings=self.warnings(), top=top, failures=failures, figures=figures,
            progress=lambda label: step("report", next(counter, top), top, label))
        written["gexf"] = gexf.result()  # collected last: the report was written meanwhile
        step("write", len(writers) + 1, len(writers) + 1, "")
        files = [f for name in ("passages.jsonl", "graph.graphml", "gexf", "graph.json", "neo4j/")
                 for f in written[name]] + report
        self.files = files
        self.seconds += time.perf_counter() - started
        return files

    def _write_csv(self, folder: Path, partitions: int,
                   executor: Executor | None) -> list[Path]:
        from tifa.graph.export import write_neo4j_import

        if partitions < 1:
            raise ConfigError(f"partitions must be at least 1, not {partitions}")
        if partitions == 1:
            return write_neo4j_import(self.graph, folder)
        with session(executor or self.executor or Serial()) as live:
            return write_neo4j_import(self.graph, folder, partitions=partitions, executor=live)

    def to_pandas(self) -> dict[str, pandas.DataFrame]:
        """Return DataFrames (needs `pandas`): passages, speeches, concepts, year_matrix."""
        from tifa.extract.output import passage_dict

        pd = _pandas()
        return {"passages": pd.json_normalize([passage_dict(p) for p in self.passages]),
                "speeches": pd.DataFrame(self.speeches),
                "concepts": pd.DataFrame(self.concepts),
                "year_matrix": self.year_matrix().to_pandas()}


def _write_gexfs(G: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Write graph.gexf and concepts.gexf into `out`, their counts per year computed once."""
    from tifa.graph.export import dynamics, write_concept_gexf, write_gexf

    counts = dynamics(G)
    return [write_gexf(G, out / "graph.gexf", counts=counts),
            write_concept_gexf(G, out / "concepts.gexf", counts=counts)]


@fewer_collections()
def build(source: Corpus | Iterable[str | Path], *,
          lexicon: Lexicon | Sequence[str | Path] | None = None,
          progress: Progress | None = None, exclude: Sequence[str | Path] = (),
          jobs: int | None = None, executor: str | Executor = "local",
          scheduler: str | None = None) -> Build:
    """Return the knowledge graph of a Corpus, or of the files and folders given (extracted
    first, with `lexicon`, by `executor` in `jobs` processes or on the Dask `scheduler` as
    `extract` says; folders in `exclude` are not read). Raises NoSourcesError when the
    paths hold no readable text file."""
    from tifa.graph.build import build_graph, unique_passages, unresolved_quotes

    started = time.perf_counter()
    runner: Executor | None = None
    if isinstance(source, Corpus):
        corpus = source
    else:
        from tifa.extract.pipeline import scan_sources

        paths = [str(p) for p in source]
        scan = scan_sources(paths, exclude=list(exclude))
        if not scan.files:
            why = "; ".join(f"{f.path}: {f.message}" for f in scan.failures)
            raise NoSourcesError(why or "no text files (.txt, .text, .md, .json, .jsonl, "
                                 ".csv) in " + ", ".join(paths))
        runner = choose_executor(scan.files, jobs=jobs, executor=executor, scheduler=scheduler)
        corpus = extract(scan, lexicon=lexicon, progress=progress, jobs=jobs, executor=executor,
                         scheduler=scheduler)  # as `runner`, or one big file in blocks
    (progress or _silent)("graph", 0, None, "building the graph")
    lex = corpus.lexicon if corpus.lexicon is not None else load_lexicon(lexicon)
    G = build_graph(list(corpus.extractions), lexicon=lex)
    return Build(G, corpus, tuple(unique_passages(corpus.cited)),
                 len(unresolved_quotes(corpus.extractions)),
                 seconds=time.perf_counter() - started, executor=runner)


def read_passages(path: Path | str) -> tuple[PassageRecord, ...]:
    """Return the passages of a passages.jsonl written by `tifa extract` or `tifa build`."""
    from tifa.extract.output import read_jsonl

    return read_jsonl(path)


def read_build(out: Path | str) -> Build:
    """Return the build `tifa build` wrote into `out` (its graph.json, and passages.jsonl when
    present); a missing or malformed graph.json raises GraphFileError."""
    from tifa.queries.graphview import read_graph_json

    folder = Path(out)
    G = read_graph_json(folder)
    passages = folder / "passages.jsonl" if folder.is_dir() else folder.parent / "passages.jsonl"
    return Build(G, None, read_passages(passages) if passages.is_file() else ())


def open_database(uri: str | None = None, *, user: str | None = None,
                  password: str | None = None, database: str | None = None) -> Runner:
    """Return a runner on Neo4j or FalkorDB; unset arguments come from NEO4J_* env and .env."""
    from tifa.graph.runner import open_runner
    from tifa.settings import load_settings

    s = load_settings({k: v for k, v in {"neo4j_uri": uri, "neo4j_user": user,
                                          "neo4j_password": password,
                                          "neo4j_database": database}.items() if v is not None})
    return open_runner(s.neo4j_uri, user=s.neo4j_user, password=s.neo4j_password,
                       database=s.neo4j_database)


def load(source: Build | nx.MultiDiGraph, *, uri: str | None = None, user: str | None = None,
         password: str | None = None, database: str | None = None,
         batch_size: int | None = None, workers: int | None = None, wipe: bool = False,
         runner: Runner | None = None,
         progress: Callable[[str, int], None] | None = None) -> LoadReport:
    """Load a build (or graph) into Neo4j or FalkorDB: schema, nodes, relationships, batched
    and idempotent. Connection settings default to NEO4J_* env and .env; pass `runner` to
    reuse an open one. `wipe` deletes everything first. `progress(statement, rows)`.
    `batch_size` (else TIFA_BATCH_SIZE) and `workers` default to the engine's measured
    best (`tifa.graph.load.BATCH_SIZE`, `WORKERS`)."""
    from tifa.graph.load import load_graph
    from tifa.graph.load import wipe as wipe_all
    from tifa.settings import load_settings

    G = source.graph if isinstance(source, Build) else source
    size = batch_size or load_settings({}).batch_size
    own = runner is None
    r = runner or open_database(uri, user=user, password=password, database=database)
    try:
        wiped = wipe_all(r) if wipe else None
        return replace(load_graph(G, r, batch_size=size, workers=workers, progress=progress),
                       wiped=wiped)
    finally:
        if own:
            r.close()


def query(name: str, params: dict[str, Any] | None = None, *, uri: str | None = None,
          user: str | None = None, password: str | None = None, database: str | None = None,
          runner: Runner | None = None) -> list[dict[str, Any]]:
    """Return the rows of the named query (queries/*.cypher) run on Neo4j or FalkorDB in a
    read transaction; `params` are checked and typed as `tifa query --param` does."""
    from tifa.graph.load import ensure_loaded
    from tifa.graph.runner import StatementError
    from tifa.queries.library import bind, load_query, server_text

    q = load_query(name)
    values = dict(bind(q, {k: str(v) for k, v in (params or {}).items()}))
    r = runner or open_database(uri, user=user, password=password, database=database)
    try:
        try:
            rows = list(r.run(server_text(q, r.backend), values, access="read").rows)
        except StatementError:
            ensure_loaded(r)  # Neo4j: no full-text index before the first load
            raise
        if not rows:
            ensure_loaded(r)  # no rows from a graph never loaded: EmptyGraphError says so
        return rows
    finally:
        if runner is None:
            r.close()


def discover(source: Corpus | Iterable[str | Path], *,
             lexicon: Lexicon | Sequence[str | Path] | None = None, top: int = 50,
             progress: Progress | None = None) -> list[Any]:
    """Return up to `top` candidate formulations not in the lexicon (`extract.discover`)."""
    from tifa.extract.discover import discover_terms

    quiet_jieba()
    lex = load_lexicon(lexicon)
    corpus = source if isinstance(source, Corpus) else extract(
        source, concepts=False, link=False, progress=progress)
    texts = [(p.source, p.speech.year if p.speech else None, p.text)
             for e in corpus.extractions for p in e.passages]
    return list(discover_terms(texts, lex, top=top))
