-- Merged meetings: keys, vocabulary, plausible date, at least one party (person or country), at least one source.
SELECT m.meeting_id,
       CASE WHEN m.meeting_date IS NULL THEN NULL ELSE greatest(least(m.meeting_date, DATE '2261-12-31'), DATE '1678-01-01') END::TIMESTAMP_NS AS meeting_date,
       m.status, m.mode,
       coalesce(p.n, 0) + coalesce(c.n, 0) AS parties,
       coalesce(s.n, 0) AS sources
FROM meetings m
LEFT JOIN (SELECT meeting_id, count(*) AS n FROM meeting_participants GROUP BY ALL) p USING (meeting_id)
LEFT JOIN (SELECT meeting_id, count(*) AS n FROM meeting_countries GROUP BY ALL) c USING (meeting_id)
LEFT JOIN (SELECT meeting_id, count(*) AS n FROM meeting_sources GROUP BY ALL) s USING (meeting_id)
WHERE m.meeting_id IN (SELECT meeting_id FROM check_meetings);
