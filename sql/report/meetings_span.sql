-- report/meetings_span: the dated meetings in range (their first and last day) and the undated ones.
SELECT count(meeting_date) AS dated, count(*) - count(meeting_date) AS undated,
       min(meeting_date) AS first_day, max(meeting_date) AS last_day
FROM bi.meetings
WHERE ($date_from IS NULL OR meeting_date IS NULL OR meeting_date >= $date_from)
  AND ($date_to IS NULL OR meeting_date IS NULL OR meeting_date <= $date_to)
  AND ($country IS NULL OR country_code = $country OR list_contains(participant_countries, $country));
