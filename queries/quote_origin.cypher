// title: Where a quotation comes from
// question: 这句话（或这个段落）最早出自哪里？哪次讲话、哪一天、哪本书哪一页？
// question: Where was this phrase (or passage) first said: which speech, on which day, printed where?
// parameters:
// param: text = 没有网络安全就没有国家安全 — a phrase as printed, or a passage id
// clock: said — the first row is the origin: occurrences in order of the date said (a
//   quotation whose speech was traced takes that speech's date), cited before traced, then
//   printed date, compiled date, source and position. Undated occurrences come last.
// Occurrences are the passages whose text contains the phrase literally (or the passage with
// that id) and the passages they QUOTES (the origins linking found, also across wording
// differences such as punctuation).
MATCH (hit:Passage)
WHERE hit.id = $text OR toString(hit.text) CONTAINS $text
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
