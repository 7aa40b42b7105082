-- bi.top_entities: per entity, its mentions and the number of articles mentioning it (most mentioned first). A bare
-- surname's article-local person counts under the person main.person_links maps it to, and has no row of its own.
CREATE OR REPLACE VIEW bi.top_entities AS
SELECT e.entity_id, e.name AS entity_name, e.type AS entity_type,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles
FROM main.mentions m
LEFT JOIN main.person_links l ON l.entity_id = m.entity_id
JOIN main.entities e ON e.entity_id = coalesce(l.canonical_id, m.entity_id)
GROUP BY e.entity_id, e.name, e.type
ORDER BY mentions DESC, entity_name;
