"""Load the graph into Neo4j or FalkorDB: schema first, then nodes, then relationships.

Every statement is `UNWIND $rows … MERGE … SET`, sent in batches through a `Runner`, so a
second load of the same graph creates nothing and a load interrupted half-way can simply be
run again. Row shaping is pure (`node_rows`, `relationship_rows`) and tested without a server.

A source's identity is its path: loading an edited file replaces it (`replace_sources`):
the passages it no longer has, the old Source node and the relationships its passages
lost are deleted, then the Speeches, Publications, Topics and Persons nothing points to
any more. Other sources are left alone.

On Neo4j the replacement of edited sources is one transaction: their stale passages and
relationships go and their new version (`source_part`) is written together, so a reload
that fails or is killed half-way leaves the old version as it was. FalkorDB has no
multi-statement transactions: there the same statements commit one by one, and a reload
run again after an interruption converges to the same graph. The rest of the load is
batched statements, each its own transaction, idempotent either way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from tifa.graph.runner import (
    EMPTY,
    EmptyGraphError,
    Runner,
    StatementError,
    Statements,
    redact,
)
from tifa.graph.schema import LABELS, REL_TYPES, RELATIONSHIPS
from tifa.graph.statements import schema_statements, statement

Row = dict[str, Any]
Progress = Callable[[str, int], None]
_SKIP = ("id", "label", "type")


@dataclass(frozen=True)
class LoadReport:
    """What a load sent and what the server changed (its counters, summed)."""

    nodes: Mapping[str, int] = field(default_factory=dict)
    relationships: Mapping[str, int] = field(default_factory=dict)
    counters: Mapping[str, int] = field(default_factory=dict)
    wiped: int | None = None  # nodes deleted first, when the load was asked to wipe


def property_value(value: Any) -> Any:
    """Return `value` as a property both servers store: lists of scalars, no None or maps."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else list(value)
        return [property_value(v) for v in items if v is not None]
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _props(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: property_value(v) for k, v in sorted(attrs.items())
            if k not in _SKIP and v is not None}


def node_rows(G: nx.MultiDiGraph, label: str) -> list[Row]:
    """Return the MERGE rows ({id, props}) of the nodes with `label`, in graph order."""
    return [{"id": n, "props": _props(a)} for n, a in G.nodes(data=True) if a["label"] == label]


def relationship_rows(G: nx.MultiDiGraph, rel_type: str) -> list[Row]:
    """Return the MERGE rows ({start, end, props}) of the edges of `rel_type`, in graph order."""
    return [{"start": u, "end": v, "props": _props(a)}
            for u, v, a in G.edges(data=True) if a["type"] == rel_type]


def batched(rows: list[Row], size: int) -> Iterator[list[Row]]:
    """Yield `rows` in lists of at most `size`."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def apply_schema(runner: Runner) -> Counter[str]:
    """Create the backend's constraints and indexes (idempotent); return the counters."""
    total: Counter[str] = Counter()
    for stmt in schema_statements(runner.backend):
        try:
            total.update(runner.run(stmt).counters)
        except StatementError as exc:
            if "already indexed" not in str(exc) and "already exists" not in str(exc):
                raise
    return total


def _send(runner: Statements, name: str, rows: list[Row], batch_size: int,
          progress: Progress | None, total: Counter[str], *, prefix: str = "") -> None:
    text = statement(name)
    for batch in batched(rows, batch_size):
        total.update(runner.run(text, {"rows": batch}).counters)
        if progress:
            progress(prefix + name, len(batch))


def source_rows(G: nx.MultiDiGraph) -> list[Row]:
    """Return one row per Source of `G`: {path, id, passages: [the ids it holds]}."""
    held: dict[str, list[str]] = {}
    for u, v, a in G.edges(data=True):
        if a["type"] == "IN_SOURCE":
            held.setdefault(v, []).append(u)
    return [{"path": a.get("path") or n, "id": n, "passages": sorted(held.get(n, []))}
            for n, a in G.nodes(data=True) if a["label"] == "Source"]


def passage_keep_rows(G: nx.MultiDiGraph, among: set[str] | None = None) -> list[Row]:
    """Return one row per Passage (of `among`, if given): {id, keep: ["<TYPE> <end id>", …]}
    of its out-edges."""
    return [{"id": n, "keep": sorted({f"{a['type']} {v}" for _, v, a in G.out_edges(n, data=True)})}
            for n, a in G.nodes(data=True)
            if a["label"] == "Passage" and (among is None or n in among)]


