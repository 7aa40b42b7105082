-- Participant ids inside meeting_reports.participants (a list: no FOREIGN KEY possible) must be known entities.
SELECT p.article_id || '#' || p.report_index AS report_key, p.entity_id, e.entity_id AS entity_ref
FROM (SELECT article_id, report_index, unnest(participants) AS entity_id FROM meeting_reports
      WHERE article_id IN (SELECT article_id FROM check_articles)) p
LEFT JOIN entities e ON e.entity_id = p.entity_id;
