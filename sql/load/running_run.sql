-- The run writing this build (files.start_run): the incremental merge re-merges what it touched.
SELECT run_id FROM pipeline_runs WHERE status = 'running' ORDER BY started_at DESC LIMIT 1;
