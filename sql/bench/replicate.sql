-- `parley bench --add-sizes`: grow a parsed warehouse to a size in SQL instead of parsing 20,000 articles
-- (~30 min here). Each replica is a stored article under a new input name 'replica<i>/<name>' (so a new
-- article_id, as article_id_for computes it, and its own content_hash and run), with every fact of the original.
CREATE OR REPLACE TEMP TABLE replica AS
SELECT a.article_id AS old_id, r.i,
       'replica' || r.i || '/' || a.source_name AS source_name,
       substr(sha256('replica' || r.i || '/' || a.source_name), 1, 16) AS new_id
FROM articles AS a, range(1, $copies + 1) AS r(i)
ORDER BY r.i, a.article_id
LIMIT $extra;
INSERT INTO pipeline_runs (run_id, started_at, finished_at, status, source_dir)
SELECT DISTINCT 'bench-replica-' || i, current_timestamp, current_timestamp, 'published', 'bench replica'
FROM replica;
INSERT INTO articles
SELECT a.* REPLACE (x.new_id AS article_id, x.source_name AS source_name, a.content_hash || '~' || x.i AS content_hash,
                  'bench-replica-' || x.i AS run_id)
FROM articles AS a JOIN replica AS x ON a.article_id = x.old_id;
INSERT INTO mentions
SELECT m.* REPLACE (x.new_id || substr(m.mention_id, length(m.article_id) + 1) AS mention_id, x.new_id AS article_id)
FROM mentions AS m JOIN replica AS x ON m.article_id = x.old_id;
INSERT INTO quotes
SELECT q.* REPLACE (x.new_id || substr(q.quote_id, length(q.article_id) + 1) AS quote_id, x.new_id AS article_id)
FROM quotes AS q JOIN replica AS x ON q.article_id = x.old_id;
INSERT INTO meeting_reports
SELECT r.* REPLACE (x.new_id AS article_id)
FROM meeting_reports AS r JOIN replica AS x ON r.article_id = x.old_id;
