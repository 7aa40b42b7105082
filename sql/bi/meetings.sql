-- bi.meetings: one row per meeting merged across articles. participants are canonical person names (sorted),
-- participant_countries ISO alpha-2 codes of the parties (sorted), source_names the inputs reporting it (sorted).
CREATE OR REPLACE VIEW bi.meetings AS
SELECT m.meeting_id, m.meeting_date, m.place, m.country_code, m.status, m.mode,
       coalesce((SELECT list(e.name ORDER BY e.name)
                 FROM main.meeting_participants p JOIN main.entities e USING (entity_id)
                 WHERE p.meeting_id = m.meeting_id), []::VARCHAR[]) AS participants,
       coalesce((SELECT list(c.country_code ORDER BY c.country_code)
                 FROM main.meeting_countries c WHERE c.meeting_id = m.meeting_id), []::VARCHAR[]) AS participant_countries,
       coalesce((SELECT list(DISTINCT a.source_name ORDER BY a.source_name)
                 FROM main.meeting_sources s JOIN main.articles a USING (article_id)
                 WHERE s.meeting_id = m.meeting_id), []::VARCHAR[]) AS source_names,
       m.date_precision
FROM main.meetings m;
