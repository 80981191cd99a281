// Upsert (:Passage)-[:PRINTED_IN]->(:Publication) relationships; row.start / row.end are node ids.
UNWIND $rows AS row
MATCH (a:Passage {id: row.start})
MATCH (b:Publication {id: row.end})
MERGE (a)-[r:PRINTED_IN]->(b)
SET r += row.props
