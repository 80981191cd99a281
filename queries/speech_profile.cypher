// title: Speech profile
// question: 一次讲话：摘录了哪些段落、提到哪些提法、印在哪里？
// question: What do we have of one speech: its passages, the concepts each mentions, and where each was printed?
// parameters:
// param: speech = 努力把我国建设成为网络强国 — the speech's title, another printed title, its date (2014-02-27) or its id
// clock: said — the speech's date; each passage shows where it was printed (publication,
//   edition, issue date, pages). traced is true for a passage (a quotation) whose speech tifa
//   found through the origin of its words rather than from its own citation.
MATCH (s:Speech)
WHERE s.id = $speech OR s.title = $speech OR s.date = $speech
   OR $speech IN coalesce(s.aliases, [])
MATCH (p:Passage)-[e:EXCERPT_OF]->(s)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:MENTIONS]->(c:Concept)
WITH s, p, e, pr, pub, c
ORDER BY c.name
WITH s, p, e, pr, pub, collect(c.name) AS concepts
RETURN s.date AS date, coalesce(s.title, s.occasion) AS speech, s.speaker AS speaker,
       s.id AS speech_id, p.source AS source, p.seq AS seq, p.line_start AS line_start,
       p.line_end AS line_end, coalesce(e.traced, false) AS traced, pub.title AS publication,
       pub.volume AS volume, pub.publisher AS publisher, pub.year AS edition,
       pr.issue_date AS issue_date, pr.pages AS pages, concepts, p.text AS text
ORDER BY date, speech_id, source, seq
