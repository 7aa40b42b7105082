SELECT m.surface, m.entity_name
FROM bi.mentions m JOIN bi.articles a USING (article_id)
WHERE a.source_name = $1
