-- Step 1 of rebuilding meetings (own transaction: DuckDB FK limitation, see delete_article_children.sql).
DELETE FROM meeting_sources;
DELETE FROM meeting_participants;
DELETE FROM meeting_countries;
