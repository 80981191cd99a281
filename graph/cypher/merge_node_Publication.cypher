// Upsert Publication nodes by their content-derived id; row.props carries every other property.
UNWIND $rows AS row
MERGE (n:Publication {id: row.id})
SET n += row.props
