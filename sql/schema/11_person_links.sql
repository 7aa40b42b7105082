-- Schema version 4 (issue 25): a bare surname of an article that never gives the full name is an article-local
-- person (person:<surname>); across articles the warehouse maps it to the one full-name person of that surname whose
-- mentions fit in time (sql/load/person_links.sql, recomputed whole by every run that loads or retires anything).
-- The fact tables keep the ids the articles gave; the bi views read people through this table. A file written
-- before gets it filled on its next build (warehouse/migrate.py), which records the version then.
CREATE TABLE IF NOT EXISTS person_links (
    entity_id    VARCHAR NOT NULL,  -- the surname-only NER person; unique, and no chain, by the checks
    canonical_id VARCHAR NOT NULL,  -- the full-name person it is shown as
    reason       VARCHAR NOT NULL   -- surname_dated (dates checked) or surname_undated (no date to check)
);
