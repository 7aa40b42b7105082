-- The merged meetings in batch_meetings and their links, after the meetings they replace were deleted.
INSERT INTO meetings (meeting_id, meeting_date, date_precision, place, country_code, status, mode)
SELECT meeting_id, meeting_date, date_precision, place, country_code, status, mode FROM batch_meetings;
INSERT INTO meeting_participants (meeting_id, entity_id) SELECT meeting_id, entity_id FROM batch_participants;
INSERT INTO meeting_countries (meeting_id, country_code) SELECT meeting_id, country_code FROM batch_countries;
INSERT INTO meeting_sources (meeting_id, article_id, report_index)
SELECT meeting_id, article_id, report_index FROM batch_sources;
