-- Articles: keys, a plausible publication date and a body. Dates go to GX as TIMESTAMP_NS (what its pandas path
-- compares with datetime bounds), clamped to the range nanoseconds can hold so an absurd date still fails instead
-- of erroring. empty_body names an article whose body has no visible character (NULL when it has one).
SELECT article_id, source_name, content_hash, CASE WHEN published_date IS NULL THEN NULL ELSE greatest(least(published_date, DATE '2261-12-31'), DATE '1678-01-01') END::TIMESTAMP_NS AS published_date,
       CASE WHEN NOT regexp_matches(body, '\S') THEN source_name END AS empty_body
FROM articles
WHERE $run_id::VARCHAR IS NULL OR run_id = $run_id::VARCHAR;  -- check_articles: the run_id filter skips the other bodies
