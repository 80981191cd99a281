// Neo4j's quote_origin (queries/quote_origin.cypher has the header and the portable text):
// the same rows, with the candidates found through the passage_text full-text index.
// The cjk analyzer indexes Chinese as overlapping pairs of characters, so a phrase that
// begins and ends with two Chinese characters is, as a phrase query, in every passage that
// holds it literally; the index's hits are then checked literally (CONTAINS). Any other text
// (one character, Latin letters or digits at an end, a passage id) is found by a scan, as
// on FalkorDB. `"` and `\` are the only characters the index's query syntax reads inside a
// phrase; they are spaces there (the analyzer splits at them anyway).
WITH $text AS text,
     $text =~ '(?s)\\p{IsHan}{2}.*' AND $text =~ '(?s).*\\p{IsHan}{2}' AS indexed
CALL (text, indexed) {
  UNWIND CASE WHEN indexed
              THEN ['"' + replace(replace(text, '\\', ' '), '"', ' ') + '"']
              ELSE [] END AS phrase
  CALL db.index.fulltext.queryNodes('passage_text', phrase) YIELD node
  WITH node AS hit
  WHERE toString(hit.text) CONTAINS text
  RETURN hit
  UNION
  MATCH (hit:Passage)
  WHERE NOT indexed AND toString(hit.text) CONTAINS text
  RETURN hit
  UNION
  MATCH (hit:Passage {id: text})
  RETURN hit
}
OPTIONAL MATCH (hit)-[:QUOTES]->(quoted:Passage)
WITH collect(DISTINCT hit) + collect(DISTINCT quoted) AS found
UNWIND found AS p
WITH DISTINCT p
OPTIONAL MATCH (p)-[e:EXCERPT_OF]->(s:Speech)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
RETURN s.date AS date, s.speaker AS speaker, coalesce(s.title, s.occasion) AS speech,
       s.occasion AS occasion, coalesce(e.traced, false) AS traced, pub.title AS publication,
       pub.volume AS volume, pub.year AS edition, pr.issue_date AS issue_date,
       pr.pages AS pages, src.date AS compiled, p.source AS source, p.seq AS seq,
       p.line_start AS line_start, p.line_end AS line_end, p.id AS passage, p.text AS text
ORDER BY coalesce(date, '9999'), traced, coalesce(issue_date, toString(edition), '9999'),
         coalesce(compiled, '9999'), source, seq
