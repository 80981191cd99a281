// Upsert (:Passage)-[:UNDER_TOPIC]->(:Topic) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Passage {id: row.start})
MATCH (b:Topic {id: row.end})
MERGE (a)-[r:UNDER_TOPIC]->(b)
SET r += row.props
