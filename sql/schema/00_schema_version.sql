-- One row per schema version applied to this file; the DDL in this folder is re-runnable (IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    note       VARCHAR
);
INSERT INTO schema_version (version, note) VALUES (1, 'initial warehouse schema') ON CONFLICT DO NOTHING;
