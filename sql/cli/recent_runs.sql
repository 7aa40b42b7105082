-- `parley runs`: the most recent runs first, with their duration and outcome.
SELECT run_id, status, started_at, round(epoch(finished_at - started_at), 1) AS seconds, files_seen,
       articles_new, articles_changed, articles_unchanged, rejected, checks_passed, checks_failed, message
FROM bi.pipeline_runs
ORDER BY started_at DESC
LIMIT $limit;
