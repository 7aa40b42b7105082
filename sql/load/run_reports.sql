-- Reports of the articles this run wrote ($run_id): their tokens start the incremental merge.
SELECT r.article_id, r.report_index, r.status, r.mode, r.participants, r.countries
FROM meeting_reports r JOIN articles a USING (article_id)
WHERE a.run_id = $run_id;
