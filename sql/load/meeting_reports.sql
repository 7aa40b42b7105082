-- Every meeting report with its article's publication date (merge_meetings resolves relative dates with it).
SELECT r.article_id, a.published_date, r.report_index, r.meeting_date, r.date_precision, r.place, r.country_code,
       r.status, r.mode, r.participants, r.countries, r.start_char, r.end_char
FROM meeting_reports r JOIN articles a USING (article_id)
ORDER BY r.article_id, r.report_index;
