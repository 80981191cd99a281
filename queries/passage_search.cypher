// neo4j-only
// title: Passages that contain words, through the full-text index
// question: 哪些段落含有这几个字？经由全文索引（cjk 分析器）查找，按讲话日期排列。
// question: Which passages contain these words — found through the full-text index (cjk analyzer), in the order they were said?
// parameters:
// param: text = 网络安全 — Chinese words as printed, two characters or more
// clock: said — passages in order of the date their speech was given, then source and position.
// A row is a passage whose text holds the words literally. The words go to the passage_text
// index (schema_neo4j) as one quoted phrase; the cjk analyzer cuts Chinese into overlapping
// pairs of characters, so "网络安全" finds passages with 网络 络安 安全 in a row, and not 网络
// and 安全 apart. Inside a phrase the index's query syntax reads only `"` and `\` (every other
// Lucene operator, + - ! ( ) [ ] { } ^ ~ * ? : / && ||, is plain text there): both become
// spaces, where the analyzer splits anyway, and each hit is checked literally (CONTAINS).
// Words that do not begin and end with two Chinese characters have no pairs the index can
// hold at that end; they are found by a scan. FalkorDB has no cjk analyzer, so this query
// runs on Neo4j (and offline with tifa ask).
WITH $text AS text,
     $text =~ '(?s)\\p{IsHan}{2}.*' AND $text =~ '(?s).*\\p{IsHan}{2}' AS indexed
CALL (text, indexed) {
  UNWIND CASE WHEN indexed
              THEN ['"' + replace(replace(text, '\\', ' '), '"', ' ') + '"']
              ELSE [] END AS phrase
  CALL db.index.fulltext.queryNodes('passage_text', phrase) YIELD node
  WITH node AS p
  WHERE toString(p.text) CONTAINS text
  RETURN p
  UNION
  MATCH (p:Passage)
  WHERE NOT indexed AND toString(p.text) CONTAINS text
  RETURN p
}
OPTIONAL MATCH (p)-[:EXCERPT_OF]->(s:Speech)
RETURN p.id AS passage, s.date AS date, coalesce(s.title, s.occasion) AS speech,
       p.source AS source, p.seq AS seq, p.line_start AS line_start, p.text AS text
ORDER BY coalesce(date, '9999'), source, seq
