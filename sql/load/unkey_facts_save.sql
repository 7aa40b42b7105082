-- Migration to schema version 3, step 1 (warehouse/migrate.py): the fact tables are copied aside into a schema of
-- the same file, then dropped, children before the tables they reference.
CREATE SCHEMA IF NOT EXISTS keyed_facts;
CREATE OR REPLACE TABLE keyed_facts.articles AS SELECT * FROM main.articles;
CREATE OR REPLACE TABLE keyed_facts.mentions AS SELECT * FROM main.mentions;
CREATE OR REPLACE TABLE keyed_facts.quotes AS SELECT * FROM main.quotes;
CREATE OR REPLACE TABLE keyed_facts.meeting_reports AS SELECT * FROM main.meeting_reports;
CREATE OR REPLACE TABLE keyed_facts.meetings AS SELECT * FROM main.meetings;
CREATE OR REPLACE TABLE keyed_facts.meeting_participants AS SELECT * FROM main.meeting_participants;
CREATE OR REPLACE TABLE keyed_facts.meeting_countries AS SELECT * FROM main.meeting_countries;
CREATE OR REPLACE TABLE keyed_facts.meeting_sources AS SELECT * FROM main.meeting_sources;
DROP TABLE main.meeting_sources;
DROP TABLE main.meeting_participants;
DROP TABLE main.meeting_countries;
DROP TABLE main.meetings;
DROP TABLE main.mentions;
DROP TABLE main.quotes;
DROP TABLE main.meeting_reports;
DROP TABLE main.articles;
