-- Mentions: keys, parents (NULL ref = orphan), and offsets that point at the surface inside the body.
-- The *_error columns are NULL when the row is fine and otherwise describe the problem (the example GX reports).
SELECT m.mention_id,
       a.article_id AS article_ref,
       e.entity_id AS entity_ref,
       CASE WHEN m.start_char < 0 OR m.end_char <= m.start_char OR m.end_char > length(a.body)
            THEN format('{} [{}, {}) outside a body of {} chars', m.mention_id, m.start_char, m.end_char, length(a.body))
       END AS offsets_error,
       CASE WHEN substr(a.body, m.start_char + 1, m.end_char - m.start_char) IS DISTINCT FROM m.surface
            THEN format('{}: body has "{}", surface is "{}"', m.mention_id,
                        substr(a.body, m.start_char + 1, least(m.end_char - m.start_char, 80)), left(m.surface, 80))
       END AS surface_error
FROM mentions m
-- Only the bodies of this run's articles ($run_id; NULL: all): a join on every body read them all.
LEFT JOIN (SELECT article_id, body FROM articles WHERE $run_id::VARCHAR IS NULL OR run_id = $run_id::VARCHAR) a
  ON a.article_id = m.article_id
LEFT JOIN entities e ON e.entity_id = m.entity_id
WHERE m.article_id IN (SELECT article_id FROM check_articles);
