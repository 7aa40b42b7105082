-- report/meetings_table: the newest $limit meetings in range with up to five evidence sentences (and their
-- articles) each, and how many articles report it.
SELECT m.meeting_id, m.meeting_date::VARCHAR AS meeting_date, m.status, m.mode, coalesce(m.place, '') AS place,
       array_to_string(m.participants, ', ') AS participants,
       array_to_string(m.participant_countries, ', ') AS countries,
       (SELECT list({'evidence': e.evidence, 'source': e.source_name, 'title': coalesce(a.title, '')}
                    ORDER BY e.source_name, e.report_index)[1:5]
        FROM bi.meeting_evidence e LEFT JOIN bi.articles a USING (article_id)
        WHERE e.meeting_id = m.meeting_id) AS evidence,
       len(m.source_names) AS reports
FROM bi.meetings m
WHERE ($date_from IS NULL OR m.meeting_date >= $date_from) AND ($date_to IS NULL OR m.meeting_date <= $date_to)
  AND ($country IS NULL OR m.country_code = $country OR list_contains(m.participant_countries, $country))
ORDER BY m.meeting_date DESC NULLS LAST, m.meeting_id LIMIT $limit;
