-- bi.rejects: the current reject of each input that is rejected now (its latest reject, and no article loaded
-- since), with a short reason code and a sentence. Every reject ever recorded is in bi.reject_history.
CREATE OR REPLACE VIEW bi.rejects AS
SELECT run_id, source_name, source_path, reason, detail, size_bytes, content_hash, rejected_at
FROM main.rejects r
WHERE NOT EXISTS (SELECT 1 FROM main.articles a
                  WHERE a.source_name = r.source_name OR starts_with(a.source_name, r.source_name || '#'))
QUALIFY row_number() OVER (PARTITION BY source_name ORDER BY rejected_at DESC, run_id DESC) = 1;
