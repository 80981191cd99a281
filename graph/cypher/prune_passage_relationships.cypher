// A reloaded passage keeps only the outgoing relationships the new graph gives it.
// row: {id, keep: ["<TYPE> <end id>", ...]}.
UNWIND $rows AS row
MATCH (p:Passage {id: row.id})-[r]->(x)
WHERE NOT (type(r) + ' ' + x.id) IN row.keep
DELETE r
