-- Quotes: keys, parents, offsets inside the body matching quote_text, and a speaker span inside the body.
SELECT q.quote_id,
       a.article_id AS article_ref,
       CASE WHEN q.speaker_entity_id IS NOT NULL AND e.entity_id IS NULL THEN q.speaker_entity_id END AS unknown_speaker,
       CASE WHEN q.start_char < 0 OR q.end_char <= q.start_char OR q.end_char > length(a.body)
            THEN format('{} [{}, {}) outside a body of {} chars', q.quote_id, q.start_char, q.end_char, length(a.body))
            WHEN q.speaker_end > length(a.body) OR q.speaker_start < 0
            THEN format('{} speaker [{}, {}) outside a body of {} chars', q.quote_id, q.speaker_start, q.speaker_end,
                        length(a.body))
       END AS offsets_error,
       CASE WHEN substr(a.body, q.start_char + 1, q.end_char - q.start_char) IS DISTINCT FROM q.quote_text
            THEN format('{}: body has "{}", quote_text is "{}"', q.quote_id,
                        substr(a.body, q.start_char + 1, least(q.end_char - q.start_char, 80)), left(q.quote_text, 80))
       END AS quote_text_error
FROM quotes q
-- Only the bodies of this run's articles ($run_id; NULL: all): a join on every body read them all.
LEFT JOIN (SELECT article_id, body FROM articles WHERE $run_id::VARCHAR IS NULL OR run_id = $run_id::VARCHAR) a
  ON a.article_id = q.article_id
LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
WHERE q.article_id IN (SELECT article_id FROM check_articles);
