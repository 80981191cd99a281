// After a reload: a Speech that no Passage points to any more (EXCERPT_OF) and that the loaded graph
// does not hold is gone from the corpus. $keep: the Speech ids of the loaded graph.
MATCH (n:Speech)
WHERE NOT n.id IN $keep
OPTIONAL MATCH (m:Passage)-[:EXCERPT_OF]->(n)
WITH n, count(m) AS links
WHERE links = 0
DETACH DELETE n
