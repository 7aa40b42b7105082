-- What the incremental merge (warehouse/merged.py) groups every stored report by: its key and the fields
-- meetings.merge.tokens reads. No text, no dates: light enough to read whole.
SELECT article_id, report_index, status, mode, participants, countries FROM meeting_reports;
