-- Step 1 of replacing articles: remove every row that references them. Runs in its own transaction because
-- DuckDB checks a parent delete against children deleted earlier in the same transaction (FK limitation).
-- Meeting sources go too: rebuild_meetings() recreates all merged meetings after the batch.
DELETE FROM meeting_sources WHERE article_id IN (SELECT article_id FROM batch_ids);
DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM batch_ids);
DELETE FROM quotes WHERE article_id IN (SELECT article_id FROM batch_ids);
DELETE FROM meeting_reports WHERE article_id IN (SELECT article_id FROM batch_ids);
