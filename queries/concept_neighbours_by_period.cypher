// title: Neighbours of a concept, period by period
// question: 这个提法在各个时期与哪些提法一起出现？哪些是该时期新出现的搭配？
// question: Which concepts keep a concept company in each period, and which companions are new in that period?
// parameters:
// param: concept = 网络强国 — a concept's name or one of its aliases
// param: period = 5 — years per period (1 = every year; 5 = 2010–2014, 2015–2019, …)
// clock: said — passages dated as in concept_timeline (a quotation whose speech was only
//   traced counts when printed). Periods start at multiples of the period length.
// A neighbour is a concept mentioned in the same passage; passages counts the passages that
// mention both, utterances the distinct utterances among them (a reprint counts once); new is
// true in the first period in which the two appear together.
MATCH (c:Concept)
WHERE c.name = $concept OR $concept IN coalesce(c.aliases, [])
MATCH (c)<-[:MENTIONS]-(p:Passage)-[:MENTIONS]->(n:Concept)
WHERE n <> c
OPTIONAL MATCH (p)-[e:EXCERPT_OF]->(s:Speech)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
OPTIONAL MATCH (p)-[q:QUOTES]->(o:Passage)-[:EXCERPT_OF]->(s)
WHERE q.match IN ['same', 'part']
WITH c, n, p, s, e, pr, pub, src, min(o.id) AS origin
WITH c, n, p, coalesce(p.canonical_id, origin, p.id) AS utterance,
     CASE
       WHEN s IS NOT NULL AND NOT coalesce(e.traced, false) THEN s.date
       WHEN pr.issue_date IS NOT NULL THEN pr.issue_date
       WHEN pub.year IS NOT NULL THEN toString(pub.year)
       WHEN src.date IS NOT NULL THEN src.date
       ELSE s.date
     END AS date
WITH c, n, p, utterance, toInteger(left(date, 4)) AS year
WHERE year IS NOT NULL
WITH c, n, year - year % $period AS period, count(p) AS passages,
     count(DISTINCT utterance) AS utterances
WITH c, n, min(period) AS first, collect([period, passages, utterances]) AS rows
UNWIND rows AS row
RETURN c.name AS concept, row[0] AS period, row[0] + $period - 1 AS period_end,
       n.name AS neighbour, n.category AS category, row[1] AS passages, row[2] AS utterances,
       row[0] = first AS new
ORDER BY concept, period, passages DESC, neighbour
