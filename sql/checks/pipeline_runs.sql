SELECT run_id, status, started_at FROM pipeline_runs;
