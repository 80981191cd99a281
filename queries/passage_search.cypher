// neo4j-only
// title: Passages that contain words, through the full-text index
// question: 哪些段落含有这几个字？经由全文索引（cjk 分析器）查找，按讲话日期排列。
// question: Which passages contain these words — found through the full-text index (cjk analyzer), in the order they were said?
// parameters:
// param: text = 网络安全 — Chinese words as printed, two characters or more
// clock: said — passages in order of the date their speech was given, then source and position.
// The words go to the passage_text index (schema_neo4j) as one quoted phrase. The cjk
// analyzer cuts Chinese into overlapping pairs of characters, so "网络安全" finds passages
// with 网络 络安 安全 in a row — the four characters as printed — and not 网络 and 安全 apart.
// FalkorDB has no cjk analyzer, so this query runs on Neo4j (and offline with tifa ask).
CALL db.index.fulltext.queryNodes('passage_text', '"' + replace($text, '"', ' ') + '"')
YIELD node
WITH node AS p
OPTIONAL MATCH (p)-[:EXCERPT_OF]->(s:Speech)
RETURN p.id AS passage, s.date AS date, coalesce(s.title, s.occasion) AS speech,
       p.source AS source, p.seq AS seq, p.line_start AS line_start, p.text AS text
ORDER BY coalesce(date, '9999'), source, seq
