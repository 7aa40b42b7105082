-- Schema version 4 (sql/schema/11_person_links.sql): whether this file has had its person_links computed once.
SELECT count(*) FROM schema_version WHERE version = 4;
