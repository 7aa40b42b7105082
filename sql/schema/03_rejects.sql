-- Inputs that could not become articles, per run.
CREATE TABLE IF NOT EXISTS rejects (
    run_id       VARCHAR NOT NULL,
    source_name  VARCHAR NOT NULL,
    source_path  VARCHAR,
    reason       VARCHAR NOT NULL,
    detail       VARCHAR,
    size_bytes   BIGINT CHECK (size_bytes >= 0),
    content_hash VARCHAR,
    rejected_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, source_name)
);
