-- The rows the row-level checks read (checks/validate.py check_frames): a run's checks read the articles it wrote
-- ($run_id), the meetings merged from them and its rejects; `parley check --full` ($run_id NULL) reads every row.
-- Rows a run did not write passed these checks when they were published; the table-wide checks
-- (table_wide.sql) still see every row.
CREATE OR REPLACE TEMP TABLE check_articles AS
SELECT article_id FROM articles WHERE $run_id::VARCHAR IS NULL OR run_id = $run_id::VARCHAR;
CREATE OR REPLACE TEMP TABLE check_meetings AS
SELECT meeting_id FROM meetings WHERE $run_id::VARCHAR IS NULL
UNION
SELECT meeting_id FROM meeting_sources WHERE $run_id::VARCHAR IS NOT NULL
                                        AND article_id IN (SELECT article_id FROM check_articles);
CREATE OR REPLACE TEMP TABLE check_runs AS
SELECT DISTINCT run_id FROM rejects WHERE $run_id::VARCHAR IS NULL OR run_id = $run_id::VARCHAR;
