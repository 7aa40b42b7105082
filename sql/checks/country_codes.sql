-- Every country code stored anywhere, with where it came from (as "table: code" so a failure says both).
SELECT 'entities' AS source_table, country AS country_code FROM entities WHERE country IS NOT NULL
UNION ALL SELECT 'meeting_reports', country_code FROM meeting_reports
          WHERE country_code IS NOT NULL AND article_id IN (SELECT article_id FROM check_articles)
UNION ALL SELECT 'meeting_reports.countries', unnest(countries) FROM meeting_reports WHERE article_id IN (SELECT article_id FROM check_articles)
UNION ALL SELECT 'meetings', country_code FROM meetings WHERE country_code IS NOT NULL AND meeting_id IN (SELECT meeting_id FROM check_meetings)
UNION ALL SELECT 'meeting_countries', country_code FROM meeting_countries WHERE meeting_id IN (SELECT meeting_id FROM check_meetings);
