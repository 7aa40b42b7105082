SELECT run_id, source_name, reason FROM rejects;
