-- bi.warehouse_info: one row describing the file a reader has open, for dashboard freshness tiles: the run that
-- published it, when, which parley wrote it, the storage format it pinned and what it holds.
CREATE OR REPLACE VIEW bi.warehouse_info AS
WITH last_published AS (
    SELECT run_id, finished_at, parley_version, storage_version FROM main.pipeline_runs
    WHERE status = 'published' ORDER BY finished_at DESC, run_id DESC LIMIT 1
)
SELECT (SELECT run_id FROM last_published) AS run_id,
       (SELECT finished_at FROM last_published) AS published_at,
       (SELECT parley_version FROM last_published) AS parley_version,
       (SELECT storage_version FROM last_published) AS storage_version,
       (SELECT count(*) FROM main.articles) AS articles,
       (SELECT count(*) FROM main.mentions) AS mentions,
       (SELECT count(*) FROM main.entities) AS entities,
       (SELECT count(*) FROM main.quotes) AS quotes,
       (SELECT count(*) FROM main.meetings) AS meetings,
       (SELECT count(*) FROM main.rejects) AS rejects,
       (SELECT count(*) FROM main.pipeline_runs) AS runs;
