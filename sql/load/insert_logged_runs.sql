-- Runs known only from the run log beside the warehouse (failed or killed runs never publish their own row).
INSERT INTO pipeline_runs (run_id, started_at, finished_at, status, source_dir, files_seen, articles_new,
                           articles_changed, articles_unchanged, rejected, checks_passed, checks_failed, message)
SELECT run_id, started_at, finished_at, status, source_dir, files_seen, articles_new, articles_changed,
       articles_unchanged, rejected, checks_passed, checks_failed, message
FROM batch_runs
WHERE run_id NOT IN (SELECT run_id FROM pipeline_runs);
