-- Each source must name a stored meeting report (not just an article).
SELECT s.meeting_id, s.article_id, s.report_index, m.meeting_id AS meeting_ref, a.article_id AS article_ref,
       r.article_id AS report_ref
FROM meeting_sources s
LEFT JOIN meetings m ON m.meeting_id = s.meeting_id
LEFT JOIN articles a ON a.article_id = s.article_id
LEFT JOIN meeting_reports r ON r.article_id = s.article_id AND r.report_index = s.report_index
WHERE s.meeting_id IN (SELECT meeting_id FROM check_meetings);
