-- bi.mentions: one row per entity mention. entity_name is the canonical name; surface is the text as written,
-- substr(body, start_char + 1, end_char - start_char) in bi.articles; published_date is the article's.
-- A bare surname's article-local person is shown as the person main.person_links maps it to (bi.person_links);
-- linked_from keeps the id the article gave it.
CREATE OR REPLACE VIEW bi.mentions AS
SELECT m.article_id, e.entity_id, e.name AS entity_name, e.type AS entity_type, m.surface, m.start_char, m.end_char,
       a.published_date, l.entity_id AS linked_from
FROM main.mentions m
LEFT JOIN main.person_links l ON l.entity_id = m.entity_id
JOIN main.entities e ON e.entity_id = coalesce(l.canonical_id, m.entity_id)
LEFT JOIN main.articles a ON a.article_id = m.article_id;
