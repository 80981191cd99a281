// After a reload: a Person that no Speech points to any more (DELIVERED_BY) and that the loaded graph
// does not hold is gone from the corpus. $keep: the Person ids of the loaded graph.
MATCH (n:Person)
WHERE NOT n.id IN $keep
OPTIONAL MATCH (m:Speech)-[:DELIVERED_BY]->(n)
WITH n, count(m) AS links
WHERE links = 0
DETACH DELETE n
