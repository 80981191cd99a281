// How many nodes the database holds (0: nothing was ever loaded, or it was wiped).
MATCH (n)
RETURN count(n) AS nodes
