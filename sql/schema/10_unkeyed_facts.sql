-- Schema version 3: the fact tables (articles, mentions, quotes, meeting_reports and the meeting tables) carry no
-- PRIMARY KEY, UNIQUE or REFERENCES constraint; the table-wide checks guarantee what they did. A file written
-- before is rebuilt in place on its next run (warehouse/migrate.py), which records this version then.
INSERT INTO schema_version (version, note) VALUES (3, 'fact tables without key or reference constraints') ON CONFLICT DO NOTHING;
