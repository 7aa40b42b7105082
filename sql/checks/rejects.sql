SELECT run_id, source_name, reason FROM rejects WHERE run_id IN (SELECT run_id FROM check_runs);
