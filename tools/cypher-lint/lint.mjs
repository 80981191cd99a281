// Lint Cypher with Neo4j's parser and semantic checker (lintCypherQuery).
// Input on stdin: a JSON array of {"name": ..., "query": ...}.
// Output on stdout: a JSON array of {"name", "message", "severity", "offset"} — every
// diagnostic except "Parameter $x is not defined." (parameters are supplied at run time).
import * as support from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = [];
for (const { name, query } of statements) {
  const result = await support.lintCypherQuery(query, {});
  for (const d of result.diagnostics) {
    if (/^Parameter \$\w+ is not defined\.$/.test(d.message)) continue;
    out.push({ name, message: d.message, severity: d.severity, offset: d.offsets?.start ?? null });
  }
}
process.stdout.write(JSON.stringify(out));