# Rows per statement and statements at once, per backend, as measured by
# bench/bench_load.py (docs/loading.md, "Benchmark").
BATCH_SIZE = {"neo4j": 5000, "falkordb": 5000}
WORKERS = {"neo4j": 2, "falkordb": 2}

ORPHANS = ("Speech", "Publication", "Topic", "Person")  # order: Person after its Speeches


def edited_sources(G: nx.MultiDiGraph, runner: Statements) -> list[Row]:
    """Return the `source_rows` of `G` whose path the database holds under another id."""
    rows = source_rows(G)
    stored = runner.run(statement("stored_sources"), {"paths": [r["path"] for r in rows]}).rows
    old = {(r["path"], r["id"]) for r in stored}
    return [r for r in rows if any(p == r["path"] and i != r["id"] for p, i in old)]


def source_part(G: nx.MultiDiGraph, source_ids: list[str]) -> nx.MultiDiGraph:
    """Return what a new version of these sources writes: the sources, their passages, what
    the passages point to and what that points to (Speech → Person, Year), with the edges
    among them."""
    nodes = set(source_ids)
    frontier = {u for s in source_ids for u, _, a in G.in_edges(s, data=True)
                if a["type"] == "IN_SOURCE"}
    for _ in range(3):
        nodes |= frontier
        frontier = {v for u in frontier for v in G.successors(u)} - nodes
    return G.subgraph(nodes)


@dataclass(frozen=True)
class Job:
    """The rows of one statement, sent in batches, and the labels whose nodes it locks."""

    name: str
    rows: list[Row]
    locks: frozenset[str]


def merge_jobs(G: nx.MultiDiGraph) -> tuple[list[Job], list[Job]]:
    """Return the MERGE jobs of `G`: one per label (locks its own nodes), then one per
    relationship type (locks the nodes of its start and end labels)."""
    nodes = [Job(f"merge_node_{label}", node_rows(G, label), frozenset({label}))
             for label in LABELS]
    rels = [Job(f"merge_rel_{t}", relationship_rows(G, t),
                frozenset({RELATIONSHIPS[t].start, RELATIONSHIPS[t].end})) for t in REL_TYPES]
    return nodes, rels


def startable(todo: list[Job], running: list[Job], workers: int) -> list[Job]:
    """Return the jobs of `todo` (in order) to start beside `running` with `workers` slots:
    none shares a locked label with a running job or with another one started."""
    busy = frozenset().union(*(j.locks for j in running))
    chosen: list[Job] = []
    for job in todo:
        if len(running) + len(chosen) < workers and not job.locks & busy:
            chosen.append(job)
            busy |= job.locks
    return chosen


def run_jobs(runner: Statements, jobs: list[Job], *, batch_size: int, workers: int = 1,
             progress: Progress | None = None, prefix: str = "") -> Counter[str]:
    """Send every job's batches; return the server's counters, summed.

    With `workers` > 1 up to that many jobs run at once, each in its own thread (and so its
    own session), but never two whose `locks` share a label: they touch different nodes,
    so they cannot wait on each other's locks (no deadlock). Larger jobs start first.
    """
    total: Counter[str] = Counter()
    todo = [j for j in jobs if j.rows]
    if workers <= 1:
        for job in todo:
            _send(runner, job.name, job.rows, batch_size, progress, total, prefix=prefix)
        return total
    todo.sort(key=lambda j: -len(j.rows))
    running: dict[Future[Counter[str]], Job] = {}

    def one(job: Job) -> Counter[str]:
        counted: Counter[str] = Counter()
        _send(runner, job.name, job.rows, batch_size, progress, counted, prefix=prefix)
        return counted

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tifa-load") as pool:
        try:
            while todo or running:
                for job in startable(todo, list(running.values()), workers):
                    todo.remove(job)
                    running[pool.submit(one, job)] = job
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    del running[fut]
                    total.update(fut.result())
        finally:
            for fut in running:
                fut.cancel()
    return total


def _merge(runner: Statements, G: nx.MultiDiGraph, batch_size: int,
           progress: Progress | None, total: Counter[str], *, workers: int = 1,
           prefix: str = "") -> tuple[list[Job], list[Job]]:
    """MERGE the nodes then the relationships of `G`; return the jobs sent."""
    nodes, rels = merge_jobs(G)
    for jobs in (nodes, rels):
        total.update(run_jobs(runner, jobs, batch_size=batch_size, workers=workers,
                              progress=progress, prefix=prefix))
    return nodes, rels


