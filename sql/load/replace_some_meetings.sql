-- Incremental merge: the meetings in batch_gone (stale, or merged from a report it re-merged) are replaced by
-- batch_meetings and its links. No constraints to order deletes by (schema version 3).
DELETE FROM meeting_sources WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
DELETE FROM meeting_participants WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
DELETE FROM meeting_countries WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
DELETE FROM meetings WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
INSERT INTO meetings (meeting_id, meeting_date, date_precision, place, country_code, status, mode)
SELECT meeting_id, meeting_date, date_precision, place, country_code, status, mode FROM batch_meetings;
INSERT INTO meeting_participants (meeting_id, entity_id) SELECT meeting_id, entity_id FROM batch_participants;
INSERT INTO meeting_countries (meeting_id, country_code) SELECT meeting_id, country_code FROM batch_countries;
INSERT INTO meeting_sources (meeting_id, article_id, report_index)
SELECT meeting_id, article_id, report_index FROM batch_sources;
