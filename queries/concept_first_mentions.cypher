// title: First mentions of concepts
// question: 每个提法最早出现在哪次讲话？日期、出处、页码。
// question: Where does each concept first appear: which speech, when, printed where, on which page?
// parameters:
// param: concept = 安全 — part of the concept names to list ('' for every concept)
// clock: said — the earliest passage by the date it was said (its speech's, cited or traced,
//   as the counting rule dates it); a quotation said nowhere known is dated when printed (else
//   compiled). On the same date a cited passage comes first, then source and position.
// Columns utterances (the count to cite: distinct utterances said in a known year that
// mention the concept, a reprint once, as concept_timeline counts) and passages (every
// printed passage that mentions it, reprints and undated quotations each).
MATCH (c:Concept)<-[:MENTIONS]-(p:Passage)
WHERE toString(c.name) CONTAINS $concept  // a function, so no index is seeked for CONTAINS
OPTIONAL MATCH (p)-[e:EXCERPT_OF]->(s:Speech)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
WITH c, p, s, pr, pub, s IS NOT NULL AND NOT coalesce(e.traced, false) AS cited,
     CASE
       WHEN s.date IS NOT NULL THEN [s.date, 'said']
       WHEN pr.issue_date IS NOT NULL THEN [pr.issue_date, 'printed']
       WHEN pub.year IS NOT NULL THEN [toString(pub.year), 'printed']
       WHEN src.date IS NOT NULL THEN [src.date, 'compiled']
       ELSE [null, null]
     END AS dated
ORDER BY c.name, coalesce(dated[0], '9999'), cited DESC, p.source, p.seq
WITH c, count(p) AS passages,
     count(DISTINCT CASE WHEN p.year IS NOT NULL THEN coalesce(p.canonical_id, p.id) END)
       AS utterances,
     collect([dated[0], dated[1], s.speaker, coalesce(s.title, s.occasion), pub.title,
              pub.volume, pr.issue_date, pr.pages, p.source, p.line_start, p.line_end, p.id])[0] AS first
RETURN c.name AS concept, c.category AS category, first[0] AS date, first[1] AS clock,
       first[2] AS speaker, first[3] AS speech, first[4] AS publication, first[5] AS volume,
       first[6] AS issue_date, first[7] AS pages, first[8] AS source, first[9] AS line_start,
       first[10] AS line_end, first[11] AS passage, utterances, passages
ORDER BY coalesce(date, '9999'), concept
