-- bi.mentions: one row per entity mention. entity_name is the canonical name; surface is the text as written,
-- substr(body, start_char + 1, end_char - start_char) in bi.articles; published_date is the article's.
CREATE OR REPLACE VIEW bi.mentions AS
SELECT m.article_id, m.entity_id, e.name AS entity_name, e.type AS entity_type, m.surface, m.start_char, m.end_char,
       a.published_date
FROM main.mentions m
JOIN main.entities e USING (entity_id)
LEFT JOIN main.articles a USING (article_id);
