-- One row per accepted input. article_id is derived from source_name, so a changed file keeps its id.
-- No PRIMARY KEY / UNIQUE here or on the other fact tables (issue 26): DuckDB rewrites a key's whole index whenever
-- its table changes, a cost that grew with the warehouse. article_id and source_name are unique, and every fact's
-- reference resolves, by the table-wide checks every run passes before it publishes (sql/checks/table_wide.sql).
CREATE TABLE IF NOT EXISTS articles (
    article_id      VARCHAR NOT NULL,
    source_name     VARCHAR NOT NULL,
    source_path     VARCHAR,
    format          VARCHAR CHECK (format IN ('txt', 'html', 'json')),
    content_hash    VARCHAR NOT NULL,
    raw_text        VARCHAR NOT NULL,
    title           VARCHAR,
    published_date  DATE,
    publisher       VARCHAR,
    byline          VARCHAR,
    dateline        VARCHAR,
    dateline_date   DATE,      -- the day of a dated dateline ("TOKYO, April 8 -"): the text's own "today"
    captions        VARCHAR[],
    body            VARCHAR NOT NULL,
    url             VARCHAR,
    nlp_fingerprint VARCHAR,
    run_id          VARCHAR,
    loaded_at       TIMESTAMP
);
-- Warehouses built before dateline_date existed gain it (their articles are re-read: the NLP fingerprint changed).
ALTER TABLE articles ADD COLUMN IF NOT EXISTS dateline_date DATE;
