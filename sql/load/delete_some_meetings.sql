-- Incremental merge: the meetings in batch_gone (stale, or merged from a report it re-merged) are deleted with
-- their links; insert_merged_meetings.sql adds what replaces them. No constraints to order deletes by (schema v3).
DELETE FROM meeting_sources WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
DELETE FROM meeting_participants WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
DELETE FROM meeting_countries WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
DELETE FROM meetings WHERE meeting_id IN (SELECT meeting_id FROM batch_gone);