def _prune_before(runner: Statements, sources: list[Row], G: nx.MultiDiGraph,
                  batch_size: int, total: Counter[str]) -> None:
    """Delete what these sources' old versions hold and `G` does not."""
    for name in ("prune_source_passages", "prune_sources"):
        _send(runner, name, sources, batch_size, None, total)
    held = {p for r in sources for p in r["passages"]}
    _send(runner, "prune_passage_relationships", passage_keep_rows(G, held), batch_size, None,
          total)


def replace_edited(G: nx.MultiDiGraph, runner: Runner, *, batch_size: int = 500,
                   progress: Progress | None = None) -> Counter[str]:
    """Replace the sources of `G` stored under another version, in one transaction (Neo4j).

    Returns the server's counters; `progress` hears statement names prefixed "replace ".
    """
    total: Counter[str] = Counter()
    edited = edited_sources(G, runner)
    if not edited:
        return total
    part = source_part(G, [r["id"] for r in edited])
    with runner.transaction() as tx:
        _prune_before(tx, edited, G, batch_size, total)
        _merge(tx, part, batch_size, progress, total, prefix="replace ")
    return total


def load_graph(G: nx.MultiDiGraph, runner: Runner, *, batch_size: int | None = None,
               workers: int | None = None, progress: Progress | None = None,
               schema: bool = True, replace_sources: bool = True) -> LoadReport:
    """Load `G` through `runner`; return rows sent per label/type and the server's counters.

    With `replace_sources`, a Source whose path is already in the database is replaced by
    its version in `G` (see the module's doc); without, the load only adds and updates.
    `batch_size` and `workers` (labels, then relationship types, loaded side by side, see
    `run_jobs`) default to the backend's measured best (`BATCH_SIZE`, `WORKERS`).
    """
    batch_size = batch_size or BATCH_SIZE.get(runner.backend, 500)
    workers = workers or WORKERS.get(runner.backend, 1)
    total: Counter[str] = Counter()
    if schema:
        total.update(apply_schema(runner))
    if replace_sources:
        total.update(replace_edited(G, runner, batch_size=batch_size, progress=progress))
        _prune_before(runner, source_rows(G), G, batch_size, total)
    nodes, rels = _merge(runner, G, batch_size, progress, total, workers=workers)
    if replace_sources:
        for label in ORPHANS:
            keep = [n for n, a in G.nodes(data=True) if a["label"] == label]
            total.update(runner.run(statement(f"prune_orphan_{label}"), {"keep": keep}).counters)
    return LoadReport(
        nodes={j.name.removeprefix("merge_node_"): len(j.rows) for j in nodes if j.rows},
        relationships={j.name.removeprefix("merge_rel_"): len(j.rows) for j in rels if j.rows},
        counters=dict(sorted(total.items())),
    )


def wipe(runner: Runner, *, limit: int = 10000) -> int:
    """Delete every node and relationship in the database; return how many nodes went."""
    deleted = 0
    while True:
        rows = runner.run(statement("wipe"), {"limit": limit}).rows
        n = int(rows[0]["deleted"]) if rows else 0
        deleted += n
        if n == 0:
            return deleted


def ensure_loaded(runner: Runner) -> None:
    """Raise EmptyGraphError if the database holds no node at all (never loaded, or wiped)."""
    rows = runner.run(statement("count_all"), access="read").rows
    if not rows or not int(rows[0]["nodes"]):
        raise EmptyGraphError(f"{EMPTY} ({redact(runner.uri)})")


def database_counts(runner: Runner) -> tuple[dict[str, int], dict[str, int]]:
    """Return (nodes per label, relationships per type) as the database holds them."""
    nodes = {r["label"]: int(r["count"])
             for r in runner.run(statement("count_nodes"), access="read").rows}
    rels = {r["type"]: int(r["count"])
            for r in runner.run(statement("count_relationships"), access="read").rows}
    return nodes, rels


def graph_counts(G: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """Return (nodes per label, relationships per type) of the networkx graph."""
    nodes = Counter(a["label"] for _, a in G.nodes(data=True))
    rels = Counter(a["type"] for _, _, a in G.edges(data=True))
    return dict(sorted(nodes.items())), dict(sorted(rels.items()))
