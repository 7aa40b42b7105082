-- report/mentions_time: mentions per $bucket ('week' or 'month') of publication for the entities in $ids
-- (the ten most mentioned people and organisations); undated articles are left out.
SELECT m.entity_name, date_trunc($bucket, a.published_date)::DATE AS bucket, count(*) AS mentions
FROM bi.mentions m JOIN bi.articles a USING (article_id)
WHERE m.entity_id IN $ids AND a.published_date IS NOT NULL
  AND ($date_from IS NULL OR a.published_date >= $date_from) AND ($date_to IS NULL OR a.published_date <= $date_to)
GROUP BY ALL ORDER BY bucket, m.entity_name;
