"""Answer the query library offline: the same questions, from the files `tifa build` writes.

`answer(name, G, params)` runs the networkx twin of the query `name` on the graph `G` (read
with `read_graph_json`), so a researcher without a database gets the rows the Cypher would
return. Parameters are checked and typed exactly as for the database (`library.bind`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx
from tifa.queries import answers_concepts as concepts
from tifa.queries import answers_sources as sources
from tifa.queries.graphview import Row, View, read_graph_json
from tifa.queries.library import UnknownQuery, load_query, query_names

Answer = Callable[..., list[Row]]

ANSWERS: dict[str, Answer] = {
    "concept_timeline": concepts.concept_timeline,
    "concept_timeline_rollup": concepts.concept_timeline_rollup,
    "concept_year_matrix": concepts.concept_year_matrix,
    "concept_first_mentions": concepts.concept_first_mentions,
    "concept_neighbours_by_period": concepts.concept_neighbours_by_period,
    "concept_context": concepts.concept_context,
    "concepts_new_in_year": concepts.concepts_new_in_year,
    "speech_profile": sources.speech_profile,
    "quote_origin": sources.quote_origin,
    "path_between_concepts": sources.path_between_concepts,
    "path_between_concepts_via_speeches": sources.path_between_concepts_via_speeches,
    "publication_coverage": sources.publication_coverage,
    "topic_concepts": sources.topic_concepts,
    "passage_search": sources.passage_search,
}

__all__ = ["ANSWERS", "answer", "read_graph_json"]


def answer(name: str, G: nx.MultiDiGraph | View, params: Mapping[str, Any]) -> list[Row]:
    """Return the rows of query `name` on the graph `G` with typed `params` (see bind)."""
    query = load_query(name)  # loud for an unknown name
    if name not in ANSWERS:
        raise UnknownQuery(f"no offline answer for the query {name!r}; "
                           f"answered offline: {', '.join(sorted(ANSWERS))}")
    view = G if isinstance(G, View) else View(G)
    rows = ANSWERS[name](view, **{p.name: params[p.name] for p in query.params})
    return [{column: row[column] for column in query.columns} for row in rows]


def unanswered() -> list[str]:
    """Return the shipped queries that have no offline answer (the tests keep this empty)."""
    return [n for n in query_names() if n not in ANSWERS]
