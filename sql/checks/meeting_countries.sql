SELECT c.meeting_id, c.country_code, m.meeting_id AS meeting_ref
FROM meeting_countries c
LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
WHERE c.meeting_id IN (SELECT meeting_id FROM check_meetings);
