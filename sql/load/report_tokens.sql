-- What the incremental merge (warehouse/merged.py) groups every stored report by: the fields meetings.merge.tokens
-- reads, once per distinct combination with the keys of the reports that have it. A warehouse holds many copies of
-- a story (syndication, replicas), so the tokens are computed per combination, not per report. No text, no dates.
SELECT status, mode, participants, countries, list(article_id) AS article_ids, list(report_index) AS report_indexes
FROM meeting_reports
GROUP BY ALL;
