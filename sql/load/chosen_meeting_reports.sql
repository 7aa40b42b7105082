-- The stored reports of batch_chosen (article_id, report_index), as meeting_reports.sql reads them all.
SELECT r.article_id, a.published_date, r.report_index, r.meeting_date, r.date_precision, r.place, r.country_code,
       r.status, r.mode, r.participants, r.countries, r.start_char, r.end_char
FROM meeting_reports r JOIN articles a USING (article_id)
SEMI JOIN batch_chosen c ON c.article_id = r.article_id AND c.report_index = r.report_index
ORDER BY r.article_id, r.report_index;
