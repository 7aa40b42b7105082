-- report/country_pairs: meetings per unordered pair of party countries in range, the $limit busiest pairs.
SELECT country_a, country_b, count(*) AS meetings,
       count(*) FILTER (WHERE status = 'planned') AS planned
FROM bi.meetings_by_country_pair
WHERE ($date_from IS NULL OR meeting_date >= $date_from) AND ($date_to IS NULL OR meeting_date <= $date_to)
  AND ($country IS NULL OR country_a = $country OR country_b = $country)
GROUP BY ALL ORDER BY meetings DESC, country_a, country_b LIMIT $limit;
