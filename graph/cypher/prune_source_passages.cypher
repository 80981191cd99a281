// Reload of an edited source (its identity is its path): delete the passages that a Source
// of that path holds but the new version no longer has. row: {path, id, passages: [ids]}.
UNWIND $rows AS row
MATCH (p:Passage)-[:IN_SOURCE]->(s:Source {path: row.path})
WHERE NOT p.id IN row.passages
DETACH DELETE p
