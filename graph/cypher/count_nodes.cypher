// How many nodes of each label the database holds.
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS count
ORDER BY label
