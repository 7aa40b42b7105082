-- Meetings a run must re-merge because a report they came from changed or is gone: a source in an article this
-- run wrote ($run_id; delete_article_children.sql keeps meeting_sources for this), or a report no longer stored.
SELECT DISTINCT s.meeting_id
FROM meeting_sources s
WHERE s.article_id IN (SELECT article_id FROM articles WHERE run_id = $run_id)
   OR NOT EXISTS (SELECT 1 FROM meeting_reports r WHERE r.article_id = s.article_id
                                                    AND r.report_index = s.report_index);
