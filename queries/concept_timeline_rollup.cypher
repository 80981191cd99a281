// title: Concept timeline with narrower concepts
// question: 这个提法连同其下位提法（经 BROADER）每年被说了多少次？下位提法单列一栏，不混入本身的次数。
// question: How often is a concept said each year together with its narrower concepts (through BROADER) — the narrower ones in a column of their own, never mixed into the concept's count?
// parameters:
// param: concept = 网络安全 — a concept's name or one of its aliases
// clock: said — the one counting rule of concept_timeline (distinct utterances in the year
//   said; quotations of unknown date apart, by printing).
// Columns: utterances (the concept itself, as in concept_timeline), narrower (utterances
// mentioning any concept below it through BROADER, at any depth: 没有网络安全就没有国家安全
// under 网络安全), with_narrower (utterances mentioning the concept or one below it: each
// once), quoted (the concept's own quotations of unknown date) and year_utterances.
MATCH (c:Concept)
WHERE c.name = $concept OR $concept IN coalesce(c.aliases, [])
OPTIONAL MATCH (n:Concept)-[:BROADER*1..]->(c)
WITH c, collect(DISTINCT n.id) AS below
MATCH (p:Passage)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
OPTIONAL MATCH (p)-[m:MENTIONS]->(c)
OPTIONAL MATCH (p)-[:MENTIONS]->(x:Concept)
WHERE x.id IN below
WITH c, p, pr, pub, src, m IS NOT NULL AS own, count(x) > 0 AS lower
WITH c, p, own, lower, coalesce(p.canonical_id, p.id) AS utterance, p.year IS NOT NULL AS said,
     coalesce(p.year, toInteger(left(coalesce(pr.issue_date, toString(pub.year), src.date), 4)))
       AS year
WHERE year IS NOT NULL
WITH c, year,
     count(DISTINCT CASE WHEN said AND own THEN utterance END) AS utterances,
     count(DISTINCT CASE WHEN said AND lower THEN utterance END) AS narrower,
     count(DISTINCT CASE WHEN said AND (own OR lower) THEN utterance END) AS with_narrower,
     count(CASE WHEN NOT said AND own THEN p END) AS quoted,
     count(DISTINCT CASE WHEN said THEN utterance END) AS year_utterances
RETURN c.name AS concept, year, utterances, narrower, with_narrower, quoted, year_utterances
ORDER BY concept, year
