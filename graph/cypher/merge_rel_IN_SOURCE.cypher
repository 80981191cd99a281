// Upsert (:Passage)-[:IN_SOURCE]->(:Source) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Passage {id: row.start})
MATCH (b:Source {id: row.end})
MERGE (a)-[r:IN_SOURCE]->(b)
SET r += row.props
