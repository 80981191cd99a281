"""tifa.queries: the query library (.cypher files), offline networkx answers, output formats."""
