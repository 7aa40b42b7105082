-- bi.top_entities: per entity, its mentions and the number of articles mentioning it (most mentioned first).
CREATE OR REPLACE VIEW bi.top_entities AS
SELECT e.entity_id, e.name AS entity_name, e.type AS entity_type,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles
FROM main.mentions m
JOIN main.entities e USING (entity_id)
GROUP BY e.entity_id, e.name, e.type
ORDER BY mentions DESC, entity_name;
