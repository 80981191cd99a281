// Upsert (:Passage)-[:EXCERPT_OF]->(:Speech) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Passage {id: row.start})
MATCH (b:Speech {id: row.end})
MERGE (a)-[r:EXCERPT_OF]->(b)
SET r += row.props
