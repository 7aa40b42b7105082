-- Migration to schema version 3, step 2: the tables were recreated by sql/schema/ without key constraints; their
-- rows come back by column name (an older file may have added a column at the end), and the copies go.
INSERT INTO main.articles BY NAME SELECT * FROM keyed_facts.articles;
INSERT INTO main.mentions BY NAME SELECT * FROM keyed_facts.mentions;
INSERT INTO main.quotes BY NAME SELECT * FROM keyed_facts.quotes;
INSERT INTO main.meeting_reports BY NAME SELECT * FROM keyed_facts.meeting_reports;
INSERT INTO main.meetings BY NAME SELECT * FROM keyed_facts.meetings;
INSERT INTO main.meeting_participants BY NAME SELECT * FROM keyed_facts.meeting_participants;
INSERT INTO main.meeting_countries BY NAME SELECT * FROM keyed_facts.meeting_countries;
INSERT INTO main.meeting_sources BY NAME SELECT * FROM keyed_facts.meeting_sources;
DROP SCHEMA keyed_facts CASCADE;
