// title: Which publications carry which speeches
// question: 哪些书、报刊收录了哪些讲话？在哪几页？
// question: Which books, newspapers and journals carry which speeches, and on which pages?
// parameters:
// param: publication = 习近平谈治国理政 — part of the publication titles to list ('' for all)
// clock: printed — a row per publication (title, volume, publisher, edition) and speech, with
//   the speech's date, the passages printed there, and the distinct pages and issue dates.
MATCH (p:Passage)-[pr:PRINTED_IN]->(pub:Publication), (p)-[:EXCERPT_OF]->(s:Speech)
WHERE coalesce(pub.title, '') CONTAINS $publication
WITH pub, s, count(p) AS passages
MATCH (p:Passage)-[pr:PRINTED_IN]->(pub), (p)-[:EXCERPT_OF]->(s)
WITH DISTINCT pub, s, passages, pr.pages AS page
ORDER BY page
WITH pub, s, passages, collect(page) AS pages
MATCH (p:Passage)-[pr:PRINTED_IN]->(pub), (p)-[:EXCERPT_OF]->(s)
WITH DISTINCT pub, s, passages, pages, pr.issue_date AS issue
ORDER BY issue
WITH pub, s, passages, pages, collect(issue) AS issues
RETURN pub.title AS publication, pub.volume AS volume, pub.publisher AS publisher,
       pub.year AS edition, pub.kind AS kind, s.date AS date,
       coalesce(s.title, s.occasion) AS speech, s.speaker AS speaker, s.id AS speech_id,
       passages, pages, issues
ORDER BY coalesce(publication, ''), coalesce(edition, 0), coalesce(volume, ''),
         coalesce(publisher, ''), coalesce(kind, ''), coalesce(date, ''), speech_id
