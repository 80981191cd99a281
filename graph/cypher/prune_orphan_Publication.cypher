// After a reload: a Publication that no Passage points to any more (PRINTED_IN) and that the loaded graph
// does not hold is gone from the corpus. $keep: the Publication ids of the loaded graph.
MATCH (n:Publication)
WHERE NOT n.id IN $keep
OPTIONAL MATCH (m:Passage)-[:PRINTED_IN]->(n)
WITH n, count(m) AS links
WHERE links = 0
DETACH DELETE n
