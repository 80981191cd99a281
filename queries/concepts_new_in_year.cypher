// title: Concepts new in a year
// question: 哪些提法在某一年首次出现？首见于哪次讲话？
// question: Which formulations are first attested in a given year, and where?
// parameters:
// param: year = 2016 — the year
// clock: said — a concept is new in the year of its earliest dated passage, dated as the
//   counting rule dates it (concept_timeline): when it was said (its speech's date, cited or
//   traced), else, for a quotation said nowhere known, when it was printed or compiled. The
//   first passage is chosen as in concept_first_mentions.
// Columns utterances_in_year / utterances (the counts to cite: distinct utterances said in
// the year / in any known year that mention the concept, a reprint once, as
// concept_timeline counts) and passages_in_year / passages (dated printed passages, by the
// clock above, reprints and quotations each).
MATCH (c:Concept)<-[:MENTIONS]-(p:Passage)
OPTIONAL MATCH (p)-[e:EXCERPT_OF]->(s:Speech)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
WITH c, p, s, s IS NOT NULL AND NOT coalesce(e.traced, false) AS cited,
     CASE
       WHEN s.date IS NOT NULL THEN [s.date, 'said']
       WHEN pr.issue_date IS NOT NULL THEN [pr.issue_date, 'printed']
       WHEN pub.year IS NOT NULL THEN [toString(pub.year), 'printed']
       WHEN src.date IS NOT NULL THEN [src.date, 'compiled']
       ELSE [null, null]
     END AS dated
WHERE dated[0] IS NOT NULL
WITH c, p, s, cited, dated, toInteger(left(dated[0], 4)) AS year,
     coalesce(p.canonical_id, p.id) AS utterance
ORDER BY c.name, dated[0], cited DESC, p.source, p.seq
WITH c, min(year) AS first_year, max(year) AS last_year, count(p) AS passages,
     count(CASE WHEN year = $year THEN p END) AS passages_in_year,
     count(DISTINCT CASE WHEN p.year IS NOT NULL THEN utterance END) AS utterances,
     count(DISTINCT CASE WHEN p.year = $year THEN utterance END) AS utterances_in_year,
     collect([dated[0], dated[1], s.speaker, coalesce(s.title, s.occasion), p.source,
              p.line_start, p.id])[0] AS first
WHERE first_year = $year
RETURN c.name AS concept, c.category AS category, first[0] AS date, first[1] AS clock,
       first[2] AS speaker, first[3] AS speech, first[4] AS source, first[5] AS line_start,
       first[6] AS passage, utterances_in_year, passages_in_year, utterances, passages,
       last_year
ORDER BY date, concept
