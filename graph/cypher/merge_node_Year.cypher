// Upsert Year nodes by their content-derived id; row.props carries every other property.
UNWIND $rows AS row
MERGE (n:Year {id: row.id})
SET n += row.props
