-- One row per pipeline run: its counts and the outcome of validation.
-- No table references run_id by FOREIGN KEY: DuckDB cannot update a referenced row, and runs are updated as they finish.
CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id             VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL CHECK (status IN ('running', 'validating', 'published', 'checks_failed', 'failed')),
    source_dir         VARCHAR,
    files_seen         INTEGER CHECK (files_seen >= 0),
    articles_new       INTEGER CHECK (articles_new >= 0),
    articles_changed   INTEGER CHECK (articles_changed >= 0),
    articles_unchanged INTEGER CHECK (articles_unchanged >= 0),
    rejected           INTEGER CHECK (rejected >= 0),
    checks_passed      INTEGER CHECK (checks_passed >= 0),
    checks_failed      INTEGER CHECK (checks_failed >= 0),
    message            VARCHAR
);
