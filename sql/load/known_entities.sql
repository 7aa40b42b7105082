-- Which of the ids in batch_refs are already stored.
SELECT entity_id FROM entities WHERE entity_id IN (SELECT entity_id FROM batch_refs);
