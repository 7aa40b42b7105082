-- bi.reject_history: every reject recorded, one row per input and run in which its reject changed
-- (bi.rejects is the current state).
CREATE OR REPLACE VIEW bi.reject_history AS
SELECT run_id, source_name, source_path, reason, detail, size_bytes, content_hash, rejected_at
FROM main.rejects;
