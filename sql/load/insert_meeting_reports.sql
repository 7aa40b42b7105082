INSERT INTO meeting_reports (article_id, report_index, meeting_date, date_precision, place, country_code, status,
                             mode, participants, countries, start_char, end_char, evidence)
SELECT article_id, report_index, meeting_date, date_precision, place, country_code, status,
       mode, participants, countries, start_char, end_char, evidence
FROM batch_reports;
