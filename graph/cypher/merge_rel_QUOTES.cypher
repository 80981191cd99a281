// Upsert (:Passage)-[:QUOTES]->(:Passage) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Passage {id: row.start})
MATCH (b:Passage {id: row.end})
MERGE (a)-[r:QUOTES]->(b)
SET r += row.props
