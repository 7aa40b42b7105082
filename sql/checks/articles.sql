-- Articles: keys, and a plausible publication date. Dates go to GX as TIMESTAMP_NS (what its pandas path compares
-- with datetime bounds), clamped to the range nanoseconds can hold so an absurd date still fails instead of erroring.
SELECT article_id, source_name, content_hash, CASE WHEN published_date IS NULL THEN NULL ELSE greatest(least(published_date, DATE '2261-12-31'), DATE '1678-01-01') END::TIMESTAMP_NS AS published_date
FROM articles;
