// title: Concept timeline
// question: 这个提法逐年出现多少次？重印只算一次，并给出占当年段落的比例。
// question: How often is a concept said, year by year — reprints counted once per utterance, with its share of each year's passages?
// parameters:
// param: concept = 网络安全 — a concept's name or one of its aliases
// clock: said — a passage whose own citation names its speech counts in the year of that
//   speech; a quotation whose speech tifa only traced (a commentary quoting Xi) counts in the
//   year it was printed (else compiled), because that is when that text said it again.
// Columns: passages (printed occurrences), utterances (distinct utterances: a reprint counts
// once), speeches (speeches of that year), mentions (occurrences of the term), quoted (of the
// passages, quotations dated by their printing), year_passages (all passages of the year) and
// share = passages / year_passages. Every year with passages is listed, zeros included.
MATCH (c:Concept)
WHERE c.name = $concept OR $concept IN coalesce(c.aliases, [])
MATCH (p:Passage)
OPTIONAL MATCH (p)-[e:EXCERPT_OF]->(s:Speech)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
OPTIONAL MATCH (p)-[m:MENTIONS]->(c)
OPTIONAL MATCH (p)-[q:QUOTES]->(o:Passage)-[:EXCERPT_OF]->(s)
WHERE q.match IN ['same', 'part']
WITH c, p, s, e, pr, pub, src, m, min(o.id) AS origin
WITH c, p, s, m, coalesce(p.canonical_id, origin, p.id) AS utterance,
     s IS NOT NULL AND NOT coalesce(e.traced, false) AS cited,
     CASE
       WHEN s IS NOT NULL AND NOT coalesce(e.traced, false) THEN s.date
       WHEN pr.issue_date IS NOT NULL THEN pr.issue_date
       WHEN pub.year IS NOT NULL THEN toString(pub.year)
       WHEN src.date IS NOT NULL THEN src.date
       ELSE s.date
     END AS date
WITH c, p, s, m, utterance, cited, toInteger(left(date, 4)) AS year
WHERE year IS NOT NULL
WITH c, year,
     count(p) AS year_passages,
     count(m) AS passages,
     count(DISTINCT CASE WHEN m IS NOT NULL THEN utterance END) AS utterances,
     count(DISTINCT CASE WHEN m IS NOT NULL AND s.year = year THEN s.id END) AS speeches,
     toInteger(sum(coalesce(m.count, 0))) AS mentions,
     count(CASE WHEN m IS NOT NULL AND NOT cited THEN p END) AS quoted
RETURN c.name AS concept, year, passages, utterances, speeches, mentions, quoted,
       year_passages, toFloat(round(1000.0 * passages / year_passages)) / 1000 AS share
ORDER BY concept, year
