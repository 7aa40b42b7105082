-- A reject is recorded when it is news: an input rejected again for the same reason, with the same content and
-- detail, as its current reject (bi.rejects) adds no row, so the history grows only when something changed.
INSERT OR REPLACE INTO rejects (run_id, source_name, source_path, reason, detail, size_bytes, content_hash, rejected_at)
SELECT b.run_id, b.source_name, b.source_path, b.reason, b.detail, b.size_bytes, b.content_hash, b.rejected_at
FROM batch_rejects b
WHERE NOT EXISTS (
    SELECT 1 FROM bi.rejects c
    WHERE c.source_name = b.source_name AND c.reason = b.reason
      AND c.content_hash IS NOT DISTINCT FROM b.content_hash AND c.detail IS NOT DISTINCT FROM b.detail
);
