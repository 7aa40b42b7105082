-- report/speakers: the $limit speakers with the most quotes in articles published in range, each with its
-- $per_speaker longest quotes and their articles.
WITH q AS (
    SELECT q.*, a.title, a.published_date
    FROM bi.quotes q JOIN bi.articles a USING (article_id)
    WHERE q.speaker_entity_id IS NOT NULL
      AND ($date_from IS NULL OR a.published_date >= $date_from) AND ($date_to IS NULL OR a.published_date <= $date_to)
), top AS (
    SELECT speaker_entity_id, any_value(speaker_name) AS speaker_name, count(*) AS quotes,
           count(DISTINCT article_id) AS articles
    FROM q GROUP BY speaker_entity_id ORDER BY quotes DESC, speaker_name LIMIT $limit
)
SELECT t.speaker_name, t.quotes, t.articles,
       (SELECT list({'text': q.quote_text, 'source': q.source_name, 'title': coalesce(q.title, ''),
                     'published': q.published_date::VARCHAR}
                    ORDER BY length(q.quote_text) DESC, q.quote_id)[1:$per_speaker]
        FROM q WHERE q.speaker_entity_id = t.speaker_entity_id) AS examples
FROM top t ORDER BY t.quotes DESC, t.speaker_name;
