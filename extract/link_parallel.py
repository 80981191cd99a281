"""Linking on an executor: the quote matcher's containment lookups, one block per worker.

`link` has one part whose work is independent per key: once the text clusters are made
(sequential: each text joins the first earlier cluster it nearly equals, so the index grows
in origin order), every containment query, a cluster's text or a quotation inside a
passage, keyed by (fragment, own cluster), is looked up on its own against the finished
n-gram index. `link_on` sends the clusters and their index to each worker once (inherited
by forked local processes, scattered to Dask workers) and maps blocks of queries over them
(`Executor.apply`: one block per worker when the executor says how many it has, else blocks
of BLOCK; a block is answered by `find_containers`, which makes each candidate text's
positions once per block); the answers come back in query order, so the result is the
serial `link`'s, byte for byte. Speech resolution, tracing and utterances stay in the
calling process: they are a few per cent of linking (docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

from tifa.extract.link import link
from tifa.extract.link_quotes import Clusters, Found, Lookup, Query, find_containers

from tifa.records import Applies, Extraction, Linked

if TYPE_CHECKING:
    from tifa.extract.link_speeches import AliasEntry

MIN_QUERIES = 2000  # fewer lookups than this are answered here: a round trip costs more
BLOCK = 500  # queries per task: a text that holds several of them is read once per block
# (an executor that says how many `workers` it has gets one block per worker instead: a
# popular container is then read once per worker, not once per 500 queries)


def lookup_block(queries: Sequence[Query], clusters: Clusters) -> list[Found]:
    """Return `find_containers` of a block of queries (the task each worker runs)."""
    return find_containers(clusters, queries)


def lookup_on(executor: Applies, *, min_queries: int | None = None) -> Lookup:
    """Return a Lookup that answers the queries on `executor`, the clusters shared once
    (fewer than `min_queries`, default MIN_QUERIES: in this process)."""

    def lookup(clusters: Clusters, queries: Sequence[Query]) -> list[Found]:
        if len(queries) < (MIN_QUERIES if min_queries is None else min_queries):
            return find_containers(clusters, queries)
        workers = getattr(executor, "workers", None)
        size = -(-len(queries) // workers) if workers else BLOCK
        blocks = [queries[i:i + size] for i in range(0, len(queries), size)]
        return list(chain.from_iterable(executor.apply(lookup_block, blocks, shared=clusters)))

    return lookup


def link_on(executor: Applies, extractions: Sequence[Extraction], *,
            aliases: Sequence[AliasEntry] | None = None,
            min_queries: int | None = None) -> Linked:
    """Return `link(extractions)` with the containment lookups run on `executor`: the same
    Linked as the serial link."""
    return link(extractions, aliases=aliases, lookup=lookup_on(executor, min_queries=min_queries))
