-- bi.rejects: inputs that could not become articles, per run, with a short reason code and a sentence.
CREATE OR REPLACE VIEW bi.rejects AS
SELECT run_id, source_name, source_path, reason, detail, size_bytes, content_hash, rejected_at
FROM main.rejects;
