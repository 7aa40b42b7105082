-- The participants or countries and status and mode of the meetings in batch_stale: their reports' tokens
-- (meetings.merge.tokens) as stored before this run, for reports that may be gone now.
SELECT m.meeting_id, m.status, m.mode,
       coalesce((SELECT list(entity_id) FROM meeting_participants p WHERE p.meeting_id = m.meeting_id), []) AS participants,
       coalesce((SELECT list(country_code) FROM meeting_countries c WHERE c.meeting_id = m.meeting_id), []) AS countries
FROM meetings m
WHERE m.meeting_id IN (SELECT meeting_id FROM batch_stale);
