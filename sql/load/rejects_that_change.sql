-- The no-op check (unchanged.py): how many planned rejects ($names... as parallel lists) a run would write,
-- either as news (the rule of insert_rejects.sql) or by retiring an input's stored articles (retired_articles.sql).
WITH batch AS (
    SELECT unnest($names::VARCHAR[]) AS source_name, unnest($reasons::VARCHAR[]) AS reason,
           unnest($details::VARCHAR[]) AS detail, unnest($hashes::VARCHAR[]) AS content_hash,
           unnest($whole::BOOLEAN[]) AS whole_file
)
SELECT count(*)
FROM batch b
WHERE NOT EXISTS (
    SELECT 1 FROM bi.rejects c
    WHERE c.source_name = b.source_name AND c.reason = b.reason
      AND c.content_hash IS NOT DISTINCT FROM b.content_hash AND c.detail IS NOT DISTINCT FROM b.detail
) OR EXISTS (
    SELECT 1 FROM articles a
    WHERE a.source_name = b.source_name OR (b.whole_file AND starts_with(a.source_name, b.source_name || '#'))
);
