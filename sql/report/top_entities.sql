-- report/top_entities: the $limit most mentioned people and the $limit most mentioned organisations in articles
-- published in range.
WITH counted AS (
    SELECT m.entity_id, any_value(m.entity_name) AS entity_name, any_value(m.entity_type) AS entity_type,
           count(*) AS mentions, count(DISTINCT m.article_id) AS articles
    FROM bi.mentions m JOIN bi.articles a USING (article_id)
    WHERE m.entity_type IN ('PERSON', 'ORG')
      AND ($date_from IS NULL OR a.published_date >= $date_from) AND ($date_to IS NULL OR a.published_date <= $date_to)
    GROUP BY m.entity_id
)
SELECT entity_id, entity_name, entity_type, mentions, articles FROM counted
QUALIFY row_number() OVER (PARTITION BY entity_type ORDER BY mentions DESC, entity_name) <= $limit
ORDER BY entity_type DESC, mentions DESC, entity_name;
