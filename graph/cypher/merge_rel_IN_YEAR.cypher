// Upsert (:Speech)-[:IN_YEAR]->(:Year) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Speech {id: row.start})
MATCH (b:Year {id: row.end})
MERGE (a)-[r:IN_YEAR]->(b)
SET r += row.props
