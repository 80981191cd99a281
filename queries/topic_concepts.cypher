// title: Concepts per chapter
// question: 各章节（专题）最常出现哪些提法？
// question: Which concepts does each chapter or section of a compilation dwell on?
// parameters:
// param: topic = 网络安全 — part of the chapter titles to list ('' for all)
// param: top = 5 — how many concepts per chapter
// clock: compiled — chapters in the order the compilation prints them (their first passage).
// passages counts the chapter's passages that mention the concept, topic_passages all of the
// chapter's passages, share their ratio; concepts are ranked by passages, then mentions, then
// name.
MATCH (t:Topic)<-[:UNDER_TOPIC]-(p:Passage)
WHERE t.title CONTAINS $topic
WITH t, count(p) AS topic_passages, min(p.seq) AS first_seq
MATCH (t)<-[:UNDER_TOPIC]-(p:Passage)-[m:MENTIONS]->(c:Concept)
WITH t, topic_passages, first_seq, c, count(p) AS passages, toInteger(sum(m.count)) AS mentions
ORDER BY passages DESC, mentions DESC, c.name
WITH t, topic_passages, first_seq,
     collect([c.name, c.category, passages, mentions]) AS ranked
UNWIND range(0, size(ranked) - 1) AS i
WITH t, topic_passages, first_seq, i, ranked[i] AS row
WHERE i < $top
RETURN t.source AS source, t.title AS topic, first_seq, i + 1 AS rank, row[0] AS concept,
       row[1] AS category, row[2] AS passages, row[3] AS mentions, topic_passages,
       toFloat(round(1000.0 * row[2] / topic_passages)) / 1000 AS share
ORDER BY source, first_seq, rank
