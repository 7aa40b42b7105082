-- bi.quotes_by_speaker: per canonical speaker (read through main.person_links), how many quotes in how many
-- articles, and the first and last publication date of those articles. Quotes with an unknown speaker are left out.
CREATE OR REPLACE VIEW bi.quotes_by_speaker AS
SELECT e.entity_id AS speaker_entity_id, e.name AS speaker_name, count(*) AS quotes,
       count(DISTINCT q.article_id) AS articles,
       min(a.published_date) AS first_published, max(a.published_date) AS last_published
FROM main.quotes q
LEFT JOIN main.person_links l ON l.entity_id = q.speaker_entity_id
JOIN main.entities e ON e.entity_id = coalesce(l.canonical_id, q.speaker_entity_id)
JOIN main.articles a ON a.article_id = q.article_id
GROUP BY e.entity_id, e.name;
