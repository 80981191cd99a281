// title: Concept × year table
// question: 所有提法逐年被说了多少次？（长表：提法、年份、次数，零也列出，可直接导入 R 或 Stata）
// question: How often is every concept said in every year — one row per concept and year, zeros included, ready for R or Stata?
// parameters:
// clock: said — the one counting rule of concept_timeline: distinct utterances (a reprint
//   counts once) in the year said; quoted counts the concept's passages of unknown said date
//   in the year they were printed.
// Every concept some passage mentions, crossed with every year that has a dated passage.
// Reshape in R with tidyr::pivot_wider(names_from = year, values_from = utterances), in
// Stata with `reshape wide utterances quoted, i(concept) j(year)`; Build.year_matrix() is the
// wide table in Python.
MATCH (c:Concept)<-[:MENTIONS]-(:Passage)
WITH DISTINCT c
MATCH (p:Passage)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
OPTIONAL MATCH (p)-[m:MENTIONS]->(c)
WITH c, p, m, coalesce(p.canonical_id, p.id) AS utterance, p.year IS NOT NULL AS said,
     coalesce(p.year, toInteger(left(coalesce(pr.issue_date, toString(pub.year), src.date), 4)))
       AS year
WHERE year IS NOT NULL
WITH c, year,
     count(DISTINCT CASE WHEN said AND m IS NOT NULL THEN utterance END) AS utterances,
     count(CASE WHEN NOT said AND m IS NOT NULL THEN p END) AS quoted
RETURN c.name AS concept, year, utterances, quoted
ORDER BY concept, year
