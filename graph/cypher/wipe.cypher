// Delete up to $limit nodes with their relationships; run until it deletes none.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
