-- bi.meetings: one row per meeting merged across articles. participants are canonical person names (sorted) and
-- participant_ids their entity ids in the same order, read through main.person_links (a bare surname's person is
-- its full-name person), each once; participant_countries ISO alpha-2 codes of the parties (sorted), source_names
-- the inputs reporting it (sorted). bi.meeting_participants has one row per participant.
CREATE OR REPLACE VIEW bi.meetings AS
WITH participant AS (
    SELECT DISTINCT p.meeting_id, e.entity_id, e.name
    FROM main.meeting_participants p
    LEFT JOIN main.person_links l ON l.entity_id = p.entity_id
    JOIN main.entities e ON e.entity_id = coalesce(l.canonical_id, p.entity_id)
)
SELECT m.meeting_id, m.meeting_date, m.place, m.country_code, m.status, m.mode,
       coalesce((SELECT list(p.name ORDER BY p.name, p.entity_id)
                 FROM participant p WHERE p.meeting_id = m.meeting_id), []::VARCHAR[]) AS participants,
       coalesce((SELECT list(p.entity_id ORDER BY p.name, p.entity_id)
                 FROM participant p WHERE p.meeting_id = m.meeting_id), []::VARCHAR[]) AS participant_ids,
       coalesce((SELECT list(c.country_code ORDER BY c.country_code)
                 FROM main.meeting_countries c WHERE c.meeting_id = m.meeting_id), []::VARCHAR[]) AS participant_countries,
       coalesce((SELECT list(DISTINCT a.source_name ORDER BY a.source_name)
                 FROM main.meeting_sources s JOIN main.articles a USING (article_id)
                 WHERE s.meeting_id = m.meeting_id), []::VARCHAR[]) AS source_names,
       m.date_precision
FROM main.meetings m;
