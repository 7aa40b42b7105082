-- bi.meeting_participants: one row per meeting and participant, for BI tools that cannot unnest lists. role is
-- the participant's office on the meeting date from the knowledge base (its local title, "Secretary of State"),
-- NULL when the date or the office is unknown; an office held on that date for several countries gives one row.
CREATE OR REPLACE VIEW bi.meeting_participants AS
SELECT p.meeting_id, p.entity_id, e.name, e.country,
       (SELECT string_agg(coalesce(nullif(r.title, ''), replace(r.role, '_', ' ')), '; ' ORDER BY r.start_date)
        FROM main.entity_roles r
        WHERE r.entity_id = p.entity_id AND m.meeting_date IS NOT NULL
          AND (r.start_date IS NULL OR r.start_date <= m.meeting_date)
          AND (r.end_date IS NULL OR m.meeting_date <= r.end_date)) AS role
FROM main.meeting_participants p
JOIN main.entities e USING (entity_id)
JOIN main.meetings m USING (meeting_id);
