-- The layout fingerprint apply_schema leaves on schema_version (fingerprint.layout_fingerprint): equal to this
-- version's means a run would not migrate the file.
SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'schema_version';
