-- bi.pipeline_runs: one row per run with its counts and validation outcome (status published / checks_failed ...).
CREATE OR REPLACE VIEW bi.pipeline_runs AS
SELECT run_id, started_at, finished_at, status, source_dir, files_seen, articles_new, articles_changed,
       articles_unchanged, rejected, checks_passed, checks_failed, message,
       parley_version, storage_version
FROM main.pipeline_runs;
