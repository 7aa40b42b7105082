-- Meetings this article is a source of (a merged meeting is listed under each of its sources).
SELECT meeting_id, meeting_date, place, status, mode, participants, participant_countries
FROM bi.meetings WHERE list_contains(source_names, $1)
