// title: Neighbours of a concept, period by period
// question: 这个提法在各个时期与哪些提法一起出现？哪些是该时期新出现的搭配？
// question: Which concepts keep a concept company in each period, and which companions are new in that period?
// parameters:
// param: concept = 网络强国 — a concept's name or one of its aliases
// param: period = 5 — years per period (1 = every year; 5 = 2010–2014, 2015–2019, …)
// clock: said — the one counting rule of concept_timeline: a passage is in the year it was
//   said (its speech's year, cited or traced), else — a quotation of unknown origin — in the
//   year it was printed. Periods start at multiples of the period length.
// A neighbour is a concept mentioned in the same passage; utterances counts the distinct
// utterances said in the period that mention both (a reprint counts once; quotations of
// unknown origin are not utterances), passages every passage that mentions both; new is true
// in the first period in which the two appear together. Neighbours are ranked by utterances.
MATCH (c:Concept)
WHERE c.name = $concept OR $concept IN coalesce(c.aliases, [])
MATCH (c)<-[:MENTIONS]-(p:Passage)-[:MENTIONS]->(n:Concept)
WHERE n <> c
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
WITH c, n, p, coalesce(p.canonical_id, p.id) AS utterance, p.year IS NOT NULL AS said,
     coalesce(p.year, toInteger(left(coalesce(pr.issue_date, toString(pub.year), src.date), 4)))
       AS year
WHERE year IS NOT NULL
WITH c, n, year - year % $period AS period, count(p) AS passages,
     count(DISTINCT CASE WHEN said THEN utterance END) AS utterances
WITH c, n, min(period) AS first, collect([period, passages, utterances]) AS rows
UNWIND rows AS row
RETURN c.name AS concept, row[0] AS period, row[0] + $period - 1 AS period_end,
       n.name AS neighbour, n.category AS category, row[1] AS passages, row[2] AS utterances,
       row[0] = first AS new
ORDER BY concept, period, utterances DESC, passages DESC, neighbour
