// Upsert (:Passage)-[:MENTIONS]->(:Concept) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Passage {id: row.start})
MATCH (b:Concept {id: row.end})
MERGE (a)-[r:MENTIONS]->(b)
SET r += row.props
