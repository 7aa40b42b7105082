-- report/network: who met whom among the $limit people in the most meetings in range. One row per pair
-- (a < b) with the times they met; a person with no pair among them has a row with b NULL. Node sizes in
-- report/network_nodes.
WITH chosen AS (
    SELECT meeting_id FROM bi.meetings
    WHERE ($date_from IS NULL OR meeting_date >= $date_from) AND ($date_to IS NULL OR meeting_date <= $date_to)
      AND ($country IS NULL OR country_code = $country OR list_contains(participant_countries, $country))
), people AS (
    SELECT p.entity_id, any_value(p.name) AS name, any_value(p.country) AS country, count(*) AS meetings
    FROM bi.meeting_participants p JOIN chosen USING (meeting_id)
    GROUP BY p.entity_id ORDER BY meetings DESC, name LIMIT $limit
), pairs AS (
    SELECT a.entity_id AS a, b.entity_id AS b, count(*) AS times
    FROM bi.meeting_participants a JOIN chosen USING (meeting_id)
    JOIN bi.meeting_participants b ON a.meeting_id = b.meeting_id AND a.entity_id < b.entity_id
    WHERE a.entity_id IN (SELECT entity_id FROM people) AND b.entity_id IN (SELECT entity_id FROM people)
    GROUP BY ALL
)
SELECT 'node' AS kind, entity_id AS a, name, coalesce(country, '') AS country, meetings AS weight, NULL AS b
FROM people
UNION ALL
SELECT 'edge', a, NULL, NULL, times, b FROM pairs
ORDER BY kind DESC, weight DESC, a, b;
