-- Standby sync: entities are never deleted; changed ones get the published values (non-key columns only, which
-- DuckDB allows on referenced rows), new ones are added before the facts that reference them.
UPDATE entities SET name = p.name, type = p.type, country = p.country, source = p.source
FROM pub.main.entities AS p
WHERE entities.entity_id = p.entity_id
  AND (entities.name, entities.type, entities.country, entities.source)
      IS DISTINCT FROM (p.name, p.type, p.country, p.source);
INSERT INTO entities SELECT * FROM pub.main.entities WHERE entity_id NOT IN (SELECT entity_id FROM entities);
