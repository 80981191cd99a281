// After a reload: a Topic that no Passage points to any more (UNDER_TOPIC) and that the loaded graph
// does not hold is gone from the corpus. $keep: the Topic ids of the loaded graph.
MATCH (n:Topic)
WHERE NOT n.id IN $keep
OPTIONAL MATCH (m:Passage)-[:UNDER_TOPIC]->(n)
WITH n, count(m) AS links
WHERE links = 0
DETACH DELETE n
