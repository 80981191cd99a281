"""Linking on an executor: the quote matcher's containment lookups, one block per worker.

`link` has one part whose work is independent per key: once the text clusters are made
(sequential: each text joins the first earlier cluster it nearly equals, so the index grows
in origin order), every containment query, a cluster's text or a quotation inside a
passage, keyed by (fragment, own cluster), is looked up on its own against the finished
n-gram index. `link_on` sends the clusters and their index to each worker once (inherited
by forked local processes, scattered to Dask workers) and maps the queries over them in
blocks (`Executor.apply`); the answers come back in query order, so the result is the
serial `link`'s, byte for byte. Speech resolution, tracing and utterances stay in the
calling process: they are a few per cent of linking (docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tifa.extract.link import link
from tifa.extract.link_quotes import Clusters, Found, Lookup, Query, containers, find_containers

from tifa.records import Applies, Extraction, Linked

if TYPE_CHECKING:
    from tifa.extract.link_speeches import AliasEntry

MIN_QUERIES = 2000  # fewer lookups than this are answered here: a round trip costs more


def lookup_one(query: Query, clusters: Clusters) -> Found:
    """Return `containers` of one query (the task each worker runs; module-level, picklable)."""
    fragment, own = query
    return containers(clusters, fragment, own)


def lookup_on(executor: Applies, *, min_queries: int | None = None) -> Lookup:
    """Return a Lookup that answers the queries on `executor`, the clusters shared once
    (fewer than `min_queries`, default MIN_QUERIES: in this process)."""

    def lookup(clusters: Clusters, queries: Sequence[Query]) -> list[Found]:
        if len(queries) < (MIN_QUERIES if min_queries is None else min_queries):
            return find_containers(clusters, queries)
        return executor.apply(lookup_one, list(queries), shared=clusters)

    return lookup


def link_on(executor: Applies, extractions: Sequence[Extraction], *,
            aliases: Sequence[AliasEntry] | None = None,
            min_queries: int | None = None) -> Linked:
    """Return `link(extractions)` with the containment lookups run on `executor`: the same
    Linked as the serial link."""
    return link(extractions, aliases=aliases, lookup=lookup_on(executor, min_queries=min_queries))
