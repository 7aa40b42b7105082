-- report/meetings_time: one row per dated meeting in range (the newest $limit), with the bucket it is drawn in
-- ($bucket: 'week' or 'month') and its tooltip fields. Undated meetings are counted in report/meetings_undated.
SELECT meeting_id, meeting_date, date_trunc($bucket, meeting_date)::DATE AS bucket, status,
       array_to_string(participants, ', ') AS participants, coalesce(place, '') AS place,
       array_to_string(source_names, ', ') AS sources
FROM bi.meetings m
WHERE meeting_date IS NOT NULL
  AND ($date_from IS NULL OR meeting_date >= $date_from) AND ($date_to IS NULL OR meeting_date <= $date_to)
  AND ($country IS NULL OR country_code = $country OR list_contains(participant_countries, $country))
ORDER BY meeting_date DESC, meeting_id LIMIT $limit;
