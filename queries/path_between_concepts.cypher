// title: How two concepts connect
// question: 两个提法之间怎样相连？经过哪些段落、讲话（或别的提法）？
// question: How do two concepts connect — through which passages, speeches (or other concepts)?
// parameters:
// param: concept = 网络安全 — one concept's name
// param: other = 信息化 — the other concept's name
// clock: said — speeches on a path show their date.
// Every shortest path (at most 6 steps) along MENTIONS, EXCERPT_OF and QUOTES, in either
// direction: two concepts in one passage are 2 steps apart; in a passage and its quotation, 3;
// in two passages of one speech (or with a third concept in common), 4. steps are the nodes'
// captions (concept name; speech date and title; passage source:line), ids their ids.
// path_between_concepts_via_speeches (Neo4j only) keeps other concepts off the path.
MATCH (a:Concept) WHERE a.name = $concept
MATCH (b:Concept) WHERE b.name = $other AND b <> a
WITH a, b
MATCH p = allShortestPaths((a)-[:MENTIONS|EXCERPT_OF|QUOTES*..6]-(b))
WITH DISTINCT length(p) AS hops, [n IN nodes(p) | n.id] AS ids,
     [n IN nodes(p) | CASE
        WHEN n:Concept THEN n.name
        WHEN n:Speech THEN coalesce(n.date, '') + ' ' + coalesce(n.title, n.occasion, '')
        WHEN n:Passage THEN n.source + ':' + toString(n.line_start)
        ELSE n.id END] AS steps
RETURN hops, steps, ids
ORDER BY hops, reduce(key = '', i IN ids | key + i + ' ')
