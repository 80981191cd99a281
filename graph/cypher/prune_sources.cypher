// Reload of an edited source: the old version's Source node (same path, other content id)
// goes, with its relationships. row: {path, id, passages}.
UNWIND $rows AS row
MATCH (s:Source {path: row.path})
WHERE s.id <> row.id
DETACH DELETE s
