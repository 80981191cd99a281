// Upsert Topic nodes by their content-derived id; row.props carries every other property.
UNWIND $rows AS row
MERGE (n:Topic {id: row.id})
SET n += row.props
