-- Schema version 2: which parley wrote each run and in which storage format (bi.warehouse_info), and the knowledge base's dated roles, so a
-- meeting participant's office on the meeting date is a join (bi.meeting_participants).
ALTER TABLE pipeline_runs ADD COLUMN IF NOT EXISTS parley_version VARCHAR;
ALTER TABLE pipeline_runs ADD COLUMN IF NOT EXISTS storage_version VARCHAR;

CREATE TABLE IF NOT EXISTS entity_roles (
    entity_id  VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    country    VARCHAR NOT NULL,
    title      VARCHAR,
    start_date DATE,
    end_date   DATE
);

INSERT INTO schema_version (version, note) VALUES (2, 'pipeline_runs.parley_version and storage_version, entity_roles') ON CONFLICT DO NOTHING;
