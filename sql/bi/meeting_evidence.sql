-- bi.meeting_evidence: one row per meeting report: the merged meeting it belongs to, its article, and the sentence
-- that reports it, with offsets into bi.articles.body (substr(body, start_char + 1, end_char - start_char)).
CREATE OR REPLACE VIEW bi.meeting_evidence AS
SELECT s.meeting_id, r.article_id, a.source_name, r.report_index, r.evidence, r.start_char, r.end_char
FROM main.meeting_sources s
JOIN main.meeting_reports r ON r.article_id = s.article_id AND r.report_index = s.report_index
JOIN main.articles a ON a.article_id = r.article_id;
