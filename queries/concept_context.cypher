// title: Concept in context (KWIC)
// question: 这个提法在原文中怎么说的？逐条列出上下文和完整出处。
// question: How is a concept used in the texts — keyword-in-context lines, each with its full citation?
// parameters:
// param: concept = 网络空间命运共同体 — a concept's name or one of its aliases
// clock: said — lines in the order of the passages' dates (said, cited or traced; else
//   printed or compiled, as concept_timeline dates them), then source and position.
// One line per occurrence of the written form found in the passage (the longest of the name
// and its aliases that occurs; 24 characters either side). A passage the matcher counted but
// where no written form occurs literally (justified spaces, Traditional characters) gives one
// line with an empty keyword and the passage's opening as right context.
MATCH (c:Concept)
WHERE c.name = $concept OR $concept IN coalesce(c.aliases, [])
MATCH (p:Passage)-[:MENTIONS]->(c)
OPTIONAL MATCH (p)-[:EXCERPT_OF]->(s:Speech)
OPTIONAL MATCH (p)-[pr:PRINTED_IN]->(pub:Publication)
OPTIONAL MATCH (p)-[:IN_SOURCE]->(src:Source)
WITH c, p, s, pr, pub,
     CASE
       WHEN s.date IS NOT NULL THEN [s.date, 'said']
       WHEN pr.issue_date IS NOT NULL THEN [pr.issue_date, 'printed']
       WHEN pub.year IS NOT NULL THEN [toString(pub.year), 'printed']
       WHEN src.date IS NOT NULL THEN [src.date, 'compiled']
       ELSE [null, null]
     END AS dated,
     reduce(best = '', t IN [c.name] + coalesce(c.aliases, []) |
       CASE WHEN p.text CONTAINS t AND size(t) > size(best) THEN t ELSE best END) AS term
WITH c, p, s, pr, pub, dated, term,
     CASE WHEN term = '' THEN [0]
       ELSE [i IN range(0, size(p.text) - size(term)) WHERE substring(p.text, i, size(term)) = term]
     END AS positions
UNWIND positions AS at
// Every substring stays inside the text: FalkorDB evaluates every branch of a CASE, and reads
// past the end of a loaded string when asked for more characters than remain.
WITH c, p, s, pr, pub, dated, term, at, CASE WHEN at > 24 THEN at - 24 ELSE 0 END AS start,
     at + size(term) AS after
WITH c, p, s, pr, pub, dated, term, at, start, after,
     CASE WHEN size(p.text) - after < 24 THEN size(p.text) - after ELSE 24 END AS rest
RETURN c.name AS concept, dated[0] AS date, dated[1] AS clock, s.speaker AS speaker,
       coalesce(s.title, s.occasion) AS speech, substring(p.text, start, at - start) AS left,
       term AS keyword, substring(p.text, after, rest) AS right,
       pub.title AS publication, pub.volume AS volume, pub.publisher AS publisher,
       pub.year AS edition, pr.issue_date AS issue_date, pr.pages AS pages,
       p.source AS source, p.seq AS seq, p.line_start AS line_start, p.line_end AS line_end,
       at AS position
ORDER BY concept, coalesce(date, '9999'), source, seq, position
