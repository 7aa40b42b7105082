-- Standby sync (standby.py): the articles that differ between the standby (main) and the published file (pub).
-- Every load of an article writes its run_id and loaded_at, so an article whose rows were rewritten differs here.
CREATE OR REPLACE TEMP TABLE batch_ids AS
SELECT coalesce(b.article_id, p.article_id) AS article_id, p.run_id  -- the run of the published row (NULL: gone)
FROM main.articles AS b FULL OUTER JOIN pub.main.articles AS p ON b.article_id = p.article_id
WHERE b.article_id IS NULL OR p.article_id IS NULL
   OR (b.run_id, b.content_hash, b.loaded_at) IS DISTINCT FROM (p.run_id, p.content_hash, p.loaded_at);
