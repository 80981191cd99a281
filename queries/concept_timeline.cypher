// title: Concept timeline
// question: 这个提法每年被说了多少次？同一段话的重印只算一次，按讲话年份计；未能溯源的引用另列。
// question: How often is a concept said, year by year — each utterance once however often it is reprinted, in the year it was said, with untraced quotations apart?
// parameters:
// param: concept = 网络安全 — a concept's name or one of its aliases
// clock: said — the one counting rule (tifa.graph.counting): a passage counts in its
//   speech's year (the speech its citation names, or the one linking traced its words to),
//   once per utterance (canonical_id); a passage with no said year is "quoted", counted in
//   the year it was printed (issue date, else edition year, else its source's date).
// Columns: utterances (the count: distinct utterances said that year), passages (their
// printed occurrences, reprints each), quoted (passages printed that year whose said date is
// unknown), year_utterances (every utterance said that year) and share = utterances /
// year_utterances. Every year with a dated passage is listed, zeros included.
MATCH (c:Concept)
WHERE c.name = $concept OR $concept IN coalesce(c.aliases, [])
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
     count(CASE WHEN said AND m IS NOT NULL THEN p END) AS passages,
     count(CASE WHEN NOT said AND m IS NOT NULL THEN p END) AS quoted,
     count(DISTINCT CASE WHEN said THEN utterance END) AS year_utterances
RETURN c.name AS concept, year, utterances, passages, quoted, year_utterances,
       CASE WHEN year_utterances = 0 THEN 0.0
            ELSE toFloat(round(1000.0 * utterances / year_utterances)) / 1000 END AS share
ORDER BY concept, year
