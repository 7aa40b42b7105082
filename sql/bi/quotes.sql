-- bi.quotes: one row per attributed quote. speaker_name is the canonical speaker (NULL when unnamed or unknown);
-- speaker_text is the speaker as written ("Lavrov", "he", "a spokesperson"); published_date is the article's, so
-- a time series needs no join; method is how the speaker was attributed (explicit, pronoun, role, ...).
-- The speaker is read through main.person_links, as every person of the bi views.
CREATE OR REPLACE VIEW bi.quotes AS
SELECT q.quote_id, q.article_id, a.source_name, coalesce(l.canonical_id, q.speaker_entity_id) AS speaker_entity_id,
       e.name AS speaker_name, q.speaker_text, q.quote_text, q.start_char, q.end_char, a.published_date, q.method
FROM main.quotes q
JOIN main.articles a USING (article_id)
LEFT JOIN main.person_links l ON l.entity_id = q.speaker_entity_id
LEFT JOIN main.entities e ON e.entity_id = coalesce(l.canonical_id, q.speaker_entity_id);
