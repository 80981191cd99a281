// neo4j-only
// title: How two concepts connect through passages and speeches only
// question: 两个提法之间怎样只经由段落和讲话相连（不经过别的提法）？
// question: How do two concepts connect through passages and speeches alone, with no other concept in between?
// parameters:
// param: concept = 网络安全 — one concept's name
// param: other = 时度效 — the other concept's name
// clock: said — speeches on a path show their date.
// As path_between_concepts, but every node between the two ends must be a Passage or a
// Speech. Neo4j applies such a predicate while it searches, so it returns the shortest paths
// that satisfy it; FalkorDB filters the shortest paths afterwards (and may return none), so
// this query runs on Neo4j only (and offline with tifa ask).
MATCH (a:Concept) WHERE a.name = $concept
MATCH (b:Concept) WHERE b.name = $other AND b <> a
WITH a, b
MATCH p = allShortestPaths((a)-[:MENTIONS|EXCERPT_OF|QUOTES*..8]-(b))
WHERE none(n IN nodes(p)[1..-1] WHERE n:Concept)
WITH DISTINCT length(p) AS hops, [n IN nodes(p) | n.id] AS ids,
     [n IN nodes(p) | CASE
        WHEN n:Concept THEN n.name
        WHEN n:Speech THEN coalesce(n.date, '') + ' ' + coalesce(n.title, n.occasion, '')
        WHEN n:Passage THEN n.source + ':' + toString(n.line_start)
        ELSE n.id END] AS steps
RETURN hops, steps, ids
ORDER BY hops, reduce(key = '', i IN ids | key + i + ' ')
