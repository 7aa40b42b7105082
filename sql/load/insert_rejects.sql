-- A source rejected twice in one run keeps its latest reason.
INSERT OR REPLACE INTO rejects (run_id, source_name, source_path, reason, detail, size_bytes, content_hash, rejected_at)
SELECT run_id, source_name, source_path, reason, detail, size_bytes, content_hash, rejected_at FROM batch_rejects;
