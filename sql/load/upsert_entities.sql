-- Knowledge-base entities take the batch's name/type/country (the KB may have been edited); NER entities keep
-- the first spelling stored. Only non-key, non-list columns are updated: DuckDB allows that on referenced rows.
UPDATE entities SET name = b.name, type = b.type, country = b.country, source = b.source
FROM batch_entities b
WHERE entities.entity_id = b.entity_id AND b.source = 'kb'
  AND (entities.name, entities.type, entities.country, entities.source)
      IS DISTINCT FROM (b.name, b.type, b.country, b.source);
INSERT INTO entities (entity_id, name, type, country, source)
SELECT entity_id, name, type, country, source FROM batch_entities
WHERE entity_id NOT IN (SELECT entity_id FROM entities);
