// FalkorDB schema: an exact-match index on id per label (FalkorDB has no constraints in
// the Cypher subset tifa uses), and indexes for the common filters. Re-creating an
// existing index is reported by the server and ignored by the loader.
CREATE INDEX FOR (n:Source) ON (n.id);
CREATE INDEX FOR (n:Passage) ON (n.id);
CREATE INDEX FOR (n:Speech) ON (n.id);
CREATE INDEX FOR (n:Person) ON (n.id);
CREATE INDEX FOR (n:Publication) ON (n.id);
CREATE INDEX FOR (n:Concept) ON (n.id);
CREATE INDEX FOR (n:Topic) ON (n.id);
CREATE INDEX FOR (n:Year) ON (n.id);
CREATE INDEX FOR (n:Speech) ON (n.year);
CREATE INDEX FOR (n:Concept) ON (n.name);
