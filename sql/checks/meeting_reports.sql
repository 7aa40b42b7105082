-- Meeting reports: keys, parent article, vocabulary, plausible date, at least one party, evidence span in the body
-- whose text is the stored evidence sentence.
SELECT r.article_id, r.report_index,
       r.article_id || '#' || r.report_index AS report_key,
       a.article_id AS article_ref,
       CASE WHEN r.meeting_date IS NULL THEN NULL ELSE greatest(least(r.meeting_date, DATE '2261-12-31'), DATE '1678-01-01') END::TIMESTAMP_NS AS meeting_date,
       r.status, r.mode,
       len(r.participants) + len(r.countries) AS parties,
       CASE WHEN r.start_char < 0 OR r.end_char < r.start_char OR r.end_char > length(a.body)
            THEN format('{}#{} [{}, {}) outside a body of {} chars', r.article_id, r.report_index, r.start_char,
                        r.end_char, length(a.body))
       END AS offsets_error,
       CASE WHEN r.evidence IS NULL OR substr(a.body, r.start_char + 1, r.end_char - r.start_char) IS DISTINCT FROM r.evidence
            THEN format('{}#{}: body has "{}", evidence is "{}"', r.article_id, r.report_index,
                        substr(a.body, r.start_char + 1, least(r.end_char - r.start_char, 80)), left(r.evidence, 80))
       END AS evidence_error
FROM meeting_reports r
-- Only the bodies of this run's articles ($run_id; NULL: all): a join on every body read them all.
LEFT JOIN (SELECT article_id, body FROM articles WHERE $run_id::VARCHAR IS NULL OR run_id = $run_id::VARCHAR) a
  ON a.article_id = r.article_id
WHERE r.article_id IN (SELECT article_id FROM check_articles);
