// Upsert (:Speech)-[:DELIVERED_BY]->(:Person) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Speech {id: row.start})
MATCH (b:Person {id: row.end})
MERGE (a)-[r:DELIVERED_BY]->(b)
SET r += row.props
