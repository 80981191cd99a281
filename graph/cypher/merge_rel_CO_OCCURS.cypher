// Upsert (:Concept)-[:CO_OCCURS]->(:Concept) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Concept {id: row.start})
MATCH (b:Concept {id: row.end})
MERGE (a)-[r:CO_OCCURS]->(b)
SET r += row.props
