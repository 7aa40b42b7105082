-- Step 1 of replacing articles: remove every row that references them. Runs in its own transaction because
-- DuckDB checks a parent delete against children deleted earlier in the same transaction (FK limitation).
-- Meeting sources stay: they mark the meetings the run's merge must redo (stale_meetings.sql), which replaces them.
DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM batch_ids);
DELETE FROM quotes WHERE article_id IN (SELECT article_id FROM batch_ids);
DELETE FROM meeting_reports WHERE article_id IN (SELECT article_id FROM batch_ids);
