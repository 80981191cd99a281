// The Source nodes the database holds for these paths (a source's identity is its path;
// its id changes with its content). $paths: the paths of the sources about to be loaded.
MATCH (s:Source)
WHERE s.path IN $paths
RETURN s.path AS path, s.id AS id
ORDER BY path, id
