-- report/header: one row for the page header, from bi.warehouse_info, bi.pipeline_runs, bi.rejects and bi.articles.
SELECT i.run_id, i.published_at, i.parley_version, i.articles, i.meetings, i.quotes, i.mentions,
       (SELECT count(DISTINCT entity_id) FROM bi.top_entities WHERE entity_type = 'PERSON') AS people,
       (SELECT min(published_date) FROM bi.articles) AS first_published,
       (SELECT max(published_date) FROM bi.articles) AS last_published,
       (SELECT count(*) FROM bi.articles WHERE published_date IS NULL) AS undated_articles,
       r.status AS last_status, r.finished_at AS last_finished, r.checks_passed, r.checks_failed,
       (SELECT count(*) FROM bi.rejects WHERE reason = 'invalid_row') AS quarantined,
       (SELECT count(*) FROM bi.rejects) AS rejected
FROM bi.warehouse_info i
LEFT JOIN (SELECT * FROM bi.pipeline_runs ORDER BY started_at DESC, run_id DESC LIMIT 1) r ON true;
