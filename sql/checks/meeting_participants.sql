SELECT p.meeting_id, p.entity_id, m.meeting_id AS meeting_ref, e.entity_id AS entity_ref
FROM meeting_participants p
LEFT JOIN meetings m ON m.meeting_id = p.meeting_id
LEFT JOIN entities e ON e.entity_id = p.entity_id
WHERE p.meeting_id IN (SELECT meeting_id FROM check_meetings);
