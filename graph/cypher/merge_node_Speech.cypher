// Upsert Speech nodes by their content-derived id; row.props carries every other property.
UNWIND $rows AS row
MERGE (n:Speech {id: row.id})
SET n += row.props
