"""Which loads may run side by side (no server needed): jobs that lock nodes of the same
label never run at once, so parallel relationship loading cannot deadlock on node locks."""

from __future__ import annotations

import networkx as nx
from tifa.graph.load import Job, merge_jobs, startable


def job(name: str, *labels: str, rows: int = 1) -> Job:
    return Job(name, [{"id": str(i)} for i in range(rows)], frozenset(labels))


def test_the_jobs_of_a_graph_lock_their_start_and_end_labels() -> None:
    G = nx.MultiDiGraph()
    G.add_node("p", label="Passage")
    G.add_node("c", label="Concept")
    G.add_edge("p", "c", type="MENTIONS", count=2)
    nodes, rels = merge_jobs(G)
    by_name = {j.name: j for j in nodes + rels}
    assert by_name["merge_node_Passage"].locks == {"Passage"}
    assert by_name["merge_rel_MENTIONS"].locks == {"Passage", "Concept"}
    assert by_name["merge_rel_MENTIONS"].rows == [{"start": "p", "end": "c",
                                                   "props": {"count": 2}}]
    assert by_name["merge_rel_IN_YEAR"].locks == {"Speech", "Year"}
    assert by_name["merge_rel_QUOTES"].locks == {"Passage"}


def test_no_two_running_jobs_share_a_label() -> None:
    mentions = job("MENTIONS", "Passage", "Concept")
    excerpt = job("EXCERPT_OF", "Passage", "Speech")
    co = job("CO_OCCURS", "Concept")
    delivered = job("DELIVERED_BY", "Speech", "Person")
    in_year = job("IN_YEAR", "Speech", "Year")
    todo = [mentions, excerpt, co, delivered, in_year]
    # MENTIONS first; EXCERPT_OF (Passage) and CO_OCCURS (Concept) wait; DELIVERED_BY fits
    assert startable(todo, [], 4) == [mentions, delivered]
    # beside a running EXCERPT_OF: only CO_OCCURS (no Passage, no Speech)
    assert startable([mentions, co, delivered, in_year], [excerpt], 4) == [co]
    # the slots bound it too
    assert startable(todo, [], 1) == [mentions]
    assert startable(todo, [mentions, delivered], 2) == []
