// Upsert (:Year)-[:NEXT]->(:Year) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Year {id: row.start})
MATCH (b:Year {id: row.end})
MERGE (a)-[r:NEXT]->(b)
SET r += row.props
